export { renderText, type TextOptions } from './text.ts';
export { renderDiagnostics, summarizeDiagnostics, type DiagnosticsTextOptions } from './diagnostics-text.ts';
export { renderJson } from './json.ts';
export { renderSarif, SARIF_SCHEMA_URI, SECURITY_SEVERITY, type SarifOptions } from './sarif.ts';
export { renderJunit, type JunitOptions } from './junit.ts';
export { renderMarkdown, type MarkdownOptions } from './markdown.ts';
export { renderGithubAnnotations, escapeData, escapeProperty, type GithubAnnotationsOptions } from './github-annotations.ts';
export { bySeverity, groupBy, type GateInputs } from './gate-inputs.ts';

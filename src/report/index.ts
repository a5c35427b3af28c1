export { CHUNK_CHARS, chunked } from './chunks.ts';
export { type DiagnosticsTextOptions, renderDiagnostics, summarizeDiagnostics } from './diagnostics-text.ts';
export { bySeverity, type GateInputs, groupBy } from './gate-inputs.ts';
export { escapeData, escapeProperty, type GithubAnnotationsOptions, renderGithubAnnotations } from './github-annotations.ts';
export { jsonParts, renderJson } from './json.ts';
export { type JunitOptions, renderJunit } from './junit.ts';
export { type MarkdownOptions, renderMarkdown } from './markdown.ts';
export { renderSarif, SARIF_SCHEMA_URI, type SarifOptions, SECURITY_SEVERITY } from './sarif.ts';
export { renderText, type TextOptions } from './text.ts';

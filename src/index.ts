/**
 * The library API of the package (docs/architecture.md, "Library API"): read a snapshot, compile rules,
 * evaluate, render findings. A curated list, not every stage's index: what a program embedding guard needs,
 * and nothing that pulls in the collector's AWS SDK. Property-testing helpers are the `./testing` entry.
 */
import { fileURLToPath } from 'node:url';
import { failure, isNonEmpty, sortDiagnostics, success, type Diagnostic, type Outcome } from './diagnostics/index.ts';
import { compileProgram } from './engine/index.ts';
import { COLLECTIONS, ENTITY_TYPES } from './model/index.ts';
import { checkRuleFiles, type Schema } from './semantics/index.ts';
import { parseRuleFile } from './syntax/index.ts';

export type { Diagnostic, Outcome, Severity, Span, DiagnosticCode } from './diagnostics/index.ts';
export { loadSnapshotFile, parseSnapshot, normalizeSnapshot, SNAPSHOT_FORMAT, type Snapshot, type Model, type NormalizeOptions } from './model/index.ts';
export { parseRuleFile, printRuleFile, type ParseResult, type RuleFile } from './syntax/index.ts';
export { checkRuleFiles, type SourceFile, type CheckOptions, type CheckedProgram, type Schema } from './semantics/index.ts';
export {
  compileProgram,
  evaluate,
  findingFingerprint,
  loadBaselineFile,
  compareWithBaseline,
  loadExceptionsFile,
  applyExceptionsFile,
  type EvaluateOptions,
  type EvaluationResult,
  type Finding,
  type FindingStatus,
  type RuleInfo,
  type RuleSeverity,
  type ResourceRef,
  type EvidenceValue,
  type Waiver,
  type Summary,
  type SourceLocation,
  type Baseline,
  type BaselineComparison,
} from './engine/index.ts';
export {
  renderText,
  renderJson,
  renderSarif,
  renderJunit,
  renderMarkdown,
  renderDiagnostics,
  type TextOptions,
  type SarifOptions,
  type JunitOptions,
  type MarkdownOptions,
  type GateInputs,
  type DiagnosticsTextOptions,
} from './report/index.ts';

/** The schema rules are checked against: every collection and attribute `guard schema` prints. */
export const SCHEMA: Schema = { collections: COLLECTIONS, entityTypes: ENTITY_TYPES };

/** The built-in rule library's directory, shipped in the package beside the code. */
export const BUILTIN_POLICIES_DIR = fileURLToPath(new URL('../policies/', import.meta.url));

/** Rules ready for `evaluate`, any number of times. */
export type CompiledRules = ReturnType<typeof compileProgram>;

/** A rule file's text and the path its diagnostics name. */
export interface RuleSource {
  readonly path: string;
  readonly text: string;
}

/**
 * Parses, checks and compiles rule files as `guard eval` does: problems come back as diagnostics (sorted,
 * render them with `renderDiagnostics`), never as exceptions.
 */
export function compileRules(sources: readonly RuleSource[], options: { readonly params?: Readonly<Record<string, string>> } = {}): Outcome<CompiledRules> {
  const diagnostics: Diagnostic[] = [];
  const files = sources.map((source) => {
    const parsed = parseRuleFile(source.text, source.path);
    diagnostics.push(...parsed.diagnostics);
    return { ast: parsed.file, text: source.text };
  });
  const checked = checkRuleFiles(files, { schema: SCHEMA, params: options.params ?? {} });
  diagnostics.push(...checked.warnings, ...(checked.ok ? [] : checked.errors));
  const errors = sortDiagnostics(diagnostics.filter((d) => d.severity === 'error'));
  const warnings = sortDiagnostics(diagnostics.filter((d) => d.severity === 'warning'));
  if (isNonEmpty(errors)) return failure(errors, warnings);
  return checked.ok ? success(compileProgram(checked.value), warnings) : failure(checked.errors, warnings);
}

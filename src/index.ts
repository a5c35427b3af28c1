/**
 * The library API of the package (docs/architecture.md, "Library API"): read a snapshot, compile rules,
 * evaluate, render findings. A curated list, not every stage's index: what a program embedding guard needs,
 * and nothing that pulls in the collector's AWS SDK. Property-testing helpers are the `./testing` entry.
 */
import { fileURLToPath } from 'node:url';
import { failure, isNonEmpty, sortDiagnostics, success, type Outcome } from './diagnostics/index.ts';
import { compileProgram } from './engine/index.ts';
import { checkSources } from './semantics/index.ts';

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
export { SCHEMA } from './model/index.ts';

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
  const checked = checkSources(sources, { params: options.params ?? {} });
  const errors = sortDiagnostics(checked.diagnostics.filter((d) => d.severity === 'error'));
  const warnings = sortDiagnostics(checked.diagnostics.filter((d) => d.severity === 'warning'));
  if (isNonEmpty(errors)) return failure(errors, warnings);
  // The front end gives no program only with an error: anything else is a bug, and bugs throw.
  if (checked.program === null) throw new Error('compileRules: no program and no error');
  return success(compileProgram(checked.program), warnings);
}

/**
 * The library API of the package (docs/architecture.md, "Library API"): read a snapshot, compile rules,
 * evaluate, render findings. A curated list, not every stage's index: what a program embedding guard needs,
 * and nothing that pulls in the collector's AWS SDK. Property-testing helpers are the `./testing` entry.
 */
import { fileURLToPath } from 'node:url';
import { failure, isNonEmpty, type Outcome, success } from './diagnostics/index.ts';
import { compileProgram } from './engine/index.ts';
import { checkSources } from './semantics/index.ts';

export type { Diagnostic, DiagnosticCode, Outcome, Severity, Span } from './diagnostics/index.ts';
export {
  applyExceptionsFile,
  type Baseline,
  type BaselineComparison,
  compareWithBaseline,
  compileProgram,
  type EvaluateOptions,
  type EvaluationResult,
  type EvidenceValue,
  evaluate,
  type Finding,
  type FindingStatus,
  findingFingerprint,
  loadBaselineFile,
  loadExceptionsFile,
  type ResourceRef,
  type RuleInfo,
  type RuleSeverity,
  type SourceLocation,
  type Summary,
  type Waiver,
} from './engine/index.ts';
/** The schema rules are checked against: every collection and attribute `guard schema` prints. */
export { loadSnapshotFile, type Model, type NormalizeOptions, normalizeSnapshot, parseSnapshot, SCHEMA, SNAPSHOT_FORMAT, type Snapshot } from './model/index.ts';
export {
  type DiagnosticsTextOptions,
  type GateInputs,
  type JunitOptions,
  type MarkdownOptions,
  renderDiagnostics,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderSarif,
  renderText,
  type SarifOptions,
  type TextOptions,
} from './report/index.ts';
export { type CheckedProgram, type CheckOptions, checkRuleFiles, type Schema, type SourceFile } from './semantics/index.ts';
export { type ParseResult, parseRuleFile, printRuleFile, type RuleFile } from './syntax/index.ts';

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
  // checkSources gives the diagnostics sorted; filtering keeps that order.
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  const warnings = checked.diagnostics.filter((d) => d.severity === 'warning');
  if (isNonEmpty(errors)) return failure(errors, warnings);
  // The front end gives no program only with an error: anything else is a bug, and bugs throw.
  if (checked.program === null) throw new Error('compileRules: no program and no error');
  return success(compileProgram(checked.program), warnings);
}

import { compileProgram, type EvaluationResult, evaluate } from '../engine/index.ts';
import { normalizeSnapshot, parseSnapshot } from '../model/index.ts';
import { checkSources } from '../semantics/index.ts';

/** Rules compiled once, ready to evaluate any number of snapshots in a property test. */
export type CompiledRules = ReturnType<typeof compileProgram>;

/**
 * Parses, checks and compiles rule text (the contents of a .guard file). Problems throw, with every
 * diagnostic in the message: in a test, a rule that does not compile is a failure.
 */
export function compileRuleText(text: string, options: { file?: string; params?: Record<string, string> } = {}): CompiledRules {
  const file = options.file ?? 'rules.guard';
  const checked = checkSources([{ path: file, text }], { params: options.params ?? {} });
  if (checked.program === null) {
    const problems = checked.diagnostics.filter((d) => d.severity === 'error');
    throw new Error(`rules do not compile:\n${problems.map((d) => `  ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`).join('\n')}`);
  }
  return compileProgram(checked.program);
}

/** Evaluates compiled rules against a raw snapshot document (as `snapshotArb` generates, or a file's JSON). */
export function evaluateSnapshot(rules: CompiledRules, raw: unknown, options: { now?: number } = {}): EvaluationResult {
  const parsed = parseSnapshot(JSON.stringify(raw), 'generated.json');
  if (!parsed.ok) throw new Error(`not a valid snapshot:\n${parsed.errors.map((e) => `  ${e.path ?? ''}: ${e.message}`).join('\n')}`);
  return evaluate(rules, normalizeSnapshot(parsed.value, options.now === undefined ? {} : { now: options.now }));
}

/** `rule id` → resource key → status, for assertions: resources absent from a rule's map passed. */
export function verdictsByRule(result: EvaluationResult): Map<string, Map<string, 'fail' | 'unknown' | 'waived'>> {
  const map = new Map<string, Map<string, 'fail' | 'unknown' | 'waived'>>();
  for (const rule of result.rules) map.set(rule.id, new Map());
  for (const f of result.findings) map.get(f.rule)?.set(f.resource.key, f.status);
  return map;
}

import fc from 'fast-check';
import { expect } from 'vitest';
import { BUILTIN_POLICIES, loadRules } from '../../src/cli/load-rules.ts';
import { compileProgram, type EvaluationResult, evaluate } from '../../src/engine/index.ts';
import { type Entity, type Model, normalizeSnapshot, parseSnapshot, UNKNOWN, type Value } from '../../src/model/index.ts';
import { GENERATED_CAPTURED_AT } from '../../src/testing/index.ts';

/**
 * What the library's property tests share: the compiled library, loading raw snapshots as
 * `guard eval` does, the verdicts of one rule, and Kleene logic on plain verdicts for oracles.
 *
 * An oracle is written from issue 4's wording of a rule, over the normalized entities, without
 * reading the rule file: agreement between the two is the evidence that the rule says what the
 * issue means.
 */
export type Verdict = 'pass' | 'fail' | 'unknown';

export const DAY = 86_400_000;
/** `capturedAt` of generated snapshots, in epoch milliseconds: the evaluation time. */
export const NOW = Date.parse(GENERATED_CAPTURED_AT);

/** The built-in library, compiled with its default params (or with `params` overriding them). */
export async function compileLibrary(params: Record<string, string> = {}): Promise<ReturnType<typeof compileProgram>> {
  const loaded = await loadRules([BUILTIN_POLICIES], { cwd: process.cwd(), params });
  if (!loaded.program) throw new Error(`library does not check: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return compileProgram(loaded.program);
}

/** Parses and normalizes a raw snapshot document exactly as a file is loaded. */
export function loadModel(raw: unknown): Model {
  const parsed = parseSnapshot(JSON.stringify(raw), 'generated.json');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return normalizeSnapshot(parsed.value);
}

/** The library's verdict per resource key for one rule: absent from findings means pass. */
export function ruleVerdicts(result: EvaluationResult, rule: string): Map<string, Verdict> {
  const map = new Map<string, Verdict>();
  for (const f of result.findings) if (f.rule === rule) map.set(f.resource.key, f.status === 'unknown' ? 'unknown' : 'fail');
  return map;
}

// Kleene logic on verdicts (pass = true, fail = false).
export const truth = (v: Value | undefined): Verdict => (v === UNKNOWN || v === undefined ? 'unknown' : v === true ? 'pass' : 'fail');
export const kOr = (...vs: Verdict[]): Verdict => (vs.includes('pass') ? 'pass' : vs.includes('unknown') ? 'unknown' : 'fail');
export const kAnd = (...vs: Verdict[]): Verdict => (vs.includes('fail') ? 'fail' : vs.includes('unknown') ? 'unknown' : 'pass');
export const kNot = (v: Verdict): Verdict => (v === 'pass' ? 'fail' : v === 'fail' ? 'pass' : 'unknown');
/** `if filter then condition`: the shape of `must` rules. */
export const kImplies = (filter: Verdict, condition: Verdict): Verdict => kOr(kNot(filter), condition);

/** An oracle: the collection a rule ranges over and its verdict on one entity, from the words. */
export interface Oracle {
  readonly collection: string;
  readonly verdict: (entity: Entity, model: Model) => Verdict;
}

/**
 * Asserts, on every generated snapshot, that `rule`'s findings equal the oracle's verdicts entity by
 * entity; when the collection could not be listed, the rule reports one unknown finding.
 */
export function assertAgreesWithOracle(
  prepared: ReturnType<typeof compileProgram>,
  rule: string,
  oracle: Oracle,
  snapshots: fc.Arbitrary<Record<string, unknown>>,
  numRuns = 150,
  /** Called when the collection could not be listed (the rule's one unknown finding). */
  onCollectionUnknown: () => void = () => {},
): void {
  fc.assert(
    fc.property(snapshots, (raw) => {
      const model = loadModel(raw);
      const actual = ruleVerdicts(evaluate(prepared, model), rule);
      const collection = model.collections[oracle.collection];
      if (!collection?.known) {
        expect([...actual.values()]).toEqual(['unknown']);
        onCollectionUnknown();
        return;
      }
      for (const entity of collection.entities) {
        expect([rule, entity.key, actual.get(entity.key) ?? 'pass']).toEqual([rule, entity.key, oracle.verdict(entity, model)]);
      }
    }),
    { numRuns },
  );
}

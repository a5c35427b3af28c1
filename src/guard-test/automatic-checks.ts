/** The automatic checks: every rule can fail and can pass, and its scope matches something, on generated accounts. */
import fc from 'fast-check';
import { type compileProgram, evaluate, FALSE, offReason, type Predicate, TRUE, type Tri } from '../engine/index.ts';
import type { Entity, Model } from '../model/index.ts';
import type { CheckedProgram, CheckedRule } from '../semantics/index.ts';
import type { TestOutcome } from '../syntax/index.ts';
import { makeCounterexample, targetText } from './counterexample.ts';
import { modelOf } from './generated-accounts.ts';
import { describeEntity, outcomeWords } from './judge.ts';
import { type Observer, scopeFilter } from './observer.ts';
import type { Counterexample, RuleCheck, RunOptions } from './test-report.ts';

type Prepared = ReturnType<typeof compileProgram>;

function verdicts(rule: CheckedRule, rules: Prepared, model: Model): Set<Tri> {
  const out = new Set<Tri>();
  evaluate(rules, model, {
    onVerdict: (r, _entity, v) => {
      if (r.id === rule.id) out.add(v);
    },
  });
  return out;
}

export function automaticChecks(program: CheckedProgram, prepared: Prepared, accounts: fc.Arbitrary<unknown>, options: RunOptions, observer: Observer): RuleCheck[] {
  const runs = options.autoRuns ?? options.runs * 2;
  // One shared sample: every rule sees the same accounts.
  for (const document of fc.sample(accounts, { numRuns: runs, seed: options.seed })) evaluate(prepared, modelOf(document), { onVerdict: observer.onVerdict });
  const byRule = new Map(prepared.map((p) => [p.info.id, p]));
  const checks: RuleCheck[] = [];
  for (const rule of program.rules) {
    // A rule its params switch off (`where allowed_regions != []` with the param empty) judges nothing, by design.
    if (offReason(rule) !== null) {
      checks.push({ rule, fails: null, passes: null, ok: true, illustration: null, scopeNeverMatches: false });
      continue;
    }
    const seen = observer.seen.get(rule.id) ?? { fails: null, passes: null, scoped: null, filter: scopeFilter(rule) };
    const rules: Prepared = byRule.has(rule.id) ? [byRule.get(rule.id) as Prepared[number]] : [];
    // Search further (and shrink) for what the sample did not show.
    const search = (want: Tri): unknown => {
      const details = fc.check(
        fc.property(accounts, (document) => !verdicts(rule, rules, modelOf(document)).has(want)),
        { numRuns: runs, seed: options.seed + (want === FALSE ? 1 : 2) },
      );
      return details.failed ? (details.counterexample?.[0] ?? null) : null;
    };
    let fails = seen.fails;
    let passes = seen.passes;
    if (fails === null && search(FALSE) !== null) fails = 'generated';
    if (passes === null && search(TRUE) !== null) passes = 'generated';
    // A failure is in scope; otherwise look for an account with an entity the filter matches.
    let scoped = seen.scoped ?? (fails !== null ? fails : null);
    const filter = rule.body.kind === 'denied' ? null : seen.filter;
    if (scoped === null && filter !== null) {
      const details = fc.check(
        fc.property(accounts, (document) => !scopeMatches(rule, rules, modelOf(document), filter)),
        { numRuns: runs, seed: options.seed + 3 },
      );
      if (details.failed) scoped = 'generated';
    }
    const scopeNeverMatches = filter !== null && scoped === null;
    const ok = fails !== null && passes !== null && !scopeNeverMatches;
    let illustration: Counterexample | null = null;
    // A scope that never matches has nothing to show: every account passes it trivially.
    if (!ok && !scopeNeverMatches) {
      // Show the other side: where it passes when it never fails, where it fails when it never passes.
      const other = fails === null ? TRUE : FALSE;
      const found = fails === null && passes === null ? null : search(other);
      if (found !== null && found !== undefined) {
        const model = modelOf(found);
        const entity = entityWith(rule, rules, model, other);
        const outcome: TestOutcome = other === TRUE ? 'pass' : 'fail';
        const expectation = entity === null ? null : `expect ${rule.id} ${outcome === 'pass' ? 'passes' : 'fails'} on ${targetText(entity)}`;
        const detail = entity === null ? '' : `${rule.id} ${outcomeWords(outcome)} on ${describeEntity(entity)}`;
        illustration = makeCounterexample(model, found, 0, detail, expectation, (m) => verdicts(rule, rules, m).has(other));
      }
    }
    checks.push({ rule, fails, passes, scopeNeverMatches, ok, illustration });
  }
  return checks;
}

function entityWith(rule: CheckedRule, rules: Prepared, model: Model, want: Tri): Entity | null {
  let found: Entity | null = null;
  evaluate(rules, model, {
    onVerdict: (r, entity, v) => {
      if (r.id === rule.id && v === want) found ??= entity;
    },
  });
  return found;
}

/** Whether some entity of the model is in the rule's scope (its filter true). */
function scopeMatches(rule: CheckedRule, rules: Prepared, model: Model, filter: Predicate): boolean {
  let matched = false;
  evaluate(rules, model, {
    onVerdict: (r, entity, _v, env) => {
      if (!matched && r.id === rule.id && filter(entity, env) === TRUE) matched = true;
    },
  });
  return matched;
}

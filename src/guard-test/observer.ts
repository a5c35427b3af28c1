/** What the automatic checks and coverage learn from every evaluation of a `guard test` run. */
import { compileCondition, type EvaluationResult, FALSE, type PermissionEnv, type Predicate, TRUE, type Tri } from '../engine/index.ts';
import type { Entity } from '../model/index.ts';
import type { CheckedCondition, CheckedProgram, CheckedRule } from '../semantics/index.ts';
import type { RuleCheck } from './test-report.ts';

interface Seen {
  fails: RuleCheck['fails'];
  passes: RuleCheck['passes'];
  scoped: Source | null;
  /** The rule's `where` filter, asked until an entity is in scope; null without one. */
  readonly filter: Predicate | null;
}

interface Leaf {
  readonly condition: CheckedCondition;
  readonly predicate: Predicate;
  readonly inFilter: boolean;
  readonly seen: Set<Tri>;
}

interface RuleCoverage {
  readonly rule: CheckedRule;
  readonly filter: Predicate | null;
  readonly leaves: readonly Leaf[];
  evaluated: number;
  readonly applied: Set<number>;
}

function leavesOf(c: CheckedCondition, inFilter: boolean, out: Leaf[]): void {
  switch (c.kind) {
    case 'and':
    case 'or':
      for (const operand of c.operands) leavesOf(operand, inFilter, out);
      return;
    case 'not':
      return leavesOf(c.operand, inFilter, out);
    case 'constant':
      return;
    case 'have':
    case 'compare':
    case 'count':
    case 'any':
    case 'all':
    case 'exist':
    case 'allow':
    case 'statement-allow':
    case 'trust':
    case 'permission':
      out.push({ condition: c, predicate: compileCondition(c), inFilter, seen: new Set() });
  }
}

function coverageOf(rule: CheckedRule): RuleCoverage {
  const leaves: Leaf[] = [];
  const filter = rule.body.scope.filter;
  if (filter !== null) leavesOf(filter, true, leaves);
  if (rule.body.kind !== 'denied') leavesOf(rule.body.condition, false, leaves);
  return { rule, filter: filter === null ? null : compileCondition(filter), leaves, evaluated: 0, applied: new Set() };
}

type Source = 'example' | 'property' | 'generated';

export function scopeFilter(rule: CheckedRule): Predicate | null {
  return rule.body.scope.filter === null ? null : compileCondition(rule.body.scope.filter);
}

/** Records what every evaluation shows: per rule, whether it failed or passed somewhere; coverage when asked. */
export interface Observer {
  readonly seen: Map<string, Seen>;
  readonly coverage: Map<string, RuleCoverage> | null;
  source: Source;
  readonly onVerdict: (rule: CheckedRule, entity: Entity, verdict: Tri, env: PermissionEnv) => void;
  /** Notes the exceptions that waived a finding. */
  readonly noteResult: (result: EvaluationResult) => void;
}

export function newObserver(program: CheckedProgram, coverage: boolean): Observer {
  const seen = new Map<string, Seen>(program.rules.map((r) => [r.id, { fails: null, passes: null, scoped: r.body.scope.filter === null ? 'example' : null, filter: scopeFilter(r) }]));
  const byRule = coverage ? new Map(program.rules.map((r) => [r.id, coverageOf(r)])) : null;
  const observer: Observer = {
    seen,
    coverage: byRule,
    source: 'example',
    onVerdict: (rule, entity, verdict, env) => {
      const s = seen.get(rule.id);
      if (s !== undefined) {
        if (verdict === FALSE) s.fails ??= observer.source;
        else if (verdict === TRUE) s.passes ??= observer.source;
        if (s.scoped === null && s.filter !== null && s.filter(entity, env) === TRUE) s.scoped = observer.source;
      }
      // Coverage counts the tests the author wrote, not the automatic checks.
      if (byRule === null || observer.source === 'generated') return;
      const cov = byRule.get(rule.id);
      if (cov === undefined) return;
      cov.evaluated++;
      const inScope = cov.filter === null || cov.filter(entity, env) === TRUE;
      for (const leaf of cov.leaves) if (leaf.inFilter || inScope) leaf.seen.add(leaf.predicate(entity, env));
    },
    noteResult: (result) => {
      if (byRule === null || observer.source === 'generated') return;
      for (const f of result.findings) {
        if (f.status !== 'waived' || f.waiver === null || f.waiver.location === null) continue;
        byRule.get(f.rule)?.applied.add(f.waiver.location.line);
      }
    },
  };
  return observer;
}

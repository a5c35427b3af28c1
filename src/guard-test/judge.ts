import { type EvaluationResult, type FindingStatus, TRUE } from '../engine/index.ts';
import { type Entity, type Model, ROOT_ROW_USER } from '../model/index.ts';
import { spacedName } from '../semantics/index.ts';
import type { TestOutcome } from '../syntax/index.ts';
import type { CheckedExpectation } from './check-tests.ts';

/**
 * Whether an evaluation meets an expectation. A rule's outcome on an entity is its finding's status
 * (fail, unknown, waived) or `pass` when it has none; a rule over a collection that could not be
 * listed is `unknown` on everything.
 */

export type EntityOutcome = TestOutcome;

export interface Verdict {
  readonly ok: boolean;
  /** What happened, in words, when not ok. */
  readonly detail: string;
  /** The entity that broke it, when there is one (for counterexamples). */
  readonly entity: Entity | null;
  /** For scopes: how many entities the expectation was about (0: vacuous). */
  readonly checked: number;
}

const WORDS: Readonly<Record<TestOutcome, string>> = { pass: 'passes', fail: 'fails', unknown: 'is unknown', waived: 'is waived' };

export function outcomeWords(outcome: TestOutcome): string {
  return WORDS[outcome];
}

function statusOutcome(status: FindingStatus | undefined): TestOutcome {
  return status ?? 'pass';
}

export function describeEntity(entity: Entity): string {
  return `${entity.type.replace(/-/g, ' ')} ${entity.name}`;
}

function sameName(entity: Entity, written: string): boolean {
  const name = written.startsWith('root/') ? `${ROOT_ROW_USER}/${written.slice(5)}` : written;
  return entity.name === name || entity.name.toLowerCase() === name.toLowerCase() || entity.arn === written;
}

export function judge(e: CheckedExpectation, model: Model, result: EvaluationResult, vacuousOk: boolean): Verdict {
  const rule = e.rule;
  const findings = result.findings.filter((f) => f.rule === rule.id);
  const byKey = new Map(findings.map((f) => [f.resource.key, f.status]));
  const collection = model.collections[rule.body.scope.collection];
  const unlisted = collection === undefined || !collection.known;
  const target = e.target;
  const outcome = (entity: Entity): TestOutcome => (unlisted ? 'unknown' : statusOutcome(byKey.get(entity.key)));

  if (target === null) {
    const statuses = findings.map((f) => f.status);
    const ok = e.outcome === 'pass' ? !statuses.includes('fail') && !statuses.includes('unknown') : statuses.includes(e.outcome);
    if (ok) return { ok, detail: '', entity: null, checked: 1 };
    const shown = findings.filter((f) => f.status !== 'waived' || e.outcome === 'waived').slice(0, 3);
    const detail =
      findings.length === 0
        ? `${rule.id} has no finding: it passes on everything`
        : `${rule.id} has ${findings.length} finding${findings.length === 1 ? '' : 's'}: ${shown.map((f) => `${f.status} on ${f.resource.type.replace(/-/g, ' ')} ${f.resource.name}`).join(', ')}${findings.length > shown.length ? ', ...' : ''}`;
    const culprit = e.outcome === 'pass' ? findings.find((f) => f.status === 'fail' || f.status === 'unknown') : undefined;
    const entity = culprit === undefined ? null : (collection?.entities.find((x) => x.key === culprit.resource.key) ?? null);
    return { ok, detail, entity, checked: 1 };
  }

  if (target.kind === 'resource') {
    const candidates = Object.values(model.collections).flatMap((c) => c.entities.filter((x) => x.type === target.entityType));
    const entity = candidates.find((x) => sameName(x, target.name));
    if (entity === undefined) {
      if (unlisted && e.outcome === 'unknown') return { ok: true, detail: '', entity: null, checked: 1 };
      const known = [...new Set(candidates.map((x) => x.name))].slice(0, 8);
      const what = spacedName(target.entityType.replace(/-/g, '_'));
      const detail = unlisted
        ? `${spacedName(rule.body.scope.collection)} were not collected in this account, so ${rule.id} is unknown on all of them`
        : `there is no ${what} \`${target.name}\`${known.length > 0 ? ` (there are: ${known.join(', ')})` : ''}`;
      return { ok: false, detail, entity: null, checked: 0 };
    }
    const actual = outcome(entity);
    return actual === e.outcome ? { ok: true, detail: '', entity, checked: 1 } : { ok: false, detail: `${rule.id} ${outcomeWords(actual)} on ${describeEntity(entity)}`, entity, checked: 1 };
  }

  const scopeCollection = model.collections[target.scope.collection];
  if (scopeCollection === undefined || !scopeCollection.known) {
    if (e.outcome === 'unknown') return { ok: true, detail: '', entity: null, checked: 1 };
    return { ok: false, detail: `${spacedName(target.scope.collection)} were not collected in this account`, entity: null, checked: 0 };
  }
  const inScope = scopeCollection.entities.filter((x) => target.filter === null || target.filter(x) === TRUE);
  if (inScope.length === 0) {
    return vacuousOk ? { ok: true, detail: '', entity: null, checked: 0 } : { ok: false, detail: `no ${target.text} in this account: nothing to check`, entity: null, checked: 0 };
  }
  for (const entity of inScope) {
    const actual = outcome(entity);
    if (actual !== e.outcome) return { ok: false, detail: `${rule.id} ${outcomeWords(actual)} on ${describeEntity(entity)}`, entity, checked: inScope.length };
  }
  return { ok: true, detail: '', entity: null, checked: inScope.length };
}

import type { BaselineComparison, ExceptionsOutcome, RuleInfo } from '../engine/index.ts';
import { severityRank } from '../engine/index.ts';

/** What the CI-gate flags add to a run; every renderer accepts them and shows what it can. */
export interface GateInputs {
  /** From `--baseline`: each finding new or existing, and the resolved list. */
  readonly baseline?: BaselineComparison;
  /** From `--exceptions`: expired and stale entries (the result passed in already has them applied). */
  readonly exceptions?: ExceptionsOutcome;
}

/** Rules most severe first, then in file order: the reading order of every report. */
export function bySeverity(rules: readonly RuleInfo[]): RuleInfo[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => severityRank(b.rule.severity) - severityRank(a.rule.severity) || a.index - b.index)
    .map((r) => r.rule);
}

/** Items grouped by key, groups and items in input order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

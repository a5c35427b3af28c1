export const RULE_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** Severity of a rule that does not name one. */
export const DEFAULT_SEVERITY: RuleSeverity = 'medium';

/** Higher is more severe. */
export function severityRank(severity: RuleSeverity): number {
  return RULE_SEVERITIES.length - RULE_SEVERITIES.indexOf(severity);
}

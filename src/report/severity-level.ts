import type { RuleSeverity } from '../engine/index.ts';

/** The three levels CI annotations and SARIF results share: critical and high block, medium warns, low and info inform. */
export type SeverityLevel = 'error' | 'warning' | 'note';

export function severityLevel(severity: RuleSeverity): SeverityLevel {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'low':
    case 'info':
      return 'note';
  }
}

import type { EvidenceValue, Finding } from '../engine/index.ts';

/** An evidence value as reports print it: `none` for absent or empty, lists comma-separated. */
export function formatEvidence(value: EvidenceValue): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length ? value.map((v) => formatEvidence(v)).join(', ') : 'none';
  return String(value);
}

/** A finding's evidence on one line: `active: true; age: 120d`. */
export function evidenceText(finding: Pick<Finding, 'evidence'>, separator = '; '): string {
  return Object.entries(finding.evidence)
    .map(([k, v]) => `${k}: ${formatEvidence(v)}`)
    .join(separator);
}

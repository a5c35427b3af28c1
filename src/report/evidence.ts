import type { EvidenceValue, Finding } from '../engine/index.ts';

/** An evidence value as reports print it: `none` for absent or empty, lists comma-separated. */
export function formatEvidence(value: EvidenceValue): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length ? value.map((v) => formatEvidence(v)).join(', ') : 'none';
  return String(value);
}

/** A finding's evidence on one line: `active: true; age: 120d`. */
export function evidenceText(finding: Pick<Finding, 'evidence'>, separator = '; '): string {
  // A loop rather than entries, map and join: SARIF writes this for every finding.
  let text = '';
  let first = true;
  for (const key in finding.evidence) {
    if (!Object.hasOwn(finding.evidence, key)) continue;
    text += `${first ? '' : separator}${key}: ${formatEvidence(finding.evidence[key] as EvidenceValue)}`;
    first = false;
  }
  return text;
}

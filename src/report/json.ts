import type { EvaluationResult, ExceptionEntry, ExceptionMatch, Finding, Waiver } from '../engine/index.ts';
import { baselineState, FINDINGS_FORMAT, findingFingerprint } from '../engine/index.ts';
import type { GateInputs } from './gate-inputs.ts';

/**
 * Findings JSON v1 (DESIGN.md "Contracts"), the machine-readable output and the baseline format.
 * Fields beyond the contract are additive: `now`, `missingSections`, `rules` (each evaluated rule's
 * metadata: title, rationale, remediation, references), `resource.key`, `fingerprint`, `waiver`,
 * `expiredWaiver`; with a baseline, `baseline` on each finding, counts in
 * `summary` and `resolved`; with an exceptions file, `exceptions` with expired and stale entries.
 */
export function renderJson(result: EvaluationResult, options: GateInputs = {}): string {
  const { baseline, exceptions } = options;
  const summary = baseline ? { ...result.summary, new: baseline.counts.new, existing: baseline.counts.existing, resolved: baseline.counts.resolved } : result.summary;
  const document = {
    format: FINDINGS_FORMAT,
    snapshot: { account: result.snapshot.account, capturedAt: result.snapshot.capturedAt },
    now: result.now,
    summary,
    missingSections: result.missingSections,
    rules: result.rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      rationale: rule.rationale,
      remediation: rule.remediation,
      references: rule.references,
      location: rule.location,
    })),
    findings: result.findings.map((finding) => ({
      ...findingJson(finding),
      ...(baseline ? { baseline: baselineState(baseline, finding) } : {}),
    })),
    ...(baseline
      ? {
          resolved: baseline.resolved.map(({ entry, reason }) => ({
            rule: entry.rule,
            severity: entry.severity,
            status: entry.status,
            resource: entry.resource,
            message: entry.message,
            fingerprint: entry.fingerprint,
            reason,
          })),
        }
      : {}),
    ...(exceptions
      ? {
          exceptions: {
            applied: exceptions.applied.map(matchJson),
            expired: exceptions.expired.map(matchJson),
            stale: exceptions.stale.map(entryJson),
          },
        }
      : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    status: finding.status,
    resource: { type: finding.resource.type, name: finding.resource.name, arn: finding.resource.arn, key: finding.resource.key },
    message: finding.message,
    evidence: finding.evidence,
    location: finding.location,
    fingerprint: findingFingerprint(finding),
    waiver: finding.waiver && waiverJson(finding.waiver),
    expiredWaiver: finding.expiredWaiver && waiverJson(finding.expiredWaiver),
  };
}

function waiverJson(waiver: Waiver): Record<string, unknown> {
  return {
    source: waiver.source,
    until: waiver.until,
    reason: waiver.reason,
    location: waiver.location,
    ...(waiver.owner === undefined ? {} : { owner: waiver.owner }),
    ...(waiver.ticket === undefined ? {} : { ticket: waiver.ticket }),
  };
}

function entryJson(entry: ExceptionEntry): Record<string, unknown> {
  return {
    rule: entry.rule,
    resource: entry.resource,
    owner: entry.owner,
    reason: entry.reason,
    ticket: entry.ticket,
    expires: entry.expires,
    location: entry.location,
  };
}

function matchJson(match: ExceptionMatch): Record<string, unknown> {
  return { ...entryJson(match.entry), findings: match.findings.map((f) => findingFingerprint(f)) };
}

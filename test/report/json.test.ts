import { describe, expect, it } from 'vitest';
import { applyExceptionsFile, compareWithBaseline, findingFingerprint, parseBaseline, parseExceptionsFile } from '../../src/engine/index.ts';
import { renderJson } from '../../src/report/index.ts';
import { ACCOUNT, AWKWARD_NAMES, fixtureFindings, fixtureResult, RULES } from './fixtures.ts';

describe('renderJson', () => {
  it('writes findings JSON v1 with the contract fields', () => {
    const doc = JSON.parse(renderJson(fixtureResult())) as Record<string, unknown>;
    expect(doc['format']).toBe('guard-findings/v1');
    expect(doc['snapshot']).toEqual({ account: ACCOUNT, capturedAt: '2026-11-27T10:00:00.000Z' });
    expect(doc['summary']).toEqual({ rules: 6, fail: 19, unknown: 2, waived: 1, pass: 42 });
    const findings = doc['findings'] as Record<string, unknown>[];
    expect(findings[0]).toEqual({
      rule: 'root-mfa',
      severity: 'critical',
      status: 'fail',
      resource: { type: 'root', name: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, key: `arn:aws:iam::${ACCOUNT}:root` },
      message: 'root <root_account>: fails `root must have mfa`',
      evidence: { mfa: false },
      location: { file: 'policies/root.guard', line: 3, column: 1 },
      fingerprint: findingFingerprint(fixtureFindings()[0]!),
      waiver: null,
      expiredWaiver: null,
    });
    expect(findings.every((f) => !('baseline' in f))).toBe(true);
    expect(doc).not.toHaveProperty('resolved');
    expect(doc).not.toHaveProperty('exceptions');
  });

  it("carries each evaluated rule's metadata: title, rationale, remediation, references", () => {
    const doc = JSON.parse(renderJson(fixtureResult())) as { rules: Record<string, unknown>[] };
    expect(doc.rules.map((r) => r['id'])).toEqual(RULES.map((r) => r.id));
    expect(doc.rules[0]).toEqual({
      id: 'root-mfa',
      title: 'Root user has MFA',
      severity: 'critical',
      rationale: 'The root user can do anything, including closing the account.',
      remediation: 'Enable a hardware MFA device on the root user.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html', 'CIS 1.5'],
      location: { file: 'policies/root.guard', line: 3, column: 1 },
    });
    expect(doc.rules[1]).toMatchObject({ id: 'root-no-access-keys', rationale: null, remediation: null, references: [] });
  });

  it('round-trips awkward names', () => {
    const doc = JSON.parse(renderJson(fixtureResult())) as { findings: { resource: { name: string } }[] };
    const names = doc.findings.map((f) => f.resource.name);
    for (const name of AWKWARD_NAMES.slice(1)) expect(names).toContain(name);
  });

  it('adds baseline states, counts and the resolved list only when a baseline is given', () => {
    const old = fixtureFindings();
    const gone = { ...old[0]!, rule: 'retired-rule' };
    const baseline = parseBaseline(renderJson(fixtureResult([...old.slice(0, 3), gone])), 'b.json');
    if (!baseline.ok) throw new Error('bad baseline');
    const result = fixtureResult(old.slice(1));
    const doc = JSON.parse(renderJson(result, { baseline: compareWithBaseline(result, baseline.value) })) as {
      summary: Record<string, number>;
      findings: { baseline: string }[];
      resolved: { rule: string; reason: string }[];
    };
    expect(doc.summary).toMatchObject({ new: result.findings.length - 3, existing: 2, resolved: 2 });
    expect(doc.findings.map((f) => f.baseline).slice(0, 3)).toEqual(['existing', 'existing', 'new']);
    expect(doc.resolved.map((r) => [r.rule, r.reason])).toEqual([
      ['root-mfa', 'fixed'],
      ['retired-rule', 'rule-not-run'],
    ]);
  });

  it('records exceptions-file waivers with owner and ticket, and lists expired and stale entries', () => {
    const file = parseExceptionsFile(
      'exceptions:\n  - rule: root-mfa\n    resource: "<root_account>"\n    owner: sec\n    reason: break-glass\n    ticket: 42\n    expires: 2026-12-31\n  - rule: nope\n    resource: x\n    owner: sec\n    reason: r\n    expires: 2030-01-01\n',
      'ex.yaml',
    );
    if (!file.ok) throw new Error('bad exceptions');
    const applied = applyExceptionsFile(fixtureResult(), file.value.entries, Date.parse('2026-11-27T10:00:00Z'));
    const doc = JSON.parse(renderJson(applied.result, { exceptions: applied })) as {
      summary: Record<string, number>;
      findings: { waiver: Record<string, unknown> | null; status: string }[];
      exceptions: { applied: unknown[]; expired: unknown[]; stale: { rule: string }[] };
    };
    expect(doc.findings[0]?.status).toBe('waived');
    expect(doc.findings[0]?.waiver).toEqual({ source: 'exceptions-file', until: '2026-12-31', reason: 'break-glass', location: { file: 'ex.yaml', line: 2, column: 5 }, owner: 'sec', ticket: '42' });
    expect(doc.summary).toMatchObject({ fail: 18, waived: 2 });
    expect(doc.exceptions.applied).toHaveLength(1);
    expect(doc.exceptions.stale.map((s) => s.rule)).toEqual(['nope']);
  });
});

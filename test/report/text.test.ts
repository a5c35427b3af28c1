import { describe, expect, it } from 'vitest';
import { compareWithBaseline, parseBaseline } from '../../src/engine/index.ts';
import { renderJson, renderText } from '../../src/report/index.ts';
import { AWKWARD_NAMES, fixtureFindings, fixtureResult } from './fixtures.ts';

describe('renderText', () => {
  const text = renderText(fixtureResult(), { color: false });

  it("shows each failing rule's remediation and references once, under its source line", () => {
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('FAIL root-mfa [critical] Root user has MFA'));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(lines.slice(header + 1, header + 4)).toEqual([
      '    policies/root.guard:3  root must have mfa',
      '    fix: Enable a hardware MFA device on the root user.',
      '    see: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html, CIS 1.5',
    ]);
    expect(lines.filter((l) => l.includes('fix: Enable a hardware MFA device'))).toHaveLength(1);
  });

  it('leaves the lines out for a rule without remediation or references', () => {
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('FAIL users-unused'));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(lines[header + 2]).not.toMatch(/^ {4}(fix|see):/);
  });

  it('under --baseline, marks the new findings and counts new, existing and resolved', () => {
    // The baseline holds root-mfa, the password policy and alice's key, plus a finding since resolved.
    const findings = fixtureFindings();
    const gone = { ...findings[0]!, rule: 'root-no-access-keys' };
    const baseline = parseBaseline(renderJson(fixtureResult([...findings.slice(0, 3), gone])), 'guard-baseline.json');
    if (!baseline.ok) throw new Error('bad baseline');
    const result = fixtureResult();
    const comparison = compareWithBaseline(result, baseline.value);
    const lines = renderText(result, { color: false, baseline: comparison }).split('\n');
    expect(lines).toContain('    ✗ root <root_account>  arn:aws:iam::123456789012:root');
    expect(lines).toContain(`    ✗ new access-key ${AWKWARD_NAMES[0]}/AKIAWEIRD1`);
    expect(lines).toContain('    ~ access-key legacy-ci/AKIALEGACY1');
    const fresh = lines.filter((l) => /^ {4}[✗?] new /.test(l)).length;
    expect(fresh).toBe(comparison.counts.new);
    expect(lines).toContain(`against baseline guard-baseline.json: ${comparison.counts.new} new, 3 existing, 1 resolved`);
    expect(renderText(result, { color: false })).not.toContain(' new ');
  });
});

import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/index.ts';
import { fixtureResult } from './fixtures.ts';

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
});

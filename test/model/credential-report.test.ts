import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../src/model/index.ts';
import { REPORT_HEADER, report, sharedPath } from './fixtures.ts';

describe('parseCredentialReport', () => {
  it('reads LF and CRLF reports alike, with the root row anywhere', () => {
    const rows = [{ user: 'alice', mfa: 'true' }, { user: '<root_account>' }, { user: 'bob' }];
    const lf = parseCredentialReport(report(rows));
    const crlf = parseCredentialReport(report(rows, '\r\n'));
    expect(lf.ok && crlf.ok).toBe(true);
    if (!lf.ok || !crlf.ok) return;
    expect(crlf.report).toEqual(lf.report);
    expect(lf.report.rows.map((r) => r.values[0])).toEqual(['alice', '<root_account>', 'bob']);
    expect(lf.report.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(lf.missingColumns).toEqual([]);
  });

  it('accepts every sentinel and both boolean spellings', () => {
    const text = report([
      { user: '<root_account>', passwordEnabled: 'not_supported', passwordLastUsed: 'no_information', mfa: 'TRUE' },
      { user: 'moto-user', passwordEnabled: 'FALSE', passwordLastUsed: 'not_supported', key1: ['true', '2026-01-01T00:00:00+00:00', 'N/A', 'not_supported', 'not_supported'] },
    ]);
    const parsed = parseCredentialReport(text);
    expect(parsed.ok).toBe(true);
  });

  it('reads a report without a trailing newline, and RFC 4180 quoted fields', () => {
    const text = `user,arn\n"a,b","arn:aws:iam::1:user/a,b"\n"q""uote",arn:aws:iam::1:user/q`;
    const parsed = parseCredentialReport(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.report.rows.map((r) => r.values)).toEqual([
      ['a,b', 'arn:aws:iam::1:user/a,b'],
      ['q"uote', 'arn:aws:iam::1:user/q'],
    ]);
    expect(parsed.missingColumns).toContain('mfa_active');
  });

  it('reports every bad value with its line and column', () => {
    const text = report([
      { user: 'alice', mfa: 'yes' },
      { user: 'bob', passwordLastUsed: 'last tuesday' },
    ]);
    const parsed = parseCredentialReport(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      { line: 2, message: 'line 2, column `mfa_active`: expected true or false, found `yes`' },
      { line: 3, message: 'line 3, column `password_last_used`: expected a date, found `last tuesday`' },
    ]);
  });

  it('names the bad values of a row in column order, whatever their kinds', () => {
    const parsed = parseCredentialReport(report([{ user: 'alice', created: 'soon', passwordEnabled: 'yes', passwordLastUsed: 'never', mfa: 'no' }]));
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.message)).toEqual([
      'line 2, column `user_creation_time`: expected a date, found `soon`',
      'line 2, column `password_enabled`: expected true or false, found `yes`',
      'line 2, column `password_last_used`: expected a date, found `never`',
      'line 2, column `mfa_active`: expected true or false, found `no`',
    ]);
  });

  it('rejects an empty report, a header without user/arn, and short rows', () => {
    expect(parseCredentialReport('')).toEqual({ ok: false, problems: [{ line: 1, message: 'the credential report is empty: expected a CSV header line' }] });
    const noArn = parseCredentialReport('user,mfa_active\nalice,true\n');
    expect(noArn.ok ? [] : noArn.problems.map((p) => p.message)).toEqual(['the credential report header has no `arn` column']);
    const short = parseCredentialReport(`${REPORT_HEADER}\nalice,arn:aws:iam::1:user/alice\n`);
    expect(short.ok ? [] : short.problems.map((p) => p.message)).toEqual(['line 2 has 2 fields, expected 22 as in the header']);
  });

  it('caps the number of problems', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ user: `u${i}`, mfa: 'maybe' }));
    const parsed = parseCredentialReport(report(rows), 20);
    expect(parsed.ok ? 0 : parsed.problems.length).toBe(20);
  });

  const spec = sharedPath('credential-reports', 'credential-report-format.json');
  it.skipIf(!existsSync(spec))('knows every column of the documented format (shared data)', () => {
    const format = JSON.parse(readFileSync(spec, 'utf8')) as { header_line: string };
    expect(format.header_line).toBe(REPORT_HEADER);
    const parsed = parseCredentialReport(`${format.header_line}\n`);
    expect(parsed.ok && parsed.missingColumns).toEqual([]);
  });
});

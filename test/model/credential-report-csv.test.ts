import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReportSentinel, parseCredentialReport, parseReportBoolean, REPORT_COLUMN_NAMES, REPORT_COLUMNS, REPORT_SENTINELS } from '../../src/model/credential-report.ts';
import { parseInstant } from '../../src/model/instant.ts';
import { report } from './fixtures.ts';
import { withoutColumn } from './report-columns.ts';

// The CSV reader at its edges: quoting with CRLF line ends, fields spanning lines, the exact set of
// missing columns, and where problems are reported (asserted by line, not by message text).

const rowsOf = (text: string) => {
  const parsed = parseCredentialReport(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.report.rows.map((r) => ({ line: r.line, values: r.values }));
};
const problemLines = (text: string, maxProblems?: number) => {
  const parsed = parseCredentialReport(text, maxProblems);
  return parsed.ok ? [] : parsed.problems.map((p) => p.line);
};

describe('parseCredentialReport: CSV', () => {
  it('reads quoted fields with CRLF line ends, the last line with or without one', () => {
    const expected = [
      { line: 2, values: ['a,b', 'arn:1'] },
      { line: 3, values: ['c', 'arn:"2"'] },
    ];
    expect(rowsOf('user,arn\r\n"a,b",arn:1\r\n"c","arn:""2"""\r\n')).toEqual(expected);
    expect(rowsOf('user,arn\r\n"a,b",arn:1\r\n"c","arn:""2"""')).toEqual(expected);
    expect(rowsOf('user,arn\r\n"a,b",arn:1\r\n"c","arn:""2"""\r')).toEqual(expected);
    expect(rowsOf('user,arn\r\nc,arn:x\r')).toEqual([{ line: 2, values: ['c', 'arn:x'] }]);
  });

  it('keeps a quoted line break in its field and counts the lines it spans', () => {
    expect(rowsOf('user,arn\n"two\nlines",arn:1\nbob,arn:2\n')).toEqual([
      { line: 2, values: ['two\nlines', 'arn:1'] },
      { line: 4, values: ['bob', 'arn:2'] },
    ]);
    expect(rowsOf('user,arn\r\n"two\r\nlines",arn:1\r\nbob,arn:2\r\n')).toEqual([
      { line: 2, values: ['two\r\nlines', 'arn:1'] },
      { line: 4, values: ['bob', 'arn:2'] },
    ]);
    expect(rowsOf('"user",arn\n"a\n\nb",arn:1\n"bob",arn:2')).toEqual([
      { line: 2, values: ['a\n\nb', 'arn:1'] },
      { line: 5, values: ['bob', 'arn:2'] },
    ]);
  });

  it('skips blank lines, keeps line numbers, and trims header names', () => {
    expect(rowsOf(' user , arn \n\nalice,arn:1\n\n')).toEqual([{ line: 3, values: ['alice', 'arn:1'] }]);
    expect(rowsOf('"user",arn\n\n"alice",arn:1\n')).toEqual([{ line: 3, values: ['alice', 'arn:1'] }]);
    const parsed = parseCredentialReport(' user , arn \nalice,arn:1\n');
    expect(parsed.ok && parsed.report.header).toEqual(['user', 'arn']);
  });

  it('names exactly the columns a header lacks', () => {
    const full = report([{ user: 'alice' }]);
    const all = parseCredentialReport(full);
    expect(all.ok && all.missingColumns).toEqual([]);
    for (const column of ['access_key_1_active', 'access_key_2_last_rotated', 'cert_1_last_rotated', 'mfa_active']) {
      const parsed = parseCredentialReport(withoutColumn(full, column));
      expect([column, parsed.ok && parsed.missingColumns]).toEqual([column, [column]]);
    }
    const bare = parseCredentialReport('user,arn\n');
    expect(bare.ok && bare.missingColumns).toEqual(REPORT_COLUMN_NAMES.filter((c) => c !== 'user' && c !== 'arn'));
    expect(bare.ok && bare.report.rows).toEqual([]);
  });

  it('rejects empty text and headers without user or arn, on line 1', () => {
    expect(problemLines('')).toEqual([1]);
    expect(problemLines('   \n')).toEqual([1]);
    expect(problemLines('\nuser,arn\n')).toEqual([1]);
    expect(problemLines('name,id\nx,y\n')).toEqual([1, 1]);
    expect(problemLines('arn\nx\n')).toEqual([1]);
    expect(problemLines('user\nx\n')).toEqual([1]);
  });

  it('checks typed values only, accepts sentinels there, and reports each bad one on its line', () => {
    const text = report([
      { user: 'alice', mfa: 'maybe', passwordLastUsed: 'yesterday' },
      { user: 'bob', passwordEnabled: 'no_information', passwordLastUsed: 'N/A', mfa: 'True' },
      { user: 'N/A' },
      { user: 'carol', created: 'soon' },
    ]);
    expect(problemLines(text)).toEqual([2, 2, 5]);
    // Columns guard does not know are read as text.
    expect(rowsOf('user,arn,colour\nalice,arn:1,not a date\n')).toEqual([{ line: 2, values: ['alice', 'arn:1', 'not a date'] }]);
  });

  it('reports a row with the wrong number of fields on its line and reads on', () => {
    expect(problemLines('user,arn\nalice\nbob,arn:2\ncarol,arn:3,extra\n')).toEqual([2, 4]);
    expect(problemLines('user,arn\n"a,b,c"\n')).toEqual([2]);
  });

  it('stops at maxProblems, within a row as across rows', () => {
    // Three users, so the rows are not also reported as repeats of one another.
    const bad = (user: string) => ({ user, mfa: 'maybe', passwordEnabled: 'perhaps', passwordLastUsed: 'then' });
    const text = report([bad('x'), bad('y'), bad('z')]);
    expect(problemLines(text)).toHaveLength(9);
    expect(problemLines(text, 2)).toEqual([2, 2]);
    expect(problemLines(text, 4)).toEqual([2, 2, 2, 3]);
    expect(problemLines('user,arn\na\nb\nc\n', 2)).toEqual([2, 3]);
    expect(problemLines(text, 1)).toEqual([2]);
  });
});

describe('report values', () => {
  it('reads booleans in either case and nothing else', () => {
    expect(['true', 'TRUE', 'True', 'false', 'FALSE', 'False', 'yes', '', '1', ' true'].map(parseReportBoolean)).toEqual([true, true, true, false, false, false, null, null, null, null]);
  });

  it('knows the three sentinels exactly', () => {
    expect(['N/A', 'no_information', 'not_supported', 'n/a', 'NA', '', 'not_supported '].map(isReportSentinel)).toEqual([true, true, true, false, false, false, false]);
    expect([...REPORT_SENTINELS].sort()).toEqual(['N/A', 'no_information', 'not_supported']);
  });
});

describe('parseCredentialReport: typed values', () => {
  // What validation and normalization read instead of parsing a value again: each must be the value's own parse.
  const dateText = fc.oneof(
    fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}+00:00`),
    fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}+01:30`),
    fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom(...REPORT_SENTINELS),
  );
  const boolText = fc.constantFrom('true', 'false', 'TRUE', 'False', ...REPORT_SENTINELS);
  it('holds each date column as its epoch ms, each boolean as its value, a sentinel as null', () => {
    const row = fc.record({
      created: dateText,
      passwordEnabled: boolText,
      passwordLastUsed: dateText,
      mfa: boolText,
      key1: fc.tuple(boolText, dateText, dateText, fc.constant('us-east-1'), fc.constant('s3')),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (specs) => {
        const parsed = parseCredentialReport(report(specs.map((s, i) => ({ ...s, user: `u${i}` }))));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
        const kinds = parsed.report.header.map((h) => (REPORT_COLUMNS as Record<string, string>)[h]);
        for (const r of parsed.report.rows) {
          r.values.forEach((value, i) => {
            const expected = isReportSentinel(value) || (kinds[i] !== 'date' && kinds[i] !== 'boolean') ? null : kinds[i] === 'date' ? parseInstant(value) : parseReportBoolean(value);
            expect([parsed.report.header[i], value, r.typed[i]]).toEqual([parsed.report.header[i], value, expected]);
          });
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuoteFree, parseCredentialReport, parseGeneral, parseInPlace, REPORT_COLUMN_NAMES, REPORT_COLUMNS } from '../../src/model/credential-report.ts';

// A report without quotes is read in place (fields by indexOf, dates parsed at their offsets); any
// quote takes the general CSV reader. The two must agree on rows and on every problem they report.

// Instants valid and not, some cut short where a longer form would go on (instant.test.ts holds parseInstantAt to parseInstant).
const INSTANTS = ['2026-11-27T10:00:00Z', '2026-11-27T10:00:00+00:00', '2026-11-27T10:00:00.123Z', '2026-11-27 10:00:00+00:00', '2026-11-27T10:00Z', '2026-11-27T10:00:00,5', '2026-11-27'];
const NOT_INSTANTS = ['', 'yesterday', '2026-02-29', '2026-11-27T10', '2026-11-27T10:00:', '2026-11-27T10:00:00.', '2026-11-27T10:00:00+0'];

// Generated reports: headers of known and unknown columns in any order, values valid and not
// (dates in several forms, sentinels, booleans in either case, text), blank lines, LF and CRLF,
// rows of the wrong width and repeated users, so problems are compared as well as rows.
// Mostly valid, so rows are compared too (a report with any problem gives only its problems).
const rare = <T>(valid: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 60, arbitrary: valid }, { weight: 1, arbitrary: bad });
const sentinel = fc.constantFrom('N/A', 'no_information', 'not_supported');
const text = fc.oneof(fc.constantFrom('us-east-1', 's3', '', ' ', 'a\rb', 'N/A', 'true', '2026-11-27'), fc.string({ unit: fc.constantFrom(...'ab1-/ :'), maxLength: 6 }));
const FIELDS = {
  date: rare(fc.oneof(fc.constantFrom(...INSTANTS), sentinel), fc.constantFrom(...NOT_INSTANTS, 'true', 'N/A ')),
  boolean: rare(fc.oneof(fc.constantFrom('true', 'false', 'TRUE', 'False'), sentinel), fc.constantFrom('maybe', '', 'yes', '2026-11-27')),
  string: text,
} as const;
const kindOf = (column: string): keyof typeof FIELDS => (REPORT_COLUMNS as Record<string, 'date' | 'boolean' | 'string'>)[column.trim()] ?? 'string';
const others = REPORT_COLUMN_NAMES.filter((c) => c !== 'user' && c !== 'arn');
const headerArb = fc.oneof(
  fc.constant([...REPORT_COLUMN_NAMES]),
  // Any subset in any order, with user and arn anywhere (spaced, which the header trims), or without one.
  fc.tuple(fc.shuffledSubarray([...others, 'colour']), fc.nat(30), fc.nat(30), fc.constantFrom('user', ' user '), fc.constantFrom('arn', 'arn ')).map(([h, i, j, user, arn]) => {
    const header = [...h];
    header.splice(i % (header.length + 1), 0, user);
    header.splice(j % (header.length + 1), 0, arn);
    return header;
  }),
  fc.shuffledSubarray(['user', 'arn', 'mfa_active', 'password_last_used'], { minLength: 1 }),
);
interface Line {
  readonly fields: readonly string[] | null;
  readonly eol: string;
}
const reportArb = headerArb.chain((header) => {
  const user = rare(
    fc.nat(300).map((n) => `u${n}`),
    fc.constantFrom('<root_account>', 'N/A', '', 'u1'),
  );
  const fields = fc.tuple(...header.map((column) => (column.trim() === 'user' ? user : FIELDS[kindOf(column)])));
  // Mostly the header's width; sometimes a field short or over.
  const row = rare(
    fields,
    fields.map((f) => (f.length > 1 ? f.slice(1) : [...f, 'extra'])),
  );
  const line = fc.record({ fields: fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: fc.constant(null) }), eol: fc.constantFrom('\n', '\r\n') });
  return fc.record({ header: fc.constant(header), lines: fc.array(line, { maxLength: 8 }), last: fc.constantFrom('', '\n', '\r\n', '\r'), maxProblems: fc.integer({ min: 1, max: 25 }) });
});

function writeReport(header: readonly string[], lines: readonly Line[], last: string, quote: (value: string, at: number) => string): string {
  let text = header.map(quote).join(',');
  for (const l of lines) text += l.eol + (l.fields === null ? '' : l.fields.map(quote).join(','));
  return text + last;
}

describe('parseCredentialReport: in place and general', () => {
  it('reads a report without quotes in place, to the rows and problems of the general reader', () => {
    let read = 0;
    fc.assert(
      fc.property(reportArb, ({ header, lines, last, maxProblems }) => {
        const text = writeReport(header, lines, last, (v) => v);
        expect(isQuoteFree(text)).toBe(true);
        const general = parseGeneral(text, maxProblems);
        if (general.ok && general.report.rows.length > 0) read++;
        expect(parseInPlace(text, maxProblems)).toStrictEqual(general);
        expect(parseCredentialReport(text, maxProblems)).toStrictEqual(general);
      }),
      { numRuns: 300 },
    );
    // Rows were compared, not only problems.
    expect(read).toBeGreaterThan(50);
  });

  it('reads a report with any quote by the general reader', () => {
    // Quote some fields (and put what only quotes allow inside them: commas, quotes, line breaks).
    const quoting = fc.tuple(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), fc.constantFrom('', ',', '"', '\n', 'x'));
    fc.assert(
      fc.property(reportArb, quoting, ({ header, lines, last, maxProblems }, [which, inner]) => {
        let n = 0;
        const quote = (v: string): string => (which[n++ % which.length] || n === 1 ? `"${(v + inner).replaceAll('"', '""')}"` : v);
        const text = writeReport(header, lines, last, quote);
        expect(isQuoteFree(text)).toBe(false);
        expect(parseCredentialReport(text, maxProblems)).toStrictEqual(parseGeneral(text, maxProblems));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same located messages for bad input on either path', () => {
    const text = 'user,arn,mfa_active,password_last_used\r\nalice,arn:1,maybe,2026-11-27T10:00\r\n\r\nbob,arn:2\nalice,arn:3,true,2026-11-27T10:00:00.5\nbob,arn:4,false,2026-11-27T10:00:00+00:0\r';
    const general = parseGeneral(text);
    expect(parseInPlace(text)).toStrictEqual(general);
    expect(general.ok ? [] : general.problems).toEqual([
      { line: 2, message: 'line 2, column `mfa_active`: expected true or false, found `maybe`' },
      { line: 4, message: 'line 4 has 2 fields, expected 4 as in the header' },
      { line: 5, message: 'line 5 repeats user `alice` of line 2' },
      { line: 6, message: 'line 6, column `password_last_used`: expected a date, found `2026-11-27T10:00:00+00:0`' },
    ]);
  });
});

import { quoteInput } from './input-text.ts';
import { parseInstant } from './instant.ts';

/**
 * The IAM credential report: CSV text as GetCredentialReport returns it (decoded), LF or CRLF.
 * Columns are found by header name, so reports with extra or reordered columns work; a column
 * that is missing makes the values it carries unknown.
 */
export interface CredentialReport {
  readonly header: readonly string[];
  readonly rows: readonly CredentialReportRow[];
}

export interface CredentialReportRow {
  /** 1-based line number in the CSV text, for messages. */
  readonly line: number;
  readonly values: readonly string[];
  /**
   * Each date and boolean column's value as parsing checked it (epoch ms, true or false), null for a
   * sentinel and for the other columns: what validation and normalization read, so no value is parsed twice.
   */
  readonly typed: readonly ReportValue[];
}

export type ReportValue = number | boolean | null;

export const ROOT_ROW_USER = '<root_account>';

/** Column names of the report, in AWS's order; only `user` and `arn` are required. */
export const REPORT_COLUMNS = {
  user: 'string',
  arn: 'string',
  user_creation_time: 'date',
  password_enabled: 'boolean',
  password_last_used: 'date',
  password_last_changed: 'date',
  password_next_rotation: 'date',
  mfa_active: 'boolean',
  access_key_1_active: 'boolean',
  access_key_1_last_rotated: 'date',
  access_key_1_last_used_date: 'date',
  access_key_1_last_used_region: 'string',
  access_key_1_last_used_service: 'string',
  access_key_2_active: 'boolean',
  access_key_2_last_rotated: 'date',
  access_key_2_last_used_date: 'date',
  access_key_2_last_used_region: 'string',
  access_key_2_last_used_service: 'string',
  cert_1_active: 'boolean',
  cert_1_last_rotated: 'date',
  cert_2_active: 'boolean',
  cert_2_last_rotated: 'date',
} as const satisfies Record<string, 'string' | 'date' | 'boolean'>;

export type ReportColumn = keyof typeof REPORT_COLUMNS;
/** The columns of each kind, whose `typed` values are epoch ms or booleans. */
export type DateColumn = { [C in ReportColumn]: (typeof REPORT_COLUMNS)[C] extends 'date' ? C : never }[ReportColumn];
export type BooleanColumn = { [C in ReportColumn]: (typeof REPORT_COLUMNS)[C] extends 'boolean' ? C : never }[ReportColumn];

/** The column names in AWS's order: the header line of a report as AWS writes it. */
export const REPORT_COLUMN_NAMES = Object.keys(REPORT_COLUMNS) as readonly ReportColumn[];

/**
 * Values meaning "nothing to report": `N/A` (no password, no key, never used), `no_information`
 * (never used, or before tracking began), `not_supported` (does not apply, e.g. root password rows;
 * moto writes it for never-used values too). All read as known-absent.
 */
export const REPORT_SENTINELS: ReadonlySet<string> = new Set(['N/A', 'no_information', 'not_supported']);

/**
 * Is the value one of REPORT_SENTINELS. Compared directly: a set lookup hashes every value, and a
 * large report has hundreds of thousands of them, mostly dates that differ in length at once.
 */
export function isReportSentinel(value: string): boolean {
  return value === 'N/A' || value === 'no_information' || value === 'not_supported';
}

export interface ReportProblem {
  readonly line: number;
  readonly message: string;
}

export type ParsedReport = { readonly ok: true; readonly report: CredentialReport; readonly missingColumns: readonly string[] } | { readonly ok: false; readonly problems: readonly ReportProblem[] };

/** Parses and checks the CSV: header with `user` and `arn`, one field per column, typed values, one row per user. */
export function parseCredentialReport(text: string, maxProblems = 20): ParsedReport {
  const lines = splitLines(text);
  const headerLine = lines[0];
  if (headerLine === undefined || headerLine.text.trim() === '') return { ok: false, problems: [{ line: 1, message: 'the credential report is empty: expected a CSV header line' }] };
  const header = splitFields(headerLine.text).map((h) => h.trim());
  const problems: ReportProblem[] = [];
  for (const required of ['user', 'arn'] as const) {
    if (!header.includes(required)) problems.push({ line: 1, message: `the credential report header has no \`${required}\` column` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const checks: { index: number; name: string; kind: 'date' | 'boolean' }[] = [];
  header.forEach((name, index) => {
    const kind = (REPORT_COLUMNS as Record<string, string>)[name];
    if (kind === 'date' || kind === 'boolean') checks.push({ index, name, kind });
  });

  const dates = checks.filter((c) => c.kind === 'date').map((c) => c.index);
  const booleans = checks.filter((c) => c.kind === 'boolean').map((c) => c.index);
  // Each row's typed values start as a copy of this (copying a packed array is cheaper than filling a new one).
  const blank = new Array<ReportValue>(header.length).fill(null);
  const rows: CredentialReportRow[] = [];
  // AWS writes one row per user: a repeated one would let the last row silently win.
  const userIndex = header.indexOf('user');
  const lineOfUser = new Map<string, number>();
  for (let i = 1; i < lines.length && problems.length < maxProblems; i++) {
    const line = lines[i];
    if (line === undefined || line.text === '') continue;
    const values = splitFields(line.text);
    if (values.length !== header.length) {
      problems.push({ line: line.number, message: `line ${line.number} has ${values.length} fields, expected ${header.length} as in the header` });
      continue;
    }
    let typed = typedValues(values, blank, dates, booleans);
    if (typed === null) {
      // Some value is wrong: say which, in column order.
      typed = [];
      for (const check of checks) {
        const value = values[check.index] ?? '';
        if (isReportSentinel(value) || (check.kind === 'boolean' ? parseReportBoolean(value) : parseInstant(value)) !== null) continue;
        const expected = check.kind === 'boolean' ? 'true or false' : 'a date';
        problems.push({ line: line.number, message: `line ${line.number}, column \`${check.name}\`: expected ${expected}, found ${quoteInput(value)}` });
        if (problems.length >= maxProblems) break;
      }
    }
    const user = values[userIndex] ?? '';
    const first = lineOfUser.get(user);
    if (first !== undefined) {
      problems.push({ line: line.number, message: `line ${line.number} repeats user \`${user}\` of line ${first}` });
      continue;
    }
    lineOfUser.set(user, line.number);
    rows.push({ line: line.number, values, typed });
  }
  if (problems.length > 0) return { ok: false, problems };
  const missingColumns = Object.keys(REPORT_COLUMNS).filter((c) => !header.includes(c));
  return { ok: true, report: { header, rows }, missingColumns };
}

/**
 * A row's typed values (see CredentialReportRow), or null when one does not parse. Dates and
 * booleans in loops of their own, AWS's spellings first: a large report has hundreds of thousands.
 */
function typedValues(values: readonly string[], blank: readonly ReportValue[], dates: readonly number[], booleans: readonly number[]): ReportValue[] | null {
  const typed = blank.slice();
  for (let k = 0; k < dates.length; k++) {
    const i = dates[k] as number;
    const value = values[i] ?? '';
    const t = parseInstant(value);
    if (t !== null) typed[i] = t;
    else if (!isReportSentinel(value)) return null;
  }
  for (let k = 0; k < booleans.length; k++) {
    const i = booleans[k] as number;
    const value = values[i] ?? '';
    if (value === 'false') typed[i] = false;
    else if (value === 'true') typed[i] = true;
    else if (!isReportSentinel(value)) {
      const b = parseReportBoolean(value);
      if (b === null) return null;
      typed[i] = b;
    }
  }
  return typed;
}

/** `true`/`TRUE`/`false`/`FALSE` (AWS writes lower case, its docs upper case). */
export function parseReportBoolean(value: string): boolean | null {
  // AWS's own spelling first: no lower-cased copy of every value.
  if (value === 'true') return true;
  if (value === 'false') return false;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return null;
}

function splitLines(text: string): { number: number; text: string }[] {
  if (!text.includes('"')) {
    // AWS never quotes: split natively, then drop the CR of CRLF line ends.
    const parts = text.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts.map((line, i) => ({ number: i + 1, text: line.endsWith('\r') ? line.slice(0, -1) : line }));
  }
  const out: { number: number; text: string }[] = [];
  let start = 0;
  let number = 1;
  // Quoted fields may span lines in CSV; AWS never writes them, but keep a quoted newline in its field.
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) {
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      out.push({ number, text: text.slice(start, end) });
      number += 1 + countNewlines(text, start, i);
      start = i + 1;
    }
  }
  if (start < text.length) {
    const end = text.endsWith('\r') ? text.length - 1 : text.length;
    out.push({ number, text: text.slice(start, end) });
  }
  return out;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** One CSV record's fields; RFC 4180 quoting (`"a,b"`, `""` for a quote) is honoured. */
function splitFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

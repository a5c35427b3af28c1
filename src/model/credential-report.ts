import { quoteInput } from './input-text.ts';
import { parseInstant, parseInstantAt } from './instant.ts';

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

/**
 * Parses and checks the CSV: header with `user` and `arn`, one field per column, typed values, one row per user.
 * A report without quotes (AWS never writes any) is read in place; any `"` takes the general CSV reader.
 * Both give the same rows and problems (a property test holds them to that).
 */
export function parseCredentialReport(text: string, maxProblems = 20): ParsedReport {
  return isQuoteFree(text) ? parseInPlace(text, maxProblems) : parseGeneral(text, maxProblems);
}

/** Whether parseCredentialReport reads the text in place: only when no field can be quoted. */
export function isQuoteFree(text: string): boolean {
  return !text.includes('"');
}

/** What the header says about every row: where the typed columns are and what each row starts from. */
interface Layout {
  readonly header: readonly string[];
  readonly checks: readonly { readonly index: number; readonly name: string; readonly kind: 'date' | 'boolean' }[];
  readonly dates: readonly number[];
  readonly booleans: readonly number[];
  /** Each row's typed values start as a copy of this (copying a packed array is cheaper than filling a new one). */
  readonly blank: readonly ReportValue[];
  /** And the in-place reader's values as a copy of this: packed and of the row's exact size, as split gives them. */
  readonly blankValues: readonly string[];
  readonly userIndex: number;
}

/** The rows and problems so far; both readers add each row through addRow. */
interface Reading {
  readonly layout: Layout;
  readonly maxProblems: number;
  readonly rows: CredentialReportRow[];
  readonly problems: ReportProblem[];
  /** AWS writes one row per user: a repeated one would let the last row silently win. */
  readonly lineOfUser: Map<string, number>;
}

/** Starts reading at the header line's text (null when there is none), or the header's problems. */
function startReading(headerText: string | null, maxProblems: number): Reading | ReportProblem[] {
  if (headerText === null || headerText.trim() === '') return [{ line: 1, message: 'the credential report is empty: expected a CSV header line' }];
  const header = splitFields(headerText).map((h) => h.trim());
  const problems: ReportProblem[] = [];
  for (const required of ['user', 'arn'] as const) {
    if (!header.includes(required)) problems.push({ line: 1, message: `the credential report header has no \`${required}\` column` });
  }
  if (problems.length > 0) return problems;
  const checks: { index: number; name: string; kind: 'date' | 'boolean' }[] = [];
  header.forEach((name, index) => {
    const kind = (REPORT_COLUMNS as Record<string, string>)[name];
    if (kind === 'date' || kind === 'boolean') checks.push({ index, name, kind });
  });
  const layout: Layout = {
    header,
    checks,
    dates: checks.filter((c) => c.kind === 'date').map((c) => c.index),
    booleans: checks.filter((c) => c.kind === 'boolean').map((c) => c.index),
    blank: new Array<ReportValue>(header.length).fill(null),
    blankValues: new Array<string>(header.length).fill(''),
    userIndex: header.indexOf('user'),
  };
  return { layout, maxProblems, rows: [], problems: [], lineOfUser: new Map() };
}

function fieldCountProblem(r: Reading, line: number, fields: number): void {
  r.problems.push({ line, message: `line ${line} has ${fields} fields, expected ${r.layout.header.length} as in the header` });
}

/** Adds a row with the right number of fields; `typed` null means some value does not parse, which it then names. */
function addRow(r: Reading, line: number, values: readonly string[], typed: ReportValue[] | null): void {
  const { problems } = r;
  if (typed === null) {
    // Some value is wrong: say which, in column order.
    typed = [];
    for (const check of r.layout.checks) {
      const value = values[check.index] ?? '';
      if (isReportSentinel(value) || (check.kind === 'boolean' ? parseReportBoolean(value) : parseInstant(value)) !== null) continue;
      const expected = check.kind === 'boolean' ? 'true or false' : 'a date';
      problems.push({ line, message: `line ${line}, column \`${check.name}\`: expected ${expected}, found ${quoteInput(value)}` });
      if (problems.length >= r.maxProblems) break;
    }
  }
  const user = values[r.layout.userIndex] ?? '';
  const first = r.lineOfUser.get(user);
  if (first !== undefined) {
    problems.push({ line, message: `line ${line} repeats user \`${user}\` of line ${first}` });
    return;
  }
  r.lineOfUser.set(user, line);
  r.rows.push({ line, values, typed });
}

function finish(r: Reading | ReportProblem[]): ParsedReport {
  if (Array.isArray(r)) return { ok: false, problems: r };
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  const { header } = r.layout;
  const missingColumns = Object.keys(REPORT_COLUMNS).filter((c) => !header.includes(c));
  return { ok: true, report: { header, rows: r.rows }, missingColumns };
}

/** The general CSV reader: RFC 4180 quoting, quoted line breaks. Exported for the tests that hold the in-place reader to it. */
export function parseGeneral(text: string, maxProblems = 20): ParsedReport {
  const lines = splitLines(text);
  const r = startReading(lines[0]?.text ?? null, maxProblems);
  if (Array.isArray(r)) return finish(r);
  for (let i = 1; i < lines.length && r.problems.length < maxProblems; i++) {
    const line = lines[i];
    if (line === undefined || line.text === '') continue;
    const values = splitFields(line.text);
    if (values.length !== r.layout.header.length) fieldCountProblem(r, line.number, values.length);
    else addRow(r, line.number, values, typedValues(values, r.layout));
  }
  return finish(r);
}

/**
 * The reader for text without quotes: lines and fields are found by indexOf on the text itself, and
 * dates parsed from it at their offsets, so no line is copied out and no date read from its copy.
 * Lines are as text.split('\n') gives them, less the CR of a CRLF. Exported for the tests.
 */
export function parseInPlace(text: string, maxProblems = 20): ParsedReport {
  const length = text.length;
  const headerEnd = lineEnd(text, 0);
  const r = startReading(length === 0 ? null : text.slice(0, contentEnd(text, 0, headerEnd)), maxProblems);
  if (Array.isArray(r)) return finish(r);
  const width = r.layout.header.length;
  // Field i spans starts[i] to ends[i]; reused by every row.
  const starts = new Array<number>(width).fill(0);
  const ends = new Array<number>(width).fill(0);
  let number = 1;
  for (let at = headerEnd + 1; at < length && r.problems.length < maxProblems; ) {
    number++;
    const next = lineEnd(text, at);
    const end = contentEnd(text, at, next);
    const from = at;
    at = next + 1;
    if (end === from) continue;
    let fields = 0;
    for (let s = from; ; fields++) {
      const comma = text.indexOf(',', s);
      const e = comma === -1 || comma > end ? end : comma;
      if (fields < width) {
        starts[fields] = s;
        ends[fields] = e;
      }
      if (e === end) break;
      s = e + 1;
    }
    fields++;
    if (fields !== width) {
      fieldCountProblem(r, number, fields);
      continue;
    }
    const values = r.layout.blankValues.slice();
    for (let i = 0; i < width; i++) values[i] = fieldAt(text, starts[i] as number, ends[i] as number);
    addRow(r, number, values, typedInPlace(text, starts, ends, values, r.layout));
  }
  return finish(r);
}

/**
 * The field's text. Most of a report is sentinels, `true` and `false`: those are the literals, not a
 * string made for each (a string that short is copied, not sliced), which saves most of its allocations.
 */
function fieldAt(text: string, start: number, end: number): string {
  const n = end - start;
  if (n === 3 && text.startsWith('N/A', start)) return 'N/A';
  if (n === 4 && text.startsWith('true', start)) return 'true';
  if (n === 5 && text.startsWith('false', start)) return 'false';
  if (n === 13 && text.startsWith('not_supported', start)) return 'not_supported';
  if (n === 14 && text.startsWith('no_information', start)) return 'no_information';
  return text.slice(start, end);
}

/** Where the line starting at `from` ends: its `\n`, or the end of the text. */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/** The end of a line's content: before the CR of a CRLF (or of a last line ending in CR). */
function contentEnd(text: string, from: number, end: number): number {
  return end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/**
 * A row's typed values (see CredentialReportRow), or null when one does not parse. Dates and
 * booleans in loops of their own, AWS's spellings first: a large report has hundreds of thousands.
 */
function typedValues(values: readonly string[], layout: Layout): ReportValue[] | null {
  const typed = layout.blank.slice();
  const { dates } = layout;
  for (let k = 0; k < dates.length; k++) {
    const i = dates[k] as number;
    const value = values[i] ?? '';
    const t = parseInstant(value);
    if (t !== null) typed[i] = t;
    else if (!isReportSentinel(value)) return null;
  }
  return typedBooleans(typed, values, layout);
}

/** typedValues with each date parsed from the text at its offsets. */
function typedInPlace(text: string, starts: readonly number[], ends: readonly number[], values: readonly string[], layout: Layout): ReportValue[] | null {
  const typed = layout.blank.slice();
  const { dates } = layout;
  for (let k = 0; k < dates.length; k++) {
    const i = dates[k] as number;
    const t = parseInstantAt(text, starts[i] as number, ends[i] as number);
    if (t !== null) typed[i] = t;
    else if (!isReportSentinel(values[i] ?? '')) return null;
  }
  return typedBooleans(typed, values, layout);
}

function typedBooleans(typed: ReportValue[], values: readonly string[], layout: Layout): ReportValue[] | null {
  const { booleans } = layout;
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

import type { LineColumn, NonEmpty } from '../diagnostics/index.ts';
import { escapeInput, quoteInput } from './input-text.ts';
import { type DuplicateKey, type JsonPathSegment, scanJson } from './json-scan.ts';

export type { JsonPathSegment } from './json-scan.ts';

export type JsonProblem =
  | { readonly kind: 'syntax'; readonly message: string; readonly at: LineColumn | null }
  | { readonly kind: 'duplicate-key'; readonly key: string; readonly path: readonly JsonPathSegment[]; readonly at: LineColumn; readonly first: LineColumn };

export type JsonText = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: NonEmpty<JsonProblem>; readonly more: number };

/**
 * JSON.parse, refusing duplicate keys. JSON.parse keeps the last of them without a word, but AWS
 * rejects policies that have any, and a dropped `StringEquals` or finding changes a verdict. The
 * check is linear and cheap: the text's keys are counted (a string followed by `:`) and compared
 * with the parsed objects' keys, which are fewer exactly when some key repeats; only then, or
 * when JSON.parse fails, does the slower scanner run to say where.
 */
export function parseJson(text: string, maxProblems = 20): JsonText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (caught) {
    const scan = scanJson(text, 0);
    if (scan.syntax === null) {
      // The scanner and V8 disagree: V8's message is still worth showing, quoted safely.
      const message = caught instanceof Error ? caught.message : String(caught);
      return { ok: false, problems: [{ kind: 'syntax', message: escapeInput(message.charAt(0).toLowerCase() + message.slice(1)), at: null }], more: 0 };
    }
    if (text.trim() === '') return { ok: false, problems: [{ kind: 'syntax', message: 'it is empty', at: null }], more: 0 };
    const [at] = lineColumns(text, [scan.syntax.offset]);
    return { ok: false, problems: [{ kind: 'syntax', message: scan.syntax.message, at: at ?? null }], more: 0 };
  }
  if (typeof value !== 'object' || value === null || countKeyTokens(text) === countKeys(value)) return { ok: true, value };
  const scan = scanJson(text, maxProblems);
  const [first, ...rest] = scan.duplicates;
  // INVARIANT: the counts differ only when a key repeats, and then the scanner finds it.
  if (first === undefined) throw new Error('bug: key counts differ but no duplicate key was found');
  const positions = lineColumns(
    text,
    scan.duplicates.flatMap((d) => [d.offset, d.firstOffset]),
  );
  const problem = (d: DuplicateKey, i: number): JsonProblem => ({ kind: 'duplicate-key', key: d.key, path: d.path, at: positions[2 * i] as LineColumn, first: positions[2 * i + 1] as LineColumn });
  return { ok: false, problems: [problem(first, 0), ...rest.map((d, i) => problem(d, i + 1))], more: scan.more };
}

/** `unexpected character `'` at line 2, column 5`, or `a duplicate key `Sid` at line 3, column 7; the first is at line 2, column 7`. */
export function describeJsonProblem(problem: JsonProblem): string {
  if (problem.kind === 'syntax') return problem.at === null ? problem.message : `${problem.message} at ${where(problem.at)}`;
  return `a duplicate key ${quoteInput(problem.key)} at ${where(problem.at)}; the first is at ${where(problem.first)}`;
}

/** `iam.authorizationDetails.UserDetailList[3].UserName` (with `root` `$`: `$.findings[0].rule`). */
export function formatJsonPath(segments: readonly JsonPathSegment[], root = ''): string {
  let path = root;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${escapeInput(JSON.stringify(segment))}]`;
  }
  return path;
}

function where(at: LineColumn): string {
  return `line ${at.line}, column ${at.column}`;
}

/**
 * Keys in valid JSON text: strings followed by `:`. Only quotes are searched for (indexOf), and a
 * string that follows `:` or `,` directly needs no search, so this takes about a third of the
 * time JSON.parse does. A quote inside a string is escaped by an odd number of backslashes;
 * outside strings there are no backslashes.
 */
function countKeyTokens(text: string): number {
  let keys = 0;
  let i = text.indexOf('"');
  while (i !== -1) {
    let end = text.indexOf('"', i + 1);
    while (end !== -1 && text.charCodeAt(end - 1) === 0x5c && oddBackslashesBefore(text, end)) end = text.indexOf('"', end + 1);
    if (end === -1) return keys;
    let next = skipSpace(text, end + 1);
    const c = text.charCodeAt(next);
    if (c === 0x3a || c === 0x2c) {
      if (c === 0x3a) keys++;
      next = skipSpace(text, next + 1);
    }
    i = text.charCodeAt(next) === 0x22 ? next : text.indexOf('"', next);
  }
  return keys;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(i)) i++;
  return i;
}

function oddBackslashesBefore(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 0x5c) k--;
  return (at - 1 - k) % 2 === 1;
}

/** Keys of every object in a parsed value; iterative, as JSON.parse accepts any depth. */
function countKeys(root: object): number {
  let keys = 0;
  const pending: object[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      const items = node as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (typeof item === 'object' && item !== null) pending.push(item);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      keys++;
      const item = record[key];
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
  }
  return keys;
}

/** Line and column of each offset, in one pass over the text. */
export function lineColumns(text: string, offsets: readonly number[]): LineColumn[] {
  const order = offsets.map((offset, index) => ({ offset, index })).sort((a, b) => a.offset - b.offset);
  const out: LineColumn[] = new Array<LineColumn>(offsets.length);
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf('\n');
  for (const { offset, index } of order) {
    while (newline !== -1 && newline < offset) {
      line++;
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    out[index] = { line, column: offset - lineStart + 1 };
  }
  return out;
}

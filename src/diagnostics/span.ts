import { frontEndWork } from './work.ts';

/** A region of one source file, as offsets; line and column are computed when rendering. */
export interface Span {
  readonly file: string;
  /** Offset of the first character (0-based, UTF-16 code units). */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

/** The smallest span covering both. INVARIANT: both spans are in the same file. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export interface LineColumn {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

/** Line and column of an offset in a text (1-based both). */
export function lineColumnAt(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The offsets of a text's line breaks (`\n`), in order: what {@link lineColumnIn} searches. */
export function lineBreaksOf(text: string): number[] {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  frontEndWork.steps += breaks.length;
  return breaks;
}

/**
 * The number of leading items `0..count-1` for which `holds` is true, when it is true up to some
 * index and false after (a binary search, as Rust's `partition_point`).
 */
export function partitionPoint(count: number, holds: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    frontEndWork.steps++;
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The number of line breaks before `offset`, i.e. its 0-based line. */
export function linesBefore(breaks: readonly number[], offset: number): number {
  return partitionPoint(breaks.length, (i) => (breaks[i] ?? 0) < offset);
}

/**
 * {@link lineColumnAt} from the text's line breaks, in log time: for callers that locate many
 * offsets in one text (lineColumnAt rescans from the start each time).
 */
export function lineColumnIn(breaks: readonly number[], offset: number): LineColumn {
  const at = Math.max(offset, 0);
  const line = linesBefore(breaks, at);
  const lineStart = line === 0 ? 0 : (breaks[line - 1] ?? -1) + 1;
  return { line: line + 1, column: at - lineStart + 1 };
}

/** The text of the line containing the offset, without its line break. */
export function lineTextAt(text: string, offset: number): string {
  const at = Math.min(Math.max(offset, 0), text.length);
  const start = text.lastIndexOf('\n', at - 1) + 1;
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  return text.slice(start, end).replace(/\r$/, '');
}

import type { Span } from '../diagnostics/index.ts';
import { linesBefore, partitionPoint } from '../diagnostics/index.ts';
import type { Comment, RuleFile, Statement } from './ast.ts';
import { INDENT, type PrintedLine, statementLines } from './print.ts';

// A rule file printed whole: each statement by the canonical printer (print.ts), with its comments
// put back near what they followed and the source's blank lines between statements kept.

/** Where line breaks are, to tell which line an offset is on. */
interface Layout {
  readonly breaks: readonly number[];
}

function lineOf(layout: Layout, offset: number): number {
  return linesBefore(layout.breaks, offset);
}

/** How many of the `count` items, sorted by `keyAt`, have a key at most `x`. */
function countAtMost(count: number, keyAt: (i: number) => number, x: number): number {
  return partitionPoint(count, (i) => keyAt(i) <= x);
}

function columnOf(layout: Layout, offset: number): number {
  const line = lineOf(layout, offset);
  const lineStart = line === 0 ? 0 : (layout.breaks[line - 1] ?? -1) + 1;
  return offset - lineStart;
}

/** Every span end inside a statement: the places a line's last token may end. */
function spanEnds(node: unknown, into: number[] = []): number[] {
  if (Array.isArray(node)) {
    for (const item of node) spanEnds(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'span' || key === 'keySpan') && typeof value === 'object' && value !== null && 'end' in value) {
        into.push((value as Span).end);
      } else {
        spanEnds(value, into);
      }
    }
  }
  return into;
}

interface PlacedStatement {
  readonly lines: readonly PrintedLine[];
  /**
   * Comments by output slot: slot 2i is own-line comments before printed line i, slot 2i+1 the
   * end-of-line comment of line i, slot 2n own-line comments after the last line.
   */
  readonly slots: Map<number, Comment[]>;
}

/**
 * Puts each comment of a statement back near what it followed: an end-of-line comment at the end of
 * the printed line holding the last thing before it, an own-line comment before the first printed
 * line that came after it. Slots only move forward, so comments keep their order; a second
 * end-of-line comment for one line goes on its own line below it.
 */
function placeComments(statement: Statement, comments: readonly Comment[], layout: Layout | null): PlacedStatement {
  const lines = statementLines(statement);
  const slots = new Map<number, Comment[]>();
  const bySource = lines.map((line, index) => ({ line, index })).sort((a, b) => a.line.sourceStart - b.line.sourceStart);
  const ends = layout === null ? [] : [statement.span.start, ...spanEnds(statement)].sort((a, b) => a - b);
  const sourceStartAt = (i: number): number => bySource[i]?.line.sourceStart ?? 0;
  let last = 0;
  for (const c of comments) {
    // The last place something of the statement ended before the comment, if on the comment's line
    // (the last end at or before it is, when any end on that line is).
    let endOnLine: number | null = null;
    if (layout !== null) {
      const before = ends[countAtMost(ends.length, (i) => ends[i] ?? 0, c.span.start) - 1];
      if (before !== undefined && lineOf(layout, before) === lineOf(layout, c.span.start)) endOnLine = before;
    }
    let slot: number;
    if (endOnLine !== null) {
      const anchor = Math.max(statement.span.start, endOnLine - 1);
      const target = bySource[countAtMost(bySource.length, sourceStartAt, anchor) - 1] ?? bySource[0];
      slot = 2 * (target?.index ?? 0) + 1;
    } else {
      const next = bySource[countAtMost(bySource.length, sourceStartAt, c.span.start)];
      slot = 2 * (next === undefined ? lines.length : next.index);
    }
    if (slot < last) slot = last;
    // An end-of-line slot holds one comment.
    if (slot % 2 === 1 && slots.has(slot)) slot++;
    const list = slots.get(slot) ?? [];
    list.push(c);
    slots.set(slot, list);
    last = slot;
  }
  return { lines, slots };
}

function commentText(c: Comment): string {
  return `#${c.text.trimEnd()}`;
}

function renderPlaced(placed: PlacedStatement): string[] {
  const out: string[] = [];
  const ownLine = (slot: number): void => {
    for (const c of placed.slots.get(slot) ?? []) out.push(INDENT + commentText(c));
  };
  placed.lines.forEach((line, index) => {
    ownLine(2 * index);
    const trailing = placed.slots.get(2 * index + 1)?.[0];
    const text = line.indent ? INDENT + line.text : line.text;
    out.push(trailing === undefined ? text : `${text}  ${commentText(trailing)}`);
  });
  ownLine(2 * placed.lines.length);
  return out;
}

/** A top-level piece of output and the source region it came from, for blank lines. */
interface Chunk {
  readonly lines: readonly string[];
  readonly sourceStart: number;
  readonly sourceEnd: number;
}

export function printRuleFile(file: RuleFile): string {
  const layout: Layout | null = file.lineBreaks === undefined ? null : { breaks: file.lineBreaks };
  const statements = file.statements;
  const comments = [...file.comments].sort((a, b) => a.span.start - b.span.start);
  const leading = statements.map((): Comment[] => []);
  const attached = statements.map((): Comment[] => []);
  const trailer: Comment[] = [];

  const statementStartAt = (i: number): number => statements[i]?.span.start ?? Number.POSITIVE_INFINITY;
  for (const c of comments) {
    // The statement the comment comes after, if any (statements are in source order).
    const owner = countAtMost(statements.length, statementStartAt, c.span.start) - 1;
    // An unindented comment line ends the statement above it; without a layout, assume that.
    const unindented = layout === null || columnOf(layout, c.span.start) === 0;
    if (owner >= 0 && !unindented) attached[owner]?.push(c);
    else if (owner + 1 < statements.length) leading[owner + 1]?.push(c);
    else trailer.push(c);
  }

  const chunks: Chunk[] = [];
  statements.forEach((statement, i) => {
    for (const c of leading[i] ?? []) chunks.push({ lines: [commentText(c)], sourceStart: c.span.start, sourceEnd: c.span.end });
    const own = attached[i] ?? [];
    let end = statement.span.end;
    for (const c of own) end = Math.max(end, c.span.end);
    chunks.push({ lines: renderPlaced(placeComments(statement, own, layout)), sourceStart: statement.span.start, sourceEnd: end });
  });
  for (const c of trailer) chunks.push({ lines: [commentText(c)], sourceStart: c.span.start, sourceEnd: c.span.end });

  const out: string[] = [];
  chunks.forEach((chunk, i) => {
    const previous = chunks[i - 1];
    if (previous !== undefined && layout !== null && lineOf(layout, chunk.sourceStart) - lineOf(layout, previous.sourceEnd) >= 2) out.push('');
    for (const line of chunk.lines) out.push(line);
  });
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

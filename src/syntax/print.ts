import type { Span } from '../diagnostics/index.ts';
import { linesBefore, partitionPoint } from '../diagnostics/index.ts';
import type { CanWhat, Comment, Condition, DefineDeclaration, ExceptClause, Filter, Literal, MetadataClause, NamePhrase, Operand, Rule, RuleBody, RuleFile, Scope, Statement, Word } from './ast.ts';
import { derivedRuleId } from './derived-rule-id.ts';
import { plainDecimal, quoteString } from './literal-values.ts';
import { principalClassText } from './principal-class.ts';

/**
 * The canonical printer: single spaces, lowercase keywords, `have` (never `has`), `exist`, `allow`,
 * `trust`, strings re-escaped, one statement per line except rule blocks:
 *
 *   rule <id> "<title>" severity <sev>:
 *     <body>
 *     except ...
 *     rationale "..."
 *
 * Parentheses: a `group` node prints as parentheses, and nothing else does for trees the parser
 * built, so printing then parsing gives the same tree. A tree built in code that could not have
 * been parsed (an `or` directly inside an `and`, a quantifier's greedy `where` followed by
 * `and`) gets the parentheses its meaning needs.
 *
 * Error nodes print as `<error>`, which does not parse: format only files without diagnostics.
 */

const ERROR_TEXT = '<error>';
const INDENT = '  ';

export function printLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return quoteString(literal.value);
    case 'number':
      return plainDecimal(literal.value);
    case 'duration':
      return `${literal.amount}${literal.unit}`;
    case 'date':
      return literal.value;
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'list':
      return `[${literal.items.map(printLiteral).join(', ')}]`;
  }
}

function printName(phrase: NamePhrase): string {
  return phrase.words.map((w) => w.text).join(' ');
}

function printOperand(operand: Operand): string {
  return operand.kind === 'name' ? printName(operand) : printLiteral(operand);
}

/** Binding strength: `or` < `and` < `not` < everything else (primaries). */
type Level = 0 | 1 | 2 | 3;

function levelOf(c: Condition): Level {
  switch (c.kind) {
    case 'or':
      return 0;
    case 'and':
      return 1;
    case 'not':
      return 2;
    case 'have':
    case 'have-value':
    case 'compare':
    case 'count':
    case 'no':
    case 'any':
    case 'all':
    case 'exist':
    case 'allow':
    case 'trust':
    case 'can':
    case 'admin':
    case 'guardrail':
    case 'named':
    case 'trust-class':
    case 'principal-is':
    case 'requires-key':
    case 'some':
    case 'group':
    case 'error':
      return 3;
  }
}

/**
 * Prints `c` where the grammar expects at least `min`; `followed` says whether `and`/`or` come
 * right after in the same condition, in which case a greedy quantifier `where` must be closed.
 */
function condition(c: Condition, min: Level, followed: boolean): string {
  if (levelOf(c) < min) return `(${condition(c, 0, false)})`;
  switch (c.kind) {
    case 'have':
      return c.style === 'have' ? `have ${printName(c.attribute)}` : printName(c.attribute);
    case 'have-value':
      return `have ${printName(c.attribute)} ${printOperand(c.value)}`;
    case 'compare': {
      const text = `${printName(c.left)} ${c.op} ${printOperand(c.right)}`;
      return c.style === 'have' ? `have ${text}` : text;
    }
    case 'count':
    case 'no': {
      const head = c.kind === 'count' ? `have ${c.quantifier} ${c.count} ${printName(c.attribute)}` : `have no ${printName(c.attribute)}`;
      if (c.where === null) return head;
      const text = `${head} where ${condition(c.where, 0, false)}`;
      return followed ? `(${text})` : text;
    }
    case 'any':
    case 'all': {
      const text = `${c.kind} ${printName(c.attribute)} where ${condition(c.where, 0, false)}`;
      return followed ? `(${text})` : text;
    }
    case 'exist':
      return 'exist';
    case 'allow':
      return c.resource === null ? `allow ${printLiteral(c.action)}` : `allow ${printLiteral(c.action)} on ${printLiteral(c.resource)}`;
    case 'trust':
      return `trust ${printLiteral(c.principal)}`;
    case 'trust-class':
      return `trust ${principalClassText(c.principal, 'trust')}`;
    case 'principal-is':
      return `principal is ${principalClassText(c.principal, 'is')}`;
    case 'requires-key':
      return `requires key ${printLiteral(c.key)}`;
    case 'some': {
      const head = `have ${c.article} ${printName(c.attribute)}`;
      if (c.where === null) return head;
      const text = `${head} where ${condition(c.where, 0, false)}`;
      return followed ? `(${text})` : text;
    }
    case 'can':
      return `${c.style} ${printCanWhat(c.what)}${c.unconditionally ? ' unconditionally' : ''}`;
    case 'admin':
      return c.unconditionally ? `${c.style} unconditionally` : c.style;
    case 'guardrail': {
      const head = c.style === 'deny' ? `${c.policies} deny` : `have ${c.policies} denying`;
      const regions = c.regions === null ? '' : ` outside regions ${printOperand(c.regions)}`;
      return `${head} ${printLiteral(c.action)}${c.resource === null ? '' : ` on ${printLiteral(c.resource)}`}${regions}${c.unconditionally ? ' unconditionally' : ''}`;
    }
    case 'named':
      return `${printName(c.name)} ${c.arguments.map(printOperand).join(' ')}`;
    case 'and':
    case 'or': {
      const operandMin: Level = c.kind === 'and' ? 2 : 1;
      const last = c.operands.length - 1;
      return c.operands.map((o, i) => condition(o, operandMin, i < last || followed)).join(` ${c.kind} `);
    }
    case 'not':
      return `not ${condition(c.operand, 2, followed)}`;
    case 'group':
      return `(${condition(c.operand, 0, false)})`;
    case 'error':
      return ERROR_TEXT;
  }
}

function printCanWhat(what: CanWhat): string {
  if (what.kind === 'escalate') return 'escalate';
  const actions = printOperand(what.actions);
  return what.resource === null ? actions : `${actions} on ${printLiteral(what.resource)}`;
}

export function printCondition(c: Condition): string {
  return condition(c, 0, false);
}

function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'where':
    case 'with':
      return `${filter.kind} ${printCondition(filter.condition)}`;
    case 'inline': {
      const parts: string[] = [];
      if (filter.comparison !== null) parts.push(`${filter.comparison.op} ${printOperand(filter.comparison.right)}`);
      const last = filter.rest.length - 1;
      filter.rest.forEach((r, i) => void parts.push(`${r.connective} ${condition(r.condition, 2, i < last)}`));
      return parts.join(' ');
    }
  }
}

export function printScope(scope: Scope): string {
  return scope.filter === null ? printName(scope.phrase) : `${printName(scope.phrase)} ${printFilter(scope.filter)}`;
}

/**
 * A body on one line, for titles and derived rule ids (and so kept as it is): `must` before a
 * condition that starts with `not` would read as `must not`, so that condition is parenthesized.
 * The file printer must not add a group; it continues the line instead, see {@link bodyText}.
 */
export function printRuleBody(body: RuleBody): string {
  return bodyText(body, null);
}

/** `continued` is the line break and indentation that separates `must` from a leading `not`, or null to parenthesize. */
function bodyText(body: RuleBody, continued: string | null): string {
  switch (body.kind) {
    case 'denied':
      return `${printScope(body.scope)} denied`;
    case 'must-not':
      return `${printScope(body.scope)} must not ${printCondition(body.condition)}`;
    case 'must': {
      const text = printCondition(body.condition);
      if (!/^not\b/.test(text)) return `${printScope(body.scope)} must ${text}`;
      return continued === null ? `${printScope(body.scope)} must (${text})` : `${printScope(body.scope)} must${continued}${text}`;
    }
  }
}

/** A continued line is indented one step more than the line it continues. */
function continuation(indent: boolean): string {
  return `\n${INDENT}${indent ? INDENT : ''}`;
}

function printMetadataValue(value: Literal | Word): string {
  return 'kind' in value ? printLiteral(value) : value.text;
}

function printMetadata(m: MetadataClause): string {
  return `${m.key} ${printMetadataValue(m.value)}`;
}

function printExcept(e: ExceptClause): string {
  let text = `except ${printName(e.target)} ${printLiteral(e.name)}`;
  if (e.until !== null) text += ` until ${printLiteral(e.until)}`;
  if (e.because !== null) text += ` because ${printLiteral(e.because)}`;
  return text;
}

/** A printed line of a statement, with where its content starts in the source (for comments). */
interface PrintedLine {
  readonly text: string;
  readonly indent: boolean;
  readonly sourceStart: number;
}

function isBare(rule: Rule): boolean {
  return rule.id === null && rule.title === null && rule.metadata.length === 0 && rule.exceptions.length === 0;
}

function ruleLines(rule: Rule): PrintedLine[] {
  if (isBare(rule)) return [{ text: bodyText(rule.body, continuation(false)), indent: false, sourceStart: rule.span.start }];
  // A bare statement cannot carry clauses, so one that has them prints as a named rule.
  const id = rule.id?.text ?? derivedRuleId(rule.body);
  const leading = rule.metadata.findIndex((m) => m.key !== 'severity');
  const headerCount = leading === -1 ? rule.metadata.length : leading;
  const header = rule.metadata.slice(0, headerCount);
  let head = `rule ${id}`;
  if (rule.title !== null) head += ` ${printLiteral(rule.title)}`;
  for (const m of header) head += ` ${printMetadata(m)}`;
  return [
    { text: `${head}:`, indent: false, sourceStart: rule.span.start },
    { text: bodyText(rule.body, continuation(true)), indent: true, sourceStart: rule.body.span.start },
    ...rule.exceptions.map((e) => ({ text: printExcept(e), indent: true, sourceStart: e.span.start })),
    ...rule.metadata.slice(headerCount).map((m) => ({ text: printMetadata(m), indent: true, sourceStart: m.span.start })),
  ];
}

function statementLines(statement: Statement): PrintedLine[] {
  switch (statement.kind) {
    case 'rule':
      return ruleLines(statement);
    case 'let':
    case 'param':
      return [{ text: `${statement.kind} ${statement.name.text} = ${printLiteral(statement.value)}`, indent: false, sourceStart: statement.span.start }];
    case 'define':
      return defineLines(statement);
    case 'error':
      return [{ text: ERROR_TEXT, indent: false, sourceStart: statement.span.start }];
  }
}

/** `define <name> (<param> <type>, ...) for <target>:` and the condition on its own line, as a rule block. */
function defineLines(d: DefineDeclaration): PrintedLine[] {
  const parameters = d.parameters.length === 0 ? '' : ` (${d.parameters.map((p) => `${p.name.text} ${p.type.text}`).join(', ')})`;
  return [
    { text: `define ${printName(d.name)}${parameters} for ${printName(d.target)}:`, indent: false, sourceStart: d.span.start },
    { text: printCondition(d.condition), indent: true, sourceStart: d.condition.span.start },
  ];
}

function render(lines: readonly PrintedLine[]): string {
  return lines.map((l) => (l.indent ? INDENT + l.text : l.text)).join('\n');
}

export function printRule(rule: Rule): string {
  return render(ruleLines(rule));
}

export function printStatement(statement: Statement): string {
  return render(statementLines(statement));
}

// ---------------------------------------------------------------------------------------------
// Files: statements, comments and blank lines.

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

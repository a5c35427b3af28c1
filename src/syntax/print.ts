import type { CanWhat, Condition, DefineDeclaration, ExceptClause, Filter, Literal, MetadataClause, NamePhrase, Operand, Rule, RuleBody, Scope, Statement, Word } from './ast.ts';
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
export const INDENT = '  ';

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
export interface PrintedLine {
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

export function statementLines(statement: Statement): PrintedLine[] {
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

import type { CstNode, IToken } from 'chevrotain';
import { error } from '../diagnostics/index.ts';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import type {
  ComparisonOp,
  Condition,
  CountQuantifier,
  ExceptClause,
  Filter,
  InlineFilter,
  LetDeclaration,
  Literal,
  MetadataClause,
  NamePhrase,
  Operand,
  Rule,
  RuleBody,
  RuleId,
  Scope,
  Statement,
  StringLiteral,
  Word,
} from './ast.ts';
import type {
  AndConditionCstNode,
  AttributeConditionCstNode,
  AttributeTailCstNode,
  BodyCstNode,
  ComparisonCstNode,
  ConditionCstNode,
  CountTailCstNode,
  ExceptClauseCstNode,
  HaveConditionCstNode,
  InlineFilterCstNode,
  InlineRestCstNode,
  LetDeclarationCstNode,
  ListCstNode,
  LiteralCstNode,
  MetadataCstNode,
  NamePhraseCstNode,
  NoTailCstNode,
  NotConditionCstNode,
  OperandCstNode,
  PrimaryCstNode,
  QuantifiedConditionCstNode,
  RuleDeclarationCstNode,
  RuleIdCstNode,
  ScopeCstNode,
  ScopeConditionCstNode,
  StatementCstNode,
} from './generated/cst.d.ts';
import { isCalendarDate, unescapeString } from './literal-values.ts';
import { MalformedNumber, UnterminatedString } from './tokens.ts';

/**
 * CST → AST, as plain functions over the generated CST types. A CST node that error recovery
 * touched (re-synced, or holding a token the parser inserted) becomes `{ kind: 'error' }` where
 * the AST allows one (conditions, statements), never a guess. Parts that cannot be an error node
 * (a scope, a literal) return null and their statement becomes an error.
 *
 * The generated types say which children a *complete* node has; recovered nodes may lack any of
 * them, so every child is read through `one`/`all`, which tolerate absence.
 */

export interface ConversionContext {
  readonly file: string;
  /** Problems found while converting (bad literals); parse errors are reported by parse.ts. */
  readonly diagnostics: Diagnostic[];
}

/** Marks a part that could not be converted; its statement becomes an error. */
type Broken = null;

function usable(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset) && token.startOffset >= 0;
}

function one(tokens: readonly IToken[] | undefined): IToken | undefined {
  return tokens?.[0];
}

function all<T>(items: readonly T[] | undefined): readonly T[] {
  return items ?? [];
}

function tokenSpan(ctx: ConversionContext, token: IToken): Span {
  return { file: ctx.file, start: token.startOffset, end: token.startOffset + token.image.length };
}

function between(ctx: ConversionContext, start: { readonly span: Span } | IToken, end: { readonly span: Span } | IToken): Span {
  const from = 'span' in start ? start.span.start : start.startOffset;
  const to = 'span' in end ? end.span.end : end.startOffset + end.image.length;
  return { file: ctx.file, start: from, end: to };
}

/** Every usable token under a node, in source order. */
function tokensOf(node: CstNode): IToken[] {
  const found: IToken[] = [];
  const walk = (n: CstNode): void => {
    for (const children of Object.values(n.children)) {
      for (const child of children) {
        if ('children' in child) walk(child);
        else if (usable(child)) found.push(child);
      }
    }
  };
  walk(node);
  return found.sort((a, b) => a.startOffset - b.startOffset);
}

/** The region a node covers; null when it holds no real token. */
export function nodeSpan(ctx: ConversionContext, node: CstNode): Span | null {
  const tokens = tokensOf(node);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first === undefined || last === undefined ? null : between(ctx, first, last);
}

/** Whether recovery touched the node itself (not its sub-rules): re-synced, or an inserted token. */
function damaged(node: CstNode): boolean {
  if (node.recoveredNode === true) return true;
  for (const children of Object.values(node.children)) {
    for (const child of children) {
      if (!('children' in child) && !usable(child)) return true;
    }
  }
  return false;
}

function badLiteral(ctx: ConversionContext, message: string, span: Span, hint: string): Broken {
  ctx.diagnostics.push(error('syntax/bad-literal', message, span, { hint }));
  return null;
}

// ---------------------------------------------------------------------------------------------
// Statements

export function statementToAst(ctx: ConversionContext, node: StatementCstNode, fallback: Span): Statement {
  // Only a broken statement needs the walk over all its tokens that nodeSpan does.
  const errorStatement = (): Statement => ({ kind: 'error', span: nodeSpan(ctx, node) ?? fallback });
  if (damaged(node)) return errorStatement();
  const letNode = node.children.letDeclaration?.[0];
  const ruleNode = node.children.ruleDeclaration?.[0];
  const bodyNode = node.children.body?.[0];
  const converted = letNode ? letDeclaration(ctx, letNode) : ruleNode ? ruleDeclaration(ctx, ruleNode) : bodyNode ? bareRule(ctx, bodyNode) : null;
  return converted ?? errorStatement();
}

function letDeclaration(ctx: ConversionContext, node: LetDeclarationCstNode): LetDeclaration | Broken {
  if (damaged(node)) return null;
  const keyword = one(node.children.Let) ?? one(node.children.Param);
  const name = one(node.children.Word);
  const valueNode = node.children.literal?.[0];
  if (!usable(keyword) || !usable(name) || !valueNode) return null;
  const value = literal(ctx, valueNode);
  if (value === null) return null;
  return {
    kind: node.children.Let ? 'let' : 'param',
    name: { text: name.image, span: tokenSpan(ctx, name) },
    value,
    span: between(ctx, keyword, value),
  };
}

function bareRule(ctx: ConversionContext, node: BodyCstNode): Rule | Broken {
  const converted = body(ctx, node);
  if (converted === null) return null;
  return { kind: 'rule', id: null, title: null, metadata: [], body: converted, exceptions: [], span: converted.span };
}

function ruleDeclaration(ctx: ConversionContext, node: RuleDeclarationCstNode): Rule | Broken {
  if (damaged(node)) return null;
  const keyword = one(node.children.Rule);
  const idNode = node.children.ruleId?.[0];
  const bodyNode = node.children.body?.[0];
  if (!usable(keyword) || !idNode || !bodyNode) return null;
  const id = ruleId(ctx, idNode);
  const titleToken = one(node.children.StringLiteral);
  const title = titleToken ? stringLiteral(ctx, titleToken) : null;
  const converted = body(ctx, bodyNode);
  const header = all(node.children.headerMetadata).map((m) => metadata(ctx, m));
  const trailing = all(node.children.trailingMetadata).map((m) => metadata(ctx, m));
  const exceptions = all(node.children.exceptClause).map((e) => exceptClause(ctx, e));
  if (id === null || (titleToken && title === null) || converted === null) return null;
  const metadataClauses = [...header, ...trailing];
  if (metadataClauses.some((m) => m === null) || exceptions.some((e) => e === null)) return null;
  const clauses = [...metadataClauses, ...exceptions].filter((c): c is MetadataClause | ExceptClause => c !== null);
  const end = clauses.reduce<{ readonly span: Span }>((last, c) => (c.span.end > last.span.end ? c : last), converted);
  return {
    kind: 'rule',
    id,
    title,
    metadata: metadataClauses.filter((m): m is MetadataClause => m !== null),
    body: converted,
    exceptions: exceptions.filter((e): e is ExceptClause => e !== null),
    span: between(ctx, keyword, end),
  };
}

function ruleId(ctx: ConversionContext, node: RuleIdCstNode): RuleId | Broken {
  if (damaged(node)) return null;
  const words = all(node.children.Word);
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return null;
  return { text: words.map((w) => w.image).join('.'), span: between(ctx, first, last) };
}

function metadata(ctx: ConversionContext, node: MetadataCstNode): MetadataClause | Broken {
  if (damaged(node)) return null;
  const { Severity, Rationale, Remediation, References, Word: words, StringLiteral: strings, literal: literals } = node.children;
  const keyToken = one(Severity) ?? one(Rationale) ?? one(Remediation) ?? one(References);
  if (!usable(keyToken)) return null;
  const key = Severity ? 'severity' : Rationale ? 'rationale' : Remediation ? 'remediation' : 'references';
  let value: Literal | Word | Broken = null;
  if (Severity) {
    const word = one(words);
    value = usable(word) ? { text: word.image, span: tokenSpan(ctx, word) } : null;
  } else if (References) {
    const literalNode = literals?.[0];
    value = literalNode ? literal(ctx, literalNode) : null;
  } else {
    const token = one(strings);
    value = token ? stringLiteral(ctx, token) : null;
  }
  if (value === null) return null;
  return { kind: 'metadata', key, keySpan: tokenSpan(ctx, keyToken), value, span: between(ctx, keyToken, value) };
}

function exceptClause(ctx: ConversionContext, node: ExceptClauseCstNode): ExceptClause | Broken {
  if (damaged(node)) return null;
  const keyword = one(node.children.Except);
  const targetNode = node.children.namePhrase?.[0];
  const [nameToken, becauseToken] = all(node.children.StringLiteral);
  const dateToken = one(node.children.DateLiteral);
  if (!usable(keyword) || !targetNode || nameToken === undefined) return null;
  const target = namePhrase(ctx, targetNode);
  const name = stringLiteral(ctx, nameToken);
  const until = dateToken ? dateLiteral(ctx, dateToken) : null;
  const because = becauseToken ? stringLiteral(ctx, becauseToken) : null;
  if (target === null || name === null || (dateToken && until === null) || (becauseToken && because === null)) return null;
  const end = because ?? until ?? name;
  return { kind: 'except', target, name, until, because, span: between(ctx, keyword, end) };
}

// ---------------------------------------------------------------------------------------------
// Bodies and scopes

function body(ctx: ConversionContext, node: BodyCstNode): RuleBody | Broken {
  if (damaged(node)) return null;
  const scopeNode = node.children.scope?.[0];
  if (!scopeNode) return null;
  const converted = scope(ctx, scopeNode);
  if (converted === null) return null;
  const denied = one(node.children.Denied);
  if (denied) {
    return usable(denied) ? { kind: 'denied', scope: converted, span: between(ctx, converted, denied) } : null;
  }
  const conditionNode = node.children.condition?.[0];
  if (!conditionNode || (!node.children.Must && !node.children.MustNot)) return null;
  const c = condition(ctx, conditionNode);
  return { kind: node.children.MustNot ? 'must-not' : 'must', scope: converted, condition: c, span: between(ctx, converted, c) };
}

function scope(ctx: ConversionContext, node: ScopeCstNode): Scope | Broken {
  if (damaged(node)) return null;
  const phraseNode = node.children.namePhrase?.[0];
  if (!phraseNode) return null;
  const phrase = namePhrase(ctx, phraseNode);
  if (phrase === null) return null;
  const whereNode = node.children.scopeCondition?.[0];
  const inlineNode = node.children.inlineFilter?.[0];
  const filter: Filter | Broken | undefined = whereNode ? scopeCondition(ctx, whereNode) : inlineNode ? inlineFilter(ctx, inlineNode) : undefined;
  if (filter === null) return null;
  return { kind: 'scope', phrase, filter: filter ?? null, span: filter ? between(ctx, phrase, filter) : phrase.span };
}

function scopeCondition(ctx: ConversionContext, node: ScopeConditionCstNode): Filter | Broken {
  if (damaged(node)) return null;
  const keyword = one(node.children.Where) ?? one(node.children.With);
  const conditionNode = node.children.condition?.[0];
  if (!usable(keyword) || !conditionNode) return null;
  const c = condition(ctx, conditionNode);
  return { kind: node.children.Where ? 'where' : 'with', condition: c, span: between(ctx, keyword, c) };
}

function inlineFilter(ctx: ConversionContext, node: InlineFilterCstNode): InlineFilter | Broken {
  if (damaged(node)) return null;
  const span = nodeSpan(ctx, node);
  const comparisonNode = node.children.comparison?.[0];
  const operandNode = node.children.operand?.[0];
  let comparison: InlineFilter['comparison'] = null;
  if (comparisonNode || operandNode) {
    const op = comparisonNode ? comparisonOp(comparisonNode) : null;
    const right = operandNode ? operand(ctx, operandNode) : null;
    if (op === null || right === null) return null;
    comparison = { op, right };
  }
  const rest: { connective: 'and' | 'or'; condition: Condition }[] = [];
  for (const restNode of all(node.children.inlineRest)) {
    const converted = inlineRest(ctx, restNode);
    if (converted === null) return null;
    rest.push(converted);
  }
  if (span === null || (comparison === null && rest.length === 0)) return null;
  return { kind: 'inline', comparison, rest, span };
}

function inlineRest(ctx: ConversionContext, node: InlineRestCstNode): { connective: 'and' | 'or'; condition: Condition } | Broken {
  if (damaged(node)) return null;
  const conditionNode = node.children.notCondition?.[0];
  if (!conditionNode) return null;
  return { connective: node.children.And ? 'and' : 'or', condition: notCondition(ctx, conditionNode) };
}

// ---------------------------------------------------------------------------------------------
// Conditions: never null; what cannot be read becomes { kind: 'error' }.

function errorCondition(ctx: ConversionContext, node: CstNode, fallback: Span): Condition {
  return { kind: 'error', span: nodeSpan(ctx, node) ?? fallback };
}

function condition(ctx: ConversionContext, node: ConditionCstNode): Condition {
  const fallback = fallbackSpan(ctx, node);
  if (damaged(node)) return errorCondition(ctx, node, fallback);
  return joined(ctx, 'or', all(node.children.andCondition).map((n) => andCondition(ctx, n)), node, fallback);
}

function andCondition(ctx: ConversionContext, node: AndConditionCstNode): Condition {
  const fallback = fallbackSpan(ctx, node);
  if (damaged(node)) return errorCondition(ctx, node, fallback);
  return joined(ctx, 'and', all(node.children.notCondition).map((n) => notCondition(ctx, n)), node, fallback);
}

/** One operand stands alone; several make one flat n-ary node. */
function joined(ctx: ConversionContext, kind: 'and' | 'or', operands: readonly Condition[], node: CstNode, fallback: Span): Condition {
  const [first, second, ...more] = operands;
  if (first === undefined) return errorCondition(ctx, node, fallback);
  if (second === undefined) return first;
  return { kind, operands: [first, second, ...more], span: between(ctx, first, more[more.length - 1] ?? second) };
}

function notCondition(ctx: ConversionContext, node: NotConditionCstNode): Condition {
  const fallback = fallbackSpan(ctx, node);
  if (damaged(node)) return errorCondition(ctx, node, fallback);
  const not = one(node.children.Not);
  const inner = node.children.notCondition?.[0];
  if (not && inner) {
    const operandCondition = notCondition(ctx, inner);
    return { kind: 'not', operand: operandCondition, span: between(ctx, not, operandCondition) };
  }
  const primaryNode = node.children.primary?.[0];
  return primaryNode ? primary(ctx, primaryNode) : errorCondition(ctx, node, fallback);
}

/** Where an empty recovered node is, for its error span: its own tokens, or none (an empty span). */
function fallbackSpan(ctx: ConversionContext, node: CstNode): Span {
  const start = node.location?.startOffset;
  const at = start !== undefined && Number.isFinite(start) && start >= 0 ? start : 0;
  return { file: ctx.file, start: at, end: at };
}

function primary(ctx: ConversionContext, node: PrimaryCstNode): Condition {
  const fallback = fallbackSpan(ctx, node);
  if (damaged(node)) return errorCondition(ctx, node, fallback);
  const { group, haveCondition: have, existCondition, allowCondition, trustCondition, quantifiedCondition, attributeCondition: attribute } = node.children;
  const span = nodeSpan(ctx, node) ?? fallback;
  let converted: Condition | Broken = null;
  if (group?.[0]) {
    const g = group[0];
    const inner = g.children.condition?.[0];
    converted = !damaged(g) && inner ? { kind: 'group', operand: condition(ctx, inner), span } : null;
  } else if (have?.[0]) {
    converted = haveCondition(ctx, have[0], span);
  } else if (existCondition?.[0]) {
    converted = damaged(existCondition[0]) ? null : { kind: 'exist', span };
  } else if (allowCondition?.[0]) {
    const a = allowCondition[0];
    const [actionToken, resourceToken] = all(a.children.StringLiteral);
    const action = actionToken && !damaged(a) ? stringLiteral(ctx, actionToken) : null;
    const resource = resourceToken ? stringLiteral(ctx, resourceToken) : null;
    converted = action === null || (resourceToken && resource === null) ? null : { kind: 'allow', action, resource, span };
  } else if (trustCondition?.[0]) {
    const t = trustCondition[0];
    const token = one(t.children.StringLiteral);
    const principal = token && !damaged(t) ? stringLiteral(ctx, token) : null;
    converted = principal === null ? null : { kind: 'trust', principal, span };
  } else if (quantifiedCondition?.[0]) {
    converted = quantified(ctx, quantifiedCondition[0], span);
  } else if (attribute?.[0]) {
    converted = attributeCondition(ctx, attribute[0], span);
  }
  return converted ?? { kind: 'error', span };
}

function haveCondition(ctx: ConversionContext, node: HaveConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const countNode = node.children.countTail?.[0];
  const noNode = node.children.noTail?.[0];
  const tailNode = node.children.attributeTail?.[0];
  if (countNode) return countTail(ctx, countNode, span);
  if (noNode) return noTail(ctx, noNode, span);
  if (tailNode) return attributeTail(ctx, tailNode, span);
  return null;
}

function countTail(ctx: ConversionContext, node: CountTailCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const quantifier: CountQuantifier = node.children.AtLeast ? 'at least' : node.children.AtMost ? 'at most' : 'exactly';
  const countToken = one(node.children.NumberLiteral);
  const attributeNode = node.children.namePhrase?.[0];
  if (countToken === undefined || !attributeNode) return null;
  const count = wholeNumber(ctx, countToken, quantifier);
  const attribute = namePhrase(ctx, attributeNode);
  const where = optionalWhere(ctx, node.children.condition);
  if (count === null || attribute === null) return null;
  return { kind: 'count', quantifier, count, attribute, where, span };
}

function noTail(ctx: ConversionContext, node: NoTailCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const attributeNode = node.children.namePhrase?.[0];
  const attribute = attributeNode ? namePhrase(ctx, attributeNode) : null;
  if (attribute === null) return null;
  return { kind: 'no', attribute, where: optionalWhere(ctx, node.children.condition), span };
}

function optionalWhere(ctx: ConversionContext, nodes: readonly ConditionCstNode[] | undefined): Condition | null {
  const node = nodes?.[0];
  return node ? condition(ctx, node) : null;
}

function attributeTail(ctx: ConversionContext, node: AttributeTailCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const attributeNode = node.children.namePhrase?.[0];
  const attribute = attributeNode ? namePhrase(ctx, attributeNode) : null;
  if (attribute === null) return null;
  const comparisonNode = node.children.comparison?.[0];
  const operandNode = node.children.operand?.[0];
  const valueNode = node.children.literal?.[0];
  if (comparisonNode || operandNode) {
    const op = comparisonNode ? comparisonOp(comparisonNode) : null;
    const right = operandNode ? operand(ctx, operandNode) : null;
    if (op === null || right === null) return null;
    return { kind: 'compare', left: attribute, op, right, style: 'have', span };
  }
  if (valueNode) {
    const value = literal(ctx, valueNode);
    return value === null ? null : { kind: 'have-value', attribute, value, span };
  }
  return { kind: 'have', attribute, style: 'have', span };
}

function quantified(ctx: ConversionContext, node: QuantifiedConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const attributeNode = node.children.namePhrase?.[0];
  const whereNode = node.children.condition?.[0];
  const attribute = attributeNode ? namePhrase(ctx, attributeNode) : null;
  if (attribute === null || !whereNode) return null;
  return { kind: node.children.Any ? 'any' : 'all', attribute, where: condition(ctx, whereNode), span };
}

function attributeCondition(ctx: ConversionContext, node: AttributeConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const attributeNode = node.children.namePhrase?.[0];
  const attribute = attributeNode ? namePhrase(ctx, attributeNode) : null;
  if (attribute === null) return null;
  const comparisonNode = node.children.comparison?.[0];
  const operandNode = node.children.operand?.[0];
  if (!comparisonNode && !operandNode) return { kind: 'have', attribute, style: 'bare', span };
  const op = comparisonNode ? comparisonOp(comparisonNode) : null;
  const right = operandNode ? operand(ctx, operandNode) : null;
  if (op === null || right === null) return null;
  return { kind: 'compare', left: attribute, op, right, style: 'bare', span };
}

const COMPARISON_KEYS = {
  Equal: '=',
  NotEqual: '!=',
  Less: '<',
  LessEqual: '<=',
  Greater: '>',
  GreaterEqual: '>=',
  In: 'in',
  NotIn: 'not in',
  Matches: 'matches',
  NotMatches: 'not matches',
  Contains: 'contains',
  NotContains: 'not contains',
} as const satisfies Record<keyof ComparisonCstNode['children'], ComparisonOp>;

function comparisonOp(node: ComparisonCstNode): ComparisonOp | Broken {
  if (damaged(node)) return null;
  for (const [key, op] of Object.entries(COMPARISON_KEYS)) {
    if (node.children[key as keyof typeof COMPARISON_KEYS]) return op;
  }
  return null;
}

function operand(ctx: ConversionContext, node: OperandCstNode): Operand | Broken {
  if (damaged(node)) return null;
  const literalNode = node.children.literal?.[0];
  const phraseNode = node.children.namePhrase?.[0];
  if (literalNode) return literal(ctx, literalNode);
  if (phraseNode) return namePhrase(ctx, phraseNode);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Names and literals

function namePhrase(ctx: ConversionContext, node: NamePhraseCstNode): NamePhrase | Broken {
  if (damaged(node)) return null;
  const words = all(node.children.Word).map((w): Word => ({ text: w.image, span: tokenSpan(ctx, w) }));
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return null;
  return { kind: 'name', words, span: between(ctx, first, last) };
}

function literal(ctx: ConversionContext, node: LiteralCstNode): Literal | Broken {
  if (damaged(node)) return null;
  const { StringLiteral: s, NumberLiteral: n, DurationLiteral: d, DateLiteral: date, True: t, False: f, list: l } = node.children;
  const token = one(s) ?? one(n) ?? one(d) ?? one(date) ?? one(t) ?? one(f);
  if (token !== undefined) {
    if (token.tokenType === MalformedNumber) return malformedNumber(ctx, token);
    const span = tokenSpan(ctx, token);
    if (s) return stringLiteral(ctx, token);
    if (n) return numberLiteral(ctx, token);
    if (d) {
      const amount = Number(token.image.slice(0, -1));
      if (!Number.isSafeInteger(amount)) return badLiteral(ctx, `duration \`${token.image}\` is too large`, span, 'use a smaller number or a larger unit');
      const unit = token.image.slice(-1).toLowerCase();
      return { kind: 'duration', amount, unit: unit === 'h' ? 'h' : unit === 'w' ? 'w' : 'd', span };
    }
    if (date) return dateLiteral(ctx, token);
    return { kind: 'boolean', value: t !== undefined, span };
  }
  const listNode = l?.[0];
  return listNode ? list(ctx, listNode) : null;
}

function list(ctx: ConversionContext, node: ListCstNode): Literal | Broken {
  if (damaged(node)) return null;
  const open = one(node.children.LBracket);
  const close = one(node.children.RBracket);
  const items: Literal[] = [];
  for (const itemNode of all(node.children.literal)) {
    const item = literal(ctx, itemNode);
    if (item === null) return null;
    items.push(item);
  }
  if (!usable(open) || !usable(close)) return null;
  return { kind: 'list', items, span: between(ctx, open, close) };
}

function stringLiteral(ctx: ConversionContext, token: IToken): StringLiteral | Broken {
  // Reported while lexing; the statement is an error already.
  if (token.tokenType === UnterminatedString || !usable(token)) return null;
  const span = tokenSpan(ctx, token);
  const result = unescapeString(token.image.slice(1, -1));
  if (!result.ok) {
    const at = span.start + 1 + result.offset;
    return badLiteral(
      ctx,
      `unknown escape \`${result.escape}\` in a string`,
      { file: ctx.file, start: at, end: at + result.escape.length },
      'the escapes are \\", \\\\, \\n, \\t and \\uXXXX; write a backslash as \\\\',
    );
  }
  return { kind: 'string', value: result.value, span };
}

function numberLiteral(ctx: ConversionContext, token: IToken): Literal | Broken {
  const value = Number(token.image);
  const span = tokenSpan(ctx, token);
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return badLiteral(ctx, `number \`${token.image}\` is too large`, span, 'use a smaller number');
  return { kind: 'number', value, span };
}

function wholeNumber(ctx: ConversionContext, token: IToken, quantifier: CountQuantifier): number | Broken {
  const span = tokenSpan(ctx, token);
  if (token.tokenType === MalformedNumber) return malformedNumber(ctx, token);
  const value = Number(token.image);
  if (!Number.isSafeInteger(value)) {
    return badLiteral(ctx, `expected a whole number after '${quantifier}' but found \`${token.image}\``, span, `write a count such as \`${quantifier} 1\``);
  }
  return value;
}

function dateLiteral(ctx: ConversionContext, token: IToken): Extract<Literal, { kind: 'date' }> | Broken {
  if (token.tokenType === MalformedNumber) return malformedNumber(ctx, token);
  const span = tokenSpan(ctx, token);
  if (!isCalendarDate(token.image)) {
    return badLiteral(ctx, `\`${token.image}\` is not a calendar date`, span, 'write dates as YYYY-MM-DD, e.g. `2027-03-01`');
  }
  return { kind: 'date', value: token.image, span };
}

function malformedNumber(ctx: ConversionContext, token: IToken): Broken {
  return badLiteral(
    ctx,
    `\`${token.image}\` is not a number, duration or date`,
    tokenSpan(ctx, token),
    'write numbers as `14` or `1.5`, durations as `90d`, `12h` or `2w`, dates as `2027-03-01`',
  );
}

// Test files (test-cst-to-ast.ts) reuse conditions, scopes, names and literals as they are.
export {
  all,
  between,
  condition as conditionToAst,
  damaged,
  dateLiteral as dateLiteralToAst,
  inlineFilter as inlineFilterToAst,
  namePhrase as namePhraseToAst,
  numberLiteral as numberLiteralToAst,
  one,
  ruleId as ruleIdToAst,
  scopeCondition as scopeConditionToAst,
  stringLiteral as stringLiteralToAst,
  tokenSpan,
  usable,
};

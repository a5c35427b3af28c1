import type { CstNode } from 'chevrotain';
import type { Span } from '../diagnostics/index.ts';
import type { ComparisonOp, Condition, CountQuantifier, Operand, PrincipalClass, SomeArticle, StringsOperand, Word } from './ast.ts';
import { list, literal, namePhrase, stringLiteral, wholeNumber } from './cst-literals.ts';
import { all, type Broken, between, type ConversionContext, damaged, nodeSpan, one, tokenSpan, usable } from './cst-reading.ts';
import type {
  AdminConditionCstNode,
  AndConditionCstNode,
  AnyTailCstNode,
  AttributeConditionCstNode,
  AttributeTailCstNode,
  CanActionsCstNode,
  CanConditionCstNode,
  ComparisonCstNode,
  ConditionCstNode,
  CountTailCstNode,
  GuardrailRequestCstNode,
  HaveConditionCstNode,
  NoTailCstNode,
  NotConditionCstNode,
  OperandCstNode,
  PrimaryCstNode,
  PrincipalClassCstNode,
  QuantifiedConditionCstNode,
  SomeConditionCstNode,
} from './generated/cst.d.ts';

/**
 * CST → AST for conditions, under the rules cst-to-ast.ts states for recovered nodes: a condition
 * is never null, and what cannot be read becomes `{ kind: 'error' }`.
 */

function errorCondition(ctx: ConversionContext, node: CstNode, fallback: Span): Condition {
  return { kind: 'error', span: nodeSpan(ctx, node) ?? fallback };
}

export function condition(ctx: ConversionContext, node: ConditionCstNode): Condition {
  const fallback = fallbackSpan(ctx, node);
  if (damaged(node)) return errorCondition(ctx, node, fallback);
  return joined(
    ctx,
    'or',
    all(node.children.andCondition).map((n) => andCondition(ctx, n)),
    node,
    fallback,
  );
}

function andCondition(ctx: ConversionContext, node: AndConditionCstNode): Condition {
  const fallback = fallbackSpan(ctx, node);
  if (damaged(node)) return errorCondition(ctx, node, fallback);
  return joined(
    ctx,
    'and',
    all(node.children.notCondition).map((n) => notCondition(ctx, n)),
    node,
    fallback,
  );
}

/** One operand stands alone; several make one flat n-ary node. */
function joined(ctx: ConversionContext, kind: 'and' | 'or', operands: readonly Condition[], node: CstNode, fallback: Span): Condition {
  const [first, second, ...more] = operands;
  if (first === undefined) return errorCondition(ctx, node, fallback);
  if (second === undefined) return first;
  return { kind, operands: [first, second, ...more], span: between(ctx, first, more[more.length - 1] ?? second) };
}

export function notCondition(ctx: ConversionContext, node: NotConditionCstNode): Condition {
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
  const {
    group,
    haveCondition: have,
    existCondition,
    allowCondition,
    trustCondition,
    canCondition,
    adminCondition,
    guardrailCondition,
    someCondition,
    requiresKeyCondition,
    principalCondition,
    quantifiedCondition,
    attributeCondition: attribute,
  } = node.children;
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
    const classNode = t.children.principalClass?.[0];
    if (classNode && !damaged(t)) {
      const principal = principalClass(classNode);
      converted = principal === null ? null : { kind: 'trust-class', principal, span };
    } else {
      const principal = token && !damaged(t) ? stringLiteral(ctx, token) : null;
      converted = principal === null ? null : { kind: 'trust', principal, span };
    }
  } else if (someCondition?.[0]) {
    converted = someToAst(ctx, someCondition[0], span);
  } else if (requiresKeyCondition?.[0]) {
    const r = requiresKeyCondition[0];
    const token = one(r.children.StringLiteral);
    const key = token && !damaged(r) ? stringLiteral(ctx, token) : null;
    converted = key === null ? null : { kind: 'requires-key', key, span };
  } else if (principalCondition?.[0]) {
    const p = principalCondition[0];
    const classNode = p.children.principalClass?.[0];
    const principal = classNode && !damaged(p) ? principalClass(classNode) : null;
    converted = principal === null ? null : { kind: 'principal-is', principal, span };
  } else if (canCondition?.[0]) {
    converted = canToAst(ctx, canCondition[0], span);
  } else if (adminCondition?.[0]) {
    converted = adminToAst(adminCondition[0], span);
  } else if (guardrailCondition?.[0]) {
    const g = guardrailCondition[0];
    converted = damaged(g) ? null : guardrailToAst(ctx, g.children.ScpsDeny ? 'scps' : 'rcps', 'deny', g.children.guardrailRequest?.[0], span);
  } else if (quantifiedCondition?.[0]) {
    converted = quantified(ctx, quantifiedCondition[0], span);
  } else if (attribute?.[0]) {
    converted = attributeCondition(ctx, attribute[0], span);
  }
  return converted ?? { kind: 'error', span };
}

function principalClass(node: PrincipalClassCstNode): PrincipalClass | Broken {
  if (damaged(node)) return null;
  const { Anyone, OtherAccounts, AService, AFederatedProvider } = node.children;
  return Anyone ? 'anyone' : OtherAccounts ? 'other accounts' : AService ? 'service' : AFederatedProvider ? 'federated provider' : null;
}

/** The article of `have a`, `has an`, `have some`, as written (any case, any spacing). */
function articleOf(image: string): SomeArticle {
  const word = image
    .trim()
    .split(/[ \t]+/)[1]
    ?.toLowerCase();
  return word === 'an' ? 'an' : word === 'some' ? 'some' : 'a';
}

function someToAst(ctx: ConversionContext, node: SomeConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const keyword = one(node.children.HaveSome);
  const attributeNode = node.children.namePhrase?.[0];
  const attribute = attributeNode ? namePhrase(ctx, attributeNode) : null;
  if (!usable(keyword) || attribute === null) return null;
  const comparisonNode = node.children.comparison?.[0];
  const operandNode = node.children.operand?.[0];
  const valueNode = node.children.literal?.[0];
  if (comparisonNode || operandNode || valueNode) {
    // `have a x = 1`: the article is the first word of the name, as before articles were read.
    const text = keyword.image.trim().split(/[ \t]+/)[1] ?? 'a';
    const start = tokenSpan(ctx, keyword).end - text.length;
    const first: Word = { text, span: { file: ctx.file, start, end: start + text.length } };
    const name = { kind: 'name' as const, words: [first, ...attribute.words], span: between(ctx, first, attribute) };
    if (valueNode) {
      const value = literal(ctx, valueNode);
      return value === null ? null : { kind: 'have-value', attribute: name, value, span };
    }
    const op = comparisonNode ? comparisonOp(comparisonNode) : null;
    const right = operandNode ? operand(ctx, operandNode) : null;
    if (op === null || right === null) return null;
    return { kind: 'compare', left: name, op, right, style: 'have', span };
  }
  return { kind: 'some', article: articleOf(keyword.image), attribute, where: optionalWhere(ctx, node.children.condition), span };
}

function anyTail(ctx: ConversionContext, node: AnyTailCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const attributeNode = node.children.namePhrase?.[0];
  const attribute = attributeNode ? namePhrase(ctx, attributeNode) : null;
  if (attribute === null) return null;
  return { kind: 'some', article: 'any', attribute, where: optionalWhere(ctx, node.children.condition), span };
}

function canToAst(ctx: ConversionContext, node: CanConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const style = node.children.BeAbleTo ? 'be able to' : 'can';
  const unconditionally = node.children.Unconditionally !== undefined;
  if (node.children.Escalate) return { kind: 'can', style, what: { kind: 'escalate' }, unconditionally, span };
  const actions = stringsOperand(ctx, node.children.canActions?.[0]);
  const resourceToken = one(node.children.StringLiteral);
  const resource = resourceToken ? stringLiteral(ctx, resourceToken) : null;
  if (actions === null || (resourceToken && resource === null)) return null;
  return { kind: 'can', style, what: { kind: 'actions', actions, resource }, unconditionally, span };
}

/** A `canActions` node: a string, a list literal, or a let/param name. */
function stringsOperand(ctx: ConversionContext, node: CanActionsCstNode | undefined): StringsOperand | Broken {
  if (!node || damaged(node)) return null;
  const { StringLiteral: strings, list: lists, Word: words } = node.children;
  const stringToken = one(strings);
  const listNode = lists?.[0];
  const word = one(words);
  if (stringToken) return stringLiteral(ctx, stringToken);
  if (listNode) {
    const value = list(ctx, listNode);
    return value?.kind === 'list' ? value : null;
  }
  if (!usable(word)) return null;
  const w = { text: word.image, span: tokenSpan(ctx, word) };
  return { kind: 'name', words: [w], span: w.span };
}

function adminToAst(node: AdminConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  return { kind: 'admin', style: node.children.BeAdmin ? 'be admin' : 'admin', unconditionally: node.children.Unconditionally !== undefined, span };
}

function guardrailToAst(ctx: ConversionContext, policies: 'scps' | 'rcps', style: 'deny' | 'have denying', node: GuardrailRequestCstNode | undefined, span: Span): Condition | Broken {
  if (!node || damaged(node)) return null;
  const [actionToken, resourceToken] = all(node.children.StringLiteral);
  const action = actionToken ? stringLiteral(ctx, actionToken) : null;
  const resource = resourceToken ? stringLiteral(ctx, resourceToken) : null;
  const regionsNode = node.children.canActions?.[0];
  const regions = regionsNode ? stringsOperand(ctx, regionsNode) : null;
  if (action === null || (resourceToken && resource === null) || (regionsNode && regions === null)) return null;
  return { kind: 'guardrail', policies, style, action, resource, regions, unconditionally: node.children.Unconditionally !== undefined, span };
}

function haveCondition(ctx: ConversionContext, node: HaveConditionCstNode, span: Span): Condition | Broken {
  if (damaged(node)) return null;
  const countNode = node.children.countTail?.[0];
  const noNode = node.children.noTail?.[0];
  const tailNode = node.children.attributeTail?.[0];
  const guardrailNode = node.children.guardrailTail?.[0];
  const anyNode = node.children.anyTail?.[0];
  if (anyNode) return anyTail(ctx, anyNode, span);
  if (countNode) return countTail(ctx, countNode, span);
  if (noNode) return noTail(ctx, noNode, span);
  if (guardrailNode) return damaged(guardrailNode) ? null : guardrailToAst(ctx, guardrailNode.children.ScpsDenying ? 'scps' : 'rcps', 'have denying', guardrailNode.children.guardrailRequest?.[0], span);
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
  const argumentNodes = all(node.children.argument);
  if (argumentNodes.length > 0) {
    const [first, ...literals] = argumentNodes.map((a) => literal(ctx, a));
    const nameTokens = all(node.children.nameArgument);
    if (first === undefined || first === null || literals.some((a) => a === null) || !nameTokens.every((w) => usable(w))) return null;
    // Literals and names after the first, back in source order.
    const names = nameTokens.map((w): Operand => {
      const word = { text: w.image, span: tokenSpan(ctx, w) };
      return { kind: 'name', words: [word], span: word.span };
    });
    const more = [...literals.filter((a) => a !== null), ...names].sort((a, b) => a.span.start - b.span.start);
    return { kind: 'named', name: attribute, arguments: [first, ...more], span };
  }
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
  AnyOf: 'any of',
  AllOf: 'all of',
  NoneOf: 'none of',
  SubsetOf: 'subset of',
} as const satisfies Record<keyof ComparisonCstNode['children'], ComparisonOp>;

export function comparisonOp(node: ComparisonCstNode): ComparisonOp | Broken {
  if (damaged(node)) return null;
  for (const [key, op] of Object.entries(COMPARISON_KEYS)) {
    if (node.children[key as keyof typeof COMPARISON_KEYS]) return op;
  }
  return null;
}

export function operand(ctx: ConversionContext, node: OperandCstNode): Operand | Broken {
  if (damaged(node)) return null;
  const literalNode = node.children.literal?.[0];
  const phraseNode = node.children.namePhrase?.[0];
  if (literalNode) return literal(ctx, literalNode);
  if (phraseNode) return namePhrase(ctx, phraseNode);
  return null;
}

import type { CstNode } from 'chevrotain';
import type { Span } from '../diagnostics/index.ts';
import type { Filter, Literal, NamePhrase, Scope, StringLiteral } from './ast.ts';
import {
  all,
  between,
  type ConversionContext,
  damaged as damagedNode,
  dateLiteralToAst,
  inlineFilterToAst,
  namePhraseToAst,
  one,
  ruleIdToAst,
  scopeConditionToAst,
  stringLiteralToAst,
  tokenSpan,
  usable,
} from './cst-to-ast.ts';
import type {
  EntityDeclarationCstNode,
  ExampleHeaderCstNode,
  ExampleLineCstNode,
  ExpectationCstNode,
  ExpectationTargetCstNode,
  MissingSectionCstNode,
  OutcomeCstNode,
  PropertyHeaderCstNode,
  PropertyStatementCstNode,
} from './generated/cst.d.ts';
import type { ExampleLine, Expectation, ExpectationTarget, PropertySetting, PropertyTest, TestOutcome } from './test-file-ast.ts';

/**
 * CST → AST for test files, in the style of cst-to-ast.ts: plain functions over the generated CST
 * types; a node that recovery touched gives null (its piece becomes `{ kind: 'error' }`).
 */

/** Whether recovery touched the node; entry rules end with EOF, which has no position and is not damage. */
function damaged(node: CstNode): boolean {
  if (!('EOF' in node.children)) return damagedNode(node);
  const { EOF: _eof, ...children } = node.children;
  return damagedNode({ ...node, children });
}

export interface ExampleHeader {
  readonly name: StringLiteral;
  readonly at: Extract<Literal, { kind: 'date' }> | StringLiteral | null;
  readonly span: Span;
}

export function exampleHeaderToAst(ctx: ConversionContext, node: ExampleHeaderCstNode): ExampleHeader | null {
  if (damaged(node)) return null;
  const keyword = one(node.children.Example);
  const colon = one(node.children.Colon);
  const [nameToken, atString] = all(node.children.StringLiteral);
  const atDate = one(node.children.DateLiteral);
  if (!usable(keyword) || !usable(colon) || nameToken === undefined) return null;
  const name = stringLiteralToAst(ctx, nameToken);
  const at = atDate ? dateLiteralToAst(ctx, atDate) : atString ? stringLiteralToAst(ctx, atString) : null;
  if (name === null || ((atDate || atString) && at === null)) return null;
  return { name, at, span: between(ctx, keyword, colon) };
}

export function exampleLineToAst(ctx: ConversionContext, node: ExampleLineCstNode, fallback: Span): ExampleLine {
  const error: ExampleLine = { kind: 'error', span: fallback };
  if (damaged(node)) return error;
  const expectationNode = node.children.expectation?.[0];
  const missingNode = node.children.missingSection?.[0];
  const entityNode = node.children.entityDeclaration?.[0];
  const converted = expectationNode ? expectation(ctx, expectationNode) : missingNode ? missingSection(ctx, missingNode) : entityNode ? entityDeclaration(ctx, entityNode) : null;
  return converted ?? error;
}

function entityDeclaration(ctx: ConversionContext, node: EntityDeclarationCstNode): ExampleLine | null {
  if (damaged(node)) return null;
  const typeNode = node.children.namePhrase?.[0];
  const type = typeNode ? namePhraseToAst(ctx, typeNode) : null;
  if (type === null) return null;
  const nameToken = one(node.children.StringLiteral);
  const name = nameToken ? stringLiteralToAst(ctx, nameToken) : null;
  if (nameToken && name === null) return null;
  const settingsNode = node.children.scopeCondition?.[0];
  const filter = settingsNode ? scopeConditionToAst(ctx, settingsNode) : null;
  if (settingsNode && (filter === null || filter.kind === 'inline')) return null;
  const settings = filter === null || filter.kind === 'inline' ? null : filter.condition;
  const end: { readonly span: Span } = settings ?? name ?? type;
  return { kind: 'entity', type, name, settings, span: between(ctx, type, end) };
}

function missingSection(ctx: ConversionContext, node: MissingSectionCstNode): ExampleLine | null {
  if (damaged(node)) return null;
  const keyword = one(node.children.Missing);
  const phraseNode = node.children.namePhrase?.[0];
  const stringToken = one(node.children.StringLiteral);
  if (!usable(keyword)) return null;
  const section: NamePhrase | StringLiteral | null = phraseNode ? namePhraseToAst(ctx, phraseNode) : stringToken ? stringLiteralToAst(ctx, stringToken) : null;
  if (section === null) return null;
  return { kind: 'missing', section, span: between(ctx, keyword, section) };
}

const OUTCOMES = { Passes: 'pass', Fails: 'fail', UnknownOutcome: 'unknown', Waived: 'waived' } as const satisfies Record<keyof OutcomeCstNode['children'], TestOutcome>;

function outcome(ctx: ConversionContext, node: OutcomeCstNode): { outcome: TestOutcome; span: Span } | null {
  if (damaged(node)) return null;
  for (const [key, value] of Object.entries(OUTCOMES)) {
    const token = one(node.children[key as keyof typeof OUTCOMES]);
    if (usable(token)) return { outcome: value, span: tokenSpan(ctx, token) };
  }
  return null;
}

export function expectation(ctx: ConversionContext, node: ExpectationCstNode): Expectation | null {
  if (damaged(node)) return null;
  const keyword = one(node.children.Expect);
  const idNode = node.children.ruleId?.[0];
  const outcomeNode = node.children.outcome?.[0];
  if (!usable(keyword) || !idNode || !outcomeNode) return null;
  const rule = ruleIdToAst(ctx, idNode);
  const result = outcome(ctx, outcomeNode);
  if (rule === null || result === null) return null;
  const targetNode = node.children.expectationTarget?.[0];
  const target = targetNode ? expectationTarget(ctx, targetNode) : null;
  if (targetNode && target === null) return null;
  const end: { readonly span: Span } = target ?? { span: result.span };
  return { kind: 'expect', rule, outcome: result.outcome, outcomeSpan: result.span, target, span: between(ctx, keyword, end) };
}

function expectationTarget(ctx: ConversionContext, node: ExpectationTargetCstNode): ExpectationTarget | null {
  if (damaged(node)) return null;
  const phraseNode = node.children.namePhrase?.[0];
  const phrase = phraseNode ? namePhraseToAst(ctx, phraseNode) : null;
  if (phrase === null) return null;
  const nameToken = one(node.children.StringLiteral);
  if (nameToken) {
    const name = stringLiteralToAst(ctx, nameToken);
    return name === null ? null : { kind: 'resource', type: phrase, name, span: between(ctx, phrase, name) };
  }
  const whereNode = node.children.scopeCondition?.[0];
  const inlineNode = node.children.inlineFilter?.[0];
  const filter: Filter | null | undefined = whereNode ? scopeConditionToAst(ctx, whereNode) : inlineNode ? inlineFilterToAst(ctx, inlineNode) : undefined;
  if (filter === null) return null;
  const span = filter ? between(ctx, phrase, filter) : phrase.span;
  const scope: Scope = { kind: 'scope', phrase, filter: filter ?? null, span };
  return { kind: 'scope', scope, span };
}

export function propertyToAst(ctx: ConversionContext, node: PropertyStatementCstNode): PropertyTest | null {
  if (damaged(node)) return null;
  const headerNode = node.children.propertyHeader?.[0];
  const header = headerNode ? propertyHeader(ctx, headerNode) : null;
  if (headerNode && header === null) return null;
  const forToken = one(node.children.For);
  const phraseNode = node.children.namePhrase?.[0];
  const expectationNode = node.children.expectation?.[0];
  if (!usable(forToken) || !phraseNode || !expectationNode) return null;
  const accounts = namePhraseToAst(ctx, phraseNode);
  const whereNode = node.children.scopeCondition?.[0];
  const filter = whereNode ? scopeConditionToAst(ctx, whereNode) : null;
  const expected = expectation(ctx, expectationNode);
  if (accounts === null || (whereNode && (filter === null || filter.kind === 'inline')) || expected === null) return null;
  const where = filter === null || filter.kind === 'inline' ? null : filter.condition;
  return {
    kind: 'property',
    name: header?.name ?? null,
    runs: header?.runs ?? null,
    seed: header?.seed ?? null,
    accounts,
    where,
    expectation: expected,
    span: between(ctx, header ?? forToken, expected),
  };
}

function propertyHeader(ctx: ConversionContext, node: PropertyHeaderCstNode): { name: StringLiteral; runs: PropertySetting | null; seed: PropertySetting | null; span: Span } | null {
  if (damaged(node)) return null;
  const keyword = one(node.children.Property);
  const nameToken = one(node.children.StringLiteral);
  const colon = one(node.children.Colon);
  if (!usable(keyword) || !usable(colon) || nameToken === undefined) return null;
  const name = stringLiteralToAst(ctx, nameToken);
  if (name === null) return null;
  let runs: PropertySetting | null = null;
  let seed: PropertySetting | null = null;
  for (const setting of all(node.children.propertySetting)) {
    if (damaged(setting)) return null;
    const isRuns = setting.children.Runs !== undefined;
    const token = one(setting.children.NumberLiteral);
    if (!usable(token)) return null;
    const value = Number(token.image);
    const span = tokenSpan(ctx, token);
    if (!Number.isSafeInteger(value) || value < 0 || (isRuns && value < 1)) {
      ctx.diagnostics.push({
        code: 'syntax/bad-literal',
        severity: 'error',
        message: `expected a whole number${isRuns ? ' of at least 1' : ''} after '${isRuns ? 'runs' : 'seed'}' but found \`${token.image}\``,
        span,
        hint: isRuns ? 'write `runs 200`' : 'write `seed 42`',
      });
      return null;
    }
    if (isRuns) runs = { value, span };
    else seed = { value, span };
  }
  return { name, runs, seed, span: between(ctx, keyword, colon) };
}

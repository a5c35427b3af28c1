import type { Span } from '../diagnostics/index.ts';
import type { Condition, DefineDeclaration, DefineParameter, ExceptClause, Filter, InlineFilter, LetDeclaration, Literal, MetadataClause, Rule, RuleBody, RuleId, Scope, Statement, Word } from './ast.ts';
import { comparisonOp, condition, notCondition, operand } from './cst-conditions.ts';
import { dateLiteral, literal, namePhrase, numberLiteral, stringLiteral } from './cst-literals.ts';
import { all, type Broken, between, type ConversionContext, damaged, nodeSpan, one, tokenSpan, usable } from './cst-reading.ts';
import type {
  BodyCstNode,
  DefineDeclarationCstNode,
  DefineParameterCstNode,
  ExceptClauseCstNode,
  InlineFilterCstNode,
  InlineRestCstNode,
  LetDeclarationCstNode,
  MetadataCstNode,
  RuleDeclarationCstNode,
  RuleIdCstNode,
  ScopeConditionCstNode,
  ScopeCstNode,
  StatementCstNode,
} from './generated/cst.d.ts';

/**
 * CST → AST, as plain functions over the generated CST types. A CST node that error recovery
 * touched (re-synced, or holding a token the parser inserted) becomes `{ kind: 'error' }` where
 * the AST allows one (conditions, statements), never a guess. Parts that cannot be an error node
 * (a scope, a literal) return null and their statement becomes an error.
 *
 * The generated types say which children a *complete* node has; recovered nodes may lack any of
 * them, so every child is read through `one`/`all` (cst-reading.ts), which tolerate absence.
 * Conditions are converted in cst-conditions.ts, names and literals in cst-literals.ts.
 */

export type { ConversionContext } from './cst-reading.ts';

// ---------------------------------------------------------------------------------------------
// Statements

export function statementToAst(ctx: ConversionContext, node: StatementCstNode, fallback: Span): Statement {
  // Only a broken statement needs the walk over all its tokens that nodeSpan does.
  const errorStatement = (): Statement => ({ kind: 'error', span: nodeSpan(ctx, node) ?? fallback });
  if (damaged(node)) return errorStatement();
  const letNode = node.children.letDeclaration?.[0];
  const ruleNode = node.children.ruleDeclaration?.[0];
  const bodyNode = node.children.body?.[0];
  const defineNode = node.children.defineDeclaration?.[0];
  const converted = letNode ? letDeclaration(ctx, letNode) : ruleNode ? ruleDeclaration(ctx, ruleNode) : defineNode ? defineDeclaration(ctx, defineNode) : bodyNode ? bareRule(ctx, bodyNode) : null;
  return converted ?? errorStatement();
}

function defineDeclaration(ctx: ConversionContext, node: DefineDeclarationCstNode): DefineDeclaration | Broken {
  if (damaged(node)) return null;
  const keyword = one(node.children.Define);
  const nameNode = node.children.name?.[0];
  const targetNode = node.children.target?.[0];
  const conditionNode = node.children.condition?.[0];
  if (!usable(keyword) || !nameNode || !targetNode || !conditionNode) return null;
  const name = namePhrase(ctx, nameNode);
  const target = namePhrase(ctx, targetNode);
  const parameters = all(node.children.defineParameter).map((p) => defineParameter(ctx, p));
  if (name === null || target === null || parameters.some((p) => p === null)) return null;
  const c = condition(ctx, conditionNode);
  return { kind: 'define', name, parameters: parameters.filter((p) => p !== null), target, condition: c, span: between(ctx, keyword, c) };
}

function defineParameter(ctx: ConversionContext, node: DefineParameterCstNode): DefineParameter | Broken {
  if (damaged(node)) return null;
  const name = one(node.children.name);
  const type = one(node.children.type);
  if (!usable(name) || !usable(type)) return null;
  return { name: { text: name.image, span: tokenSpan(ctx, name) }, type: { text: type.image, span: tokenSpan(ctx, type) }, span: between(ctx, name, type) };
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
  const words = all(node.children.IdWord);
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

import type { ComparisonOp, Condition, Filter, Literal, NamePhrase, Operand, RuleBody, Scope } from './ast.ts';
import { plainDecimal, quoteString } from './literal-values.ts';
import { principalClassText } from './principal-class.ts';

/**
 * Bare-rule ids are fingerprint and baseline keys, so they are defined here, from the AST, and not
 * by the canonical printer: a change to how rules print must not rename rules. The words are
 * those a body is written with in canonical form (keywords lowercase, `have`, `exist`), literals
 * as the lexer reads them back (`literal-values.ts`); parentheses never count. A golden test
 * (`test/syntax/derived-rule-id.golden.json`) holds the ids of every bare rule in the library,
 * the fixtures, the examples and the docs.
 */

const OPERATOR_WORDS: Readonly<Partial<Record<ComparisonOp, string>>> = { '!=': 'ne', '<=': 'le', '>=': 'ge', '<': 'lt', '>': 'gt', '=': 'eq' };

/**
 * The id of a bare statement: a slug of its words. `users unused > 90d denied` →
 * `users-unused-gt-90d-denied`, `root must have mfa` → `root-must-have-mfa`. Operators become words;
 * anything else that is not a letter or digit (inside strings too) separates words. Always a valid
 * rule id: a body starts with a name, and a slug starting otherwise gets `rule-` in front.
 */
export function derivedRuleId(body: RuleBody): string {
  const words: string[] = [];
  bodyWords(body, words);
  const slug = words
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(slug) ? slug : `rule-${slug}`.replace(/-+$/, '');
}

function bodyWords(body: RuleBody, out: string[]): void {
  scopeWords(body.scope, out);
  switch (body.kind) {
    case 'denied':
      out.push('denied');
      return;
    case 'must-not':
      out.push('must', 'not');
      conditionWords(body.condition, out);
      return;
    case 'must':
      out.push('must');
      conditionWords(body.condition, out);
      return;
  }
}

function scopeWords(scope: Scope, out: string[]): void {
  nameWords(scope.phrase, out);
  if (scope.filter !== null) filterWords(scope.filter, out);
}

function filterWords(filter: Filter, out: string[]): void {
  switch (filter.kind) {
    case 'where':
    case 'with':
      out.push(filter.kind);
      conditionWords(filter.condition, out);
      return;
    case 'inline':
      if (filter.comparison !== null) comparisonWords(filter.comparison.op, filter.comparison.right, out);
      for (const r of filter.rest) {
        out.push(r.connective);
        conditionWords(r.condition, out);
      }
      return;
  }
}

function conditionWords(c: Condition, out: string[]): void {
  switch (c.kind) {
    case 'have':
      if (c.style === 'have') out.push('have');
      nameWords(c.attribute, out);
      return;
    case 'have-value':
      out.push('have');
      nameWords(c.attribute, out);
      operandWords(c.value, out);
      return;
    case 'compare':
      if (c.style === 'have') out.push('have');
      nameWords(c.left, out);
      comparisonWords(c.op, c.right, out);
      return;
    case 'count':
    case 'no':
      out.push('have');
      if (c.kind === 'count') out.push(c.quantifier, String(c.count));
      else out.push('no');
      nameWords(c.attribute, out);
      if (c.where !== null) {
        out.push('where');
        conditionWords(c.where, out);
      }
      return;
    case 'any':
    case 'all':
      out.push(c.kind);
      nameWords(c.attribute, out);
      out.push('where');
      conditionWords(c.where, out);
      return;
    case 'exist':
      out.push('exist');
      return;
    case 'allow':
      out.push('allow');
      literalWords(c.action, out);
      if (c.resource !== null) {
        out.push('on');
        literalWords(c.resource, out);
      }
      return;
    case 'trust':
      out.push('trust');
      literalWords(c.principal, out);
      return;
    case 'trust-class':
      out.push('trust', principalClassText(c.principal, 'trust'));
      return;
    case 'principal-is':
      out.push('principal', 'is', principalClassText(c.principal, 'is'));
      return;
    case 'requires-key':
      out.push('requires', 'key');
      literalWords(c.key, out);
      return;
    case 'some':
      out.push('have', c.article);
      nameWords(c.attribute, out);
      if (c.where !== null) {
        out.push('where');
        conditionWords(c.where, out);
      }
      return;
    case 'can':
      out.push(c.style);
      if (c.what.kind === 'escalate') out.push('escalate');
      else {
        operandWords(c.what.actions, out);
        if (c.what.resource !== null) {
          out.push('on');
          literalWords(c.what.resource, out);
        }
      }
      if (c.unconditionally) out.push('unconditionally');
      return;
    case 'admin':
      out.push(c.style);
      if (c.unconditionally) out.push('unconditionally');
      return;
    case 'guardrail':
      if (c.style === 'have denying') out.push('have', c.policies, 'denying');
      else out.push(c.policies, 'deny');
      literalWords(c.action, out);
      if (c.resource !== null) {
        out.push('on');
        literalWords(c.resource, out);
      }
      if (c.regions !== null) {
        out.push('outside', 'regions');
        operandWords(c.regions, out);
      }
      if (c.unconditionally) out.push('unconditionally');
      return;
    case 'named':
      // As written, like any phrase: what the name stands for does not count, so editing a
      // definition renames no rule.
      nameWords(c.name, out);
      for (const argument of c.arguments) operandWords(argument, out);
      return;
    case 'and':
    case 'or':
      c.operands.forEach((operand, i) => {
        if (i > 0) out.push(c.kind);
        conditionWords(operand, out);
      });
      return;
    case 'not':
      out.push('not');
      conditionWords(c.operand, out);
      return;
    case 'group':
      conditionWords(c.operand, out);
      return;
    case 'error':
      // Never reached for a rule that checks: the checker derives no id for a body with errors.
      out.push('error');
      return;
  }
}

function comparisonWords(op: ComparisonOp, right: Operand, out: string[]): void {
  out.push(OPERATOR_WORDS[op] ?? op);
  operandWords(right, out);
}

function operandWords(operand: Operand, out: string[]): void {
  if (operand.kind === 'name') nameWords(operand, out);
  else literalWords(operand, out);
}

function nameWords(phrase: NamePhrase, out: string[]): void {
  for (const w of phrase.words) out.push(w.text);
}

function literalWords(literal: Literal, out: string[]): void {
  switch (literal.kind) {
    case 'string':
      // Quoted and escaped as written: `"a\nb"` gives `a-nb`.
      out.push(quoteString(literal.value));
      return;
    case 'number':
      out.push(plainDecimal(literal.value));
      return;
    case 'duration':
      out.push(`${literal.amount}${literal.unit}`);
      return;
    case 'date':
      out.push(literal.value);
      return;
    case 'boolean':
      out.push(literal.value ? 'true' : 'false');
      return;
    case 'list':
      for (const item of literal.items) literalWords(item, out);
      return;
  }
}

import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { type CheckedCondition, type CheckedRule, checkRuleFiles, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile, type RuleFile } from '../../src/syntax/index.ts';

// The checked AST: what each condition form becomes, its spans and source positions, and that an
// unknown attribute anywhere in a condition is one diagnostic, never a crash.

const schema: Schema = SCHEMA;

function result(text: string, params: Record<string, string> = {}, edit?: (ast: RuleFile) => void) {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics, 'syntax diagnostics').toEqual([]);
  edit?.(file);
  return checkRuleFiles([{ ast: file, text }], { schema, params });
}
function only(text: string, edit?: (ast: RuleFile) => void): CheckedRule {
  const checked = result(text, {}, edit);
  if (!checked.ok) throw new Error(checked.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  const [rule] = checked.value.rules;
  if (!rule) throw new Error('no rule');
  return rule;
}
const filter = (text: string, edit?: (ast: RuleFile) => void) => only(text, edit).body.scope.filter;
const condition = (text: string): CheckedCondition => {
  const body = only(text).body;
  if (body.kind === 'denied') throw new Error('denied rule');
  return body.condition;
};
const errors = (text: string) => {
  const checked = result(text);
  return checked.ok ? [] : checked.errors.map((e) => `${e.code}@${e.span ? lineColumnAt(text, e.span.start).column : '-'}`);
};

describe('rules', () => {
  it('carry their location, the source line of their body trimmed, and the scope as written', () => {
    const rule = only('\nrule r:\n  users   where mfa denied\n');
    expect(rule.location).toEqual({ file: 'rules.guard', line: 2, column: 1 });
    expect(rule.sourceLine).toBe('users   where mfa denied');
    expect(rule.body.scope).toMatchObject({ collection: 'users', entityType: 'user', text: 'users' });
    expect(only('access keys denied').body.scope).toMatchObject({ collection: 'access_keys', text: 'access keys' });
  });

  it('find their lines without the parser line index too', () => {
    const rule = only('\n\nroot must have mfa\n', (ast) => delete (ast as { lineBreaks?: unknown }).lineBreaks);
    expect(rule.location).toEqual({ file: 'rules.guard', line: 3, column: 1 });
  });

  it('a rule left out for an error in an exception or metadata does not hold its id', () => {
    expect(errors('rule r:\n  users denied\n  except usr "x" until 2027-01-01 because "y"\nrule r:\n  roles denied\n')).toEqual(['check/bad-exception@10']);
    expect(errors('rule r severity nope:\n  users denied\nrule r:\n  roles denied\n')).toEqual(['check/bad-metadata@17']);
  });
});

describe('conditions', () => {
  it('a bare attribute after the collection is a have; conditions may follow it', () => {
    expect(filter('users mfa denied')).toMatchObject({ kind: 'have', path: { steps: ['mfa'], text: 'mfa' } });
    expect(filter('users mfa and name = "x" denied')).toMatchObject({ kind: 'and', operands: [{ kind: 'have' }, { kind: 'compare', op: '=' }] });
  });

  it('an inline filter whose first part is a condition, or that is empty (built on the AST: the parser writes neither)', () => {
    const drop = (ast: RuleFile, rest: boolean): void => {
      const rule = ast.statements[0];
      if (rule?.kind !== 'rule') throw new Error('no rule');
      const scope = rule.body.scope as unknown as { phrase: { words: unknown[] }; filter: { rest: unknown[] } };
      scope.phrase.words = scope.phrase.words.slice(0, 1);
      if (rest) scope.filter.rest = [];
    };
    expect(filter('users mfa and name = "x" denied', (ast) => drop(ast, false))).toMatchObject({ kind: 'compare', op: '=', left: { steps: ['name'] } });
    expect(filter('users mfa and name = "x" denied', (ast) => drop(ast, true))).toBe(null);
  });

  it('and, or, not and groups keep their structure; folded connectives span their operands', () => {
    const text = 'roles unused > 90d and not service linked or path = "/x/" denied';
    const folded = filter(text);
    expect(folded).toMatchObject({ kind: 'or', operands: [{ kind: 'and', operands: [{ kind: 'compare' }, { kind: 'not', operand: { kind: 'have' } }] }, { kind: 'compare' }] });
    expect(folded?.span).toMatchObject({ start: text.indexOf('unused'), end: text.indexOf(' denied') });
    if (folded?.kind !== 'or') throw new Error('or');
    expect(folded.operands[0]?.span).toMatchObject({ start: text.indexOf('unused'), end: text.indexOf(' or ') });
    expect(filter('users where not mfa denied')).toMatchObject({ kind: 'not', operand: { kind: 'have', path: { steps: ['mfa'] } } });
    expect(filter('users where (mfa or name = "x") denied')).toMatchObject({ kind: 'or', operands: [{ kind: 'have' }, { kind: 'compare' }] });
  });

  it('have <list> "x" is contains, on lists of names and lists of resources alike', () => {
    expect(condition('users must have groups "admins"')).toMatchObject({ kind: 'compare', op: 'contains', left: { steps: ['groups'] }, right: { value: 'admins' } });
    expect(condition('users must have name "x"')).toMatchObject({ kind: 'compare', op: '=' });
  });

  it('counts a plain list without where; where and any need a list of resources', () => {
    expect(condition('users must have at least 1 tags')).toMatchObject({ kind: 'count', quantifier: 'at least', count: 1, path: { steps: ['tags'] }, where: null });
    expect(errors('users must any tags where mfa')).toEqual(['check/type-mismatch@16']);
    expect(condition('users must any access keys where active')).toMatchObject({ kind: 'any', path: { steps: ['access_keys'] }, where: { kind: 'have', path: { steps: ['active'] } } });
    const all = only('users must all access keys where active');
    expect(all.body).toMatchObject({ condition: { kind: 'all', path: { steps: ['access_keys'] }, where: { kind: 'have' } } });
    expect(all.reads.map((p) => p.steps.join('.'))).toEqual(['access_keys', 'access_keys.active']);
  });

  it('trust names its policy attribute and principal', () => {
    const text = 'roles must not trust "*"';
    expect(condition(text)).toEqual({ kind: 'trust', attribute: 'trust_policy', principal: '*', span: { file: 'rules.guard', start: 15, end: text.length } });
  });

  it('an unknown attribute anywhere is one diagnostic at it', () => {
    expect(errors('users where nope = 1 denied')).toEqual(['check/unknown-attribute@13']);
    expect(errors('users must have nope "x"')).toEqual(['check/unknown-attribute@17']);
    expect(errors('users must have at least 1 nope')).toEqual(['check/unknown-attribute@28']);
    expect(errors('users must any nope where mfa')).toEqual(['check/unknown-attribute@16']);
    expect(errors('users where mfa and nope denied')).toEqual(['check/unknown-attribute@21']);
    expect(errors('users where nope or mfa denied')).toEqual(['check/unknown-attribute@13']);
    expect(errors('users where not nope denied')).toEqual(['check/unknown-attribute@17']);
  });
});

describe('operands', () => {
  it('a name of several words is an attribute even when its first word is a let', () => {
    expect(condition('let password = 1\nusers must have created < password last used')).toMatchObject({
      right: { kind: 'attribute', path: { steps: ['password_last_used'] } },
    });
  });

  it('a date let compares by day, like a date literal', () => {
    expect(condition('let d = 2027-01-01\nusers must have created < d')).toMatchObject({ byDay: true, right: { kind: 'constant', text: 'd', value: Date.UTC(2027, 0, 1) } });
  });

  it('a list of dates compares by day, like each of its dates would (docs/language.md)', () => {
    expect(condition('users must have created in [2027-01-01, 2027-02-01]')).toMatchObject({ op: 'in', byDay: true });
    expect(condition('let days = [2027-01-01]\nusers must have created not in days')).toMatchObject({ op: 'not in', byDay: true });
    expect(condition('users must have created in []')).toMatchObject({ byDay: false });
    expect(condition('users must have name in ["a"]')).toMatchObject({ byDay: false });
  });

  it('lists print their items as written', () => {
    const right = (text: string) => {
      const c = condition(text);
      return c.kind === 'compare' && c.right.kind === 'constant' ? c.right.text : null;
    };
    expect(right('access keys must have age in [1d, 2w]')).toBe('[1d, 2w]');
    expect(right('access keys must have active in [true, false]')).toBe('[true, false]');
    expect(right('users must have created in [2027-01-01]')).toBe('[2027-01-01]');
    expect(right('users must have name in ["a"]')).toBe('["a"]');
    expect(right('access keys must have number in [1, 2]')).toBe('[1, 2]');
  });
});

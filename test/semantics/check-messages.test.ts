import { describe, expect, it } from 'vitest';
import { type Diagnostic, lineColumnAt } from '../../src/diagnostics/index.ts';
import { COLLECTIONS, ENTITY_TYPES, SCHEMA } from '../../src/model/index.ts';
import { checkRuleFiles, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';

// What the checker tells users: each diagnostic's code, position, message and hint, and which
// statements it leaves alone (those that did not parse). check.test.ts and check-rules.test.ts pin
// codes and positions; this file pins the words.

const schema: Schema = SCHEMA;

interface Shown {
  readonly at: string;
  readonly message: string;
  readonly hint?: string;
}

function shown(text: string, d: Diagnostic): Shown {
  const where = d.span ? lineColumnAt(text, d.span.start) : null;
  const at = `${d.severity} ${d.code}${where ? `@${where.line}:${where.column}` : ''}`;
  return d.hint === undefined ? { at, message: d.message } : { at, message: d.message, hint: d.hint };
}

/** Every diagnostic of the checker on `text` (which must parse), errors then warnings. */
function said(text: string, params: Record<string, string> = {}, against: Schema = schema): Shown[] {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics, 'syntax diagnostics').toEqual([]);
  const result = checkRuleFiles([{ ast: file, text }], { schema: against, params });
  return [...(result.ok ? [] : result.errors), ...result.warnings].map((d) => shown(text, d));
}
const one = (text: string, params: Record<string, string> = {}): Shown => {
  const all = said(text, params);
  expect(all, text).toHaveLength(1);
  return all[0] as Shown;
};

describe('messages about names', () => {
  it('unknown collections: the closest, or the list of collections, or where the conditions go', () => {
    expect(one('usres must have mfa')).toEqual({ at: 'error check/unknown-collection@1:1', message: 'unknown collection `usres`', hint: 'did you mean `users`?' });
    const far = one('zzqqxx must have mfa');
    expect(far).toMatchObject({ at: 'error check/unknown-collection@1:1', message: 'unknown collection `zzqqxx`' });
    expect(far.hint).toMatch(/^collections: `root`, `account`, `password policy`, `users`, .*, `rcps`, .*, `analyzer findings` \(see `guard schema`\)$/);
    expect(one('users mfa where name = "x" denied')).toEqual({
      at: 'error check/unknown-collection@1:1',
      message: 'unknown collection `users mfa`',
      hint: 'the collection is `users`; put conditions after `where`',
    });
    expect(one('password polcy must exist')).toMatchObject({ message: 'unknown collection `password polcy`', hint: 'did you mean `password policy`?' });
    expect(one('access keys active with user mfa denied').hint).toBe('the collection is `access keys`; put conditions after `with`');
  });

  it('unknown attributes: whose, the closest or the list, and a step after something that is not a link', () => {
    expect(one('users where consol access denied')).toEqual({ at: 'error check/unknown-attribute@1:13', message: 'user has no attribute `consol access`', hint: 'did you mean `console access`?' });
    const far = one('access keys where user zzqq denied');
    expect(far).toMatchObject({ at: 'error check/unknown-attribute@1:24', message: 'user has no attribute `zzqq`' });
    expect(far.hint).toMatch(/^attributes of user: `name`, `arn`, .*, `tags` \(see `guard schema`\)$/);
    expect(one('mfa devices where zzqq denied').message).toBe('mfa device has no attribute `zzqq`');
    expect(one('access keys where age mfa denied')).toEqual({ at: 'error check/unknown-attribute@1:23', message: '`age` is not a link, so `mfa` cannot follow it' });
  });

  it('unknown names on the right: the closest let, param or attribute', () => {
    expect(one('users where name = nme denied')).toEqual({ at: 'error check/unknown-name@1:20', message: '`nme` is neither a let or param name nor an attribute', hint: 'did you mean `name`?' });
    expect(said('let admins = ["a"]\nusers where name in admns denied')).toMatchObject([{ at: 'error check/unknown-name@2:21', hint: 'did you mean `admins`?' }, { at: 'warning check/unused-name@1:5' }]);
    expect(one('users where name = zzqq denied').hint).toMatch(/^names in scope: `name`, `arn`, /);
  });

  it('names declared twice, and lets never used', () => {
    expect(said('let x = 1\nlet x = 2\npassword policy must have minimum length >= x')).toEqual([{ at: 'error check/duplicate-name@2:5', message: '`x` is already declared in this file' }]);
    expect(said('let x = 1\nroot must have mfa')).toEqual([{ at: 'warning check/unused-name@1:5', message: '`x` is declared but never used' }]);
    // A param is meant to be overridden: unused, it is no warning.
    expect(said('param x = 1\nroot must have mfa')).toEqual([]);
  });

  it('rule ids used twice: the line of the first in the same file', () => {
    expect(said('rule a:\n  users denied\n\nrule a:\n  roles denied')).toEqual([
      { at: 'error check/duplicate-rule@4:6', message: 'rule id `a` is already used (line 1)', hint: 'give each rule a unique id: `rule <id>: ...`' },
    ]);
    // A derived id clashes too, reported at the rule.
    expect(said('root must have mfa\nroot must have mfa')).toEqual([
      { at: 'error check/duplicate-rule@2:1', message: 'rule id `root-must-have-mfa` is already used (line 1)', hint: 'give each rule a unique id: `rule <id>: ...`' },
    ]);
  });

  it('--param overrides of undeclared params and of the wrong type', () => {
    const text = 'param max_age = 90d\naccess keys where age > max_age denied';
    expect(one(text, { max_ag: '30d' })).toEqual({ at: 'error usage/bad-param', message: 'no rule file declares a param `max_ag`', hint: 'did you mean `max_age`?' });
    expect(one(text, { max_age: 'soon' })).toEqual({
      at: 'error usage/bad-param',
      message: '--param max_age: expected a duration but found `soon`',
      hint: 'write it as in a rule file, for example `90d`',
    });
  });
});

describe('messages about conditions', () => {
  it('an inline comparison with no attribute before it', () => {
    expect(one('users > 3 denied')).toEqual({ at: 'error check/bad-operand@1:7', message: 'expected an attribute of users before `>`', hint: 'for example `users where <attribute> > ...`' });
  });

  it('allow and trust where the type has no permissions or trust policy, naming the types that have them', () => {
    const allow = one('password policy must not allow "*"');
    expect(allow).toMatchObject({ at: 'error check/not-applicable@1:26', message: '`allow` needs something with permissions, and a password policy has none' });
    expect(allow.hint).toMatch(/^`allow` applies to users, groups, roles, /);
    expect(one('users must not trust "*"')).toEqual({ at: 'error check/not-applicable@1:16', message: '`trust` needs a trust policy, and a user has none', hint: '`trust` applies to roles' });
    // Hyphenated entity types are named with spaces.
    expect(one('access keys must not trust "*"').message).toBe('`trust` needs a trust policy, and a access key has none');
    const bare: Schema = { collections: COLLECTIONS, entityTypes: { ...ENTITY_TYPES, role: { ...ENTITY_TYPES.role, trustPolicy: undefined } } };
    expect(said('roles must not trust "*"', {}, bare)).toMatchObject([{ hint: '`trust` applies to nothing in this schema' }]);
  });

  it('counting what is not a list of resources', () => {
    const hint = 'counting and `where` apply to lists of resources such as `access keys` or `groups`';
    expect(one('users must have at least 1 name')).toEqual({ at: 'error check/type-mismatch@1:28', message: '`name` is a string, not a list of resources', hint });
    expect(one('users must have no tags where mfa')).toEqual({ at: 'error check/type-mismatch@1:20', message: '`tags` is a list of strings, not a list of resources', hint });
  });

  it('comparisons of the wrong types: what the left is, what the operator cannot take, and a fix', () => {
    const mismatch = (text: string) => {
      const { message, hint } = one(text);
      return [message, hint];
    };
    expect(mismatch('access keys where age > 90 denied')).toEqual(['`age` is a duration, so `>` cannot take a number', 'durations need a unit, such as `90d`, `12h` or `2w`']);
    expect(mismatch('access keys where last rotated > 90d denied')).toEqual(['`last rotated` is a date, so `>` cannot take a duration', 'to compare an age, use a duration attribute such as `age` or `unused`']);
    expect(mismatch('access keys where last rotated > "2027-01-01" denied')).toEqual(['`last rotated` is a date, so `>` cannot take a string', 'write dates without quotes: `2027-01-01`']);
    expect(mismatch('access keys where number in 1 denied')).toEqual(['`number` is a number, so `in` cannot take a number', 'write a list: `["a", "b"]`']);
    expect(mismatch('access keys where number not in 1 denied')[1]).toBe('write a list: `["a", "b"]`');
    expect(mismatch('users where tags = "x" denied')).toEqual(['`tags` is a list of strings, so `=` cannot take a string', 'for lists use `contains`, `have at least N ...` or `have no ...`']);
    expect(mismatch('users where groups = "x" denied')[1]).toBe('for lists use `contains`, `have at least N ...` or `have no ...`');
    expect(mismatch('access keys where active = 1 denied')).toEqual(['`active` is a boolean, so `=` cannot take a number', '`=` on a boolean: write the attribute alone, or `not` it']);
    expect(mismatch('access keys where number = "1" denied')).toEqual(['`number` is a number, so `=` cannot take a string', 'expected a number on the right']);
    expect(mismatch('access keys where user = 1 denied')).toEqual(['`user` is a user, so `=` cannot take a number', 'expected a user on the right']);
    expect(mismatch('access keys where age > [1] denied')[0]).toBe('`age` is a duration, so `>` cannot take a list of numbers');
    expect(mismatch('access keys where age > true denied')).toEqual(['`age` is a duration, so `>` cannot take a boolean', 'expected a duration on the right']);
    // Each hint only where both sides fit it.
    expect(mismatch('access keys where number = 3d denied')[1]).toBe('expected a number on the right');
    expect(mismatch('users where created = 1 denied')[1]).toBe('expected a date on the right');
    expect(mismatch('access keys where number in ["x"] denied')[1]).toBe('expected a number on the right');
  });

  it('lists of mixed or nested items, at the item', () => {
    expect(one('users where name in ["a", 1] denied')).toEqual({ at: 'error check/type-mismatch@1:27', message: 'a list holds one type: expected string but found number' });
    expect(one('users where name in ["a", ["b"]] denied')).toEqual({ at: 'error check/type-mismatch@1:27', message: 'lists cannot contain lists' });
  });
});

describe('messages about metadata and exceptions', () => {
  const rule = (clause: string) => `rule r:\n  users denied\n  ${clause}\n`;

  it('severities, clauses given twice, values of the wrong kind', () => {
    expect(one('rule r severity hgh:\n  users denied')).toEqual({ at: 'error check/bad-metadata@1:17', message: 'unknown severity `hgh`', hint: 'did you mean `high`?' });
    expect(one(rule('rationale "a"\n  rationale "b"'))).toEqual({ at: 'error check/bad-metadata@4:3', message: '`rationale` is given twice' });
    expect(one(rule('references 1'))).toEqual({ at: 'error check/bad-metadata@3:14', message: '`references` takes a string or a list of strings' });
  });

  it('exceptions: unknown and union types, no expiry, no reason', () => {
    expect(one(rule('except usr "a" until 2027-01-01 because "x"'))).toEqual({ at: 'error check/bad-exception@3:10', message: 'unknown resource type `usr`', hint: 'did you mean `user`?' });
    expect(one(rule('except zzqqxx "a" until 2027-01-01 because "x"')).hint).toMatch(/^resource types: `root`, `account`, .* \(see `guard schema`\)$/);
    expect(one(rule('except identity "a" until 2027-01-01 because "x"'))).toEqual({
      at: 'error check/bad-exception@3:10',
      message: '`identity` is not a resource type of findings',
      hint: 'name one of `user`, `group`, `role`',
    });
    expect(one(rule('except user "a" because "x"'))).toEqual({ at: 'error check/bad-exception@3:3', message: 'an exception needs an expiry', hint: 'add `until YYYY-MM-DD` so the exception is reviewed' });
    expect(one(rule('except user "a" until 2027-01-01'))).toEqual({ at: 'warning check/bad-exception@3:3', message: 'an exception should say why', hint: 'add `because "<reason>"`' });
  });
});

describe('statements that did not parse', () => {
  // The parser has reported them; checking what is left of them would add a second, misleading diagnostic.
  function checkedDespite(text: string): { syntax: number; check: Shown[]; rules: string[] } {
    const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
    const result = checkRuleFiles([{ ast: file, text }], { schema });
    return {
      syntax: diagnostics.length,
      check: [...(result.ok ? [] : result.errors), ...result.warnings].map((d) => shown(text, d)),
      rules: result.ok ? result.value.rules.map((r) => r.id) : [],
    };
  }

  it('skips a rule holding an error condition, anywhere in it, and checks the others', () => {
    // An unknown collection and a bad literal in the filter: only the literal is reported (by the parser).
    expect(checkedDespite('usres where age > 90days denied\nroot must have mfa')).toEqual({ syntax: 1, check: [], rules: ['root-must-have-mfa'] });
    // The error is nested in a group; the unknown attribute after it is not reported.
    expect(checkedDespite('users where (mfa and ) must have zzqq\nroot must have mfa')).toEqual({ syntax: 1, check: [], rules: ['root-must-have-mfa'] });
  });

  it('still reports the other rules of the file', () => {
    expect(checkedDespite('usres where age > 90days denied\nroles where zzqq denied')).toMatchObject({ syntax: 1, check: [{ at: 'error check/unknown-attribute@2:13' }] });
  });
});

import { describe, expect, it } from 'vitest';
import { type Diagnostic, lineColumnAt } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { type CheckedCondition, type CheckedRule, checkRuleFiles, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile, type RuleFile } from '../../src/syntax/index.ts';

// The checker's metadata, exceptions, params and constants (what a rule reads: rule-reads.test.ts).
// Diagnostics are pinned by code and position (`code@line:column`), not by message text.

const schema: Schema = SCHEMA;
type File = { readonly text: string; readonly path?: string };

/** `edit` changes the parsed AST: some branches of the checker guard against what the parser already rejects. */
function checkFiles(files: readonly File[], params: Record<string, string> = {}, edit?: (ast: RuleFile) => void) {
  const sources = files.map(({ text, path }) => {
    const { file, diagnostics } = parseRuleFile(text, path ?? 'rules.guard');
    expect(diagnostics, 'syntax diagnostics').toEqual([]);
    edit?.(file);
    return { ast: file, text };
  });
  return checkRuleFiles(sources, { schema, params });
}
/** The checker's errors after replacing the first AST node of `kind` holding `value` with `replacement` (given the same span). */
function errorsAfterEdit(text: string, kind: string, value: string, replacement: Record<string, unknown>): string[] {
  let replaced = false;
  const walk = (node: unknown): void => {
    if (replaced || typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const c = child as { kind?: string; value?: unknown; text?: unknown; span?: unknown } | null;
      if (!replaced && c !== null && typeof c === 'object' && (c.kind ?? 'name') === kind && (c.value ?? c.text) === value) {
        (node as Record<string, unknown>)[key] = { ...replacement, span: c.span };
        replaced = true;
      } else walk(child);
    }
  };
  const result = checkFiles([{ text }], {}, (ast) => walk(ast));
  expect(replaced, `a ${kind} node holding ${value}`).toBe(true);
  return result.ok ? [] : result.errors.map((d) => at(text, d));
}
const at = (text: string, d: Diagnostic) => (d.span ? `${d.code}@${lineColumnAt(text, d.span.start).line}:${lineColumnAt(text, d.span.start).column}` : d.code);
function diagnostics(text: string, params: Record<string, string> = {}): { errors: string[]; warnings: string[] } {
  const result = checkFiles([{ text }], params);
  return { errors: result.ok ? [] : result.errors.map((d) => at(text, d)), warnings: result.warnings.map((d) => at(text, d)) };
}
const errors = (text: string, params: Record<string, string> = {}) => diagnostics(text, params).errors;
function rules(text: string, params: Record<string, string> = {}): readonly CheckedRule[] {
  const result = checkFiles([{ text }], params);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  return result.value.rules;
}
const only = (text: string): CheckedRule => {
  const [rule] = rules(text);
  if (!rule) throw new Error('no rule');
  return rule;
};
const condition = (text: string): CheckedCondition => {
  const body = only(text).body;
  if (body.kind === 'denied') throw new Error('denied rule');
  return body.condition;
};

describe('metadata', () => {
  it('defaults: severity medium, no rationale, remediation or references, the title printed from the body', () => {
    expect(only('root must have mfa')).toMatchObject({ severity: 'medium', rationale: null, remediation: null, references: [], title: 'root must have mfa' });
  });

  it('reads every clause, severities in any case and as strings', () => {
    const rule = only('rule r severity HIGH:\n  root must have mfa\n  rationale "why"\n  remediation "fix"\n  references ["CIS 1.5", "x"]\n');
    expect(rule).toMatchObject({ severity: 'high', rationale: 'why', remediation: 'fix', references: ['CIS 1.5', 'x'] });
    expect(only('rule r:\n  root must have mfa\n  references "one"\n').references).toEqual(['one']);
    for (const s of ['critical', 'high', 'medium', 'low', 'info']) expect(only(`rule r severity ${s}:\n  root must have mfa\n`).severity).toBe(s);
  });

  it('rejects a clause given twice, at the second', () => {
    expect(errors('rule r severity high:\n  root must have mfa\n  rationale "a"\n  rationale "b"\n')).toEqual(['check/bad-metadata@4:3']);
    expect(errors('rule r severity high:\n  root must have mfa\n  severity low\n')).toEqual(['check/bad-metadata@3:3']);
  });

  it('rejects values of the wrong kind, at the value', () => {
    expect(errors('rule r:\n  root must have mfa\n  references ["a", 2]\n')).toEqual(['check/bad-metadata@3:14']);
    expect(errors('rule r:\n  root must have mfa\n  references 2\n')).toEqual(['check/bad-metadata@3:14']);
    // What the parser already refuses, checked again on the AST.
    const text = 'rule r severity high:\n  root must have mfa\n  rationale "a"\n  remediation "b"\n';
    expect(errorsAfterEdit(text, 'string', 'a', { kind: 'number', value: 3 })).toEqual(['check/bad-metadata@3:13']);
    expect(errorsAfterEdit(text, 'string', 'b', { kind: 'boolean', value: true })).toEqual(['check/bad-metadata@4:15']);
    expect(errorsAfterEdit(text, 'name', 'high', { kind: 'string', value: 'LOW' })).toEqual([]);
    expect(errorsAfterEdit(text, 'name', 'high', { kind: 'string', value: 'lo' })).toEqual(['check/bad-metadata@1:17']);
    expect(errorsAfterEdit(text, 'name', 'high', { kind: 'number', value: 3 })).toEqual(['check/bad-metadata@1:17']);
  });

  it('hints the closest severity, or the list of them', () => {
    const near = checkFiles([{ text: 'rule r severity hihg:\n  root must have mfa\n' }]);
    expect(near.ok ? [] : near.errors.map((e) => e.hint)).toEqual(['did you mean `high`?']);
    const far = checkFiles([{ text: 'rule r severity zzzzzzzz:\n  root must have mfa\n' }]);
    expect(far.ok ? [] : far.errors.map((e) => e.hint)).toEqual(['use one of critical, high, medium, low, info']);
  });
});

describe('exceptions', () => {
  const rule = (except: string) => `rule r:\n  users denied\n  ${except}\n`;

  it('carry type, name, expiry (the end of the until day), reason and location', () => {
    const [e] = only(rule('except user "ci" until 2027-03-01 because "moving"')).exceptions;
    expect(e).toMatchObject({ entityType: 'user', name: 'ci', until: '2027-03-01', expiresAt: Date.UTC(2027, 2, 2), reason: 'moving', location: { file: 'rules.guard', line: 3, column: 3 } });
    const [k] = only('rule r:\n  access keys denied\n  except access key "ci/1" until 2027-01-31 because "x"\n').exceptions;
    expect(k).toMatchObject({ entityType: 'access-key', name: 'ci/1', expiresAt: Date.UTC(2027, 1, 1) });
  });

  it('warn when they do not say why, and keep them', () => {
    const text = rule('except user "ci" until 2027-03-01');
    expect(diagnostics(text)).toEqual({ errors: [], warnings: ['check/bad-exception@3:3'] });
    expect(only(text).exceptions[0]?.reason).toBe(null);
  });

  it('reject an impossible until date at the date, a missing expiry at the clause', () => {
    // The parser rejects such dates already; the checker does not rely on it.
    const valid = rule('except user "ci" until 2027-03-01 because "x"');
    expect(errorsAfterEdit(valid, 'date', '2027-03-01', { kind: 'date', value: '2027-02-30' })).toEqual(['syntax/bad-literal@3:26']);
    expect(errorsAfterEdit(valid, 'date', '2027-03-01', { kind: 'date', value: '2027-13-01' })).toEqual(['syntax/bad-literal@3:26']);
    expect(errors(rule('except user "ci" because "x"'))).toEqual(['check/bad-exception@3:3']);
    expect(only(rule('except user "ci" until 2028-02-29 because "leap"')).exceptions[0]?.expiresAt).toBe(Date.UTC(2028, 2, 1));
  });

  it('reject unknown resource types and union types, at the type', () => {
    expect(errors(rule('except usr "ci" until 2027-03-01 because "x"'))).toEqual(['check/bad-exception@3:10']);
    expect(errors(rule('except identity "ci" until 2027-03-01 because "x"'))).toEqual(['check/bad-exception@3:10']);
  });
});

describe('params, lets and rule ids', () => {
  it('refuses declarations of one param name with different types, which one --param value could not fit', () => {
    const a = { text: 'param n = 2\nrule a:\n  password policy must have minimum length >= n\n', path: 'a.guard' };
    const b = { text: 'param n = "x"\nrule b:\n  users where name = n denied\n', path: 'b.guard' };
    const result = checkFiles([a, b], { n: '3' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((d) => [d.code, d.span?.file, d.span && lineColumnAt(b.text, d.span.start)])).toEqual([['check/type-mismatch', 'b.guard', { line: 1, column: 11 }]]);
    expect(errors[0]?.message).toBe('param `n` is a string here but a number in a.guard');
    // The same type in both files is one param, overridden in both.
    const c = { text: 'param n = 5\nrule c:\n  password policy must have minimum length >= n\n', path: 'c.guard' };
    expect(checkFiles([a, c], { n: '3' }).ok).toBe(true);
  });

  it('override params by name across files, typed by the default', () => {
    const a = { text: 'param age = 90d\nrule a:\n  access keys where age > age denied\n', path: 'a.guard' };
    const b = { text: 'param other = "x"\nrule b:\n  users where name = other denied\n', path: 'b.guard' };
    const result = checkFiles([a, b], { age: '30d', other: '"y"' });
    expect(result.ok && result.value.params.map((p) => [p.name, p.file, p.defaultValue])).toEqual([
      ['age', 'a.guard', 90 * 86_400_000],
      ['other', 'b.guard', 'x'],
    ]);
    expect(result.ok && result.value.rules.map((r) => (r.body.kind === 'denied' ? r.body.scope.filter : null))).toMatchObject([
      { kind: 'compare', right: { kind: 'constant', value: 30 * 86_400_000, text: 'age' } },
      { kind: 'compare', right: { kind: 'constant', value: 'y', text: 'other' } },
    ]);
  });

  it('reject overrides of undeclared params and values of the wrong type, without a location', () => {
    const text = 'param n = 3\nrule a:\n  password policy must have minimum length >= n\n';
    expect(errors(text, { m: '1' })).toEqual(['usage/bad-param']);
    expect(errors(text, { n: 'three' })).toEqual(['usage/bad-param']);
    expect(rules(text, { n: '14' })[0]?.body).toMatchObject({ condition: { right: { value: 14 } } });
  });

  it('reject a name declared twice in a file, at the second', () => {
    expect(errors('let x = 1\nlet x = 2\nrule a:\n  password policy must have minimum length >= x\n')).toEqual(['check/duplicate-name@2:5']);
    expect(errors('let x = 1\nparam x = 2\nrule a:\n  password policy must have minimum length >= x\n')).toEqual(['check/duplicate-name@2:7']);
  });

  it('reject a rule id used in another file, at the id', () => {
    const result = checkFiles([
      { text: 'rule same:\n  root must have mfa\n', path: 'a.guard' },
      { text: 'root must have mfa\nrule same:\n  root must have mfa\n', path: 'b.guard' },
    ]);
    expect(result.ok ? [] : result.errors.map((e) => [e.code, e.span?.file, e.span?.start])).toEqual([['check/duplicate-rule', 'b.guard', 24]]);
    expect(result.ok ? '' : result.errors[0]?.message).toContain('a.guard');
  });

  it('keep at most ten errors of a file, and every warning', () => {
    const text = `${Array.from({ length: 12 }, (_, i) => `users with nope${i} denied`).join('\n')}\nlet unused = 1\n`;
    const { errors: found, warnings } = diagnostics(text);
    expect(found).toHaveLength(10);
    expect(warnings).toEqual(['check/unused-name@13:5']);
  });
});

describe('constants', () => {
  it('type lists by their elements, and reject mixed and nested lists at the element', () => {
    expect(condition('users must have name in ["a", "b"]')).toMatchObject({ op: 'in', right: { kind: 'constant', type: { kind: 'list', of: 'string' }, value: ['a', 'b'], text: '["a", "b"]' } });
    expect(errors('users must have name in ["a", 1]')).toEqual(['check/type-mismatch@1:31']);
    expect(errors('users must have name in ["a", ["b"]]')).toEqual(['check/type-mismatch@1:31']);
    expect(errorsAfterEdit('users must have name in [2027-01-01]', 'date', '2027-01-01', { kind: 'date', value: '2027-02-30' })).toEqual(['syntax/bad-literal@1:26']);
    expect(condition('users must have name not in []')).toMatchObject({ right: { type: { kind: 'list', of: 'empty' }, value: [] } });
  });

  it('compare dates by day only against a date literal', () => {
    expect(condition('users must have created < 2027-01-01')).toMatchObject({ byDay: true, right: { value: Date.UTC(2027, 0, 1) } });
    expect(condition('users must have created < password last used')).toMatchObject({ byDay: false });
    expect(condition('access keys must have age < 2d')).toMatchObject({ byDay: false, right: { value: 2 * 86_400_000, text: '2d' } });
    expect(errorsAfterEdit('users must have created < 2027-01-01', 'date', '2027-01-01', { kind: 'date', value: '2027-02-30' })).toEqual(['syntax/bad-literal@1:27']);
    expect(errorsAfterEdit('let d = 2027-01-01\nusers must have created < d', 'date', '2027-01-01', { kind: 'date', value: '2027-02-30' })).toEqual(['syntax/bad-literal@1:9', 'check/unknown-name@2:27']);
  });

  it('turn `no` into at most 0 and keep counts', () => {
    expect(condition('users must have no access keys where active')).toMatchObject({ kind: 'count', quantifier: 'at most', count: 0, where: { kind: 'have' } });
    expect(condition('users must have at least 2 groups')).toMatchObject({ kind: 'count', quantifier: 'at least', count: 2, where: null });
  });
});

describe('allow and exist', () => {
  it('allow defaults its resource to "*"; exist names `exists` only where the type has it', () => {
    expect(condition('customer policies must not allow "iam:*"')).toMatchObject({ kind: 'allow', action: 'iam:*', resource: '*' });
    expect(condition('password policy must exist')).toMatchObject({ kind: 'exist', attribute: 'exists' });
    expect(condition('users must exist')).toMatchObject({ kind: 'exist', attribute: null });
  });
});

describe('which comparisons type-check', () => {
  // Left attributes of each kind and right operands of each kind; every pair not listed as accepted
  // is a check/type-mismatch at the comparison.
  const LEFT: Record<string, string> = {
    number: 'access keys where number',
    boolean: 'access keys where active',
    date: 'access keys where last rotated',
    duration: 'access keys where age',
    string: 'access keys where last used service',
    link: 'access keys where user',
    strings: 'users where tags',
    links: 'users where groups',
  };
  const RIGHT: Record<string, string> = { number: '1', boolean: 'true', string: '"x"', date: '2027-01-01', duration: '3d', strings: '["x"]', numbers: '[1]', empty: '[]' };
  const scalars = ['number:number', 'boolean:boolean', 'string:string', 'date:date', 'duration:duration'];
  const ACCEPTED: Record<string, readonly string[]> = {
    '=': [...scalars, 'link:string'],
    '<': ['number:number', 'date:date', 'duration:duration'],
    in: ['number:numbers', 'string:strings', 'link:strings', 'strings:strings', ...Object.keys(LEFT).map((l) => `${l}:empty`)],
    matches: ['string:string', 'strings:string', 'link:string', 'links:string'],
    contains: ['string:string', 'strings:string', 'links:string'],
  };
  const OPS: [string, keyof typeof ACCEPTED][] = [
    ['=', '='],
    ['!=', '='],
    ['<', '<'],
    ['<=', '<'],
    ['>', '<'],
    ['>=', '<'],
    ['in', 'in'],
    ['not in', 'in'],
    ['matches', 'matches'],
    ['not matches', 'matches'],
    ['contains', 'contains'],
    ['not contains', 'contains'],
  ];

  it('accepts exactly the pairs of kinds each operator takes', () => {
    for (const [op, family] of OPS) {
      for (const [l, left] of Object.entries(LEFT)) {
        // Negated operators share their positive's rule: a string and an empty list suffice there.
        const rights = op.startsWith('not ') || op === '!=' ? Object.entries(RIGHT).filter(([r]) => r === 'string' || r === 'empty') : Object.entries(RIGHT);
        for (const [r, right] of rights) {
          const text = `${left} ${op} ${right} denied`;
          const accepted = ACCEPTED[family]?.includes(`${l}:${r}`) ?? false;
          const column = left.indexOf('where') + 7;
          expect([text, errors(text)]).toEqual([text, accepted ? [] : [`check/type-mismatch@1:${column}`]]);
        }
      }
    }
  });

  it('hints at the likely fix', () => {
    const hint = (text: string) => {
      const result = checkFiles([{ text }]);
      return result.ok ? null : result.errors[0]?.hint;
    };
    expect(hint('access keys where age > 90 denied')).toContain('90d');
    expect(hint('access keys where last rotated > 90d denied')).toContain('age');
    expect(hint('access keys where last rotated > "2027-01-01" denied')).toContain('without quotes');
    expect(hint('access keys where number in 1 denied')).toContain('["a", "b"]');
    expect(hint('users where groups = "admins" denied')).toContain('contains');
    expect(hint('access keys where active = 1 denied')).toContain('boolean');
    expect(hint('access keys where number = "1" denied')).toContain('a number');
  });
});

import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { type AttributeType, SCHEMA, UNKNOWN, type Value } from '../../src/model/index.ts';
import { accepts, type CheckedCondition, COMPARISON_OPS, checkRuleFiles, holds, type LeftKind, mismatchHint, OPERATORS, type OperandKind, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';

// The operator table against the checker on rule text: every operator, every left kind and every
// kind of right operand (constants and attributes), accepted exactly where the table says.

const schema: Schema = SCHEMA;

function check(text: string) {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics, text).toEqual([]);
  return checkRuleFiles([{ ast: file, text }], { schema });
}

// On access keys, every attribute kind is reachable: its own, or its user's through the link.
const LEFT: Readonly<Record<LeftKind, string>> = {
  number: 'number',
  boolean: 'active',
  date: 'last rotated',
  duration: 'age',
  string: 'last used service',
  link: 'user',
  strings: 'user tags',
  links: 'user groups',
  'policy-documents': 'user permissions',
};

const RIGHT: Readonly<Record<string, { readonly text: string; readonly kind: OperandKind }>> = {
  'number constant': { text: '1', kind: 'number' },
  'boolean constant': { text: 'true', kind: 'boolean' },
  'string constant': { text: '"x"', kind: 'string' },
  'date constant': { text: '2027-01-01', kind: 'date' },
  'duration constant': { text: '3d', kind: 'duration' },
  'list of numbers': { text: '[1, 2]', kind: 'list of number' },
  'list of booleans': { text: '[true]', kind: 'list of boolean' },
  'list of strings': { text: '["x", "y"]', kind: 'list of string' },
  'list of dates': { text: '[2027-01-01]', kind: 'list of date' },
  'list of durations': { text: '[3d]', kind: 'list of duration' },
  'empty list': { text: '[]', kind: 'empty list' },
  ...Object.fromEntries(Object.entries(LEFT).map(([kind, text]) => [`${kind} attribute`, { text, kind: kind as OperandKind }])),
};

const SCOPE = 'access keys where ';
const attributeTypeOf = (kind: LeftKind): AttributeType => (kind === 'link' ? { kind, target: 'user' } : kind === 'links' ? { kind, target: 'group' } : ({ kind } as AttributeType));

describe('the operator table types comparisons', () => {
  it('the checker accepts exactly the pairs of kinds the table accepts, and refuses the others at the comparison', () => {
    let accepted = 0;
    for (const op of COMPARISON_OPS) {
      for (const [leftKind, left] of Object.entries(LEFT) as [LeftKind, string][]) {
        for (const [name, right] of Object.entries(RIGHT)) {
          const text = `${SCOPE}${left} ${op} ${right.text} denied`;
          const result = check(text);
          const expected = accepts(op, leftKind, right.kind);
          const outcome = result.ok ? 'accepted' : result.errors.map((d) => `${d.code}@${d.span && lineColumnAt(text, d.span.start).column}`).join(', ');
          expect(`${op} ${leftKind} × ${name}: ${outcome}`).toBe(`${op} ${leftKind} × ${name}: ${expected ? 'accepted' : `check/type-mismatch@${SCOPE.length + 1}`}`);
          if (expected) accepted++;
          else {
            // What the left is, the operator, what it cannot take, and the table's hint for the pair.
            const [d] = result.ok ? [] : result.errors;
            expect(d?.message).toMatch(new RegExp(`^\`${left}\` is .+, so \`${op}\` cannot take .+$`));
            expect(d?.hint).toBe(mismatchHint(attributeTypeOf(leftKind), op, right.kind));
          }
        }
      }
    }
    // Not vacuous either way: the table accepts some pairs and refuses most.
    expect(accepted).toBeGreaterThan(40);
    expect(accepted).toBeLessThan((COMPARISON_OPS.length * Object.keys(LEFT).length * Object.keys(RIGHT).length) / 2);
  });

  it('compares by day exactly where the table says: a date against a date constant', () => {
    for (const op of COMPARISON_OPS) {
      for (const [name, right] of Object.entries(RIGHT)) {
        if (!accepts(op, 'date', right.kind)) continue;
        const result = check(`${SCOPE}last rotated ${op} ${right.text} denied`);
        if (!result.ok) throw new Error(`${op} ${name} refused`);
        const [rule] = result.value.rules;
        const filter = rule?.body.scope.filter as Extract<CheckedCondition, { kind: 'compare' }>;
        const dateConstant = !name.endsWith('attribute') && (right.kind === 'date' || right.kind === 'list of date');
        const byDay = OPERATORS[op].byDay && dateConstant;
        expect([op, name, filter.byDay]).toEqual([op, name, byDay]);
      }
    }
  });

  it('a negated operator takes what its positive takes, and the negation pairs are mutual', () => {
    for (const op of COMPARISON_OPS) {
      const spec = OPERATORS[op];
      expect(spec.accepts).toBe(OPERATORS[spec.positive].accepts);
      expect(OPERATORS[spec.positive].negated).toBe(false);
      if (spec.negation !== null) {
        expect(OPERATORS[spec.negation].negation).toBe(op);
        expect(OPERATORS[spec.negation].negated).toBe(!spec.negated);
      }
    }
    expect(COMPARISON_OPS.filter((op) => OPERATORS[op].negated)).toEqual(['!=', 'not in', 'not matches', 'not contains', 'none of']);
    expect(COMPARISON_OPS.filter((op) => OPERATORS[op].negation === null)).toEqual(['<', '<=', '>', '>=', 'all of', 'subset of']);
  });
});

describe('holds: what each operator means on present values', () => {
  const DAY = 86_400_000;
  const key = { type: 'user' as const, key: 'user/a', name: 'alice', arn: 'arn:aws:iam::1:user/alice', owner: null, attrs: {} };
  it('compares scalars, by day when asked', () => {
    expect(holds('=', 3, 3, false)).toBe(true);
    expect(holds('!=', 3, 3, false)).toBe(false);
    expect(holds('=', DAY + 5, DAY + 9, false)).toBe(false);
    expect(holds('=', DAY + 5, DAY + 9, true)).toBe(true);
    expect(holds('<', 2, 3, false)).toBe(true);
    expect(holds('<', 3, 3, false)).toBe(false);
    expect(holds('<=', 3, 3, false)).toBe(true);
    expect(holds('>', 4, 3, false)).toBe(true);
    expect(holds('>=', 3, 4, false)).toBe(false);
    expect(holds('<', DAY + 1, DAY + 2, true)).toBe(false);
    expect(holds('<', 1, 'x', false)).toBe(false);
  });

  it('names a resource by its name or ARN', () => {
    expect(holds('=', key, 'alice', false)).toBe(true);
    expect(holds('=', key, 'arn:aws:iam::1:user/alice', false)).toBe(true);
    expect(holds('=', key, 'bob', false)).toBe(false);
    expect(holds('in', key, ['bob', 'alice'], false)).toBe(true);
    expect(holds('contains', [key], 'arn:aws:iam::1:user/alice', false)).toBe(true);
    expect(holds('matches', key, 'al*', false)).toBe(true);
    expect(holds('matches', key, 'arn:*', false)).toBe(false);
  });

  it('in is membership, and a subset for a list on the left; an empty list holds nothing', () => {
    expect(holds('in', 'a', ['a', 'b'], false)).toBe(true);
    expect(holds('not in', 'c', ['a', 'b'], false)).toBe(true);
    expect(holds('in', ['a'], ['a', 'b'], false)).toBe(true);
    expect(holds('in', ['a', 'c'], ['a', 'b'], false)).toBe(false);
    expect(holds('in', [], ['a'], false)).toBe(true);
    expect(holds('in', 'a', [], false)).toBe(false);
    // Constant lists of numbers (dates here) are values the model never holds, hence the cast.
    const days = [DAY] as unknown as Value;
    expect(holds('in', DAY + 7, days, true)).toBe(true);
    expect(holds('in', DAY + 7, days, false)).toBe(false);
    expect(holds('in', 'a', 'a', false)).toBe(false);
  });

  it('matches globs case-insensitively; contains is a substring or an element', () => {
    expect(holds('matches', 'svc-CI', 'svc-*', false)).toBe(true);
    expect(holds('matches', ['x', 'svc-a'], 'SVC-*', false)).toBe(true);
    expect(holds('not matches', 'admin', 'svc-*', false)).toBe(true);
    expect(holds('contains', 'breakglass', 'glass', false)).toBe(true);
    expect(holds('contains', ['breakglass'], 'glass', false)).toBe(false);
    expect(holds('contains', ['glass'], 'glass', false)).toBe(true);
    expect(holds('not contains', 'abc', 'z', false)).toBe(true);
    expect(holds('contains', 3, 'z', false)).toBe(false);
    expect(holds('matches', UNKNOWN, 'z', false)).toBe(false);
  });

  it('any of, all of, none of and subset of say what they do; no element is any of anything', () => {
    const key = { type: 'user' as const, key: 'user/a', name: 'alice', arn: 'arn:aws:iam::1:user/alice', owner: null, attrs: {} };
    expect(holds('any of', ['iam:*', 's3:Get*'], ['*', 'iam:*'], false)).toBe(true);
    expect(holds('any of', [], ['*', 'iam:*'], false)).toBe(false);
    expect(holds('none of', [], ['*', 'iam:*'], false)).toBe(true);
    expect(holds('none of', ['iam:*'], ['*', 'iam:*'], false)).toBe(false);
    expect(holds('any of', 'alice', ['bob', 'alice'], false)).toBe(true);
    expect(holds('all of', ['a', 'b', 'c'], ['a', 'c'], false)).toBe(true);
    expect(holds('all of', ['a'], ['a', 'c'], false)).toBe(false);
    expect(holds('subset of', ['a'], ['a', 'c'], false)).toBe(true);
    expect(holds('subset of', [], ['a'], false)).toBe(true);
    expect(holds('subset of', ['a', 'b'], ['a', 'c'], false)).toBe(false);
    expect(holds('any of', [key], ['arn:aws:iam::1:user/alice'], false)).toBe(true);
    expect(holds('all of', [key], ['alice', 'arn:aws:iam::1:user/alice'], false)).toBe(true);
    expect(holds('any of', ['IAM:*'], ['iam:*'], false, 'names')).toBe(true);
  });

  it('compares the texts of a name IAM compares ignoring case (actions, condition keys) ignoring case', () => {
    expect(holds('contains', ['sts:ExternalId'], 'STS:externalid', false)).toBe(false);
    expect(holds('contains', ['sts:ExternalId'], 'STS:externalid', false, 'names')).toBe(true);
    expect(holds('not contains', ['sts:ExternalId'], 'STS:externalid', false, 'names')).toBe(false);
    expect(holds('in', ['IAM:PassRole'], ['iam:passrole', 'x'], false, 'names')).toBe(true);
    expect(holds('=', 'S3', 's3', false, 'names')).toBe(true);
    // Only letters A-Z fold, as in IAM's matching.
    expect(holds('=', 'É', 'é', false, 'names')).toBe(false);
  });

  it('compares condition texts with the operator and key ignoring case, the value as its operator does', () => {
    const texts = (op: Parameters<typeof holds>[0], l: string[], r: string | string[]) => holds(op, l, r, false, 'condition texts');
    expect(texts('contains', ['StringEquals aws:SourceIp=10.0.0.1'], 'stringequals AWS:sourceip=10.0.0.1')).toBe(true);
    expect(texts('contains', ['StringEquals sts:ExternalId=Secret'], 'StringEquals sts:externalid=secret')).toBe(false);
    expect(texts('contains', ['ForAnyValue:StringEqualsIgnoreCase aws:TagKeys=Team'], 'foranyvalue:stringequalsignorecase aws:tagkeys=TEAM')).toBe(true);
    expect(texts('contains', ['StringEqualsIgnoreCaseIfExists k=Team'], 'stringequalsignorecaseifexists K=team')).toBe(true);
    expect(texts('in', ['StringLike token.actions.githubusercontent.com:sub=repo:Org/*'], ['STRINGLIKE Token.Actions.GitHubUserContent.com:SUB=repo:Org/*'])).toBe(true);
    expect(texts('in', ['StringLike token.actions.githubusercontent.com:sub=repo:Org/*'], ['stringlike token.actions.githubusercontent.com:sub=repo:org/*'])).toBe(false);
    // A value with `=` in it: the key ends at the first one.
    expect(texts('contains', ['StringEquals k=a=B'], 'stringequals K=a=B')).toBe(true);
    expect(texts('contains', ['StringEquals k=a=B'], 'stringequals K=a=b')).toBe(false);
    // Texts not of the form: no space, folded as they are; no `=`, the operator folded.
    expect(texts('contains', ['Plain'], 'plain')).toBe(false);
    expect(texts('contains', ['Bool Key'], 'bool Key')).toBe(true);
    expect(texts('contains', ['Bool Key'], 'bool key')).toBe(false);
  });
});

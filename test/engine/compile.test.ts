import { describe, expect, it } from 'vitest';
import { compileCondition, compileGetter, compileRule, haveValue } from '../../src/engine/compile.ts';
import { referenceCondition, referenceVerdict, type Truth } from '../../src/engine/reference.ts';
import { FALSE, TRUE, type Tri, UNKNOWN_TRI } from '../../src/engine/tri.ts';
import { type Entity, type PolicyDocument, parsePolicyDocument, UNKNOWN, type Value } from '../../src/model/index.ts';
import type { CheckedCondition, CheckedOperand } from '../../src/semantics/index.ts';
import type { ComparisonOp, CountQuantifier } from '../../src/syntax/index.ts';
import { checkedRule } from '../support/checked-rule.ts';

// Unit tests of the compiled closures on hand-built conditions and entities: each case states its
// verdict, and the reference evaluator must give the same one (so both readings are pinned).

const span = { file: 'compile.test', start: 0, end: 0 };
const DAY = 86_400_000;
const NAMES: Record<Tri, Truth> = { [FALSE]: 'F', [UNKNOWN_TRI]: 'U', [TRUE]: 'T' };

let serial = 0;
function entity(attrs: Record<string, Value>, name = `e${serial++}`, arn: string | null = null): Entity {
  return { type: 'user', key: name, name, arn, owner: null, attrs };
}
const path = (...steps: string[]) => ({ steps, type: { kind: 'string' } as const, text: steps.join(' '), span });
const constant = (value: CheckedOperand & { kind: 'constant' } extends { value: infer V } ? V : never): CheckedOperand => ({
  kind: 'constant',
  type: { kind: 'string' },
  value,
  text: JSON.stringify(value),
});
const attribute = (...steps: string[]): CheckedOperand => ({ kind: 'attribute', path: path(...steps) });
const compare = (left: string, op: ComparisonOp, right: CheckedOperand, byDay = false): CheckedCondition => ({
  kind: 'compare',
  op,
  left: path(left),
  right,
  byDay,
  span,
});
const have = (...steps: string[]): CheckedCondition => ({ kind: 'have', path: path(...steps), span });
const lit = (value: boolean): CheckedCondition => ({ kind: 'constant', value, span });
/** A condition with the given verdict on any entity without the attribute `missing`. */
const of = (t: Truth): CheckedCondition => (t === 'U' ? have('missing') : lit(t === 'T'));
const and = (...operands: CheckedCondition[]): CheckedCondition => ({ kind: 'and', operands, span });
const or = (...operands: CheckedCondition[]): CheckedCondition => ({ kind: 'or', operands, span });
const not = (operand: CheckedCondition): CheckedCondition => ({ kind: 'not', operand, span });

/** The compiled verdict, checked against the reference evaluator's. */
function verdict(condition: CheckedCondition, e: Entity): Truth {
  const compiled = NAMES[compileCondition(condition)(e)];
  expect(referenceCondition(condition, e), 'reference evaluator').toBe(compiled);
  return compiled;
}

describe('attribute reads', () => {
  it('follow links, keep absent (null) apart from missing (unknown), and stop at either', () => {
    const owner = entity({ mfa: true, gone: null });
    const e = entity({ link: owner, none: null, lost: UNKNOWN });
    expect(compileGetter(['link', 'mfa'])(e)).toBe(true);
    expect(compileGetter(['link', 'gone'])(e)).toBe(null);
    expect(compileGetter(['link', 'nowhere'])(e)).toBe(UNKNOWN);
    expect(compileGetter(['none', 'mfa'])(e)).toBe(null);
    expect(compileGetter(['lost', 'mfa'])(e)).toBe(UNKNOWN);
    expect(compileGetter(['absent', 'mfa'])(e)).toBe(UNKNOWN);
    expect(() => compileGetter([])).toThrow(/empty path/);
  });

  it('read names that are not identifiers exactly, with no code injected', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the name must survive code generation, `${` included
    const name = 'a"b\\c`${x}\n';
    expect(compileGetter([name])(entity({ [name]: 7 }))).toBe(7);
    expect(compileGetter([name])(entity({ other: 7 }))).toBe(UNKNOWN);
  });

  it('fall back to a plain closure where code generation from strings is disabled', () => {
    const original = globalThis.Function;
    globalThis.Function = function refused() {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    let getter: ReturnType<typeof compileGetter>;
    try {
      getter = compileGetter(['only_read_without_codegen']);
    } finally {
      globalThis.Function = original;
    }
    expect(getter(entity({ only_read_without_codegen: 'x' }))).toBe('x');
    expect(getter(entity({ only_read_without_codegen: null }))).toBe(null);
    expect(getter(entity({}))).toBe(UNKNOWN);
  });
});

describe('have', () => {
  it('is true of a true boolean, a non-empty list and any present value', () => {
    const cases: [Value, Tri][] = [
      [UNKNOWN, UNKNOWN_TRI],
      [null, FALSE],
      [false, FALSE],
      [[], FALSE],
      [['x'], TRUE],
      [true, TRUE],
      [0, TRUE],
      ['', TRUE],
    ];
    for (const [value, expected] of cases) {
      expect([value, haveValue(value)]).toEqual([value, expected]);
      expect(verdict(have('v'), entity({ v: value }))).toBe(NAMES[expected]);
    }
  });
});

describe('comparisons with a constant', () => {
  const on = (value: Value, op: ComparisonOp, right: CheckedOperand, byDay = false) => verdict(compare('v', op, right, byDay), entity({ v: value }));

  it('order numbers, and are false on anything else', () => {
    const table: [ComparisonOp, Truth, Truth, Truth][] = [
      // op, 1 vs 2, 2 vs 2, 3 vs 2
      ['<', 'T', 'F', 'F'],
      ['<=', 'T', 'T', 'F'],
      ['>', 'F', 'F', 'T'],
      ['>=', 'F', 'T', 'T'],
      ['=', 'F', 'T', 'F'],
      ['!=', 'T', 'F', 'T'],
    ];
    for (const [op, below, equal, above] of table) {
      expect([op, on(1, op, constant(2)), on(2, op, constant(2)), on(3, op, constant(2))]).toEqual([op, below, equal, above]);
      // No ordering or equality across kinds, though JavaScript would coerce '1' < 2.
      expect([op, on('2', op, constant(2))]).toEqual([op, op === '!=' ? 'T' : 'F']);
      expect([op, on(2, op, constant('2'))]).toEqual([op, op === '!=' ? 'T' : 'F']);
      expect([op, on('1', op, constant(2)), on(1, op, constant('2'))]).toEqual([op, ...(op === '!=' ? ['T', 'T'] : ['F', 'F'])]);
    }
  });

  it('compare dates and durations by day when asked: equal days are equal, times truncate to the day', () => {
    const noon = 10 * DAY + DAY / 2;
    const table: [ComparisonOp, Truth][] = [
      ['=', 'T'],
      ['!=', 'F'],
      ['<', 'F'],
      ['<=', 'T'],
      ['>', 'F'],
      ['>=', 'T'],
    ];
    for (const [op, expected] of table) {
      expect([op, on(noon, op, constant(10 * DAY), true)]).toEqual([op, expected]);
      expect([op, on(10 * DAY, op, constant(noon), true)]).toEqual([op, expected]);
      // A day's last millisecond is still that day; the next one is not.
      expect([op, on(11 * DAY - 1, op, constant(10 * DAY), true)]).toEqual([op, expected]);
    }
    expect(on(11 * DAY, '>', constant(10 * DAY), true)).toBe('T');
    expect(on(noon, '>', constant(10 * DAY), false)).toBe('T');
    expect(on(noon, '=', constant(10 * DAY), false)).toBe('F');
    // Before 1970 days still run midnight to midnight (floor, not truncation towards zero).
    expect(on(-1, '<', constant(0), true)).toBe('T');
    expect(on(-1, '=', constant(-DAY), true)).toBe('T');
  });

  it('= compares an entity by name or ARN, and other values exactly', () => {
    const linked = entity({}, 'alice', 'arn:aws:iam::1:user/alice');
    expect(on(linked, '=', constant('alice'))).toBe('T');
    expect(on(linked, '=', constant('arn:aws:iam::1:user/alice'))).toBe('T');
    expect(on(linked, '=', constant('bob'))).toBe('F');
    expect(on(linked, '!=', constant('bob'))).toBe('T');
    expect(on(linked, '=', constant(1))).toBe('F');
    expect(on('x', '=', constant('x'))).toBe('T');
    expect(on('x', '=', constant('X'))).toBe('F');
    expect(on(true, '=', constant(true))).toBe('T');
  });

  it('in: membership, by name for entities, by day for dates, and the subset for lists', () => {
    const linked = entity({}, 'alice', 'arn:aws:iam::1:user/alice');
    expect(on('b', 'in', constant(['a', 'b']))).toBe('T');
    expect(on('c', 'in', constant(['a', 'b']))).toBe('F');
    expect(on('c', 'not in', constant(['a', 'b']))).toBe('T');
    expect(on('b', 'not in', constant(['a', 'b']))).toBe('F');
    expect(on(linked, 'in', constant(['x', 'alice']))).toBe('T');
    expect(on(linked, 'in', constant(['arn:aws:iam::1:user/alice']))).toBe('T');
    expect(on(linked, 'in', constant(['bob', 1]))).toBe('F');
    expect(on(['a', 'b'], 'in', constant(['b', 'a', 'c']))).toBe('T');
    expect(on(['a', 'd'], 'in', constant(['b', 'a', 'c']))).toBe('F');
    expect(on([], 'in', constant(['a']))).toBe('T');
    expect(on(3 * DAY + 5, 'in', constant([1, 3 * DAY]), true)).toBe('T');
    expect(on(3 * DAY + 5, 'in', constant([1, 3 * DAY]), false)).toBe('F');
    expect(on(4 * DAY, 'in', constant([3 * DAY]), true)).toBe('F');
    expect(on(2, 'in', constant([1, 2]))).toBe('T');
    expect(on('a', 'in', constant('a'))).toBe('F');
  });

  it('matches: globs, case-insensitively, over strings, entity names and lists', () => {
    expect(on('Deploy-Bot', 'matches', constant('deploy-*'))).toBe('T');
    expect(on('ops', 'matches', constant('deploy-*'))).toBe('F');
    expect(on('ops', 'not matches', constant('deploy-*'))).toBe('T');
    expect(on(entity({}, 'svc-x'), 'matches', constant('svc-?'))).toBe('T');
    expect(on(entity({}, 'svc-xy'), 'matches', constant('svc-?'))).toBe('F');
    expect(on(['a', 'svc-1'], 'matches', constant('svc-*'))).toBe('T');
    expect(on([entity({}, 'a'), entity({}, 'svc-2')], 'matches', constant('svc-*'))).toBe('T');
    expect(on(['a', 'b'], 'matches', constant('svc-*'))).toBe('F');
    expect(on(entity({}, 'SVC-X'), 'matches', constant('svc-?'))).toBe('T');
    expect(on(['a', 'SVC-1'], 'matches', constant('svc-*'))).toBe('T');
    expect(on([entity({}, 'Svc-2')], 'matches', constant('svc-*'))).toBe('T');
    expect(on(5, 'matches', constant('*'))).toBe('F');
    expect(on('x', 'matches', constant(['x']))).toBe('F');
  });

  it('contains: substrings of strings, members of lists, entities by name or ARN', () => {
    expect(on('sts:ExternalId', 'contains', constant('External'))).toBe('T');
    expect(on('sts:ExternalId', 'contains', constant('external'))).toBe('F');
    expect(on(['a', 'bc'], 'contains', constant('bc'))).toBe('T');
    expect(on(['a', 'bc'], 'contains', constant('b'))).toBe('F');
    expect(on(['a', 'bc'], 'not contains', constant('b'))).toBe('T');
    expect(on([entity({}, 'g1', 'arn:g1')], 'contains', constant('g1'))).toBe('T');
    expect(on([entity({}, 'g1', 'arn:g1')], 'contains', constant('arn:g1'))).toBe('T');
    expect(on([entity({}, 'g1', 'arn:g1')], 'contains', constant('g2'))).toBe('F');
    expect(on(12, 'contains', constant('1'))).toBe('F');
    expect(on('x', 'contains', constant(['x']))).toBe('F');
  });

  it('an absent value satisfies no positive comparison and every negated one; a missing one decides none', () => {
    const positive: ComparisonOp[] = ['=', '<', '<=', '>', '>=', 'in', 'matches', 'contains'];
    const negated: ComparisonOp[] = ['!=', 'not in', 'not matches', 'not contains'];
    for (const op of positive) expect([op, on(null, op, constant('x'))]).toEqual([op, 'F']);
    for (const op of negated) expect([op, on(null, op, constant('x'))]).toEqual([op, 'T']);
    for (const op of [...positive, ...negated]) expect([op, on(UNKNOWN, op, constant('x'))]).toEqual([op, 'U']);
  });
});

describe('comparisons between two attributes', () => {
  const pair = (l: Value, op: ComparisonOp, r: Value, byDay = false) => verdict(compare('l', op, attribute('r'), byDay), entity({ l, r }));

  it('compare the two values read from the same entity', () => {
    expect(pair(5, '<', 7)).toBe('T');
    expect(pair(7, '<', 5)).toBe('F');
    expect(pair(7, '>=', 7)).toBe('T');
    expect(pair('a', '=', 'a')).toBe('T');
    expect(pair('a', '!=', 'a')).toBe('F');
    expect(pair('a', '!=', 'b')).toBe('T');
    expect(pair(DAY + 1, '=', DAY + 2, true)).toBe('T');
    expect(pair(DAY + 1, '=', DAY + 2, false)).toBe('F');
    expect(pair('b', 'in', ['a', 'b'])).toBe('T');
    expect(pair('b', 'not in', ['a'])).toBe('T');
  });

  it('are unknown when either side is missing, and absent on either side satisfies only negations', () => {
    for (const op of ['=', '<', 'in'] as const) {
      expect([op, pair(UNKNOWN, op, 1)]).toEqual([op, 'U']);
      expect([op, pair(1, op, UNKNOWN)]).toEqual([op, 'U']);
      expect([op, pair(null, op, 1)]).toEqual([op, 'F']);
      expect([op, pair(1, op, null)]).toEqual([op, 'F']);
    }
    expect(pair(1, '!=', null)).toBe('T');
    expect(pair(null, '!=', 1)).toBe('T');
    expect(pair(null, '!=', UNKNOWN)).toBe('U');
    expect(pair(null, '=', null)).toBe('F');
  });

  it('order numbers only, and compare by day only numbers (the checker allows neither otherwise)', () => {
    for (const op of ['<', '<=', '>', '>='] as const) {
      expect([op, pair('b', op, 'a'), pair('a', op, 'b'), pair('a', op, 'a')]).toEqual([op, 'F', 'F', 'F']);
      expect([op, pair(true, op, false), pair(false, op, true)]).toEqual([op, 'F', 'F']);
    }
    expect(pair('a', '=', 'a', true)).toBe('T');
    expect(pair('a', '=', 'b', true)).toBe('F');
    expect(pair('a', 'in', ['a'], true)).toBe('T');
    // A number and a non-number: never ordered, never the same day (true / DAY would floor to 0).
    for (const op of ['<', '<=', '>', '>='] as const) {
      expect([op, pair(5, op, 'a'), pair('a', op, 5), pair(true, op, 0), pair(0, op, true), pair(1, op, false), pair(false, op, 1)]).toEqual([op, 'F', 'F', 'F', 'F', 'F', 'F']);
    }
    expect([pair(5, '=', true, true), pair(true, '=', 0, true), pair(0, '=', true, true), pair(5, 'in', [true] as unknown as Value, true)]).toEqual(['F', 'F', 'F', 'F']);
  });

  it('read a linked entity on the right', () => {
    const owner = entity({ age: 3 });
    const e = entity({ age: 5, owner_link: owner });
    expect(verdict(compare('age', '>', attribute('owner_link', 'age')), e)).toBe('T');
    expect(verdict(compare('age', '>', attribute('owner_link', 'missing')), e)).toBe('U');
  });
});

describe('quantifiers', () => {
  const items = (...ts: Truth[]) => ts.map((t) => entity({ ok: t === 'U' ? UNKNOWN : t === 'T' }));
  const where = have('ok');
  const count = (quantifier: CountQuantifier, n: number, value: Value, w: CheckedCondition | null = where): Truth =>
    verdict({ kind: 'count', quantifier, count: n, path: path('list'), where: w, span }, entity({ list: value }));

  it('at least, at most and exactly decide only when every possible count agrees', () => {
    const table: [CountQuantifier, number, Truth[], Truth][] = [
      ['at least', 2, ['T', 'T'], 'T'],
      ['at least', 2, ['T', 'U'], 'U'],
      ['at least', 2, ['T', 'F'], 'F'],
      ['at least', 2, ['T', 'T', 'U'], 'T'],
      ['at least', 0, [], 'T'],
      ['at most', 1, ['T'], 'T'],
      ['at most', 1, ['T', 'U'], 'U'],
      ['at most', 1, ['T', 'T'], 'F'],
      ['at most', 1, ['T', 'T', 'U'], 'F'],
      ['at most', 1, ['F', 'U'], 'T'],
      ['at most', 0, [], 'T'],
      ['exactly', 1, ['T'], 'T'],
      ['exactly', 1, ['T', 'F'], 'T'],
      ['exactly', 1, ['T', 'U'], 'U'],
      ['exactly', 1, ['U'], 'U'],
      ['exactly', 1, ['T', 'T'], 'F'],
      ['exactly', 1, ['T', 'T', 'U'], 'F'],
      ['exactly', 2, ['T', 'F'], 'F'],
      ['exactly', 2, ['T', 'U', 'U'], 'U'],
      ['exactly', 0, [], 'T'],
      ['exactly', 0, ['F', 'F'], 'T'],
    ];
    for (const [q, n, ts, expected] of table) expect([q, n, ts, count(q, n, items(...ts))]).toEqual([q, n, ts, expected]);
  });

  it('count every element without a where, treat absent as empty, and missing as unknown', () => {
    expect(count('at least', 2, items('F', 'F'), null)).toBe('T');
    expect(count('at most', 1, items('F', 'F'), null)).toBe('F');
    expect(count('exactly', 2, ['a', 'b'], null)).toBe('T');
    expect(count('exactly', 0, null)).toBe('T');
    expect(count('at least', 1, null)).toBe('F');
    expect(count('at least', 0, UNKNOWN)).toBe('U');
  });

  it('any and all: Kleene or and and over the elements', () => {
    const quantify = (kind: 'any' | 'all', value: Value) => verdict({ kind, path: path('list'), where, span }, entity({ list: value }));
    const table: [Truth[], Truth, Truth][] = [
      // elements, any, all
      [[], 'F', 'T'],
      [['T'], 'T', 'T'],
      [['F'], 'F', 'F'],
      [['U'], 'U', 'U'],
      [['T', 'U'], 'T', 'U'],
      [['U', 'T'], 'T', 'U'],
      [['F', 'U'], 'U', 'F'],
      [['U', 'F'], 'U', 'F'],
      [['T', 'F'], 'T', 'F'],
      [['F', 'F', 'T'], 'T', 'F'],
      [['T', 'T', 'F'], 'T', 'F'],
    ];
    for (const [ts, any, all] of table) expect([ts, quantify('any', items(...ts)), quantify('all', items(...ts))]).toEqual([ts, any, all]);
    expect([quantify('any', null), quantify('all', null)]).toEqual(['F', 'T']);
    expect([quantify('any', UNKNOWN), quantify('all', UNKNOWN)]).toEqual(['U', 'U']);
  });
});

describe('exist, allow and trust', () => {
  const admin = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) as PolicyDocument;
  const readOnly = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }) as PolicyDocument;
  const publicTrust = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }) as PolicyDocument;
  const serviceTrust = parsePolicyDocument({
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  }) as PolicyDocument;

  it('exist: always true without an attribute, else the attribute', () => {
    expect(verdict({ kind: 'exist', attribute: null, span }, entity({}))).toBe('T');
    expect(verdict({ kind: 'exist', attribute: 'present', span }, entity({ present: true }))).toBe('T');
    expect(verdict({ kind: 'exist', attribute: 'present', span }, entity({ present: false }))).toBe('F');
    expect(verdict({ kind: 'exist', attribute: 'present', span }, entity({ present: UNKNOWN }))).toBe('U');
  });

  it('allow: granted by some document, not by others; unknown documents decide nothing', () => {
    const allow = (docs: Value): Truth => verdict({ kind: 'allow', attribute: 'docs', action: 'iam:PassRole', resource: '*', span }, entity({ docs }));
    expect(allow([readOnly, admin] as unknown as Value)).toBe('T');
    expect(allow([readOnly] as unknown as Value)).toBe('F');
    expect(allow([])).toBe('F');
    expect(allow(null)).toBe('F');
    expect(allow(UNKNOWN)).toBe('U');
  });

  it('trust: some document trusts the principal; unknown documents decide nothing, so `must not trust` cannot pass', () => {
    const trust = (docs: Value): Truth => verdict({ kind: 'trust', attribute: 'docs', principal: '*', span }, entity({ docs }));
    expect(trust([serviceTrust, publicTrust] as unknown as Value)).toBe('T');
    expect(trust([serviceTrust] as unknown as Value)).toBe('F');
    expect(trust(null)).toBe('F');
    expect(trust(UNKNOWN)).toBe('U');
    expect(verdict(not({ kind: 'trust', attribute: 'docs', principal: '*', span }), entity({ docs: UNKNOWN }))).toBe('U');
  });
});

describe('connectives', () => {
  const TRUTHS: Truth[] = ['F', 'U', 'T'];
  const rank = (t: Truth) => TRUTHS.indexOf(t);
  const min = (ts: Truth[]) => TRUTHS[Math.min(...ts.map(rank))];
  const max = (ts: Truth[]) => TRUTHS[Math.max(...ts.map(rank))];
  const e = entity({});

  it('and is the minimum and or the maximum, with two operands and with three', () => {
    for (const a of TRUTHS) {
      expect([a, verdict(not(of(a)), e)]).toEqual([a, TRUTHS[2 - rank(a)]]);
      for (const b of TRUTHS) {
        expect([a, b, verdict(and(of(a), of(b)), e), verdict(or(of(a), of(b)), e)]).toEqual([a, b, min([a, b]), max([a, b])]);
        for (const c of TRUTHS) {
          const ts = [a, b, c];
          expect([ts, verdict(and(...ts.map(of)), e), verdict(or(...ts.map(of)), e)]).toEqual([ts, min(ts), max(ts)]);
        }
      }
    }
    expect([verdict(and(), e), verdict(or(), e), verdict(and(of('U')), e), verdict(or(of('F')), e)]).toEqual(['T', 'F', 'U', 'F']);
  });
});

describe('rule verdicts', () => {
  const rule = (kind: 'must' | 'must-not' | 'denied', filter: CheckedCondition | null, condition: CheckedCondition) => checkedRule(kind, { name: 'users', entityType: 'user' }, filter, condition);

  it('are `not filter or consequence`, the consequence being the condition, its negation or false', () => {
    const e = entity({});
    const TRUTHS: Truth[] = ['F', 'U', 'T'];
    const consequence = { must: (c: Truth) => c, 'must-not': (c: Truth) => (c === 'T' ? 'F' : c === 'F' ? 'T' : 'U'), denied: () => 'F' as Truth };
    for (const kind of ['must', 'must-not', 'denied'] as const) {
      for (const c of TRUTHS) {
        const unfiltered = rule(kind, null, of(c));
        const expected = consequence[kind](c);
        expect([kind, c, NAMES[compileRule(unfiltered).verdict(e)]]).toEqual([kind, c, expected]);
        for (const f of TRUTHS) {
          const r = rule(kind, of(f), of(c));
          const want = f === 'F' || expected === 'T' ? 'T' : f === 'T' ? expected : 'U';
          expect([kind, f, c, NAMES[compileRule(r).verdict(e)]]).toEqual([kind, f, c, want]);
          expect([kind, f, c, referenceVerdict(r, e)]).toEqual([kind, f, c, want]);
        }
      }
    }
  });

  it('keep the filter for the evaluator to tell entities in scope', () => {
    const filter = of('T');
    const compiled = compileRule(rule('denied', filter, of('T')));
    expect(compiled.filter?.(entity({}))).toBe(TRUE);
    expect(compileRule(rule('denied', null, of('T'))).filter).toBe(null);
  });
});

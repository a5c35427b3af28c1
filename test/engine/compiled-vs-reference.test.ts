import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, compileRule, FALSE, permissionEnv, TRUE, type Tri, UNKNOWN_TRI } from '../../src/engine/index.ts';
import { PERMISSIONS } from '../../src/engine/permission-provider.ts';
import { referenceCondition, referenceVerdict, type Truth } from '../../src/engine/reference.ts';
import { type AttributeType, COLLECTIONS, type Entity, SCHEMA, UNKNOWN, type Value } from '../../src/model/index.ts';
import { type CheckedCondition, COMPARISON_OPS, type ConstantType, type ConstantValue, comparesByDay, holds, type LeftKind, OPERATORS, type OperandKind, type ScalarKind, type Schema } from '../../src/semantics/index.ts';
import { conditionArb, modelArb } from '../../src/testing/model-arbitraries.ts';
import { checkedRule, generatedRuleArb } from '../support/checked-rule.ts';
import { accountArb, permissionArb, permissionConditionArb } from './permission-arbitraries.ts';

const schema: Schema = SCHEMA;
const asTruth = (t: Tri): Truth => (t === TRUE ? 'T' : t === FALSE ? 'F' : 'U');
const span = { file: 'generated', start: 0, end: 0 };

/** Collections whose entities are generated, with a condition over their type. */
const caseArb = generatedRuleArb(schema);

const ruleOf = checkedRule;

describe('compiled evaluation agrees with the reference evaluator', () => {
  it('on generated conditions, rules and models', () => {
    fc.assert(
      fc.property(caseArb, ({ collection, model, condition, filter, kind }) => {
        const predicate = compileCondition(condition);
        const compiled = compileRule(ruleOf(kind, collection, filter, condition));
        const rule = ruleOf(kind, collection, filter, condition);
        for (const entity of model.collections[collection.name]?.entities ?? []) {
          expect(asTruth(predicate(entity))).toBe(referenceCondition(condition, entity));
          expect(asTruth(compiled.verdict(entity))).toBe(referenceVerdict(rule, entity));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('permissions predicates: compiled evaluation agrees with the reference evaluator', () => {
  // The compiled closures answer through engine/permissions.ts (`answer`, `levelHolds`); the
  // reference reads the permission set and the paths itself. Each gets its own analysis of the model.
  const COLLECTION = fc.constantFrom(
    COLLECTIONS.find((c) => c.name === 'users'),
    COLLECTIONS.find((c) => c.name === 'roles'),
    COLLECTIONS.find((c) => c.name === 'identities'),
  );
  const caseOf = fc.record({
    model: accountArb,
    collection: COLLECTION.map((c) => {
      if (c === undefined) throw new Error('no such collection');
      return c;
    }),
    condition: permissionConditionArb,
    filter: fc.option(permissionArb, { nil: null, freq: 3 }),
    kind: fc.constantFrom<'must' | 'must-not' | 'denied'>('must', 'must-not', 'denied'),
  });

  it('on generated accounts and conditions of can, admin and can escalate (and, or, not among them)', () => {
    const seen = { T: 0, F: 0, U: 0 };
    fc.assert(
      fc.property(caseOf, ({ model, collection, condition, filter, kind }) => {
        const compiledEnv = permissionEnv(model, PERMISSIONS);
        const referenceEnv = permissionEnv(model, PERMISSIONS);
        const rule = ruleOf(kind, collection, filter, condition);
        const predicate = compileCondition(condition);
        const compiled = compileRule(rule);
        for (const entity of model.collections[collection.name]?.entities ?? []) {
          const expected = referenceCondition(condition, entity, referenceEnv);
          seen[expected]++;
          expect(asTruth(predicate(entity, compiledEnv))).toBe(expected);
          expect(asTruth(compiled.verdict(entity, compiledEnv))).toBe(referenceVerdict(rule, entity, referenceEnv));
        }
      }),
      { numRuns: 120 },
    );
    // Not vacuous: the generated accounts give every answer.
    expect(Math.min(seen.T, seen.F, seen.U), JSON.stringify(seen)).toBeGreaterThan(20);
  });
});

describe('Kleene laws hold for compiled conditions', () => {
  const pairArb = fc.constantFrom(...COLLECTIONS).chain((collection) =>
    fc.record({
      model: modelArb(schema),
      a: conditionArb(schema, collection.entityType, 1),
      b: conditionArb(schema, collection.entityType, 1),
      name: fc.constant(collection.name),
    }),
  );
  const not = (c: CheckedCondition): CheckedCondition => ({ kind: 'not', operand: c, span });
  const and = (...operands: CheckedCondition[]): CheckedCondition => ({ kind: 'and', operands, span });
  const or = (...operands: CheckedCondition[]): CheckedCondition => ({ kind: 'or', operands, span });
  const laws: [string, (a: CheckedCondition, b: CheckedCondition) => [CheckedCondition, CheckedCondition]][] = [
    ['not not a = a', (a) => [not(not(a)), a]],
    ['not (a and b) = not a or not b', (a, b) => [not(and(a, b)), or(not(a), not(b))]],
    ['not (a or b) = not a and not b', (a, b) => [not(or(a, b)), and(not(a), not(b))]],
    ['a and b = b and a', (a, b) => [and(a, b), and(b, a)]],
    ['a or b = b or a', (a, b) => [or(a, b), or(b, a)]],
    ['a and (a or b) = a', (a, b) => [and(a, or(a, b)), a]],
  ];
  for (const [name, law] of laws) {
    it(name, () => {
      fc.assert(
        fc.property(pairArb, ({ model, a, b, name: collection }) => {
          const [left, right] = law(a, b);
          const l = compileCondition(left);
          const r = compileCondition(right);
          for (const entity of model.collections[collection]?.entities ?? []) expect(l(entity)).toBe(r(entity));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('unknown propagates: unknown and true is unknown, unknown or false is unknown, not unknown is unknown', () => {
    const u: CheckedCondition = { kind: 'have', path: { steps: ['x'], type: { kind: 'boolean' }, text: 'x', span }, span };
    const t: CheckedCondition = { kind: 'constant', value: true, span };
    const f: CheckedCondition = { kind: 'constant', value: false, span };
    const entity = { type: 'user' as const, key: 'k', name: 'n', arn: null, owner: null, attrs: {} };
    expect(compileCondition(and(u, t))(entity)).toBe(UNKNOWN_TRI);
    expect(compileCondition(or(u, f))(entity)).toBe(UNKNOWN_TRI);
    expect(compileCondition(not(u))(entity)).toBe(UNKNOWN_TRI);
    expect(compileCondition(and(u, f))(entity)).toBe(FALSE);
    expect(compileCondition(or(u, t))(entity)).toBe(TRUE);
  });
});

describe('compiled comparisons agree with the operator table', () => {
  // Every pair of kinds the table accepts, with constants and attributes on the right, and
  // absent and unknown values mixed in: compile.ts's specialised closures against `holds`.
  const NOW = Date.UTC(2026, 10, 27, 10);
  // Condition texts too, for the folding of `conditions` (operator and key; the value under `...IgnoreCase`).
  const TEXTS = [
    'alice',
    'ALICE',
    'svc-ci',
    'svc-*',
    'a*',
    'x',
    'lic',
    'arn:aws:iam::1:user/alice',
    'StringEquals aws:SourceIp=A',
    'stringequals AWS:sourceip=a',
    'StringEqualsIgnoreCase k=A',
    'stringequalsignorecase K=a',
  ] as const;
  const person = (name: string, arn: string | null): Entity => ({ type: 'user', key: `user/${name}`, name, arn, owner: null, attrs: {} });
  const PEOPLE = [person('alice', 'arn:aws:iam::1:user/alice'), person('svc-ci', null), person('x', 'arn:aws:iam::1:user/x')];
  const scalarArb = (kind: ScalarKind): fc.Arbitrary<Value> => {
    switch (kind) {
      case 'boolean':
        return fc.boolean();
      case 'number':
        return fc.integer({ min: 0, max: 5 });
      case 'string':
        return fc.constantFrom(...TEXTS);
      case 'date':
        // Hours around a few day boundaries, so by-day and exact comparisons differ.
        return fc.integer({ min: 0, max: 3 * 24 }).map((h) => NOW - h * 3_600_000);
      case 'duration':
        return fc.integer({ min: 0, max: 3 * 24 }).map((h) => h * 3_600_000);
    }
  };
  const valueArb = (kind: OperandKind): fc.Arbitrary<Value> => {
    switch (kind) {
      case 'boolean':
      case 'number':
      case 'string':
      case 'date':
      case 'duration':
        return scalarArb(kind);
      case 'strings':
        return fc.uniqueArray(fc.constantFrom(...TEXTS), { maxLength: 3 });
      case 'link':
        return fc.constantFrom(...PEOPLE);
      case 'links':
        return fc.subarray(PEOPLE);
      case 'policy-documents':
        return fc.constant([]);
      case 'empty list':
        return fc.constant([] as readonly string[]);
      default:
        // A list constant of scalars (numbers and booleans too: constants the model never holds).
        return fc.array(scalarArb(kind.slice('list of '.length) as ScalarKind), { maxLength: 3 }).map((items) => items as unknown as Value);
    }
  };
  const withMissing = (arb: fc.Arbitrary<Value>): fc.Arbitrary<Value> => fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: fc.constant<Value>(null) }, { weight: 1, arbitrary: fc.constant<Value>(UNKNOWN) });
  const attributeType = (kind: LeftKind): AttributeType => (kind === 'link' || kind === 'links' ? { kind, target: 'user' } : ({ kind } as AttributeType));
  const constantType = (kind: OperandKind): ConstantType =>
    kind === 'empty list' ? { kind: 'list', of: 'empty' } : kind.startsWith('list of ') ? { kind: 'list', of: kind.slice('list of '.length) as ScalarKind } : { kind: kind as ScalarKind };
  const LEFT_KINDS: readonly LeftKind[] = ['boolean', 'number', 'string', 'date', 'duration', 'strings', 'link', 'links', 'policy-documents'];
  const ATTRIBUTE_KINDS = new Set<OperandKind>(LEFT_KINDS);

  // Texts on the left also as names IAM compares ignoring case (actions, condition keys) and as condition texts.
  const cases = COMPARISON_OPS.flatMap((op) =>
    LEFT_KINDS.flatMap((left) =>
      (OPERATORS[op].accepts[left] ?? []).flatMap((right) =>
        [undefined, ...(left === 'string' || left === 'strings' ? (['names', 'condition texts'] as const) : [])].flatMap((caseless) => [
          { op, left, right, constant: true, caseless },
          ...(ATTRIBUTE_KINDS.has(right) ? [{ op, left, right, constant: false, caseless }] : []),
        ]),
      ),
    ),
  );

  it('covers every operator', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(COMPARISON_OPS));
  });

  for (const { op, left, right, constant, caseless } of cases) {
    it(`${left}${caseless === undefined ? '' : ` (ignoring case as ${caseless})`} ${op} ${constant ? 'a constant' : 'an attribute'} of kind ${right}`, () => {
      fc.assert(
        fc.property(withMissing(valueArb(left)), constant ? valueArb(right) : withMissing(valueArb(right)), (l, r) => {
          const leftPath = { steps: ['l'], type: attributeType(left), text: 'l', span, ...(caseless === undefined ? {} : { caseInsensitive: caseless }) };
          const condition: CheckedCondition = {
            kind: 'compare',
            op,
            left: leftPath,
            right: constant
              ? { kind: 'constant', type: constantType(right), value: r as ConstantValue, text: 'r' }
              : { kind: 'attribute', path: { steps: ['r'], type: attributeType(right as LeftKind), text: 'r', span } },
            byDay: comparesByDay(op, left, constant && (right === 'date' || right === 'list of date')),
            span,
          };
          const entity: Entity = { type: 'user', key: 'k', name: 'n', arn: null, owner: null, attrs: { l, r } };
          const expected = l === UNKNOWN || r === UNKNOWN ? 'U' : l === null || r === null ? (OPERATORS[op].negated ? 'T' : 'F') : holds(op, l, r, condition.kind === 'compare' && condition.byDay, caseless) ? 'T' : 'F';
          expect(asTruth(compileCondition(condition)(entity))).toBe(expected);
          expect(referenceCondition(condition, entity)).toBe(expected);
        }),
        { numRuns: 60 },
      );
    });
  }
});

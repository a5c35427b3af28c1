import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, SCHEMA } from '../../src/model/index.ts';
import type { CheckedCondition, Schema } from '../../src/semantics/index.ts';
import { compileCondition, compileRule, FALSE, TRUE, UNKNOWN_TRI, type Tri } from '../../src/engine/index.ts';
import { referenceCondition, referenceVerdict, type Truth } from '../../src/engine/reference.ts';
import { conditionArb, modelArb } from '../../src/testing/model-arbitraries.ts';
import { checkedRule } from '../support/checked-rule.ts';

const schema: Schema = SCHEMA;
const asTruth = (t: Tri): Truth => (t === TRUE ? 'T' : t === FALSE ? 'F' : 'U');
const span = { file: 'generated', start: 0, end: 0 };

/** Collections whose entities are generated, with a condition over their type. */
const caseArb = fc
  .constantFrom(...COLLECTIONS)
  .chain((collection) =>
    fc.record({
      collection: fc.constant(collection),
      model: modelArb(schema),
      condition: conditionArb(schema, collection.entityType, 2),
      filter: fc.option(conditionArb(schema, collection.entityType, 1), { nil: null }),
      kind: fc.constantFrom<'must' | 'must-not' | 'denied'>('must', 'must-not', 'denied'),
    }),
  );

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

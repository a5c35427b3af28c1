import fc from 'fast-check';
import { COLLECTIONS, type EntityType, SCHEMA } from '../../src/model/index.ts';
import { bodyReads, type CheckedBody, type CheckedCondition, type CheckedRule, type Schema } from '../../src/semantics/index.ts';
import { conditionArb, modelArb } from '../../src/testing/model-arbitraries.ts';

/** A checked rule built by hand (no source text), for tests of the engine alone. */
export function checkedRule(kind: 'must' | 'must-not' | 'denied', collection: { readonly name: string; readonly entityType: EntityType }, filter: CheckedCondition | null, condition: CheckedCondition): CheckedRule {
  const scope = { collection: collection.name, entityType: collection.entityType, filter, text: collection.name };
  const body: CheckedBody = kind === 'denied' ? { kind, scope } : { kind, scope, condition };
  return {
    id: 'generated',
    title: 'generated',
    severity: 'medium',
    rationale: null,
    remediation: null,
    references: [],
    body,
    exceptions: [],
    source: undefined as never,
    location: { file: 'generated', line: 1, column: 1 },
    sourceLine: 'generated',
    // As the checker fills it: every attribute the rule reads (condition-walk.ts).
    reads: bodyReads(SCHEMA, body),
  };
}

/** A generated rule over one collection (its kind, filter and condition) with a generated model. */
export function generatedRuleArb(schema: Schema) {
  return fc.constantFrom(...COLLECTIONS).chain((collection) =>
    fc.record({
      collection: fc.constant(collection),
      model: modelArb(schema),
      condition: conditionArb(schema, collection.entityType, 2),
      filter: fc.option(conditionArb(schema, collection.entityType, 1), { nil: null }),
      kind: fc.constantFrom<'must' | 'must-not' | 'denied'>('must', 'must-not', 'denied'),
    }),
  );
}

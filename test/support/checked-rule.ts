import type { EntityType } from '../../src/model/index.ts';
import type { CheckedCondition, CheckedRule } from '../../src/semantics/index.ts';

/** A checked rule built by hand (no source text), for tests of the engine alone. */
export function checkedRule(
  kind: 'must' | 'must-not' | 'denied',
  collection: { readonly name: string; readonly entityType: EntityType },
  filter: CheckedCondition | null,
  condition: CheckedCondition,
): CheckedRule {
  const scope = { collection: collection.name, entityType: collection.entityType, filter, text: collection.name };
  return {
    id: 'generated',
    title: 'generated',
    severity: 'medium',
    rationale: null,
    remediation: null,
    references: [],
    body: kind === 'denied' ? { kind, scope } : { kind, scope, condition },
    exceptions: [],
    source: undefined as never,
    location: { file: 'generated', line: 1, column: 1 },
    sourceLine: 'generated',
    reads: [],
  };
}

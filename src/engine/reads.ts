import { type AttributeReads, COLLECTIONS, type ConcreteEntityType, type EntityType } from '../model/index.ts';
import type { CheckedProgram } from '../semantics/index.ts';
import { STATEMENT_EVIDENCE } from './evaluate.ts';

/**
 * Every attribute an evaluation of the program reads, by concrete entity type: the checker's
 * `CheckedRule.reads` (scope filters and conditions, through links and inside quantifiers, one walk
 * in semantics/condition-walk.ts), with abstract types spread over their members, plus what evidence
 * shows (a statement's evidence spells out its effect, actions, resources, principals and conditions).
 * Normalization given this set computes only these attributes (and what they are made of).
 * Findings read only an entity's identity (type, key, name, ARN, owner), which is always there.
 */
export function programReads(program: CheckedProgram): AttributeReads {
  const reads = new Map<ConcreteEntityType, Set<string>>();
  const add = (on: EntityType, name: string): void => {
    for (const type of concrete(on)) {
      const names = reads.get(type) ?? new Set<string>();
      reads.set(type, names);
      names.add(name);
    }
  };
  for (const rule of program.rules) {
    for (const read of rule.reads) {
      read.steps.forEach((step, i) => {
        const on = read.on[i];
        if (on !== undefined) add(on, step);
      });
      if ((read.type.kind === 'link' || read.type.kind === 'links') && read.type.target === 'statement') for (const name of STATEMENT_EVIDENCE) add('statement', name);
    }
  }
  return reads;
}

/** The entity types an entity of this (possibly abstract) type may have. */
function concrete(type: EntityType): readonly ConcreteEntityType[] {
  if (type !== 'identity') return [type];
  return COLLECTIONS.find((c) => c.entityType === 'identity')?.memberTypes?.filter((t): t is ConcreteEntityType => t !== 'identity') ?? [];
}

import { type AttributeReads, COLLECTIONS, type ConcreteEntityType, ENTITY_TYPES, type EntityType } from '../model/index.ts';
import type { AttributePath, CheckedCondition, CheckedProgram, CheckedRule } from '../semantics/index.ts';
import { STATEMENT_EVIDENCE } from './evaluate.ts';

/**
 * Every attribute an evaluation of the program reads, by entity type: its rules' scope filters
 * and conditions, through links and inside quantifiers, and what evidence shows of them (a
 * statement's evidence spells out its effect, actions, resources, principals and conditions).
 * Normalization given this set computes only these attributes (and what they are made of).
 * Findings read only an entity's identity (type, key, name, ARN, owner), which is always there.
 */
export function programReads(program: CheckedProgram): AttributeReads {
  const reads = new Map<ConcreteEntityType, Set<string>>();
  for (const rule of program.rules) ruleReads(rule, reads);
  return reads;
}

function ruleReads(rule: CheckedRule, reads: Map<ConcreteEntityType, Set<string>>): void {
  const body = rule.body;
  const types = concrete(body.scope.entityType);
  const add = (on: readonly ConcreteEntityType[], name: string): void => {
    for (const type of on) {
      const names = reads.get(type) ?? new Set<string>();
      reads.set(type, names);
      names.add(name);
    }
  };
  /** Adds each step of the path; the types the last step's links lead to (none for a value). */
  const path = (on: readonly ConcreteEntityType[], steps: readonly string[]): readonly ConcreteEntityType[] => {
    let current = on;
    for (const step of steps) {
      add(current, step);
      current = linkTargets(current, step);
    }
    if (current.includes('statement')) for (const name of STATEMENT_EVIDENCE) add(current, name);
    return current;
  };
  const visit = (on: readonly ConcreteEntityType[], condition: CheckedCondition): void => {
    switch (condition.kind) {
      case 'have':
        path(on, condition.path.steps);
        return;
      case 'compare':
        path(on, condition.left.steps);
        if (condition.right.kind === 'attribute') path(on, (condition.right.path satisfies AttributePath).steps);
        return;
      case 'count':
      case 'any':
      case 'all': {
        const items = path(on, condition.path.steps);
        if (condition.where !== null) visit(items, condition.where);
        return;
      }
      case 'exist':
        if (condition.attribute !== null) add(on, condition.attribute);
        return;
      case 'allow':
      case 'trust':
        add(on, condition.attribute);
        return;
      case 'and':
      case 'or':
        for (const operand of condition.operands) visit(on, operand);
        return;
      case 'not':
        visit(on, condition.operand);
        return;
      case 'constant':
        return;
    }
  };
  if (body.scope.filter !== null) visit(types, body.scope.filter);
  if (body.kind !== 'denied') visit(types, body.condition);
}

/** The entity types an entity of this (possibly abstract) type may have. */
function concrete(type: EntityType): readonly ConcreteEntityType[] {
  if (type !== 'identity') return [type];
  return COLLECTIONS.find((c) => c.entityType === 'identity')?.memberTypes?.filter((t): t is ConcreteEntityType => t !== 'identity') ?? [];
}

/** The types a link (or list of links) attribute of these types leads to; none for other attributes. */
function linkTargets(types: readonly ConcreteEntityType[], name: string): readonly ConcreteEntityType[] {
  const out = new Set<ConcreteEntityType>();
  for (const type of types) {
    const spec = ENTITY_TYPES[type].attributes.find((a) => a.name === name);
    if (spec !== undefined && (spec.type.kind === 'link' || spec.type.kind === 'links')) for (const t of concrete(spec.type.target)) out.add(t);
  }
  return [...out];
}

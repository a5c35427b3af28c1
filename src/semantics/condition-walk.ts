import { type AttributeLists, type AttributeType, type EntityType, GUARDRAIL_READS, PERMISSION_READS } from '../model/language.ts';
import type { AttributePath, AttributeRead, CheckedBody, CheckedCondition } from './checked-ast.ts';
import type { Schema } from './resolve-names.ts';

/**
 * The one walk over checked conditions: what each reads of the entity it is evaluated on. The
 * checker builds `CheckedRule.reads` from it and the engine its evidence, so a new condition form
 * is taught to both in one place.
 */

export type RelationCondition = Extract<CheckedCondition, { kind: 'count' | 'any' | 'all' }>;
export type PolicyCondition = Extract<CheckedCondition, { kind: 'allow' | 'trust' }>;
export type PermissionCondition = Extract<CheckedCondition, { kind: 'permission' }>;
export type GuardrailCondition = Extract<CheckedCondition, { kind: 'guardrail' }>;

/** One read of a condition on its entity. */
export type ConditionRead =
  /** `have x`, and each side of a comparison that is an attribute. */
  | { readonly kind: 'value'; readonly path: AttributePath }
  /** A count or quantifier: reads the list at `condition.path`, then evaluates `condition.where` on each linked entity. */
  | { readonly kind: 'relation'; readonly condition: RelationCondition }
  /** `allow` and `trust`: the policy documents at `condition.attribute`. */
  | { readonly kind: 'policies'; readonly condition: PolicyCondition }
  /** `exist` on a type that says whether it exists. */
  | { readonly kind: 'exists'; readonly attribute: string }
  /** `can`, `admin`, `can escalate`: what the permission analysis reads (`PERMISSION_READS`). */
  | { readonly kind: 'permissions'; readonly condition: PermissionCondition }
  /** `scps deny`, `rcps deny`: the account's chain (`GUARDRAIL_READS`). */
  | { readonly kind: 'guardrail'; readonly condition: GuardrailCondition };

/**
 * Visits the reads of a condition on its entity in the order evaluation meets them (left to right).
 * A relation's `where` reads the linked entities, not this one: it is not walked here (walk it on
 * its own for what it reads; `bodyReads` does).
 */
export function forEachRead(condition: CheckedCondition, visit: (read: ConditionRead) => void): void {
  switch (condition.kind) {
    case 'have':
      return visit({ kind: 'value', path: condition.path });
    case 'compare':
      visit({ kind: 'value', path: condition.left });
      if (condition.right.kind === 'attribute') visit({ kind: 'value', path: condition.right.path });
      return;
    case 'count':
    case 'any':
    case 'all':
      return visit({ kind: 'relation', condition });
    case 'allow':
    case 'trust':
      return visit({ kind: 'policies', condition });
    case 'statement-allow':
      for (const path of condition.reads) visit({ kind: 'value', path });
      return;
    case 'exist':
      if (condition.attribute !== null) visit({ kind: 'exists', attribute: condition.attribute });
      return;
    case 'permission':
      return visit({ kind: 'permissions', condition });
    case 'guardrail':
      return visit({ kind: 'guardrail', condition });
    case 'and':
    case 'or':
      for (const operand of condition.operands) forEachRead(operand, visit);
      return;
    case 'not':
      return forEachRead(condition.operand, visit);
    case 'constant':
      return;
  }
}

/**
 * Every attribute a rule body can read (`CheckedRule.reads`): the scope filter's, then the
 * condition's, each path once, with the reads inside relations' `where` filters prefixed by the
 * relation's path.
 */
export function bodyReads(schema: Schema, body: CheckedBody): AttributeRead[] {
  const reads: AttributeRead[] = [];
  const seen = new Set<string>();
  const add = (read: AttributeRead): void => {
    // Types count: a permissions predicate's `name` on a policy is not the rule entity's `name`.
    const key = `${read.steps.join('.')}@${read.on.join('.')}`;
    if (seen.has(key)) return;
    seen.add(key);
    reads.push(read);
  };
  const root: Prefix = { steps: [], on: [] };
  const walk = (condition: CheckedCondition, entityType: EntityType, prefix: Prefix): void => {
    const extend = (steps: readonly string[], type: AttributeType): AttributeRead => ({
      steps: [...prefix.steps, ...steps],
      on: [...prefix.on, ...typesAlong(schema, entityType, steps)],
      type,
    });
    forEachRead(condition, (read) => {
      switch (read.kind) {
        case 'value':
          return add(extend(read.path.steps, read.path.type));
        case 'relation': {
          const { path, where } = read.condition;
          const list = extend(path.steps, path.type);
          add(list);
          if (where !== null && path.type.kind === 'links') walk(where, path.type.target, list);
          return;
        }
        case 'policies':
          return add(extend([read.condition.attribute], { kind: 'policy-documents' }));
        case 'exists':
          return add(extend([read.attribute], { kind: 'boolean' }));
        case 'permissions':
          return permissionReads(schema, PERMISSION_READS).forEach(add);
        case 'guardrail':
          return permissionReads(schema, GUARDRAIL_READS).forEach(add);
      }
    });
  };
  if (body.scope.filter) walk(body.scope.filter, body.scope.entityType, root);
  if (body.kind !== 'denied') walk(body.condition, body.scope.entityType, root);
  return reads;
}

/**
 * What a permissions or guardrail predicate reads: what the analysis reads (`PERMISSION_READS` or
 * `GUARDRAIL_READS`, kept beside that code in model/permissions/reads.ts), as reads, each attribute
 * the schema has (a test schema may have fewer). The analysis is not a walk from the rule's entity
 * (escalation reads the principals a path may pass or assume), so each is a one-step read on its own type.
 */
function permissionReads(schema: Schema, table: AttributeLists): AttributeRead[] {
  const reads: AttributeRead[] = [];
  for (const [type, names] of Object.entries(table) as [EntityType, readonly string[]][]) {
    const spec = schema.entityTypes[type];
    for (const name of names) {
      const attribute = spec?.attributes.find((a) => a.name === name);
      if (attribute !== undefined) reads.push({ steps: [name], on: [type], type: attribute.type });
    }
  }
  return reads;
}

/** Where a relation's `where` is evaluated: the path to its list, from the rule's entity. */
type Prefix = Pick<AttributeRead, 'steps' | 'on'>;

/** The entity type each step of a path is read on, from `entityType` through its links. */
function typesAlong(schema: Schema, entityType: EntityType, steps: readonly string[]): EntityType[] {
  const types: EntityType[] = [];
  let current = entityType;
  for (const step of steps) {
    types.push(current);
    const type = schema.entityTypes[current].attributes.find((a) => a.name === step)?.type;
    if (type?.kind === 'link' || type?.kind === 'links') current = type.target;
  }
  return types;
}

/** The attributes read on each entity type: what a program's evaluation needs of a model. */
export function attributesRead(reads: readonly AttributeRead[]): ReadonlyMap<EntityType, ReadonlySet<string>> {
  const byType = new Map<EntityType, Set<string>>();
  for (const read of reads) {
    read.steps.forEach((step, i) => {
      const type = read.on[i];
      if (type === undefined) return;
      const names = byType.get(type) ?? new Set<string>();
      names.add(step);
      byType.set(type, names);
    });
  }
  return byType;
}

import fc from 'fast-check';
import { type AttributeType, DAY_MS, type Entity, type EntityType, type Model, type PolicyDocument, type PolicyStatement, UNKNOWN, type Value } from '../model/index.ts';
import type { AttributePath, CheckedCondition, CheckedOperand, ConstantType, Schema } from '../semantics/index.ts';
import type { ComparisonOp } from '../syntax/index.ts';

/**
 * fast-check arbitraries over the entity model, driven by the schema alone: every collection,
 * attribute and link the schema declares is generated, with unknown and absent values mixed in.
 * They exercise the evaluator (compiled vs reference), not the snapshot loader.
 */

const NOW = Date.UTC(2026, 10, 27, 10);
const NAMES = ['alice', 'bob', 'svc-ci', 'breakglass', 'admin', 'x'] as const;
const ACTIONS = ['*', 'iam:*', 'iam:PassRole', 'iam:Pass*', 's3:GetObject', 'sts:AssumeRole'] as const;
const RESOURCES = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:iam::111122223333:role/*'] as const;
const PRINCIPALS = ['*', '111122223333', '444455556666', 'ec2.amazonaws.com', 'token.actions.githubusercontent.com'] as const;

/** Link values are indices into the target type's pool, resolved after all entities exist. */
type Blueprint = { readonly kind: 'value'; readonly value: Value } | { readonly kind: 'link'; readonly index: number } | { readonly kind: 'links'; readonly indices: readonly number[] };

const statementArb: fc.Arbitrary<PolicyStatement> = fc
  .record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    notAction: fc.boolean(),
    actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 }),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
    principals: fc.uniqueArray(fc.constantFrom(...PRINCIPALS), { maxLength: 2 }),
    conditioned: fc.boolean(),
  })
  .map(({ effect, notAction, actions, resources, principals, conditioned }) => ({
    sid: null,
    effect,
    actions: notAction ? null : actions,
    notActions: notAction ? actions : null,
    resources,
    notResources: null,
    principal:
      principals.length === 0
        ? null
        : principals.includes('*')
          ? { kind: 'any' as const }
          : {
              kind: 'map' as const,
              aws: principals.filter((p) => /^\d+$/.test(p)),
              service: principals.filter((p) => p.endsWith('.amazonaws.com')),
              federated: principals.filter((p) => p.startsWith('token.')),
              canonicalUser: [],
            },
    notPrincipal: null,
    conditions: conditioned ? [{ operator: 'StringEquals', key: 'sts:ExternalId', values: ['x'] }] : [],
  }));

export const policyDocumentArb: fc.Arbitrary<PolicyDocument> = fc.array(statementArb, { minLength: 0, maxLength: 3 }).map((statements) => ({ version: '2012-10-17', statements }));

function valueArb(type: AttributeType): fc.Arbitrary<Blueprint> {
  const v = (arb: fc.Arbitrary<Value>): fc.Arbitrary<Blueprint> => arb.map((value) => ({ kind: 'value', value }));
  const present = ((): fc.Arbitrary<Blueprint> => {
    switch (type.kind) {
      case 'boolean':
        return v(fc.boolean());
      case 'number':
        return v(fc.integer({ min: 0, max: 30 }));
      case 'string':
        return v(fc.constantFrom<Value>(...NAMES, 'Allow', 'Deny', 'saml', 'oidc', 'ACTIVE'));
      case 'date':
        // Whole days and a few hours around them, so day-granular comparisons hit their edges.
        return v(fc.integer({ min: 0, max: 400 * 24 }).map((h) => NOW - h * 3_600_000));
      case 'duration':
        return v(fc.integer({ min: 0, max: 400 * 24 }).map((h) => h * 3_600_000));
      case 'strings':
        return v(fc.uniqueArray(fc.constantFrom(...NAMES, 'sts:ExternalId', 'token.actions.githubusercontent.com:sub'), { maxLength: 3 }));
      case 'link':
        return fc.nat({ max: 7 }).map((index) => ({ kind: 'link', index }));
      case 'links':
        return fc.array(fc.nat({ max: 7 }), { maxLength: 3 }).map((indices) => ({ kind: 'links', indices: [...new Set(indices)] }));
      case 'policy-documents':
        return v(fc.array(policyDocumentArb, { maxLength: 2 }));
    }
  })();
  const nullable = type.kind !== 'links' && type.kind !== 'policy-documents' && type.kind !== 'strings';
  return fc.oneof(
    { weight: 8, arbitrary: present },
    { weight: 1, arbitrary: fc.constant<Blueprint>({ kind: 'value', value: UNKNOWN }) },
    { weight: nullable ? 1 : 0, arbitrary: fc.constant<Blueprint>({ kind: 'value', value: null }) },
  );
}

export interface ModelArbitraryOptions {
  /** Entities per type (pools are shared by collections of the same type). */
  readonly maxEntities?: number;
}

export function modelArb(schema: Schema, options: ModelArbitraryOptions = {}): fc.Arbitrary<Model> {
  const maxEntities = options.maxEntities ?? 4;
  const types = Object.keys(schema.entityTypes) as EntityType[];
  const singletonTypes = new Set(schema.collections.filter((c) => c.singleton).map((c) => c.entityType));
  const poolArbs: Record<string, fc.Arbitrary<Record<string, Blueprint>[]>> = {};
  for (const type of types) {
    const spec = schema.entityTypes[type];
    const record: Record<string, fc.Arbitrary<Blueprint>> = {};
    for (const attribute of spec.attributes) record[attribute.name] = valueArb(attribute.type);
    const size = singletonTypes.has(type) ? { minLength: 1, maxLength: 1 } : { minLength: 0, maxLength: maxEntities };
    poolArbs[type] = fc.array(fc.record(record), size);
  }
  const unknownCollections = fc.subarray(
    schema.collections.filter((c) => !c.singleton).map((c) => c.name),
    { maxLength: 1 },
  );
  return fc.record({ pools: fc.record(poolArbs), unknownCollections }).map(({ pools, unknownCollections: hidden }) => {
    const entities: Record<string, { type: EntityType; key: string; name: string; arn: string | null; owner: Entity | null; attrs: Record<string, Value> }[]> = {};
    for (const type of types) {
      entities[type] = (pools[type] ?? []).map((_, i) => ({
        type,
        key: `${type}/${i}`,
        name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? i : ''}`,
        arn: i % 2 === 0 ? `arn:aws:iam::111122223333:${type}/${i}` : null,
        owner: null,
        attrs: {},
      }));
    }
    for (const type of types) {
      const spec = schema.entityTypes[type];
      (pools[type] ?? []).forEach((blueprints, i) => {
        const entity = entities[type]?.[i];
        if (!entity) return;
        for (const attribute of spec.attributes) {
          const b = blueprints[attribute.name];
          if (!b) continue;
          const targetPool = attribute.type.kind === 'link' || attribute.type.kind === 'links' ? (entities[attribute.type.target] ?? []) : [];
          if (b.kind === 'value') entity.attrs[attribute.name] = b.value;
          else if (b.kind === 'link') entity.attrs[attribute.name] = targetPool.length ? (targetPool[b.index % targetPool.length] as Entity) : null;
          else entity.attrs[attribute.name] = targetPool.length ? [...new Set(b.indices.map((j) => targetPool[j % targetPool.length] as Entity))] : [];
        }
      });
    }
    const collections: Record<string, { name: string; known: boolean; entities: readonly Entity[] }> = {};
    for (const c of schema.collections) {
      collections[c.name] = { name: c.name, known: !hidden.includes(c.name), entities: entities[c.entityType] ?? [] };
    }
    return { account: { id: '111122223333', partition: 'aws' }, now: NOW, capturedAt: NOW, collections, missingSections: [] };
  });
}

// ---------------------------------------------------------------------------------------------
// conditions

const SCALAR_OPS: readonly ComparisonOp[] = ['=', '!=', 'in', 'not in'];
const ORDER_OPS: readonly ComparisonOp[] = ['<', '<=', '>', '>=', '=', '!='];

function pathsOf(schema: Schema, type: EntityType): AttributePath[] {
  const span = { file: 'generated', start: 0, end: 0 };
  const paths: AttributePath[] = [];
  for (const a of schema.entityTypes[type].attributes) {
    paths.push({ steps: [a.name], type: a.type, text: a.name, span, ...(a.caseInsensitive === undefined ? {} : { caseInsensitive: a.caseInsensitive }) });
    if (a.type.kind === 'link') {
      for (const b of schema.entityTypes[a.type.target].attributes) {
        if (b.type.kind === 'link' || b.type.kind === 'links') continue;
        paths.push({ steps: [a.name, b.name], type: b.type, text: `${a.name} ${b.name}`, span, ...(b.caseInsensitive === undefined ? {} : { caseInsensitive: b.caseInsensitive }) });
      }
    }
  }
  return paths;
}

function constantArb(kind: 'number' | 'string' | 'date' | 'duration' | 'boolean'): fc.Arbitrary<{ type: ConstantType; value: number | string | boolean }> {
  switch (kind) {
    case 'number':
      return fc.integer({ min: 0, max: 30 }).map((value) => ({ type: { kind }, value }));
    case 'string':
      return fc.constantFrom(...NAMES, 'Allow').map((value) => ({ type: { kind }, value }));
    case 'boolean':
      return fc.boolean().map((value) => ({ type: { kind }, value }));
    case 'date':
      return fc.integer({ min: 0, max: 400 }).map((d) => ({ type: { kind }, value: Math.floor(NOW / DAY_MS) * DAY_MS - d * DAY_MS }));
    case 'duration':
      return fc.integer({ min: 0, max: 400 }).map((d) => ({ type: { kind }, value: d * DAY_MS }));
  }
}

function compareArb(path: AttributePath): fc.Arbitrary<CheckedCondition> | null {
  const span = path.span;
  const k = path.type.kind;
  const constant = (op: ComparisonOp, type: ConstantType, value: Extract<CheckedOperand, { kind: 'constant' }>['value'], byDay = false): CheckedCondition => ({
    kind: 'compare',
    op,
    left: path,
    right: { kind: 'constant', type, value, text: JSON.stringify(value) },
    byDay,
    span,
  });
  if (k === 'number' || k === 'date' || k === 'duration') {
    return fc.tuple(fc.constantFrom(...ORDER_OPS), constantArb(k), fc.boolean()).map(([op, c, byDay]) => constant(op, c.type, c.value, k === 'date' && byDay));
  }
  if (k === 'string' || k === 'boolean') {
    return fc.tuple(fc.constantFrom(...SCALAR_OPS), constantArb(k), fc.array(constantArb(k), { maxLength: 3 })).map(([op, c, list]) =>
      op === 'in' || op === 'not in'
        ? constant(
            op,
            { kind: 'list', of: list.length ? k : 'empty' },
            list.map((x) => x.value),
          )
        : constant(op, c.type, c.value),
    );
  }
  if (k === 'strings') {
    // Texts in other cases too: actions and condition keys compare ignoring case.
    const list = fc.array(fc.constantFrom(...NAMES, 'sts:ExternalId', 'STS:externalid', 'IAM:passrole'), { maxLength: 3 });
    return fc.oneof(
      fc
        .tuple(fc.constantFrom<ComparisonOp>('contains', 'not contains', 'matches', 'not matches'), fc.constantFrom(...NAMES, 'svc-*', 'a*', 'sts:ExternalId', 'STS:externalid', 'IAM:passrole'))
        .map(([op, s]) => constant(op, { kind: 'string' }, s)),
      fc.tuple(fc.constantFrom<ComparisonOp>('in', 'not in', 'any of', 'all of', 'none of', 'subset of'), list).map(([op, items]) => constant(op, { kind: 'list', of: items.length ? 'string' : 'empty' }, items)),
    );
  }
  if (k === 'links' || k === 'link') {
    const ops: ComparisonOp[] = k === 'link' ? ['=', '!=', 'matches', 'not matches'] : ['contains', 'not contains', 'matches', 'not matches'];
    const listOps: ComparisonOp[] = k === 'link' ? ['any of', 'none of'] : ['any of', 'all of', 'none of', 'subset of'];
    return fc.oneof(
      fc.tuple(fc.constantFrom(...ops), fc.constantFrom(...NAMES, 'svc-*', 'a*', 'sts:ExternalId')).map(([op, s]) => constant(op, { kind: 'string' }, s)),
      fc.tuple(fc.constantFrom(...listOps), fc.array(fc.constantFrom(...NAMES), { maxLength: 3 })).map(([op, items]) => constant(op, { kind: 'list', of: items.length ? 'string' : 'empty' }, items)),
    );
  }
  return null;
}

/** Well-typed checked conditions over an entity type, as the checker would produce them. */
export function conditionArb(schema: Schema, type: EntityType, depth = 2): fc.Arbitrary<CheckedCondition> {
  const span = { file: 'generated', start: 0, end: 0 };
  const spec = schema.entityTypes[type];
  const paths = pathsOf(schema, type);
  const leaves: fc.Arbitrary<CheckedCondition>[] = [
    fc.constantFrom(...paths).map((path): CheckedCondition => ({ kind: 'have', path, span })),
    fc.boolean().map((value): CheckedCondition => ({ kind: 'constant', value, span })),
  ];
  for (const path of paths) {
    const arb = compareArb(path);
    if (arb) leaves.push(arb);
  }
  if (spec.attributes.some((a) => a.name === 'exists')) leaves.push(fc.constant<CheckedCondition>({ kind: 'exist', attribute: 'exists', span }));
  if (spec.permissions) {
    const attribute = spec.permissions;
    leaves.push(fc.tuple(fc.constantFrom(...ACTIONS), fc.constantFrom(...RESOURCES)).map(([action, resource]): CheckedCondition => ({ kind: 'allow', attribute, action, resource, span })));
  }
  const statementFields = ['effect', 'actions', 'not_actions', 'resources', 'not_resources'].map((name) => paths.find((p) => p.steps.length === 1 && p.steps[0] === name));
  if (statementFields.every((p) => p !== undefined)) {
    const reads = statementFields as AttributePath[];
    leaves.push(fc.tuple(fc.constantFrom(...ACTIONS), fc.constantFrom(...RESOURCES)).map(([action, resource]): CheckedCondition => ({ kind: 'statement-allow', action, resource, reads, span })));
  }
  if (spec.trustPolicy) {
    const attribute = spec.trustPolicy;
    leaves.push(fc.constantFrom(...PRINCIPALS).map((principal): CheckedCondition => ({ kind: 'trust', attribute, principal, span })));
  }
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const sub = conditionArb(schema, type, depth - 1);
  const branches: fc.Arbitrary<CheckedCondition>[] = [
    leaf,
    fc.tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), fc.array(sub, { minLength: 2, maxLength: 3 })).map(([kind, operands]): CheckedCondition => ({ kind, operands, span })),
    sub.map((operand): CheckedCondition => ({ kind: 'not', operand, span })),
  ];
  const linkPaths = paths.filter((p) => p.type.kind === 'links' && p.steps.length === 1);
  for (const path of linkPaths) {
    if (path.type.kind !== 'links') continue;
    const inner = conditionArb(schema, path.type.target, depth - 1);
    branches.push(
      fc
        .tuple(fc.constantFrom<'at least' | 'at most' | 'exactly'>('at least', 'at most', 'exactly'), fc.nat({ max: 3 }), fc.option(inner, { nil: null }))
        .map(([quantifier, count, where]): CheckedCondition => ({ kind: 'count', quantifier, count, path, where, span })),
      fc.tuple(fc.constantFrom<'any' | 'all'>('any', 'all'), inner).map(([kind, where]): CheckedCondition => ({ kind, path, where, span })),
    );
  }
  return fc.oneof(...branches);
}

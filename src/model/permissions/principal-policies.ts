/**
 * A principal's policies, read from the entity model: what decide.ts evaluates. UNKNOWN when the
 * snapshot lacks something needed (an attribute not collected, a policy document absent, a
 * boundary policy not in the snapshot): an incomplete set would understate Denies or grants.
 */
import type { Entity, Model, Unknown, Value } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import { boundsGap, boundsOf } from './bounds.ts';
import { type Gap, gapText, missingPolicy, orUnknown } from './gap.ts';
import { OWN_POLICY_LISTS } from './reads.ts';
import type { PolicySource, PrincipalContext, PrincipalPolicies } from './types.ts';

const policiesByArn = new WeakMap<Model, ReadonlyMap<string, Entity>>();

function policyByArn(model: Model, arn: string): Entity | undefined {
  let index = policiesByArn.get(model);
  if (index === undefined) {
    const map = new Map<string, Entity>();
    for (const p of model.collections['policies']?.entities ?? []) if (p.arn !== null) map.set(p.arn, p);
    index = map;
    policiesByArn.set(model, index);
  }
  return index.get(arn);
}

function isEntityList(v: Value): v is readonly Entity[] {
  return Array.isArray(v);
}

function documentsOf(policy: Entity): readonly PolicyDocument[] | Unknown {
  const docs = policy.attrs['permissions'];
  return Array.isArray(docs) ? (docs as readonly PolicyDocument[]) : UNKNOWN;
}

// One PolicySource per policy and group it comes through, so prepare.ts can share its statements:
// a policy's direct source (most) found in one lookup, those through a group by the group's name.
const sources = new WeakMap<Entity, PolicySource>();
const viaGroup = new WeakMap<Entity, Map<string, PolicySource>>();

function sourceOf(policy: Entity, via: string | null, documents: readonly PolicyDocument[]): PolicySource {
  if (via === null) {
    let source = sources.get(policy);
    if (source === undefined) {
      source = { name: policy.name, arn: policy.arn, via, documents };
      sources.set(policy, source);
    }
    return source;
  }
  let byVia = viaGroup.get(policy);
  if (byVia === undefined) {
    byVia = new Map();
    viaGroup.set(policy, byVia);
  }
  let source = byVia.get(via);
  if (source === undefined) {
    source = { name: policy.name, arn: policy.arn, via, documents };
    byVia.set(via, source);
  }
  return source;
}

/** The inline and attached policies of one user, group or role into `out`; what is missing, or null. */
function ownPolicies(entity: Entity, via: string | null, out: PolicySource[]): Gap | null {
  for (const attr of OWN_POLICY_LISTS) {
    const list = entity.attrs[attr];
    if (list === undefined || !isEntityList(list)) return { gap: `the \`${attr}\` of ${entity.type} ${entity.name} were not collected` };
    for (const policy of list) {
      const documents = documentsOf(policy);
      if (documents === UNKNOWN) return missingPolicy(policy);
      out.push(sourceOf(policy, via, documents));
    }
  }
  return null;
}

/** The principal's policies; UNKNOWN for an entity that is not a user, group or role, or when something needed is not in the snapshot (principalPoliciesGap says what). */
export function principalPolicies(model: Model, entity: Entity): PrincipalPolicies | Unknown {
  return orUnknown(resolvePolicies(model, entity));
}

/** Why principalPolicies is UNKNOWN, as a clause for messages; null when it is known. */
export function principalPoliciesGap(model: Model, entity: Entity): string | null {
  return gapText(resolvePolicies(model, entity));
}

function resolvePolicies(model: Model, entity: Entity): PrincipalPolicies | Gap {
  if (entity.type !== 'user' && entity.type !== 'group' && entity.type !== 'role') return { gap: `a ${entity.type} is not a user, group or role` };
  const principal = principalContext(model, entity);
  if (principal === null) return { gap: `the ARN of ${entity.type} ${entity.name} is not in the snapshot` };
  const identity: PolicySource[] = [];
  const own = ownPolicies(entity, null, identity);
  if (own !== null) return own;
  if (entity.type === 'user') {
    const groups = entity.attrs['groups'];
    if (groups === undefined || !isEntityList(groups)) return { gap: `the groups of user ${entity.name} were not collected` };
    for (const group of groups) {
      const theirs = ownPolicies(group, group.name, identity);
      if (theirs !== null) return theirs;
    }
  }
  let boundary: PolicySource | null = null;
  if (entity.type !== 'group') {
    const arn = entity.attrs['permissions_boundary'];
    if (arn === UNKNOWN || arn === undefined) return { gap: `the permissions boundary of ${entity.type} ${entity.name} was not collected` };
    if (typeof arn === 'string') {
      const policy = policyByArn(model, arn);
      if (policy === undefined) return { gap: `its permissions boundary, policy ${arn}, is not in the snapshot` };
      const documents = documentsOf(policy);
      if (documents === UNKNOWN) return missingPolicy(policy);
      boundary = sourceOf(policy, null, documents);
    }
  }
  const bounds = boundsOf(model, entity);
  if (bounds === UNKNOWN) return { gap: boundsGap(model, entity) ?? 'the SCPs or RCPs that bound it are not in the snapshot' };
  return { principal, identity, boundary, bounds };
}

/** Account and partition from the ARN (`arn:aws:iam::123456789012:user/alice`), the name, id and tags. */
export function principalContext(model: Model, entity: Entity): PrincipalContext | null {
  if (entity.type !== 'user' && entity.type !== 'group' && entity.type !== 'role') return null;
  const arn = entity.arn;
  if (arn === null) return null;
  const fields = arn.split(':', 5);
  const partition = fields[1];
  const accountId = fields[4];
  if (fields.length < 5 || partition === undefined || accountId === undefined) return null;
  const nameAttr = entity.attrs['name'];
  const idAttr = entity.attrs['id'];
  const organizationId = organizationOf(model);
  const type = entity.type;
  const name = typeof nameAttr === 'string' ? nameAttr : entity.name;
  const id = typeof idAttr === 'string' ? idAttr : null;
  const tags = tagMap(entity.attrs['tags']);
  const now = model.now;
  // Two literals rather than a spread (built once per principal: 15,000 on the large account), keys in the same order.
  return organizationId === undefined ? { type, accountId, partition, arn, name, id, tags, now } : { organizationId, type, accountId, partition, arn, name, id, tags, now };
}

// Read once per model, not once per principal.
const ORGANIZATION_IDS = new WeakMap<Model, { readonly id: string | null | undefined }>();

function organizationOf(model: Model): string | null | undefined {
  let held = ORGANIZATION_IDS.get(model);
  if (held === undefined) {
    held = { id: organizationIdOf(model) };
    ORGANIZATION_IDS.set(model, held);
  }
  return held.id;
}

/** The organization id for `aws:PrincipalOrgID`: null in no organization, undefined when not known. */
export function organizationIdOf(model: Model): string | null | undefined {
  const org = model.collections['organization']?.entities[0];
  if (org === undefined) return undefined;
  if (org.attrs['exists'] === false) return null;
  const id = org.attrs['id'];
  return org.attrs['exists'] === true && typeof id === 'string' ? id : undefined;
}

/** Principals without tags (most) share one empty map: it is read only. */
const NO_TAGS: ReadonlyMap<string, string> = new Map();

function tagMap(tags: Value | undefined): ReadonlyMap<string, string> | null {
  if (!Array.isArray(tags)) return null;
  if (tags.length === 0) return NO_TAGS;
  const map = new Map<string, string>();
  for (const t of tags as readonly string[]) {
    const eq = t.indexOf('=');
    if (eq < 0) map.set(t, '');
    else map.set(t.slice(0, eq), t.slice(eq + 1));
  }
  return map;
}

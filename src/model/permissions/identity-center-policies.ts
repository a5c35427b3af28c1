/**
 * The policies of an IAM Identity Center permission set, as the role it provisions in one account
 * holds them (docs/identity-center.md): its inline policy, its AWS managed and customer managed
 * policies, its permissions boundary, and the SCP and RCP chains of that account (bounds.ts).
 *
 * A permission set is asked about in the snapshot account; an account assignment in its own
 * account. Customer managed policies are resolved by path and name in that account's IAM, which
 * the snapshot holds only for its own account: elsewhere they, like any document the snapshot
 * lacks, make the answer UNKNOWN, never "no grant".
 */
import type { Entity, Model, Unknown, Value } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import { boundsGapIn, boundsIn } from './bounds.ts';
import { type Gap, gapText, missingPolicy, orUnknown } from './gap.ts';
import { organizationIdOf } from './principal-policies.ts';
import type { PolicySource, PrincipalPolicies } from './types.ts';

const ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';

function entities(v: Value | undefined): readonly Entity[] | null {
  return Array.isArray(v) ? (v as readonly Entity[]) : null;
}

function documents(v: Value | undefined): readonly PolicyDocument[] | null {
  return Array.isArray(v) ? (v as readonly PolicyDocument[]) : null;
}

// One PolicySource per policy entity, so prepare.ts shares its statements across sets and accounts.
const sources = new WeakMap<Entity, PolicySource>();

function sourceOf(policy: Entity): PolicySource | null {
  const cached = sources.get(policy);
  if (cached !== undefined) return cached;
  const docs = documents(policy.attrs['permissions']);
  if (docs === null) return null;
  const source = { name: policy.name, arn: policy.arn, via: null, documents: docs };
  sources.set(policy, source);
  return source;
}

const inlineSources = new WeakMap<Entity, PolicySource>();

function inlineSource(set: Entity, docs: readonly PolicyDocument[]): PolicySource {
  let source = inlineSources.get(set);
  if (source === undefined) {
    source = { name: `${set.name}/inline`, arn: null, via: null, documents: docs };
    inlineSources.set(set, source);
  }
  return source;
}

/** The policies of a permission set or an account assignment; UNKNOWN for other entities or when something needed is not in the snapshot (identityCenterPoliciesGap says what). */
export function identityCenterPolicies(model: Model, entity: Entity): PrincipalPolicies | Unknown {
  return orUnknown(resolvePolicies(model, entity));
}

/** Why identityCenterPolicies is UNKNOWN, as a clause for messages; null when it is known. */
export function identityCenterPoliciesGap(model: Model, entity: Entity): string | null {
  return gapText(resolvePolicies(model, entity));
}

function isEntity(v: Value | undefined): v is Entity {
  return v !== null && v !== undefined && v !== UNKNOWN && typeof v === 'object' && !Array.isArray(v);
}

function resolvePolicies(model: Model, entity: Entity): PrincipalPolicies | Gap {
  const here = model.collections['account']?.entities[0];
  if (here === undefined) return { gap: 'the snapshot has no account' };
  if (entity.type === 'permission-set') return setPolicies(model, entity, here, true);
  if (entity.type !== 'account-assignment') return { gap: `a ${entity.type} is not a permission set or an account assignment` };
  const set = entity.attrs['permission_set'];
  const account = entity.attrs['account'];
  if (!isEntity(set)) return { gap: `the permission set of assignment ${entity.name} is not in the snapshot` };
  if (!isEntity(account)) return { gap: `the account of assignment ${entity.name} is not in the snapshot` };
  return setPolicies(model, set, account, account === here);
}

/** Customer managed policies are the account's own: the snapshot holds them for its own account only. */
function elsewhere(policy: Entity, account: Entity): Gap {
  return { gap: `customer managed policy ${policy.name} is resolved in account ${account.name}, whose IAM the snapshot does not hold` };
}

function setPolicies(model: Model, set: Entity, account: Entity, snapshotAccount: boolean): PrincipalPolicies | Gap {
  const accountId = account.attrs['id'];
  if (typeof accountId !== 'string') return { gap: `the id of account ${account.name} is not in the snapshot` };
  const identity: PolicySource[] = [];
  const inline = documents(set.attrs['inline_policy']);
  if (inline === null) return { gap: `the inline policy of permission set ${set.name} was not collected` };
  if (inline.length > 0) identity.push(inlineSource(set, inline));
  // The snapshot account's policy entities: AWS managed ones are the same in every account, customer
  // managed ones are that account's own.
  const attached = entities(set.attrs['attached_policies']);
  if (attached === null) return { gap: `the managed policies of permission set ${set.name} were not collected` };
  for (const policy of attached) {
    if (!snapshotAccount && policy.attrs['customer'] !== false) return elsewhere(policy, account);
    const source = sourceOf(policy);
    if (source === null) return missingPolicy(policy);
    identity.push(source);
  }
  const boundaryName = set.attrs['permissions_boundary'];
  let boundary: PolicySource | null = null;
  if (boundaryName === UNKNOWN || boundaryName === undefined) return { gap: `the permissions boundary of permission set ${set.name} was not collected` };
  if (boundaryName !== null) {
    const policy = set.attrs['boundary_policy'];
    if (!isEntity(policy)) return { gap: `the permissions boundary of permission set ${set.name}${typeof boundaryName === 'string' ? `, ${boundaryName},` : ''} is not in the snapshot` };
    if (!snapshotAccount && policy.attrs['customer'] !== false) return elsewhere(policy, account);
    boundary = sourceOf(policy);
    if (boundary === null) return missingPolicy(policy);
  }
  const bounds = boundsIn(account);
  if (bounds === UNKNOWN) return { gap: boundsGapIn(account) ?? 'the SCPs or RCPs that bound it are not in the snapshot' };
  const name = typeof set.attrs['name'] === 'string' ? (set.attrs['name'] as string) : set.name;
  // The provisioned role's ARN: the snapshot's role when it has one, else the name Identity Center
  // gives it with its hash left as `*`-free zeros (conditions on aws:PrincipalArn globs still match).
  const roles = snapshotAccount ? entities(set.attrs['roles']) : null;
  const role = roles?.[0];
  const arn = role?.arn ?? `arn:${model.account.partition}:iam::${accountId}:role${ROLE_PATH}AWSReservedSSO_${name}_0000000000000000`;
  const organizationId = organizationIdOf(model);
  return {
    principal: {
      ...(organizationId === undefined ? {} : { organizationId }),
      type: 'role',
      accountId,
      partition: model.account.partition,
      arn,
      name: arn.slice(arn.lastIndexOf('/') + 1),
      id: null,
      tags: null,
      now: model.now,
    },
    identity,
    boundary,
    bounds,
  };
}

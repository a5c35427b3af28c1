import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { EMPTY, exactList } from '../lists.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import { SECTIONS } from '../sections.ts';
import type { AccountAssignment, IdentityCenterSection, PermissionSet as PermissionSetShape } from '../snapshot.ts';
import type { NormalizeContext } from './context.ts';
import { has } from './context.ts';
import type { MutableEntity, TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { document } from './policy-documents.ts';
import { date } from './raw-values.ts';

/**
 * IAM Identity Center (docs/identity-center.md): the instance, permission sets, account assignments
 * and the identity store's users and groups, linked to each other, to the organization's accounts
 * and to the roles Identity Center provisions in the snapshot account. `identityCenter: null`
 * makes everything known and empty; a missing or errored section makes what reads it unknown.
 */

export interface IdentityCenterModel {
  readonly identityCenter: MutableEntity;
  readonly permissionSets: readonly MutableEntity[];
  readonly assignments: readonly MutableEntity[];
  readonly users: readonly MutableEntity[];
  readonly groups: readonly MutableEntity[];
  /** Whether each collection can be listed. */
  readonly known: { readonly permissionSets: boolean; readonly assignments: boolean; readonly users: boolean; readonly groups: boolean };
}

/** What Identity Center links to in the rest of the model. */
export interface IdentityCenterLinks {
  /** The snapshot account, then the organization's other accounts. */
  readonly accounts: readonly MutableEntity[];
  /** The management account id; null outside an organization, UNKNOWN when not known. */
  readonly managementAccountId: string | null | Unknown;
  /** The snapshot account's IAM policies and roles; UNKNOWN without authorization details. */
  readonly policies: readonly Entity[] | Unknown;
  /** Their `permission_set` is set here. */
  readonly roles: readonly MutableEntity[] | Unknown;
}

/** The path where Identity Center provisions a permission set's role, and its name's prefix. */
export const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
const SSO_ROLE_PREFIX = 'AWSReservedSSO_';

export function normalizeIdentityCenter(ctx: NormalizeContext, links: IdentityCenterLinks): IdentityCenterModel {
  const none = ctx.snapshot.identityCenter === null && has(ctx, SECTIONS.identityCenterInstances);
  const section: IdentityCenterSection = ctx.snapshot.identityCenter ?? {};
  // A part's list; null when not collected. `identityCenter: null` is every part known and empty.
  const part = <K extends keyof IdentityCenterSection>(path: Parameters<typeof has>[1], key: K): NonNullable<IdentityCenterSection[K]> | null => {
    if (none) return EMPTY as NonNullable<IdentityCenterSection[K]>;
    return has(ctx, path) ? (section[key] ?? null) : null;
  };
  const instances = part(SECTIONS.identityCenterInstances, 'instances');
  const setsList = part(SECTIONS.permissionSets, 'permissionSets');
  const assignmentsList = part(SECTIONS.accountAssignments, 'accountAssignments');
  const usersList = part(SECTIONS.identityStoreUsers, 'users');
  const groupsList = part(SECTIONS.identityStoreGroups, 'groups');
  const memberships = part(SECTIONS.identityStoreGroupMemberships, 'groupMemberships');

  const instance = instances?.[0];
  const instanceValue = <V extends string | number>(v: V | undefined): V | null | Unknown => (instances === null ? UNKNOWN : instance === undefined ? null : (v ?? null));
  const identityCenter = newEntity('identity-center', instance?.InstanceArn ?? 'identity-center', instance?.Name ?? instance?.InstanceArn ?? 'identity-center', instance?.InstanceArn ?? null, null, {
    exists: instances === null ? UNKNOWN : instances.length > 0,
    instance_arn: instanceValue(instance?.InstanceArn),
    identity_store_id: instanceValue(instance?.IdentityStoreId),
    owner_account_id: instanceValue(instance?.OwnerAccountId),
    name: instanceValue(instance?.Name),
    status: instanceValue(instance?.Status),
    created: instances === null ? UNKNOWN : instance?.CreatedDate === undefined ? null : date(instance.CreatedDate),
  });

  // Users and groups, and memberships between them.
  const users = (usersList ?? []).map((u) =>
    newEntity('identity-center-user', `identity-center-user/${u.UserId}`, u.UserName, null, null, {
      id: u.UserId,
      user_name: u.UserName,
      display_name: u.DisplayName ?? null,
      groups: UNKNOWN,
      assignments: UNKNOWN,
    }),
  );
  const groups = (groupsList ?? []).map((g) =>
    newEntity('identity-center-group', `identity-center-group/${g.GroupId}`, g.DisplayName ?? g.GroupId, null, null, {
      id: g.GroupId,
      name: g.DisplayName ?? null,
      description: g.Description ?? null,
      members: UNKNOWN,
      assignments: UNKNOWN,
    }),
  );
  const userById = new Map(users.map((u) => [u.attrs.id as string, u]));
  const groupById = new Map(groups.map((g) => [g.attrs.id as string, g]));
  if (memberships !== null && usersList !== null && groupsList !== null) {
    const groupsOf = new Map<MutableEntity, MutableEntity[]>();
    const membersOf = new Map<MutableEntity, MutableEntity[]>();
    for (const m of memberships) {
      const user = userById.get(m.MemberId.UserId);
      const group = groupById.get(m.GroupId);
      if (user === undefined || group === undefined) continue;
      push(groupsOf, user, group);
      push(membersOf, group, user);
    }
    for (const u of users) u.attrs.groups = exactList(groupsOf.get(u) ?? EMPTY);
    for (const g of groups) g.attrs.members = exactList(membersOf.get(g) ?? EMPTY);
  }

  // Permission sets, with their policies as the snapshot account's policy entities.
  // Indexes over every policy and role, for the sets only: an account without Identity Center skips them.
  const anySets = setsList !== null && setsList.length > 0;
  const policyIndex = links.policies === UNKNOWN || !anySets ? null : indexPolicies(links.policies);
  const ssoRoles = links.roles === UNKNOWN || !anySets ? null : links.roles.filter((r) => r.attrs['path'] === SSO_ROLE_PATH || r.name.startsWith(SSO_ROLE_PREFIX));
  const sets = (setsList ?? []).map((p) => permissionSetEntity(ctx, p, policyIndex, ssoRoles));
  // Each provisioned role back to its set: unknown for an AWSReservedSSO_ role while the sets are.
  if (links.roles !== UNKNOWN) {
    const setOfRole = new Map<Entity, MutableEntity>();
    for (const set of sets) for (const role of Array.isArray(set.attrs.roles) ? (set.attrs.roles as readonly Entity[]) : EMPTY) setOfRole.set(role, set);
    for (const role of links.roles as readonly MutableEntity[]) {
      const reserved = role.name.startsWith(SSO_ROLE_PREFIX);
      role.attrs['permission_set'] = setOfRole.get(role) ?? (reserved && setsList === null ? UNKNOWN : null);
    }
  }
  const setByArn = new Map(sets.map((s) => [s.arn ?? '', s]));

  // Assignments, linked both ways.
  const accountById = new Map(links.accounts.map((a) => [a.attrs['id'] as string, a]));
  const assignments = (assignmentsList ?? []).map((a) => assignmentEntity(a, setByArn, userById, groupById, accountById, links.managementAccountId, usersList !== null, groupsList !== null));
  const byHolder = new Map<MutableEntity, MutableEntity[]>();
  for (const a of assignments) {
    for (const holder of [a.attrs.permission_set, a.attrs.user, a.attrs.group, a.attrs.account]) {
      if (holder !== null && holder !== UNKNOWN) push(byHolder, holder as MutableEntity, a);
    }
  }
  const assignmentsKnown = assignmentsList !== null;
  const assignmentsOf = (holder: MutableEntity): readonly Entity[] | Unknown => (assignmentsKnown ? exactList(byHolder.get(holder) ?? EMPTY) : UNKNOWN);
  for (const s of sets) {
    s.attrs.assignments = assignmentsOf(s);
    const list = byHolder.get(s) ?? EMPTY;
    s.attrs.accounts = assignmentsKnown ? exactList([...new Set(list.map((a) => a.attrs['account_id'] as string))].sort()) : UNKNOWN;
  }
  for (const u of users) u.attrs.assignments = assignmentsOf(u);
  for (const g of groups) g.attrs.assignments = assignmentsOf(g);
  for (const account of links.accounts) account.attrs['assignments'] = assignmentsOf(account);

  return {
    identityCenter,
    permissionSets: sets,
    assignments,
    users,
    groups,
    known: { permissionSets: setsList !== null, assignments: assignmentsKnown, users: usersList !== null, groups: groupsList !== null },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

interface PolicyIndex {
  readonly byArn: ReadonlyMap<string, Entity>;
  /** Customer managed policies by `path` + `name`. */
  readonly byPathName: ReadonlyMap<string, Entity>;
}

function indexPolicies(policies: readonly Entity[]): PolicyIndex {
  const byArn = new Map<string, Entity>();
  const byPathName = new Map<string, Entity>();
  for (const p of policies) {
    if (p.arn !== null) byArn.set(p.arn, p);
    const path = p.attrs['path'];
    const name = p.attrs['name'];
    if (p.attrs['customer'] === true && typeof path === 'string' && typeof name === 'string') byPathName.set(`${path}${name}`, p);
  }
  return { byArn, byPathName };
}

/** A customer managed policy reference as IAM names it: `path` + `name`, the path `/` by default. */
export function referenceName(ref: { readonly Name: string; readonly Path?: string }): string {
  return `${ref.Path ?? '/'}${ref.Name}`;
}

function permissionSetEntity(ctx: NormalizeContext, p: PermissionSetShape, index: PolicyIndex | null, ssoRoles: readonly Entity[] | null): TypedEntity<'permission-set'> {
  const inline = p.InlinePolicy === null ? null : document(ctx, p, p.InlinePolicy);
  const boundary = p.PermissionsBoundary;
  // The set's policies, as the snapshot account's IAM has them: unknown when one is not there.
  let attached: Entity[] | Unknown = UNKNOWN;
  if (index !== null) {
    const found: Entity[] = [];
    for (const m of p.AttachedManagedPolicies) {
      const policy = index.byArn.get(m.Arn);
      if (policy !== undefined) found.push(policy);
    }
    for (const r of p.CustomerManagedPolicyReferences) {
      const policy = index.byPathName.get(referenceName(r));
      if (policy !== undefined) found.push(policy);
    }
    if (found.length === p.AttachedManagedPolicies.length + p.CustomerManagedPolicyReferences.length) attached = found;
  }
  let boundaryPolicy: Entity | null | Unknown = null;
  if (boundary !== null) {
    const found = index === null ? undefined : 'ManagedPolicyArn' in boundary ? index.byArn.get(boundary.ManagedPolicyArn) : index.byPathName.get(referenceName(boundary.CustomerManagedPolicyReference));
    boundaryPolicy = found ?? UNKNOWN;
  }
  const roles = ssoRoles === null ? UNKNOWN : exactList(ssoRoles.filter((r) => provisionedFor(r.name, p.Name)));
  return newEntity('permission-set', p.PermissionSetArn, p.Name, p.PermissionSetArn, null, {
    name: p.Name,
    arn: p.PermissionSetArn,
    description: p.Description === undefined || p.Description === '' ? null : p.Description,
    session_duration: p.SessionDuration === undefined ? HOUR_MS : (isoDuration(p.SessionDuration) ?? UNKNOWN),
    relay_state: p.RelayState === undefined || p.RelayState === '' ? null : p.RelayState,
    created: p.CreatedDate === undefined ? null : date(p.CreatedDate),
    inline_policy: p.InlinePolicy === null ? EMPTY : inline === null ? UNKNOWN : [inline],
    managed_policies: exactList(p.AttachedManagedPolicies.map((m) => m.Arn)),
    customer_managed_policies: exactList(p.CustomerManagedPolicyReferences.map(referenceName)),
    permissions_boundary: boundary === null ? null : 'ManagedPolicyArn' in boundary ? boundary.ManagedPolicyArn : referenceName(boundary.CustomerManagedPolicyReference),
    attached_policies: attached === UNKNOWN ? UNKNOWN : exactList(attached),
    boundary_policy: boundaryPolicy,
    permissions: setDocuments(p.InlinePolicy === null ? null : inline, p.InlinePolicy !== null, attached),
    assignments: UNKNOWN,
    accounts: UNKNOWN,
    roles,
  });
}

function setDocuments(inline: PolicyDocument | null, hasInline: boolean, attached: readonly Entity[] | Unknown): readonly PolicyDocument[] | Unknown {
  if (attached === UNKNOWN || (hasInline && inline === null)) return UNKNOWN;
  const docs: PolicyDocument[] = inline === null ? [] : [inline];
  for (const policy of attached) {
    const document = policy.attrs['document'];
    if (!Array.isArray(document)) return UNKNOWN;
    docs.push(...(document as readonly PolicyDocument[]));
  }
  return exactList(docs);
}

/**
 * Whether a role is the one Identity Center provisioned for a permission set: it names it
 * `AWSReservedSSO_<set name>_<16 hex digits>` (the path is `/aws-reserved/sso.amazonaws.com/`,
 * possibly with a region after it, so the name decides).
 */
export function provisionedFor(roleName: string, setName: string): boolean {
  const prefix = `${SSO_ROLE_PREFIX}${setName}_`;
  return roleName.startsWith(prefix) && /^[0-9a-f]{16}$/.test(roleName.slice(prefix.length));
}

function assignmentEntity(
  a: AccountAssignment,
  sets: ReadonlyMap<string, MutableEntity>,
  users: ReadonlyMap<string, MutableEntity>,
  groups: ReadonlyMap<string, MutableEntity>,
  accounts: ReadonlyMap<string, MutableEntity>,
  managementAccountId: string | null | Unknown,
  usersKnown: boolean,
  groupsKnown: boolean,
): TypedEntity<'account-assignment'> {
  const set = sets.get(a.PermissionSetArn) ?? null;
  const isUser = a.PrincipalType === 'USER';
  const user = isUser ? (users.get(a.PrincipalId) ?? (usersKnown ? null : UNKNOWN)) : null;
  const group = isUser ? null : (groups.get(a.PrincipalId) ?? (groupsKnown ? null : UNKNOWN));
  const principal = isUser ? user : group;
  const principalName = principal === UNKNOWN ? UNKNOWN : principal === null ? null : principal.name;
  const setName = set?.name ?? a.PermissionSetArn;
  return newEntity(
    'account-assignment',
    `${a.PermissionSetArn}/${a.AccountId}/${a.PrincipalType}/${a.PrincipalId}`,
    `${setName}/${a.AccountId}/${typeof principalName === 'string' ? principalName : a.PrincipalId}`,
    null,
    set,
    {
      account_id: a.AccountId,
      account: accounts.get(a.AccountId) ?? null,
      management_account: managementAccountId === UNKNOWN ? UNKNOWN : managementAccountId === a.AccountId,
      permission_set: set,
      principal_type: a.PrincipalType,
      principal_id: a.PrincipalId,
      principal_name: principalName,
      user,
      group,
    },
  );
}

const HOUR_MS = 3_600_000;

/** An ISO 8601 duration (`PT1H`, `PT12H`, `PT1H30M`) in milliseconds; null when it is not one. */
export function isoDuration(text: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (m === null || text === 'P' || text.endsWith('T')) return null;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

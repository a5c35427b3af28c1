/** Groups, users and roles of one IAM normalization, with what the credential report says of each user. */
import type { Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { EntityAttributes } from '../entity-attributes.ts';
import { EMPTY, exactList } from '../lists.ts';
import type { PolicyStatement } from '../policy-document/types.ts';
import type { GroupDetail, RoleDetail, UserDetail } from '../snapshot.ts';
import type { NormalizeContext } from './context.ts';
import { wants } from './context.ts';
import { accessKeyEntities, anyActive, certificateEntities, lastUsed, reportBoolean, reportDate, unknownAccessKey, unknownCertificate } from './credentials.ts';
import { attachedPolicies, inlinePolicies, permissionsOf, useBoundary } from './iam-policies.ts';
import type { IamState } from './iam-state.ts';
import { mfaDevicesKnown } from './mfa-devices.ts';
import type { MutableEntity, TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { document } from './policy-documents.ts';
import { date, since, tagStrings } from './raw-values.ts';
import { conditionKeys, principalValues, statementEntities, unique } from './statements.ts';

export function addGroup(s: IamState, g: GroupDetail): void {
  const entity = newEntity('group', g.Arn, g.GroupName, g.Arn, null, {
    name: g.GroupName,
    arn: g.Arn,
    id: g.GroupId ?? UNKNOWN,
    path: g.Path ?? '/',
    created: date(g.CreateDate),
    users: EMPTY,
    attached_policies: EMPTY,
    inline_policies: EMPTY,
    permissions: UNKNOWN,
  });
  entity.attrs['inline_policies'] = inlinePolicies(s, entity, 'group', g.GroupName, g.GroupPolicyList);
  entity.attrs['attached_policies'] = attachedPolicies(s, entity, 'group', g.AttachedManagedPolicies);
  if (wants(s.ctx, 'group', 'permissions')) entity.attrs['permissions'] = permissionsOf(entity, EMPTY);
  s.groupByName.set(g.GroupName, entity);
  s.groups.push(entity);
}

export function addUser(s: IamState, u: UserDetail): void {
  const w = s.userWants;
  const entity = newUser(s, u.UserName, u.Arn, true, {
    id: u.UserId ?? UNKNOWN,
    path: u.Path ?? '/',
    created: w.created || w.unused || w.password_unused ? date(u.CreateDate) : UNKNOWN,
    permissionsBoundary: useBoundary(s, u.PermissionsBoundary?.PermissionsBoundaryArn),
    tags: w.tags ? tagStrings(u.Tags) : UNKNOWN,
  });
  const groups: MutableEntity[] = [];
  for (const name of u.GroupList ?? []) {
    const group = s.groupByName.get(name);
    if (group !== undefined && !groups.includes(group)) groups.push(group);
  }
  entity.attrs['groups'] = exactList(groups);
  entity.attrs['inline_policies'] = inlinePolicies(s, entity, 'user', u.UserName, u.UserPolicyList);
  entity.attrs['attached_policies'] = attachedPolicies(s, entity, 'user', u.AttachedManagedPolicies);
  // Groups come first, so everything a user's permissions are made of is known here.
  if (wants(s.ctx, 'user', 'permissions')) entity.attrs['permissions'] = permissionsOf(entity, groups);
  for (const group of groups) {
    const list = s.members.get(group);
    if (list === undefined) s.members.set(group, [entity]);
    else list.push(entity);
  }
}

export function addUserFromReport(s: IamState, name: string, arn: string): void {
  newUser(s, name, arn, false, { id: UNKNOWN, path: UNKNOWN, created: UNKNOWN, permissionsBoundary: UNKNOWN, tags: UNKNOWN });
}

/**
 * A user, from the authorization details (`known`: its groups and policies are listed) or the
 * credential report only. Dates the program does not read (nor what is derived from them) are not
 * parsed: they stay unknown, as the read set allows.
 */
function newUser(
  s: IamState,
  name: string,
  arn: string,
  known: boolean,
  details: Pick<EntityAttributes<'user'>, 'id' | 'path' | 'tags'> & { created: number | Unknown; permissionsBoundary: string | null | Unknown },
): TypedEntity<'user'> {
  const ctx = s.ctx;
  const w = s.userWants;
  const entity = newEntity('user', arn, name, arn, null, {
    name,
    arn,
    id: details.id,
    path: details.path,
    created: details.created,
    console_access: UNKNOWN,
    mfa: UNKNOWN,
    mfa_devices: UNKNOWN,
    access_keys: UNKNOWN,
    signing_certificates: UNKNOWN,
    signing_certificates_active: UNKNOWN,
    groups: known ? EMPTY : UNKNOWN,
    attached_policies: known ? EMPTY : UNKNOWN,
    inline_policies: known ? EMPTY : UNKNOWN,
    permissions: UNKNOWN,
    permissions_boundary: details.permissionsBoundary,
    password_last_used: UNKNOWN,
    password_last_changed: UNKNOWN,
    password_next_rotation: UNKNOWN,
    last_used: UNKNOWN,
    unused: UNKNOWN,
    password_unused: UNKNOWN,
    tags: details.tags,
  });
  const report = s.report;
  const row = report?.users.get(name);
  const keyPrefix = `user/${name}`;
  if (report !== null && row !== undefined) {
    const a = entity.attrs;
    const keys = accessKeyEntities(ctx, report, row, entity, entity, keyPrefix);
    const certificates = certificateEntities(ctx, report, row, entity, entity, keyPrefix);
    if (keys !== UNKNOWN) s.accessKeys.push(...keys);
    if (certificates !== UNKNOWN) s.certificates.push(...certificates);
    const created = w.created || w.unused || w.password_unused;
    if (a['created'] === UNKNOWN && created) a['created'] = reportDate(report, row, 'user_creation_time');
    a['console_access'] = reportBoolean(report, row, 'password_enabled');
    a['mfa'] = reportBoolean(report, row, 'mfa_active');
    a['access_keys'] = keys;
    a['signing_certificates'] = certificates;
    a['signing_certificates_active'] = anyActive(certificates);
    if (w.password_last_used || w.password_unused) a['password_last_used'] = reportDate(report, row, 'password_last_used');
    if (w.password_last_changed || w.password_unused) a['password_last_changed'] = reportDate(report, row, 'password_last_changed');
    if (w.password_next_rotation) a['password_next_rotation'] = reportDate(report, row, 'password_next_rotation');
    if (w.last_used || w.unused) {
      const last = lastUsed(report, row, keys);
      a['last_used'] = last;
      a.unused = since(ctx, last === null ? a.created : last);
    }
    if (w.password_unused) a.password_unused = passwordUnused(ctx, a.console_access, a.password_last_used, a.password_last_changed, a.created);
  }
  if (report !== null) {
    // No row (a user newer than the report) or no key columns: the collections are known, so this
    // user's keys and certificates would silently be missing from them. One of each, unknown.
    if (entity.attrs['access_keys'] === UNKNOWN) s.accessKeys.push(unknownAccessKey(entity, entity, `${keyPrefix}/access-key/?`, `${name}/?`));
    if (entity.attrs['signing_certificates'] === UNKNOWN) s.certificates.push(unknownCertificate(entity, entity, `${keyPrefix}/signing-certificate/?`, `${name}/?`));
  }
  // Devices come later (mfaDevices), which fills in the lists of users who have some.
  entity.attrs['mfa_devices'] = mfaDevicesKnown(s, entity) ? EMPTY : UNKNOWN;
  s.userByName.set(name, entity);
  s.userByArn.set(arn, entity);
  s.users.push(entity);
  return entity;
}

export function addRole(s: IamState, r: RoleDetail): void {
  const ctx = s.ctx;
  const trust = document(ctx, r, r.AssumeRolePolicyDocument);
  const w = s.roleWants;
  // Dates cost a parse each: only those the program reads, or derives `unused` from.
  const created = w.created || w.unused ? date(r.CreateDate) : UNKNOWN;
  const lastUsedDate = r.RoleLastUsed?.LastUsedDate;
  const lastUsed = r.RoleLastUsed === undefined || !(w.last_used || w.unused) ? UNKNOWN : lastUsedDate === undefined || lastUsedDate === null ? null : date(lastUsedDate);
  const path = r.Path ?? '/';
  const allows = trust === null ? null : trust.statements.filter((s) => s.effect === 'Allow');
  const entity = newEntity('role', r.Arn, r.RoleName, r.Arn, null, {
    name: r.RoleName,
    arn: r.Arn,
    id: r.RoleId ?? UNKNOWN,
    path,
    // ListRoles/GetRole always return MaxSessionDuration and omit an empty Description; GAAD has neither.
    description: r.Description ?? (r.MaxSessionDuration === undefined ? UNKNOWN : null),
    created,
    last_used: lastUsed,
    last_used_region: r.RoleLastUsed === undefined ? UNKNOWN : (r.RoleLastUsed.Region ?? null),
    unused: since(ctx, lastUsed === null ? created : lastUsed),
    service_linked: path.startsWith('/aws-service-role/'),
    trust_policy: trust === null ? UNKNOWN : [trust],
    trust_statements: UNKNOWN,
    condition: allows === null || !wants(ctx, 'role', 'condition') ? UNKNOWN : uniqueOver(allows, (s) => conditionKeys(s.conditions)),
    trusted_principals: allows === null || !wants(ctx, 'role', 'trusted_principals') ? UNKNOWN : uniqueOver(allows, (s) => principalValues(s.principal)),
    attached_policies: EMPTY,
    inline_policies: EMPTY,
    permissions: UNKNOWN,
    permissions_boundary: useBoundary(s, r.PermissionsBoundary?.PermissionsBoundaryArn),
    max_session_duration: r.MaxSessionDuration === undefined ? UNKNOWN : r.MaxSessionDuration * 1000,
    instance_profiles: r.InstanceProfileList === undefined || !wants(ctx, 'role', 'instance_profiles') ? UNKNOWN : r.InstanceProfileList.map((p) => p.InstanceProfileName),
    tags: wants(ctx, 'role', 'tags') ? tagStrings(r.Tags) : UNKNOWN,
    // Linked by normalizeSnapshot once Identity Center is read.
    permission_set: UNKNOWN,
  });
  if (trust !== null && wants(ctx, 'role', 'trust_statements')) entity.attrs['trust_statements'] = statementEntities(ctx, trust, entity, `${r.Arn}/trust`);
  for (const statement of allows ?? []) {
    if (statement.principal?.kind !== 'map') continue;
    for (const federated of statement.principal.federated) {
      const list = s.rolesByFederatedPrincipal.get(federated);
      if (list === undefined) s.rolesByFederatedPrincipal.set(federated, [entity]);
      else if (list[list.length - 1] !== entity) list.push(entity); // roles come one at a time
    }
  }
  entity.attrs['inline_policies'] = inlinePolicies(s, entity, 'role', r.RoleName, r.RolePolicyList);
  entity.attrs['attached_policies'] = attachedPolicies(s, entity, 'role', r.AttachedManagedPolicies);
  if (wants(ctx, 'role', 'permissions')) entity.attrs['permissions'] = permissionsOf(entity, EMPTY);
  s.roles.push(entity);
}

/** The values `pick` gives for each statement, each once, in order (trust policies mostly have one statement). */
function uniqueOver(statements: readonly PolicyStatement[], pick: (s: PolicyStatement) => readonly string[]): readonly string[] {
  const [only] = statements;
  if (statements.length === 1 && only !== undefined) return unique(pick(only));
  return unique(statements.flatMap(pick));
}

/**
 * CIS "credentials unused for 45 days": time since the console password was last used; when it was
 * never used, since it was last changed, else since the user was created. Null without a password.
 */
function passwordUnused(ctx: NormalizeContext, enabled: boolean | null | Unknown, used: number | null | Unknown, changed: number | null | Unknown, created: number | null | Unknown): number | null | Unknown {
  if (enabled === UNKNOWN) return UNKNOWN;
  if (enabled !== true) return null;
  const candidates: readonly (number | null | Unknown)[] = [used, changed, created];
  for (const at of candidates) {
    if (at === UNKNOWN) return UNKNOWN;
    if (at !== null) return since(ctx, at);
  }
  return null;
}

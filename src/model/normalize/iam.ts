import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { EntityAttributes } from '../entity-attributes.ts';
import { EMPTY, exactList } from '../lists.ts';
import { actionCatalog } from '../permissions/catalog.ts';
import { unknownActions } from '../permissions/unknown-actions.ts';
import type { PolicyDocument, PolicyStatement } from '../policy-document/types.ts';
import { SECTIONS } from '../sections.ts';
import type { AttachedPolicy, GroupDetail, InlinePolicy, ManagedPolicyDetail, PolicyVersion, RoleDetail, UserDetail } from '../snapshot.ts';
import type { NormalizeContext } from './context.ts';
import { has, type Wanted, wantedOf, wants } from './context.ts';
import type { ReportIndex } from './credentials.ts';
import { accessKeyEntities, anyActive, certificateEntities, lastUsed, reportBoolean, reportDate, unknownAccessKey, unknownCertificate } from './credentials.ts';
import type { MutableEntity, TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { document } from './policy-documents.ts';
import { date, since, tagStrings } from './raw-values.ts';
import { conditionKeys, principalValues, statementEntities, unique } from './statements.ts';

export interface IamModel {
  readonly users: readonly MutableEntity[];
  readonly groups: readonly MutableEntity[];
  readonly roles: readonly MutableEntity[];
  /** Managed (listed, then stubs for attached ones the snapshot lacks) and inline policies. */
  readonly policies: readonly MutableEntity[];
  readonly accessKeys: MutableEntity[];
  readonly certificates: MutableEntity[];
  readonly mfaDevices: readonly MutableEntity[];
  /** Roles by the federated principals (provider ARNs) their trust policies allow. */
  readonly rolesByFederatedPrincipal: ReadonlyMap<string, MutableEntity[]>;
}

type PrincipalKind = 'user' | 'group' | 'role';

/** Builds users, groups, roles, policies (managed and inline), their keys, certificates and MFA devices. */
export function normalizeIam(ctx: NormalizeContext, report: ReportIndex | null, root: Entity): IamModel {
  const details = has(ctx, SECTIONS.authorizationDetails) ? ctx.snapshot.iam?.authorizationDetails : undefined;
  const s = newState(ctx, report, root);
  if (details !== undefined) {
    for (const p of details.Policies ?? []) addManagedPolicy(s, p);
    for (const g of details.GroupDetailList ?? []) addGroup(s, g);
    for (const u of details.UserDetailList ?? []) addUser(s, u);
    for (const r of details.RoleDetailList ?? []) addRole(s, r);
    linkAttachments(s);
  } else if (report !== null) {
    // Without authorization details the report's users are built so their keys and certificates count;
    // the users collection itself is unknown (normalize.ts): the report may predate the newest user.
    for (const row of report.userOrder) addUserFromReport(s, row.values[report.positions.user ?? 0] ?? '', row.values[report.positions.arn ?? 1] ?? '');
    // A user newer than the report is in neither: one key and one certificate of an unknown user stand for theirs.
    s.accessKeys.push(unknownAccessKey(null, UNKNOWN, 'user/?/access-key/?', '?/?'));
    s.certificates.push(unknownCertificate(null, UNKNOWN, 'user/?/signing-certificate/?', '?/?'));
  }
  mfaDevices(s);
  return iamModel(s);
}

/** Mutable state of one IAM normalization, shared by the functions below. */
interface IamState {
  readonly ctx: NormalizeContext;
  readonly report: ReportIndex | null;
  /** The root user entity: owner of root MFA devices. */
  readonly root: Entity;
  readonly users: MutableEntity[];
  readonly groups: MutableEntity[];
  readonly roles: MutableEntity[];
  readonly policies: MutableEntity[];
  readonly stubs: MutableEntity[];
  readonly accessKeys: MutableEntity[];
  readonly certificates: MutableEntity[];
  readonly devices: MutableEntity[];
  readonly policyByArn: Map<string, MutableEntity>;
  readonly groupByName: Map<string, MutableEntity>;
  readonly userByName: Map<string, MutableEntity>;
  readonly userByArn: Map<string, MutableEntity>;
  /** Each group's users, in the order of the snapshot's user list. */
  readonly members: Map<Entity, Entity[]>;
  /** Managed-policy attachments, for reverse links. */
  readonly attachments: { principal: MutableEntity; kind: PrincipalKind; policy: MutableEntity }[];
  /** How many principals use each ARN as permissions boundary. */
  readonly boundaryUse: Map<string, number>;
  readonly rolesByFederatedPrincipal: Map<string, MutableEntity[]>;
  /** Which attributes of users, roles and MFA devices are computed: their dates cost a parse each, and a program reads few. */
  readonly userWants: Wanted<'user'>;
  readonly roleWants: Wanted<'role'>;
  readonly deviceWants: Wanted<'mfa-device'>;
}

function newState(ctx: NormalizeContext, report: ReportIndex | null, root: Entity): IamState {
  return {
    ctx,
    report,
    root,
    users: [],
    groups: [],
    roles: [],
    policies: [],
    stubs: [],
    accessKeys: [],
    certificates: [],
    devices: [],
    policyByArn: new Map(),
    groupByName: new Map(),
    userByName: new Map(),
    userByArn: new Map(),
    members: new Map(),
    attachments: [],
    boundaryUse: new Map(),
    rolesByFederatedPrincipal: new Map(),
    userWants: wantedOf(ctx.reads, 'user'),
    roleWants: wantedOf(ctx.reads, 'role'),
    deviceWants: wantedOf(ctx.reads, 'mfa-device'),
  };
}

function addManagedPolicy(s: IamState, p: ManagedPolicyDetail): void {
  const ctx = s.ctx;
  const version = defaultVersion(p);
  const doc = version === undefined ? null : document(ctx, version, version.Document);
  const docs = doc === null ? UNKNOWN : [doc];
  const awsManaged = isAwsManagedArn(p.Arn);
  const entity = newEntity('policy', p.Arn, p.PolicyName, p.Arn, null, {
    name: p.PolicyName,
    arn: p.Arn,
    id: p.PolicyId ?? UNKNOWN,
    path: p.Path ?? pathOfArn(p.Arn),
    customer: !awsManaged,
    aws_managed: awsManaged,
    inline: false,
    attached: UNKNOWN,
    attachment_count: p.AttachmentCount ?? UNKNOWN,
    boundary_usage_count: p.PermissionsBoundaryUsageCount ?? UNKNOWN,
    attached_users: EMPTY,
    attached_groups: EMPTY,
    attached_roles: EMPTY,
    attached_to: EMPTY,
    document: docs,
    permissions: docs,
    statements: UNKNOWN,
    unknown_actions: UNKNOWN,
    default_version: p.DefaultVersionId ?? UNKNOWN,
    versions: p.PolicyVersionList?.length ?? UNKNOWN,
    created: date(p.CreateDate),
    updated: date(p.UpdateDate),
  });
  if (doc !== null && wants(ctx, 'policy', 'statements')) entity.attrs['statements'] = statementEntities(ctx, doc, entity, entity.key);
  if (doc !== null && wants(ctx, 'policy', 'unknown_actions')) entity.attrs['unknown_actions'] = exactList(unknownActions([doc], actionCatalog()));
  s.policyByArn.set(p.Arn, entity);
  s.policies.push(entity);
}

/** A managed policy attached somewhere but absent from the snapshot's policy list: known name and ARN, unknown content. */
function addStubPolicy(s: IamState, attached: AttachedPolicy): MutableEntity {
  const arn = attached.PolicyArn;
  const name = attached.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1);
  const awsManaged = isAwsManagedArn(arn);
  const entity = newEntity('policy', arn, name, arn, null, {
    name,
    arn,
    id: UNKNOWN,
    path: pathOfArn(arn),
    customer: !awsManaged,
    aws_managed: awsManaged,
    inline: false,
    attached: UNKNOWN,
    attachment_count: UNKNOWN,
    boundary_usage_count: UNKNOWN,
    attached_users: EMPTY,
    attached_groups: EMPTY,
    attached_roles: EMPTY,
    attached_to: EMPTY,
    document: UNKNOWN,
    permissions: UNKNOWN,
    statements: UNKNOWN,
    unknown_actions: UNKNOWN,
    default_version: UNKNOWN,
    versions: UNKNOWN,
    created: UNKNOWN,
    updated: UNKNOWN,
  });
  s.policyByArn.set(arn, entity);
  s.stubs.push(entity);
  return entity;
}

function inlinePolicies(s: IamState, principal: MutableEntity, kind: PrincipalKind, principalName: string, list: readonly InlinePolicy[] | undefined): readonly MutableEntity[] {
  const out: MutableEntity[] = [];
  for (const p of list ?? []) {
    const doc = document(s.ctx, p, p.PolicyDocument);
    const docs = doc === null ? UNKNOWN : [doc];
    const key = `${kind}/${principalName}/inline/${p.PolicyName}`;
    const entity = newEntity('policy', key, `${principalName}/${p.PolicyName}`, null, principal, {
      name: p.PolicyName,
      arn: null,
      id: null,
      path: null,
      customer: false,
      aws_managed: false,
      inline: true,
      attached: true,
      attachment_count: 1,
      boundary_usage_count: 0,
      attached_users: kind === 'user' ? [principal] : EMPTY,
      attached_groups: kind === 'group' ? [principal] : EMPTY,
      attached_roles: kind === 'role' ? [principal] : EMPTY,
      attached_to: principal.arn === null ? EMPTY : [principal.arn],
      document: docs,
      permissions: docs,
      statements: UNKNOWN,
      unknown_actions: UNKNOWN,
      default_version: null,
      versions: 1,
      created: null,
      updated: null,
    });
    if (doc !== null && wants(s.ctx, 'policy', 'statements')) entity.attrs['statements'] = statementEntities(s.ctx, doc, entity, key);
    if (doc !== null && wants(s.ctx, 'policy', 'unknown_actions')) entity.attrs['unknown_actions'] = exactList(unknownActions([doc], actionCatalog()));
    s.policies.push(entity);
    out.push(entity);
  }
  return exactList(out);
}

function attachedPolicies(s: IamState, principal: MutableEntity, kind: PrincipalKind, list: readonly AttachedPolicy[] | undefined): readonly MutableEntity[] {
  const out: MutableEntity[] = [];
  for (const a of list ?? []) {
    const policy = s.policyByArn.get(a.PolicyArn) ?? addStubPolicy(s, a);
    if (out.includes(policy)) continue;
    out.push(policy);
    s.attachments.push({ principal, kind, policy });
  }
  return exactList(out);
}

function useBoundary(s: IamState, arn: string | undefined): string | null {
  if (arn === undefined) return null;
  s.boundaryUse.set(arn, (s.boundaryUse.get(arn) ?? 0) + 1);
  return arn;
}

function addGroup(s: IamState, g: GroupDetail): void {
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

function addUser(s: IamState, u: UserDetail): void {
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

function addUserFromReport(s: IamState, name: string, arn: string): void {
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

function addRole(s: IamState, r: RoleDetail): void {
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

/** Reverse links (policy → principals, group → users) and attachment counts. */
function linkAttachments(s: IamState): void {
  const byPolicy = new Map<MutableEntity, { users: Entity[]; groups: Entity[]; roles: Entity[]; arns: string[] }>();
  for (const { principal, kind, policy } of s.attachments) {
    let entry = byPolicy.get(policy);
    if (entry === undefined) {
      entry = { users: [], groups: [], roles: [], arns: [] };
      byPolicy.set(policy, entry);
    }
    entry[kind === 'user' ? 'users' : kind === 'group' ? 'groups' : 'roles'].push(principal);
    if (principal.arn !== null) entry.arns.push(principal.arn);
  }
  for (const policy of [...s.policies, ...s.stubs]) {
    if (policy.attrs['inline'] === true) continue;
    const entry = byPolicy.get(policy);
    const a = policy.attrs;
    const found = entry === undefined ? 0 : entry.users.length + entry.groups.length + entry.roles.length;
    if (entry !== undefined) {
      a['attached_users'] = exactList(entry.users);
      a['attached_groups'] = exactList(entry.groups);
      a['attached_roles'] = exactList(entry.roles);
      a['attached_to'] = exactList(entry.arns);
    }
    // The snapshot lists every principal, so the attachments found are complete when AWS's count is absent.
    if (a['attachment_count'] === UNKNOWN) a['attachment_count'] = found;
    if (a['boundary_usage_count'] === UNKNOWN) a['boundary_usage_count'] = s.boundaryUse.get(policy.key) ?? 0;
    a['attached'] = (a['attachment_count'] as number) > 0;
  }
  s.policies.push(...s.stubs);

  for (const group of s.groups) group.attrs['users'] = exactList(s.members.get(group) ?? EMPTY);
}

/** The documents of a principal's inline and attached policies, then its groups'; unknown when one is unknown. */
function permissionsOf(principal: Entity, groups: readonly Entity[]): readonly PolicyDocument[] | Unknown {
  const docs: PolicyDocument[] = [];
  if (!addDocuments(docs, principal)) return UNKNOWN;
  for (const group of groups) if (!addDocuments(docs, group)) return UNKNOWN;
  return exactList(docs);
}

/** Appends the documents of a principal's inline, then attached policies; false at an unknown one. */
function addDocuments(docs: PolicyDocument[], principal: Entity): boolean {
  for (const attribute of POLICY_ATTRIBUTES) {
    for (const policy of principal.attrs[attribute] as readonly Entity[]) {
      // A policy entity's `document` is its one document, or unknown.
      const document = policy.attrs['document'];
      if (document === UNKNOWN || !Array.isArray(document)) return false;
      for (const doc of document as readonly PolicyDocument[]) docs.push(doc);
    }
  }
  return true;
}

const POLICY_ATTRIBUTES = ['inline_policies', 'attached_policies'] as const;

/** Virtual devices (assigned or not), then hardware devices from `iam.mfaDevices`; and each user's devices. */
function mfaDevices(s: IamState): void {
  const ctx = s.ctx;
  if (!has(ctx, SECTIONS.virtualMfaDevices)) return;
  const devices: MutableEntity[] = [];
  const bySerial = new Set<string>();
  const byUser = new Map<MutableEntity, Entity[]>();
  const add = (device: MutableEntity, user: MutableEntity | null): void => {
    devices.push(device);
    if (user === null) return;
    const list = byUser.get(user);
    if (list === undefined) byUser.set(user, [device]);
    else list.push(device);
  };
  for (const d of ctx.snapshot.iam?.virtualMfaDevices ?? []) {
    if (bySerial.has(d.SerialNumber)) continue;
    bySerial.add(d.SerialNumber);
    const root = d.User !== undefined && (d.User.Arn === ctx.rootArn || d.User.Arn.endsWith(':root'));
    const user = d.User === undefined || root ? null : (s.userByArn.get(d.User.Arn) ?? (d.User.UserName === undefined ? undefined : s.userByName.get(d.User.UserName)) ?? null);
    add(newDevice(s, d.SerialNumber, true, user, root, d.User !== undefined, d.EnableDate), user);
  }
  const hardware = has(ctx, SECTIONS.mfaDevices) ? (ctx.snapshot.iam?.mfaDevices ?? []) : [];
  for (const d of hardware) {
    if (bySerial.has(d.SerialNumber)) continue;
    bySerial.add(d.SerialNumber);
    const user = s.userByName.get(d.UserName) ?? null;
    add(newDevice(s, d.SerialNumber, isVirtualSerial(d.SerialNumber), user, false, true, d.EnableDate), user);
  }
  s.devices.push(...devices);

  for (const [user, list] of byUser) if (mfaDevicesKnown(s, user)) user.attrs['mfa_devices'] = exactList(list);
}

/**
 * Whether a user's MFA devices are all known: not without the device lists, nor without
 * ListMFADevices output for a user with MFA (who may hold hardware devices nobody listed).
 */
function mfaDevicesKnown(s: IamState, user: Entity): boolean {
  return has(s.ctx, SECTIONS.virtualMfaDevices) && (has(s.ctx, SECTIONS.mfaDevices) || user.attrs['mfa'] === false);
}

function newDevice(s: IamState, serial: string, virtual: boolean, user: Entity | null, root: boolean, assigned: boolean, enabled: string | undefined): MutableEntity {
  const name = serial.includes(':mfa/') ? serial.slice(serial.indexOf(':mfa/') + 5) : serial;
  const owner = root ? s.root : user;
  return newEntity('mfa-device', serial, name, serial.startsWith('arn:') ? serial : null, owner, {
    serial,
    virtual,
    user,
    root,
    assigned,
    enabled: enabled === undefined ? (assigned ? UNKNOWN : null) : s.deviceWants.enabled ? date(enabled) : UNKNOWN,
  });
}

function iamModel(s: IamState): IamModel {
  return {
    users: s.users,
    groups: s.groups,
    roles: s.roles,
    policies: s.policies,
    accessKeys: s.accessKeys,
    certificates: s.certificates,
    mfaDevices: s.devices,
    rolesByFederatedPrincipal: s.rolesByFederatedPrincipal,
  };
}

function defaultVersion(p: ManagedPolicyDetail): PolicyVersion | undefined {
  const versions = p.PolicyVersionList ?? [];
  const chosen = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => v.VersionId !== undefined && v.VersionId === p.DefaultVersionId) ?? (versions.length === 1 ? versions[0] : undefined);
  return chosen;
}

/** `arn:<partition>:iam::aws:policy/...`: the account field of AWS managed policies is `aws`. */
export function isAwsManagedArn(arn: string): boolean {
  return arn.includes(':iam::aws:policy/');
}

/** The IAM path in a policy ARN: `arn:aws:iam::aws:policy/service-role/X` → `/service-role/`. */
function pathOfArn(arn: string): string {
  const start = arn.indexOf(':policy/');
  if (start < 0) return '/';
  const rest = arn.slice(start + ':policy'.length);
  return rest.slice(0, rest.lastIndexOf('/') + 1) || '/';
}

function isVirtualSerial(serial: string): boolean {
  return serial.startsWith('arn:') && serial.includes(':mfa/');
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

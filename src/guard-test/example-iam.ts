import type { AccountSpec, CertificateSpec, GroupSpec, InlinePolicySpec, KeySpec, ManagedPolicySpec, ReportRowSpec, RoleSpec, RootSpec, UserSpec } from './account-spec.ts';
import { ageDefault, type ExampleType, numberDefault, stringDefault } from './example-attributes.ts';
import { bool, type Decl, dateOf, duration, ensure, flagOf, iamId, instant, isSet, list, num, problem, reportDateOf, type State, singleton, splitOwner, str, strings, table, tags } from './example-declarations.ts';
import { identityProviders, mfaDevices } from './example-devices.ts';
import { allowStatements, classifyPrincipal, documentOf, objectDocument, statements } from './example-statements.ts';
import { pathPart } from './write-credential-report.ts';

/**
 * The IAM side of an example account as parts of the account spec: users and their report rows,
keys and certificates, groups, roles, managed and inline policies and root (MFA devices and identity
 * providers: example-devices.ts), with the defaults of docs/guard-test.md ("Defaults").
 */

/** AWS managed policies an example may attach without declaring them. Only AdministratorAccess has a known document; the others are listed without one (so their content is unknown), as in dumps that list only customer policies. */
export const KNOWN_AWS_MANAGED = [
  'AdministratorAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
  'ViewOnlyAccess',
  'SecurityAudit',
  'IAMFullAccess',
  'IAMReadOnlyAccess',
  'AWSSupportAccess',
  'AWSCloudShellFullAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonEC2FullAccess',
  'AWSOrganizationsFullAccess',
  'Billing',
] as const;

/** The IAM side of the account spec. */
export type IamSpec = Pick<AccountSpec, 'root' | 'users' | 'groups' | 'roles' | 'policies' | 'virtualMfa' | 'hardwareMfa' | 'samlProviders' | 'oidcProviders'>;

function keySlots(s: State, owner: string, ownerDecl: Decl | undefined, created: number): [KeySpec | null, KeySpec | null] {
  const count = num(ownerDecl, 'access_keys') ?? 0;
  const slot = (n: number): KeySpec | null => {
    const d = table(s, 'access-key').get(`${owner}/${n}`);
    if (d === undefined && n > count) return null;
    const age = duration(d, 'age');
    const rotated = age !== undefined ? s.now - age : (instant(s, d, 'last_rotated') ?? created);
    const unused = duration(d, 'unused');
    const used = unused !== undefined ? s.now - unused : (instant(s, d, 'last_used') ?? null);
    const service = str(d, 'last_used_service');
    const region = str(d, 'last_used_region');
    return {
      active: flagOf(d, 'access-key', 'active'),
      rotated: dateOf(s, rotated),
      lastUsed: reportDateOf(s, used),
      lastUsedRegion: (used === null ? null : region === undefined ? stringDefault('access-key', 'last_used_region') : region) ?? 'N/A',
      lastUsedService: (used === null ? null : service === undefined ? stringDefault('access-key', 'last_used_service') : service) ?? 'N/A',
    };
  };
  return [slot(1), slot(2)];
}

function certSlots(s: State, owner: string, ownerDecl: Decl | undefined, created: number): [CertificateSpec | null, CertificateSpec | null] {
  const count = num(ownerDecl, 'signing_certificates') ?? 0;
  const anyActive = bool(ownerDecl, 'signing_certificates_active', false);
  const slot = (n: number): CertificateSpec | null => {
    const d = table(s, 'signing-certificate').get(`${owner}/${n}`);
    const wanted = d !== undefined || n <= count || (n === 1 && anyActive && count === 0);
    if (!wanted) return null;
    const age = duration(d, 'age');
    const rotated = age !== undefined ? s.now - age : instant(s, d, 'last_rotated');
    return { active: flagOf(d, 'signing-certificate', 'active'), rotated: reportDateOf(s, rotated === undefined ? created : rotated) };
  };
  return [slot(1), slot(2)];
}

/** The earliest of some instants, for defaults that must come before them. */
function earliest(values: readonly (number | null | undefined)[], fallback: number): number {
  let best = fallback;
  for (const v of values) if (typeof v === 'number' && v < best) best = v;
  return best;
}

function userCreated(s: State, d: Decl): number {
  const explicit = instant(s, d, 'created');
  if (typeof explicit === 'number') return explicit;
  const keys = [1, 2].flatMap((n) => {
    const k = table(s, 'access-key').get(`${d.name}/${n}`);
    const age = duration(k, 'age');
    return [age === undefined ? instant(s, k, 'last_rotated') : s.now - age, instant(s, k, 'last_used')];
  });
  return earliest([instant(s, d, 'password_last_used'), instant(s, d, 'last_used'), instant(s, d, 'password_last_changed'), ...keys], s.now - ageDefault('user', 'created'));
}

function isAwsManaged(d: Decl): boolean {
  if (isSet(d, 'aws_managed')) return bool(d, 'aws_managed', false);
  if (isSet(d, 'customer')) return !bool(d, 'customer', true);
  return !d.declared && (KNOWN_AWS_MANAGED as readonly string[]).includes(d.name);
}

function managedArn(s: State, d: Decl): string {
  const path = pathPart(str(d, 'path') ?? '/');
  return isAwsManaged(d) ? `arn:${s.partition}:iam::aws:policy/${path}${d.name}` : `arn:${s.partition}:iam::${s.id}:policy/${path}${d.name}`;
}

/** Whether a policy name is an inline policy (`alice/scratch`) and whose. */
function inlineOwner(s: State, name: string): { kind: 'user' | 'group' | 'role'; owner: Decl } | null {
  const parts = splitOwner(name);
  if (parts === null) return null;
  for (const kind of ['user', 'group', 'role'] as const) {
    const owner = table(s, kind).get(parts.owner);
    if (owner !== undefined) return { kind, owner };
  }
  return null;
}

const ADMIN_STATEMENTS = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

/** Attachments and memberships may be written on either side (`groups` of a user, `users` of a group): both, once each. */
function links(s: State): { attached: Map<string, string[]>; membership: Map<string, string[]> } {
  const attached = new Map<string, string[]>(); // `${kind}:${principal}` -> policy names
  const add = (into: Map<string, string[]>, key: string, value: string): void => {
    const l = into.get(key) ?? [];
    if (!l.includes(value)) l.push(value);
    into.set(key, l);
  };
  for (const kind of ['user', 'group', 'role'] as const) for (const d of list(s, kind)) for (const p of strings(d, 'attached_policies')) add(attached, `${kind}:${d.name}`, p);
  for (const p of list(s, 'policy')) {
    for (const u of strings(p, 'attached_users')) add(attached, `user:${u}`, p.name);
    for (const g of strings(p, 'attached_groups')) add(attached, `group:${g}`, p.name);
    for (const r of strings(p, 'attached_roles')) add(attached, `role:${r}`, p.name);
  }
  const membership = new Map<string, string[]>();
  for (const u of list(s, 'user')) for (const g of strings(u, 'groups')) add(membership, u.name, g);
  for (const g of list(s, 'group')) for (const u of strings(g, 'users')) add(membership, u, g.name);
  return { attached, membership };
}

/** Inline policies by `${kind}:${principal}`; `allow` on a principal goes to its inline policy `inline`. Managed policies are the rest. */
function inlinePolicies(s: State): { inlineOf: Map<string, Decl[]>; managed: Decl[] } {
  const inlineOf = new Map<string, Decl[]>();
  const managed: Decl[] = [];
  for (const p of list(s, 'policy')) {
    if (p.name.includes('/')) {
      const owner = inlineOwner(s, p.name);
      if (owner === null) {
        problem(
          s,
          `\`${p.name}\` looks like an inline policy, but no user, group or role \`${splitOwner(p.name)?.owner ?? p.name}\` is declared`,
          p.span,
          'declare the principal, or list the policy in its `inline policies`',
        );
        continue;
      }
      const k = `${owner.kind}:${owner.owner.name}`;
      inlineOf.set(k, [...(inlineOf.get(k) ?? []), p]);
    } else managed.push(p);
  }
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const d of list(s, kind)) {
      if (d.allows.length === 0) continue;
      const p = ensure(s, 'policy', `${d.name}/inline`, d.span);
      p.allows.push(...d.allows);
      const k = `${kind}:${d.name}`;
      if (!(inlineOf.get(k) ?? []).includes(p)) inlineOf.set(k, [...(inlineOf.get(k) ?? []), p]);
    }
  }
  return { inlineOf, managed };
}

function managedPolicies(s: State, managed: readonly Decl[], attached: ReadonlyMap<string, readonly string[]>): ManagedPolicySpec[] {
  const attachmentCount = (p: Decl): number => {
    let n = 0;
    for (const [k, l] of attached) if (l.includes(p.name) && table(s, k.slice(0, k.indexOf(':')) as ExampleType).has(k.slice(k.indexOf(':') + 1))) n++;
    return n;
  };
  const out: ManagedPolicySpec[] = [];
  for (const p of managed) {
    const awsManaged = isAwsManaged(p);
    // Named but not declared: AdministratorAccess is listed with its document; other AWS managed policies are not listed (content unknown).
    if (!p.declared && awsManaged && p.name !== 'AdministratorAccess') continue;
    // `not listed`: attached somewhere, absent from the snapshot's policy list (its content is unknown).
    if (!bool(p, 'listed', true)) continue;
    const created = instant(s, p, 'created') ?? s.now - ageDefault('policy', 'created');
    const versions = Math.max(1, num(p, 'versions') ?? 1);
    out.push({
      arn: managedArn(s, p),
      id: str(p, 'id') ?? iamId('ANPA', p.name),
      path: str(p, 'path') ?? '/',
      document: !p.declared && p.name === 'AdministratorAccess' ? objectDocument(ADMIN_STATEMENTS) : documentOf(s, p, allowStatements(p)),
      attachmentCount: num(p, 'attachment_count') ?? attachmentCount(p),
      boundaryUsageCount: num(p, 'boundary_usage_count') ?? 0,
      created: dateOf(s, created),
      updated: dateOf(s, instant(s, p, 'updated') ?? created),
      versionId: str(p, 'default_version') ?? 'v1',
      olderVersions: Array.from({ length: versions - 1 }, (_, i) => ({ id: `old${i + 1}`, document: objectDocument([]) })),
    });
  }
  return out;
}

function rootSpec(s: State, groups: number, roles: number, customerPolicies: number): { root: RootSpec; created: number; virtualMfa: boolean } {
  const root = singleton(s, 'root');
  const created = instant(s, root, 'created') ?? s.now - ageDefault('root', 'created');
  const unused = duration(root, 'unused');
  const lastUsed = unused !== undefined ? s.now - unused : instant(s, root, 'last_used');
  const passwordUsed = instant(s, root, 'password_last_used') ?? (typeof lastUsed === 'number' ? lastUsed : null);
  const virtualMfa = isSet(root, 'virtual_mfa') ? bool(root, 'virtual_mfa', false) : isSet(root, 'hardware_mfa') ? !bool(root, 'hardware_mfa', false) && bool(root, 'mfa', false) : false;
  const mfa = isSet(root, 'mfa') ? bool(root, 'mfa', false) : virtualMfa || bool(root, 'hardware_mfa', false);
  const keys = keySlots(s, 'root', root, created);
  const certificates = certSlots(s, 'root', root, created);
  const account = singleton(s, 'account');
  const report: ReportRowSpec = {
    passwordEnabled: 'not_supported',
    passwordLastUsed: reportDateOf(s, passwordUsed, 'no_information'),
    passwordLastChanged: 'not_supported',
    passwordNextRotation: 'not_supported',
    mfa,
    keys,
    certificates,
    upper: false,
  };
  const summary = {
    AccountMFAEnabled: (isSet(account, 'mfa_enabled') ? bool(account, 'mfa_enabled', false) : mfa) ? 1 : 0,
    AccountAccessKeysPresent: keys.some((k) => k !== null) ? 1 : 0,
    AccountPasswordPresent: flagOf(root, 'root', 'password_enabled') ? 1 : 0,
    // Present means any certificate, active or not (as for keys): the model reads 1 as "maybe active".
    AccountSigningCertificatesPresent: certificates.some((c) => c !== null) ? 1 : 0,
    Groups: groups,
    Roles: roles,
    Policies: customerPolicies,
  };
  return { root: { report, created: dateOf(s, created), summary }, created, virtualMfa };
}

function userSpec(s: State, u: Decl, membership: ReadonlyMap<string, readonly string[]>, attachedOf: (kind: string, d: Decl) => string[], inlineOf: (kind: string, d: Decl) => InlinePolicySpec[]): UserSpec {
  const created = userCreated(s, u);
  const console = flagOf(u, 'user', 'console_access');
  const unused = duration(u, 'unused');
  const lastUsed = unused !== undefined ? s.now - unused : instant(s, u, 'last_used');
  const passwordUsed = instant(s, u, 'password_last_used') ?? (typeof lastUsed === 'number' ? lastUsed : null);
  const changed = instant(s, u, 'password_last_changed');
  const report: ReportRowSpec = {
    passwordEnabled: console,
    passwordLastUsed: reportDateOf(s, passwordUsed, console ? 'no_information' : 'N/A'),
    passwordLastChanged: changed === undefined ? (console ? dateOf(s, created) : 'N/A') : reportDateOf(s, changed),
    passwordNextRotation: reportDateOf(s, instant(s, u, 'password_next_rotation') ?? null),
    mfa: flagOf(u, 'user', 'mfa'),
    keys: keySlots(s, u.name, u, created),
    certificates: certSlots(s, u.name, u, created),
    upper: false,
  };
  return {
    name: u.name,
    path: str(u, 'path') ?? '/',
    id: str(u, 'id') ?? iamId('AIDA', u.name),
    created: dateOf(s, created),
    groups: membership.get(u.name) ?? [],
    attached: attachedOf('user', u),
    inline: inlineOf('user', u),
    boundary: str(u, 'permissions_boundary') ?? null,
    tags: tags(u),
    report,
  };
}

function roleSpec(s: State, r: Decl, attachedOf: (kind: string, d: Decl) => string[], inlineOf: (kind: string, d: Decl) => InlinePolicySpec[]): RoleSpec {
  const bases = r.trusts.map((t) => {
    const c = classifyPrincipal(s, t);
    return { Effect: 'Allow', Principal: { [c.type]: c.value }, Action: c.action };
  });
  const declaredTrust = list(s, 'trust-statement').some((t) => splitOwner(t.name)?.owner === r.name);
  const trust = bases.length === 0 && !declaredTrust ? [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] : statements(s, r, 'trust-statement', bases);
  const unused = duration(r, 'unused');
  const lastUsed = unused !== undefined ? s.now - unused : instant(s, r, 'last_used');
  const region = str(r, 'last_used_region');
  const description = str(r, 'description');
  const boundary = str(r, 'permissions_boundary');
  return {
    name: r.name,
    path: str(r, 'path') ?? (bool(r, 'service_linked', false) ? '/aws-service-role/' : '/'),
    id: str(r, 'id') ?? iamId('AROA', r.name),
    created: dateOf(s, instant(s, r, 'created') ?? earliest([lastUsed], s.now - ageDefault('role', 'created'))),
    trust: objectDocument(trust),
    ...(description === undefined || description === null ? {} : { description }),
    maxSessionDuration: Math.round((duration(r, 'max_session_duration') ?? numberDefault('role', 'max_session_duration')) / 1000),
    instanceProfiles: strings(r, 'instance_profiles'),
    inline: inlineOf('role', r),
    attached: attachedOf('role', r),
    ...(boundary === undefined || boundary === null ? {} : { boundary }),
    tags: tags(r),
    lastUsed: typeof lastUsed === 'number' ? dateOf(s, lastUsed) : null,
    lastUsedRegion: region === undefined ? stringDefault('role', 'last_used_region') : region,
  };
}

export function iamSpec(s: State): IamSpec {
  const { attached, membership } = links(s);
  const { inlineOf, managed } = inlinePolicies(s);
  const inlineSpecs = (kind: string, d: Decl): InlinePolicySpec[] => (inlineOf.get(`${kind}:${d.name}`) ?? []).map((p) => ({ name: splitOwner(p.name)?.part ?? p.name, document: documentOf(s, p, allowStatements(p)) }));
  const attachedArns = (kind: string, d: Decl): string[] =>
    (attached.get(`${kind}:${d.name}`) ?? []).map((name) => {
      const p = table(s, 'policy').get(name);
      return p === undefined ? `arn:${s.partition}:iam::${s.id}:policy/${name}` : managedArn(s, p);
    });
  // The order of these calls is the order of the problems they report.
  const policies = managedPolicies(s, managed, attached);
  const userDecls = list(s, 'user');
  const users = userDecls.map((u) => userSpec(s, u, membership, attachedArns, inlineSpecs));
  const groups: GroupSpec[] = list(s, 'group').map((g) => ({
    name: g.name,
    path: str(g, 'path') ?? '/',
    id: str(g, 'id') ?? iamId('AGPA', g.name),
    created: dateOf(s, instant(s, g, 'created') ?? s.now - ageDefault('group', 'created')),
    inline: inlineSpecs('group', g),
    attached: attachedArns('group', g),
  }));
  const roles = list(s, 'role').map((r) => roleSpec(s, r, attachedArns, inlineSpecs));
  const customer = policies.filter((p) => !p.arn.includes(':iam::aws:')).length;
  const root = rootSpec(s, groups.length, roles.length, customer);
  const created = new Map(users.map((u) => [u.name, s.now - u.created.ago]));
  return { root: root.root, users, groups, roles, policies, ...mfaDevices(s, root.virtualMfa, root.created, userDecls, created), ...identityProviders(s) };
}

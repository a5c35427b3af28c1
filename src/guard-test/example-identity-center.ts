import type { AccessAnalyzerSpec, AnalyzerRegionSpec, AssignmentSpec, FindingSpec, IdentityCenterSpec, PermissionSetSpec } from './account-spec.ts';
import { accountIdFor, bool, type Decl, dateOf, ensure, instant, isSet, list, lowerId, problem, type State, singleton, splitOwner, str, strings, table } from './example-declarations.ts';
import { KNOWN_AWS_MANAGED } from './example-iam.ts';
import { OTHER_MANAGEMENT_ACCOUNT } from './example-organization.ts';
import { allowStatements, objectDocument } from './example-statements.ts';

/**
 * IAM Identity Center and IAM Access Analyzer of an example account as the account spec's
 * (docs/guard-test.md): permission sets, assignments, the identity store's users and groups, and
 * analyzers with their regions and findings. An example that declares none of Identity Center has
 * no instance (`identityCenter: null`); one that declares nothing of Access Analyzer queried no region.
 */

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ANALYZER = 'external-access';

const IDC_TYPES = ['permission-set', 'account-assignment', 'identity-center-user', 'identity-center-group'] as const;

/** Creates what Identity Center and Access Analyzer declarations only name. */
export function impliedIdentityCenter(s: State): void {
  for (const d of list(s, 'permission-set')) {
    for (const p of strings(d, 'managed_policies')) if (!p.startsWith('arn:') && (KNOWN_AWS_MANAGED as readonly string[]).includes(p)) ensure(s, 'policy', p, d.span);
    for (const p of [...strings(d, 'customer_managed_policies'), ...strings(d, 'permissions_boundary')]) if (!p.startsWith('arn:')) ensure(s, 'policy', policyName(p), d.span);
  }
  for (const d of list(s, 'identity-center-user')) for (const g of strings(d, 'groups')) ensure(s, 'identity-center-group', g, d.span);
  for (const d of list(s, 'identity-center-group')) for (const u of strings(d, 'members')) ensure(s, 'identity-center-user', u, d.span);
  for (const d of list(s, 'account-assignment')) {
    const parts = splitOwner(d.name);
    const set = strings(d, 'permission_set')[0] ?? parts?.owner;
    if (set === undefined) {
      problem(s, `account assignment \`${d.name}\` names no permission set`, d.span, 'name it `"<permission set>/<group or user>"`, or set `permission set` and `group` or `user`');
      table(s, 'account-assignment').delete(d.name);
      continue;
    }
    ensure(s, 'permission-set', set, d.span);
    const principal = principalOf(s, d);
    if (principal !== null) ensure(s, principal.type, principal.name, d.span);
  }
  for (const d of list(s, 'analyzer-finding')) {
    const analyzer = strings(d, 'analyzer')[0] ?? firstAnalyzerIn(s, str(d, 'region') ?? DEFAULT_REGION) ?? DEFAULT_ANALYZER;
    const a = ensure(s, 'analyzer', analyzer, d.span);
    if (!isSet(a, 'region') && isSet(d, 'region')) a.settings.set('region', { kind: 'string', value: str(d, 'region') ?? DEFAULT_REGION });
  }
}

function policyName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function firstAnalyzerIn(s: State, region: string): string | undefined {
  return list(s, 'analyzer').find((a) => (str(a, 'region') ?? DEFAULT_REGION) === region)?.name;
}

/** The principal an assignment names: `user` or `group`, else the part after the last `/`, a group unless only a user has that name. */
function principalOf(s: State, d: Decl): { type: 'identity-center-user' | 'identity-center-group'; name: string } | null {
  const user = strings(d, 'user')[0];
  if (user !== undefined) return { type: 'identity-center-user', name: user };
  const group = strings(d, 'group')[0];
  if (group !== undefined) return { type: 'identity-center-group', name: group };
  const name = splitOwner(d.name)?.part;
  if (name === undefined) return null;
  const typeSetting = str(d, 'principal_type');
  if (typeSetting === 'USER') return { type: 'identity-center-user', name };
  if (typeSetting !== 'GROUP' && table(s, 'identity-center-user').has(name) && !table(s, 'identity-center-group').has(name)) return { type: 'identity-center-user', name };
  return { type: 'identity-center-group', name };
}

/** `identityCenter`: null (no instance) when the example declares no part of it. */
export function identityCenterSpec(s: State, accountIds: ReadonlyMap<string, string>): IdentityCenterSpec | null {
  const instance = singleton(s, 'identity-center');
  const declared = instance !== undefined || IDC_TYPES.some((t) => table(s, t).size > 0);
  if (!declared) return null;
  const userId = (name: string): string => `u-${lowerId(name, 10)}`;
  const groupId = (name: string): string => `g-${lowerId(name, 10)}`;
  const permissionSets = list(s, 'permission-set').map((d): PermissionSetSpec => {
    const description = str(d, 'description');
    const relay = str(d, 'relay_state');
    const created = instant(s, d, 'created');
    const session = isSet(d, 'session_duration') ? d.settings.get('session_duration') : undefined;
    const boundary = strings(d, 'permissions_boundary')[0];
    return {
      name: d.name,
      ...(description ? { description } : {}),
      ...(session?.kind === 'duration' ? { sessionDuration: `PT${Math.round(session.value / 60_000)}M` } : {}),
      ...(relay ? { relayState: relay } : {}),
      ...(created === undefined || created === null ? {} : { created: dateOf(s, created) }),
      inline: d.allows.length === 0 ? null : objectDocument(allowStatements(d)),
      managed: strings(d, 'managed_policies').map((p) => (p.startsWith('arn:') ? p : `arn:${s.partition}:iam::aws:policy/${p}`)),
      customer: strings(d, 'customer_managed_policies').map(reference),
      boundary: boundary === undefined ? null : boundary.startsWith('arn:') ? { arn: boundary } : reference(boundary),
    };
  });
  const assignments = list(s, 'account-assignment').flatMap((d): AssignmentSpec[] => {
    const set = strings(d, 'permission_set')[0] ?? splitOwner(d.name)?.owner;
    const principal = principalOf(s, d);
    if (set === undefined || principal === null) return [];
    const written = str(d, 'account_id') ?? strings(d, 'account')[0];
    const accountId = written === undefined || written === null ? s.id : (accountIds.get(written.toLowerCase()) ?? (/^\d{12}$/.test(written) ? written : accountIdFor(written)));
    const user = principal.type === 'identity-center-user';
    return [{ accountId, permissionSet: set, principalType: user ? 'USER' : 'GROUP', principalId: user ? userId(principal.name) : groupId(principal.name) }];
  });
  const memberships = new Map<string, { groupId: string; userId: string }>();
  for (const u of list(s, 'identity-center-user')) for (const g of strings(u, 'groups')) memberships.set(`${g}\n${u.name}`, { groupId: groupId(g), userId: userId(u.name) });
  for (const g of list(s, 'identity-center-group')) for (const u of strings(g, 'members')) memberships.set(`${g.name}\n${u}`, { groupId: groupId(g.name), userId: userId(u) });
  const owner = str(instance, 'owner_account_id');
  return {
    instanceId: `ssoins-${lowerId(s.id, 16)}`,
    identityStoreId: str(instance, 'identity_store_id') ?? `d-${lowerId(s.id, 10)}`,
    ...(owner ? { ownerAccountId: owner } : isManagementElsewhere(s) ? { ownerAccountId: OTHER_MANAGEMENT_ACCOUNT } : {}),
    permissionSets,
    assignments,
    users: list(s, 'identity-center-user').map((u) => {
      const display = str(u, 'display_name');
      return { id: userId(u.name), userName: u.name, ...(display ? { displayName: display } : {}) };
    }),
    groups: list(s, 'identity-center-group').map((g) => {
      const description = str(g, 'description');
      return { id: groupId(g.name), displayName: g.name, ...(description ? { description } : {}) };
    }),
    memberships: [...memberships.values()],
  };
}

function isManagementElsewhere(s: State): boolean {
  return singleton(s, 'account')?.settings.get('management_account')?.kind === 'boolean' && !bool(singleton(s, 'account'), 'management_account', true);
}

function reference(ref: string): { name: string; path?: string } {
  const at = ref.lastIndexOf('/');
  return at <= 0 ? { name: ref.slice(at + 1) } : { name: ref.slice(at + 1), path: ref.slice(0, at + 1) };
}

/** `accessAnalyzer`: the regions declared or holding a declared analyzer or finding, in order of appearance. */
export function accessAnalyzerSpec(s: State): AccessAnalyzerSpec {
  const regionOf = (d: Decl): string => str(d, 'region') ?? DEFAULT_REGION;
  const names = [...list(s, 'analyzer-region').map((r) => r.name), ...list(s, 'analyzer').map(regionOf), ...list(s, 'analyzer-finding').map(regionOf)];
  const regions = [...new Set(names)].map(
    (region): AnalyzerRegionSpec => ({
      region,
      analyzers: list(s, 'analyzer')
        .filter((a) => regionOf(a) === region)
        .map((a) => {
          const created = instant(s, a, 'created');
          return { name: a.name, type: str(a, 'type') ?? 'ACCOUNT', status: str(a, 'status') ?? 'ACTIVE', ...(created === undefined || created === null ? {} : { created: dateOf(s, created) }) };
        }),
      findings: list(s, 'analyzer-finding')
        .filter((f) => regionOf(f) === region)
        .map((f): FindingSpec => {
          const type = str(f, 'type') ?? 'ExternalAccess';
          const resource = str(f, 'resource');
          const resourceType = str(f, 'resource_type');
          const principals = strings(f, 'principals');
          const actions = strings(f, 'actions');
          return {
            id: `${lowerId(f.name, 8)}-0000-4000-8000-${lowerId(`${f.name}/id`, 12)}`,
            analyzer: strings(f, 'analyzer')[0] ?? firstAnalyzerIn(s, region) ?? DEFAULT_ANALYZER,
            type,
            resource: resource ?? f.name,
            ...(resourceType ? { resourceType } : {}),
            ...(type === 'ExternalAccess' ? { principal: principals.length === 1 ? { AWS: principals[0] ?? '' } : Object.fromEntries(principals.map((p, i) => [`AWS${i}`, p])) } : {}),
            ...(actions.length > 0 ? { actions } : {}),
            ...(isSet(f, 'public') ? { isPublic: bool(f, 'public', false) } : {}),
          };
        }),
    }),
  );
  return { regions };
}

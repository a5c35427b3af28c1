import { type Entity, type Model, type PolicyDocument, UNKNOWN } from '../model/index.ts';
import type { ExampleLine } from '../syntax/index.ts';
import { KNOWN_AWS_MANAGED } from './example-iam.ts';
import { asEntities, asEntity, asStr, asStrings, declaration, entities, flag, listLiteral, NOWHERE, plainSettings, type Setting, set, str } from './model-settings.ts';

/**
 * IAM Identity Center and IAM Access Analyzer of a model as example lines (describe-model.ts):
 * the instance, permission sets, assignments, the identity store's users and groups, and the
 * analyzer regions, analyzers and findings. Only what differs from the example defaults
 * (example-identity-center.ts) is written; what examples cannot say (an inline Deny, a condition) is
 * left out, and the runner says so when the printed example no longer shows the failure.
 */

const DEFAULT_REGION = 'us-east-1';
const HOUR_MS = 3_600_000;

export function describeIdentityCenter(model: Model, out: ExampleLine[]): void {
  const instance = entities(model, 'identity_center')[0];
  // No instance (`identityCenter: null`) is what an example that declares none of it says.
  if (instance === undefined || instance.attrs['exists'] !== true) return;
  const owner = asStr(instance.attrs['owner_account_id']);
  out.push(declaration('identity center', null, owner !== undefined && owner !== model.account.id ? [set('owner account id', str(owner))] : []));
  for (const ps of entities(model, 'permission_sets')) out.push(declaration('permission set', ps.name, permissionSetSettings(model, ps)));
  for (const group of entities(model, 'identity_center_groups')) {
    const settings: Setting[] = [];
    plainSettings('identity-center-group', group.attrs, model.now, ['description'], settings);
    out.push(declaration('identity center group', group.name, settings));
  }
  for (const user of entities(model, 'identity_center_users')) {
    const settings: Setting[] = [];
    plainSettings('identity-center-user', user.attrs, model.now, ['display_name'], settings);
    const groups = asEntities(user.attrs['groups']).map((g) => g.name);
    if (groups.length > 0) settings.push(set('groups', listLiteral(groups)));
    out.push(declaration('identity center user', user.name, settings));
  }
  for (const a of entities(model, 'account_assignments')) {
    const line = assignmentLine(model, a);
    if (line !== null) out.push(line);
  }
}

function permissionSetSettings(model: Model, ps: Entity): Setting[] {
  const a = ps.attrs;
  const settings: Setting[] = [];
  // AWS's default session is 1 hour: the model reads an unset one as that, so it is left unwritten.
  const names = a['session_duration'] === HOUR_MS ? ['description', 'relay_state', 'created'] : ['description', 'session_duration', 'relay_state', 'created'];
  plainSettings('permission-set', a, model.now, names, settings);
  // AWS managed policies the examples know by name are written so (the example then holds their documents).
  const managed = asStrings(a['managed_policies']).map((arn) => {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    return /^arn:[^:]+:iam::aws:policy\//.test(arn) && (KNOWN_AWS_MANAGED as readonly string[]).includes(name) ? name : arn;
  });
  if (managed.length > 0) settings.push(set('managed policies', listLiteral(managed)));
  const customer = asStrings(a['customer_managed_policies']);
  if (customer.length > 0) settings.push(set('customer managed policies', listLiteral(customer)));
  const boundary = asStr(a['permissions_boundary']);
  if (boundary !== undefined) settings.push(set('permissions boundary', str(boundary)));
  // The inline policy's Allows on actions, as `allow` lines write them.
  const inline = Array.isArray(a['inline_policy']) ? (a['inline_policy'] as readonly PolicyDocument[]) : [];
  for (const st of inline.flatMap((d) => d.statements)) {
    if (st.effect !== 'Allow' || st.conditions.length > 0) continue;
    for (const action of st.actions ?? []) for (const resource of st.resources ?? []) settings.push({ kind: 'allow', action: str(action), resource: resource === '*' ? null : str(resource), span: NOWHERE });
  }
  return settings;
}

/** `account assignment "<set>/<principal>"`; null when its permission set is not in the model. */
function assignmentLine(model: Model, a: Entity): ExampleLine | null {
  const ps = asEntity(a.attrs['permission_set']);
  if (ps === undefined) return null;
  const user = a.attrs['principal_type'] === 'USER';
  const principal = asStr(a.attrs['principal_name']) ?? asStr(a.attrs['principal_id']) ?? '';
  const settings: Setting[] = [];
  const account = asStr(a.attrs['account_id']);
  if (account !== undefined && account !== model.account.id) settings.push(set('account id', str(account)));
  // A user assignment says so; a group is the default. The name splits at its last `/`: a principal with one is named apart.
  if (user) settings.push(set('principal type', str('USER')));
  if (principal.includes('/')) settings.push(set('permission set', str(ps.name)), set(user ? 'user' : 'group', str(principal)));
  return declaration('account assignment', `${ps.name}/${principal}`, settings);
}

export function describeAccessAnalyzer(model: Model, out: ExampleLine[]): void {
  if (accessAnalyzerUnknown(model)) return;
  for (const region of entities(model, 'analyzer_regions')) out.push(declaration('analyzer region', region.name, []));
  for (const analyzer of entities(model, 'analyzers')) {
    const a = analyzer.attrs;
    const settings: Setting[] = [];
    const region = asStr(a['region']);
    if (region !== undefined && region !== DEFAULT_REGION) settings.push(set('region', str(region)));
    if (a['type'] !== 'ACCOUNT' && typeof a['type'] === 'string') settings.push(set('type', str(a['type'])));
    if (a['status'] !== 'ACTIVE' && typeof a['status'] === 'string') settings.push(set('status', str(a['status'])));
    plainSettings('analyzer', a, model.now, ['created'], settings);
    out.push(declaration('analyzer', asStr(a['name']) ?? analyzer.name, settings));
  }
  for (const finding of entities(model, 'analyzer_findings')) {
    const a = finding.attrs;
    const settings: Setting[] = [];
    const analyzer = asEntity(a['analyzer']);
    if (analyzer !== undefined) settings.push(set('analyzer', str(asStr(analyzer.attrs['name']) ?? analyzer.name)));
    const region = asStr(a['region']);
    if (region !== undefined && region !== DEFAULT_REGION) settings.push(set('region', str(region)));
    if (a['type'] !== 'ExternalAccess' && typeof a['type'] === 'string') settings.push(set('type', str(a['type'])));
    const resourceType = asStr(a['resource_type']);
    if (resourceType !== undefined) settings.push(set('resource type', str(resourceType)));
    for (const [name, attr] of [
      ['principals', 'principals'],
      ['actions', 'actions'],
    ] as const) {
      const values = asStrings(a[attr]);
      if (values.length > 0) settings.push(set(name, listLiteral(values)));
    }
    if (a['public'] === true) settings.push(flag('public', true));
    out.push(declaration('analyzer finding', asStr(a['resource']) ?? finding.name, settings));
  }
}

const IDC_SECTIONS = [
  ['identity_center', 'identityCenter.instances'],
  ['permission_sets', 'identityCenter.permissionSets'],
  ['account_assignments', 'identityCenter.accountAssignments'],
  ['identity_center_users', 'identityCenter.users'],
  ['identity_center_groups', 'identityCenter.groups'],
] as const;

/**
 * The optional sections the model could not list although `missingSections` does not name them
 * (left out of the file rather than named in `errors`), as `missing` lines name them. A region whose
 * analyzers or findings alone could not be listed has no example form: the nearest one, all of
 * Access Analyzer missing, is written instead (the runner says so when that changes the outcome).
 */
export function unlistedOptionalSections(model: Model): string[] {
  const reported = new Set(model.missingSections);
  const unknown = (collection: string): boolean => {
    const c = model.collections[collection];
    // A singleton is listed even when its section is not: its `exists` is unknown then.
    return c === undefined || !c.known || (c.entities.length === 1 && c.entities[0]?.attrs['exists'] === UNKNOWN);
  };
  const out: string[] = [];
  if (!reported.has('identityCenter')) {
    const sections = IDC_SECTIONS.filter(([collection, path]) => unknown(collection) && !reported.has(path)).map(([, path]) => path);
    out.push(...(sections.length === IDC_SECTIONS.length ? ['identityCenter'] : sections));
  }
  if (!reported.has('accessAnalyzer') && !reported.has('accessAnalyzer.regions') && accessAnalyzerUnknown(model)) out.push('accessAnalyzer');
  return out;
}

function accessAnalyzerUnknown(model: Model): boolean {
  const regions = model.collections['analyzer_regions'];
  if (regions === undefined || !regions.known) return true;
  return regions.entities.some((r) => r.attrs['analyzers'] === UNKNOWN || r.attrs['findings'] === UNKNOWN);
}

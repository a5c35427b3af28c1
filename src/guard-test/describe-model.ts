import { DAY_MS, type Entity, formatInstant, type Model, UNKNOWN, type Value } from '../model/index.ts';
import type { EntityDeclaration, ExampleLine, ExampleTest, NamePhrase } from '../syntax/index.ts';
import { describeAccessAnalyzer, describeIdentityCenter, unlistedOptionalSections } from './describe-identity-center.ts';
import { ageDefault, type ExampleType } from './example-attributes.ts';
import { KNOWN_AWS_MANAGED } from './example-iam.ts';
import {
  ageSetting,
  asBool,
  asEntities,
  asEntity,
  asNum,
  asStr,
  asStrings,
  declaration,
  durationLiteral,
  entities,
  flag,
  inlineName,
  instantLiteral,
  instantSetting,
  listLiteral,
  NOWHERE,
  phrase,
  plainSettings,
  type Setting,
  set,
  str,
} from './model-settings.ts';

/**
 * A model → the lines of an example test that build it again: how `guard test` prints the account
 * fast-check shrank a failing property to, so the user can paste it as an example. Only what differs
 * from the example defaults is written. What examples cannot express (a value of unknown origin, a
 * report row missing for one user) is left out; the runner rebuilds the printed example and says
 * so when it no longer shows the failure.
 */

function statementSettings(st: Entity): Setting[] {
  const a = st.attrs;
  const out: Setting[] = [];
  const sid = asStr(a['sid']);
  if (sid !== undefined) out.push(set('sid', str(sid)));
  if (a['effect'] !== 'Allow' && typeof a['effect'] === 'string') out.push(set('effect', str(a['effect'])));
  for (const [name, attr] of [
    ['actions', 'actions'],
    ['not actions', 'not_actions'],
    ['resources', 'resources'],
    ['not resources', 'not_resources'],
  ] as const) {
    const values = asStrings(a[attr]);
    if (values.length > 0) out.push(set(name, listLiteral(values)));
  }
  const services = asStrings(a['principal_services']);
  const federated = asStrings(a['principal_federated']);
  const others = asStrings(a['principals']).filter((p) => !services.includes(p) && !federated.includes(p));
  if (others.length > 0) out.push(set('principals', listLiteral(others)));
  if (services.length > 0) out.push(set('principal services', listLiteral(services)));
  if (federated.length > 0) out.push(set('principal federated', listLiteral(federated)));
  const notPrincipals = asStrings(a['not_principals']);
  if (notPrincipals.length > 0) out.push(set('not principals', listLiteral(notPrincipals)));
  const conditions = asStrings(a['conditions']);
  if (conditions.length > 0) out.push(set('conditions', listLiteral(conditions)));
  return out;
}

function statementLines(type: 'statement' | 'trust statement', owner: string, list: Value | undefined): EntityDeclaration[] {
  return asEntities(list).map((st, i) => declaration(type, `${owner}/${i + 1}`, statementSettings(st)));
}

function describeRoot(model: Model, out: ExampleLine[]): void {
  const root = entities(model, 'root')[0];
  if (root === undefined) return;
  const a = root.attrs;
  const now = model.now;
  const settings: Setting[] = [];
  const mfa = asBool(a['mfa']);
  const virtual = asBool(a['virtual_mfa']);
  if (virtual === true) settings.push(flag('virtual mfa', true));
  else if (mfa === true) settings.push(flag('mfa', true));
  plainSettings('root', a, now, ['password_enabled', 'created', 'password_last_used'], settings);
  // Without the credential report, keys and certificates are only counted by the account summary.
  const keysListed = model.collections['access_keys']?.known === true;
  const keys = asEntities(a['access_keys']);
  if (!keysListed && keys.length > 0) settings.push(set('access keys', { kind: 'number', value: keys.length, span: NOWHERE }));
  if (model.collections['signing_certificates']?.known !== true && a['signing_certificates_active'] === true) settings.push(flag('signing certificates active', true));
  if (settings.length > 0) out.push(declaration('root', null, settings));
}

function describeKeys(model: Model, out: ExampleLine[]): void {
  const now = model.now;
  for (const key of entities(model, 'access_keys')) {
    const a = key.attrs;
    const owner = a['root'] === true ? 'root' : (asEntity(a['user'])?.name ?? key.name.split('/')[0] ?? '');
    const number = asNum(a['number']) ?? 1;
    const settings: Setting[] = [];
    plainSettings('access-key', a, now, ['active'], settings);
    ageSetting(settings, a['last_rotated'], now);
    plainSettings('access-key', a, now, typeof a['last_used'] === 'number' ? ['last_used', 'last_used_service', 'last_used_region'] : ['last_used'], settings);
    out.push(declaration('access key', `${owner}/${number}`, settings));
  }
  for (const cert of entities(model, 'signing_certificates')) {
    const a = cert.attrs;
    const owner = a['root'] === true ? 'root' : (cert.owner?.name ?? '');
    const settings: Setting[] = [];
    plainSettings('signing-certificate', a, now, ['active'], settings);
    ageSetting(settings, a['last_rotated'], now);
    out.push(declaration('signing certificate', `${owner}/${asNum(a['number']) ?? 1}`, settings));
  }
}

/** Path, attached and inline policies, and then `after` (a group has no boundary and no tags). */
function principalSettings(type: ExampleType, a: Readonly<Record<string, Value>>, now: number, after: readonly string[], into: Setting[]): void {
  plainSettings(type, a, now, ['path'], into);
  const attached = asEntities(a['attached_policies']);
  if (attached.length > 0) into.push(set('attached policies', listLiteral(attached.map((p) => p.name))));
  const inline = asEntities(a['inline_policies']);
  if (inline.length > 0) into.push(set('inline policies', listLiteral(inline.map(inlineName))));
  plainSettings(type, a, now, after, into);
}

/** What build-snapshot.ts makes a user's creation time when the example does not say. */
function defaultCreated(user: Entity, now: number): number {
  let best = now - ageDefault('user', 'created');
  const consider = (v: Value | undefined): void => {
    if (typeof v === 'number' && v < best) best = v;
  };
  consider(user.attrs['password_last_used']);
  // A console user's password is set when it is created unless the example says otherwise.
  if (!(user.attrs['console_access'] === true && user.attrs['password_last_changed'] === user.attrs['created'])) consider(user.attrs['password_last_changed']);
  for (const key of asEntities(user.attrs['access_keys'])) {
    consider(key.attrs['last_rotated']);
    consider(key.attrs['last_used']);
  }
  return best;
}

function describeUsers(model: Model, out: ExampleLine[]): void {
  const now = model.now;
  for (const user of entities(model, 'users')) {
    const a = user.attrs;
    const settings: Setting[] = [];
    plainSettings('user', a, now, ['console_access', 'mfa'], settings);
    const created = asNum(a['created']);
    if (created !== undefined && created !== defaultCreated(user, now)) settings.push(set('created', instantLiteral(created, now)));
    plainSettings('user', a, now, ['password_last_used'], settings);
    const changed = a['password_last_changed'];
    const console = asBool(a['console_access']) === true;
    instantSetting(settings, 'password last changed', changed, now, console ? created : null);
    plainSettings('user', a, now, ['password_next_rotation'], settings);
    const groups = asEntities(a['groups']);
    if (groups.length > 0) settings.push(set('groups', listLiteral(groups.map((g) => g.name))));
    principalSettings('user', a, now, ['permissions_boundary', 'tags'], settings);
    const devices = a['mfa_devices'];
    if (Array.isArray(devices)) {
      const virtual = asEntities(devices).filter((d) => d.attrs['virtual'] === true).length;
      const expected = asBool(a['mfa']) === true ? 1 : 0;
      if (virtual !== expected) settings.push(set('mfa devices', { kind: 'number', value: virtual, span: NOWHERE }));
    }
    // A user with nothing to say but keys is implied by `access key "<user>/1"`.
    if (settings.length === 0 && (asEntities(a['access_keys']).length > 0 || asEntities(a['signing_certificates']).length > 0)) continue;
    out.push(declaration('user', user.name, settings));
  }
}

function describeGroups(model: Model, out: ExampleLine[]): void {
  for (const group of entities(model, 'groups')) {
    const settings: Setting[] = [];
    plainSettings('group', group.attrs, model.now, ['created'], settings);
    principalSettings('group', group.attrs, model.now, [], settings);
    out.push(declaration('group', group.name, settings));
  }
}

function describeRoles(model: Model, out: ExampleLine[]): void {
  const now = model.now;
  for (const role of entities(model, 'roles')) {
    const a = role.attrs;
    const settings: Setting[] = [];
    plainSettings('role', a, now, typeof a['last_used'] === 'number' ? ['description', 'created', 'last_used', 'last_used_region'] : ['description', 'created', 'last_used'], settings);
    plainSettings('role', a, now, ['max_session_duration', 'instance_profiles'], settings);
    principalSettings('role', a, now, ['permissions_boundary', 'tags'], settings);
    out.push(declaration('role', role.name, settings));
    out.push(...statementLines('trust statement', role.name, a['trust_statements']));
  }
}

function describePolicies(model: Model, out: ExampleLine[]): void {
  const now = model.now;
  for (const policy of entities(model, 'policies')) {
    const a = policy.attrs;
    const inline = a['inline'] === true;
    const known = Array.isArray(a['statements']);
    const awsManaged = a['aws_managed'] === true;
    // An AWS managed policy the snapshot did not list: name it only, as its principals do.
    if (!known && awsManaged && (KNOWN_AWS_MANAGED as readonly string[]).includes(policy.name)) continue;
    const settings: Setting[] = [];
    // Attached somewhere but not listed by the snapshot: its content is unknown.
    if (!inline && !known && a['default_version'] === UNKNOWN) settings.push(flag('listed', false));
    if (!inline) {
      if (awsManaged) settings.push(flag('aws managed', true));
      const path = asStr(a['path']);
      if (path !== undefined && path !== '/') settings.push(set('path', str(path)));
      const created = asNum(a['created']);
      if (created !== undefined && created !== now - ageDefault('policy', 'created')) settings.push(set('created', instantLiteral(created, now)));
    }
    out.push(declaration('policy', policy.name, settings));
    out.push(...statementLines('statement', policy.name, a['statements']));
  }
}

function describeDevices(model: Model, out: ExampleLine[]): void {
  for (const device of entities(model, 'mfa_devices')) {
    const a = device.attrs;
    // Root's virtual device and users' virtual devices are written as `root with virtual mfa` and `mfa devices = n`.
    if (a['assigned'] === true && a['virtual'] === true) continue;
    const settings: Setting[] = [];
    const user = asEntity(a['user']);
    // A hardware device of a user the snapshot does not list cannot be written.
    if (a['virtual'] === false && user === undefined) continue;
    if (a['virtual'] === false) settings.push(flag('virtual', false));
    if (user !== undefined) settings.push(set('user', str(user.name)));
    if (a['assigned'] === false) settings.push(flag('assigned', false));
    out.push(declaration('mfa device', device.name, settings));
  }
}

function describeProviders(model: Model, out: ExampleLine[]): void {
  for (const provider of entities(model, 'identity_providers')) {
    const a = provider.attrs;
    const settings: Setting[] = [];
    const type = asStr(a['type']);
    const guessed = provider.name.includes('.') ? 'oidc' : 'saml';
    if (type !== undefined && type !== guessed) settings.push(set('type', str(type)));
    const clients = asStrings(a['client_ids']);
    if (type === 'oidc' && !(clients.length === 1 && clients[0] === 'sts.amazonaws.com')) settings.push(set('client ids', { kind: 'list', items: clients.map(str), span: NOWHERE }));
    out.push(declaration('identity provider', provider.name, settings));
  }
}

function describePasswordPolicy(model: Model, out: ExampleLine[]): void {
  const policy = entities(model, 'password_policy')[0];
  if (policy === undefined || policy.attrs['exists'] !== true) return;
  const a = policy.attrs;
  const settings: Setting[] = [];
  plainSettings('password-policy', a, model.now, ['minimum_length', 'require_uppercase', 'require_lowercase', 'require_numbers', 'require_symbols', 'allow_users_to_change', 'hard_expiry', 'reuse_prevention'], settings);
  const maxAge = asNum(a['max_age']);
  const maxAgeLiteral = maxAge === undefined ? null : durationLiteral(maxAge);
  if (maxAgeLiteral !== null) settings.push(set('max age', maxAgeLiteral));
  else if (a['expire_passwords'] === true) settings.push(flag('expire passwords', true));
  out.push(declaration('password policy', null, settings));
}

function describeOrganization(model: Model, out: ExampleLine[]): void {
  const org = entities(model, 'organization')[0];
  const account = entities(model, 'account')[0];
  if (org === undefined) return;
  const a = org.attrs;
  // With `organizations` not collected, the IAM view of centralized root access still says the account is in one.
  const inOne = a['exists'] === true || typeof a['root_credentials_management'] === 'boolean';
  if (!inOne) return;
  const settings: Setting[] = [];
  plainSettings('organization', a, model.now, ['all_features', 'scp_enabled', 'rcp_enabled', 'root_credentials_management', 'root_sessions'], settings);
  if (account?.attrs['management_account'] === false) {
    const id = asStr(a['management_account_id']);
    if (id !== undefined) settings.push(set('management account id', str(id)));
  }
  out.push(declaration('organization', null, settings));
  if (account !== undefined && account.attrs['management_account'] === false) out.push(declaration('account', null, [flag('management account', false)]));
  for (const unit of entities(model, 'organizational_units')) {
    if (unit.attrs['root'] === true) continue;
    const parent = asEntity(unit.attrs['parent']);
    out.push(declaration('organizational unit', unit.name, parent === undefined || parent.attrs['root'] === true ? [] : [set('parent', str(parent.name))]));
  }
  for (const member of entities(model, 'accounts')) {
    if (member.attrs['current'] === true) continue;
    const settings: Setting[] = [];
    const id = asStr(member.attrs['id']);
    if (id !== undefined) settings.push(set('id', str(id)));
    const parent = asEntity(member.attrs['parent']);
    if (parent !== undefined && parent.attrs['root'] !== true) settings.push(set('parent', str(parent.name)));
    out.push(declaration('account', member.name, settings));
  }
  for (const [collection, type] of [
    ['scps', 'scp'],
    ['rcps', 'rcp'],
  ] as const) {
    for (const p of entities(model, collection)) {
      const settings: Setting[] = [];
      const targets = [...asEntities(p.attrs['target_ous']).map((u) => (u.attrs['root'] === true ? 'Root' : u.name)), ...asEntities(p.attrs['target_accounts']).map((x) => asStr(x.attrs['id']) ?? x.name)];
      if (targets.length > 0) settings.push(set('targets', listLiteral(targets)));
      if (p.attrs['aws_managed'] === true && p.name !== 'FullAWSAccess') settings.push(flag('aws managed', true));
      out.push(declaration(type, p.name, settings));
      out.push(...statementLines('statement', p.name, p.attrs['statements']));
    }
  }
}

/** `iam.credentialReport` → `credential report`, as `missing` lines read best. */
function sectionPhrase(path: string): NamePhrase {
  const key = path.includes('.') ? (path.split('.')[1] ?? path) : path;
  return phrase(key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`));
}

/** The example lines that rebuild the model, account lines first, then `missing` sections. */
export function describeModel(model: Model): ExampleLine[] {
  const out: ExampleLine[] = [];
  describeRoot(model, out);
  describePasswordPolicy(model, out);
  describeUsers(model, out);
  describeKeys(model, out);
  describeGroups(model, out);
  describeRoles(model, out);
  describePolicies(model, out);
  describeDevices(model, out);
  describeProviders(model, out);
  describeOrganization(model, out);
  describeIdentityCenter(model, out);
  describeAccessAnalyzer(model, out);
  for (const section of model.missingSections) out.push({ kind: 'missing', section: sectionPhrase(section), span: NOWHERE });
  // As paths: `identityCenter.users` would read as `users`, which other sections' words match too.
  for (const section of unlistedOptionalSections(model)) out.push({ kind: 'missing', section: section.includes('.') ? str(section) : sectionPhrase(section), span: NOWHERE });
  return out;
}

/** The example test for a model, with its time: what `guard test` prints for a counterexample. */
export function exampleOfModel(model: Model, name: string, lines: readonly ExampleLine[]): ExampleTest {
  const at = model.now % DAY_MS === 0 ? ({ kind: 'date', value: new Date(model.now).toISOString().slice(0, 10), span: NOWHERE } as const) : str(formatInstant(model.now));
  return { kind: 'example', name: str(name), at, lines, span: NOWHERE };
}

import type { Span } from '../diagnostics/index.ts';
import { formatInstant, UNKNOWN, type Entity, type Model, type Value } from '../model/index.ts';
import { RESERVED_WORDS, TEST_RESERVED_WORDS, type Condition, type EntityDeclaration, type ExampleLine, type ExampleTest, type Literal, type NamePhrase, type StringLiteral } from '../syntax/index.ts';
import { KNOWN_AWS_MANAGED } from './example-iam.ts';
import { DAY_MS } from './example-account.ts';

/**
 * A model → the lines of an example test that build it again: how `guard test` prints the account
 * fast-check shrank a failing property to, so the user can paste it as an example. Only what differs
 * from the example defaults is written. What examples cannot express (a value of unknown origin, a
 * report row missing for one user) is left out; the runner rebuilds the printed example and says
 * so when it no longer shows the failure.
 */

const NOWHERE: Span = { file: '<counterexample>', start: 0, end: 0 };
const HOUR_MS = 3_600_000;

const RESERVED: ReadonlySet<string> = new Set([...RESERVED_WORDS, ...TEST_RESERVED_WORDS]);
/** Keywords a name may also use (`trust statements`): the string after them tells the two apart. */
const ALSO_NAMES: ReadonlySet<string> = new Set(['trust', 'trusts', 'allow', 'allows']);

/** A name as words; joined with `_` when a word is a keyword (`not_actions`, `all_features`). */
function phrase(text: string): NamePhrase {
  const words = text.split(' ');
  const parts = words.some((w) => RESERVED.has(w) && !ALSO_NAMES.has(w)) ? [words.join('_')] : words;
  return { kind: 'name', words: parts.map((w) => ({ text: w, span: NOWHERE })), span: NOWHERE };
}

function str(value: string): StringLiteral {
  return { kind: 'string', value, span: NOWHERE };
}

/** An instant as the shortest exact form: `120d` (that long before now), `2026-01-01`, or an ISO string. */
function instantLiteral(ms: number, now: number): Literal {
  const ago = now - ms;
  if (ago > 0 && ago % DAY_MS === 0) return { kind: 'duration', amount: ago / DAY_MS, unit: 'd', span: NOWHERE };
  if (ago > 0 && ago % HOUR_MS === 0) return { kind: 'duration', amount: ago / HOUR_MS, unit: 'h', span: NOWHERE };
  if (ms % DAY_MS === 0) return { kind: 'date', value: new Date(ms).toISOString().slice(0, 10), span: NOWHERE };
  return str(formatInstant(ms));
}

function durationLiteral(ms: number): Literal | null {
  if (ms % DAY_MS === 0) return { kind: 'duration', amount: ms / DAY_MS, unit: 'd', span: NOWHERE };
  if (ms % HOUR_MS === 0) return { kind: 'duration', amount: ms / HOUR_MS, unit: 'h', span: NOWHERE };
  return null;
}

function listLiteral(values: readonly string[]): Literal {
  return values.length === 1 && values[0] !== undefined ? str(values[0]) : { kind: 'list', items: values.map(str), span: NOWHERE };
}

type Setting = Condition;

function flag(name: string, value: boolean): Setting {
  const have: Condition = { kind: 'have', attribute: phrase(name), style: 'bare', span: NOWHERE };
  return value ? have : { kind: 'not', operand: have, span: NOWHERE };
}

function set(name: string, value: Literal): Setting {
  return { kind: 'compare', left: phrase(name), op: '=', right: value, style: 'bare', span: NOWHERE };
}

function absent(name: string): Setting {
  return { kind: 'not', operand: { kind: 'have', attribute: phrase(name), style: 'bare', span: NOWHERE }, span: NOWHERE };
}

function declaration(type: string, name: string | null, settings: readonly Setting[]): EntityDeclaration {
  const [first, second, ...more] = settings;
  const condition: Condition | null = first === undefined ? null : second === undefined ? first : { kind: 'and', operands: [first, second, ...more], span: NOWHERE };
  return { kind: 'entity', type: phrase(type), name: name === null ? null : str(name), settings: condition, span: NOWHERE };
}

// Typed reads of model values; anything else (unknown, absent) is undefined.
const asBool = (v: Value | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const asNum = (v: Value | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const asStr = (v: Value | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const asStrings = (v: Value | undefined): readonly string[] => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as readonly string[]) : []);
const asEntity = (v: Value | undefined): Entity | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) && 'attrs' in v ? (v as Entity) : undefined);
const asEntities = (v: Value | undefined): readonly Entity[] => (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && 'attrs' in x) ? (v as readonly Entity[]) : []);

function entities(model: Model, collection: string): readonly Entity[] {
  const c = model.collections[collection];
  return c === undefined || !c.known ? [] : c.entities;
}

/** `alice/scratch` → `scratch`. */
function inlineName(policy: Entity): string {
  return asStr(policy.attrs['name']) ?? policy.name.slice(policy.name.lastIndexOf('/') + 1);
}

function instantSetting(into: Setting[], name: string, value: Value | undefined, now: number, fallback: number | null | undefined): void {
  if (value === UNKNOWN || value === undefined) return;
  if (value === null) {
    if (fallback !== null && fallback !== undefined) into.push(absent(name));
    return;
  }
  if (typeof value === 'number' && value !== fallback) into.push(set(name, instantLiteral(value, now)));
}

/** A key's rotation as `age = 120d` when that is exact, else as `last rotated = ...`. */
function ageSetting(into: Setting[], rotated: Value | undefined, now: number): void {
  if (typeof rotated !== 'number') return instantSetting(into, 'last rotated', rotated, now, undefined);
  const age = durationLiteral(now - rotated);
  if (now - rotated >= 0 && age !== null) into.push(set('age', age));
  else instantSetting(into, 'last rotated', rotated, now, undefined);
}

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
  if (asBool(a['password_enabled']) === false) settings.push(flag('password enabled', false));
  instantSetting(settings, 'created', a['created'], now, now - 365 * DAY_MS);
  instantSetting(settings, 'password last used', a['password_last_used'], now, null);
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
    if (asBool(a['active']) === false) settings.push(flag('active', false));
    ageSetting(settings, a['last_rotated'], now);
    instantSetting(settings, 'last used', a['last_used'], now, null);
    if (typeof a['last_used'] === 'number') {
      const service = asStr(a['last_used_service']);
      const region = asStr(a['last_used_region']);
      if (service !== undefined && service !== 'iam') settings.push(set('last used service', str(service)));
      if (region !== undefined && region !== 'us-east-1') settings.push(set('last used region', str(region)));
    }
    out.push(declaration('access key', `${owner}/${number}`, settings));
  }
  for (const cert of entities(model, 'signing_certificates')) {
    const a = cert.attrs;
    const owner = a['root'] === true ? 'root' : (cert.owner?.name ?? '');
    const settings: Setting[] = [];
    if (asBool(a['active']) === false) settings.push(flag('active', false));
    ageSetting(settings, a['last_rotated'], now);
    out.push(declaration('signing certificate', `${owner}/${asNum(a['number']) ?? 1}`, settings));
  }
}

function principalSettings(a: Readonly<Record<string, Value>>, into: Setting[]): void {
  const path = asStr(a['path']);
  if (path !== undefined && path !== '/') into.push(set('path', str(path)));
  const attached = asEntities(a['attached_policies']);
  if (attached.length > 0) into.push(set('attached policies', listLiteral(attached.map((p) => p.name))));
  const inline = asEntities(a['inline_policies']);
  if (inline.length > 0) into.push(set('inline policies', listLiteral(inline.map(inlineName))));
  const boundary = asStr(a['permissions_boundary']);
  if (boundary !== undefined) into.push(set('permissions boundary', str(boundary)));
  const tags = asStrings(a['tags']);
  if (tags.length > 0) into.push(set('tags', listLiteral(tags)));
}

/** What build-snapshot.ts makes a user's creation time when the example does not say. */
function defaultCreated(user: Entity, now: number): number {
  let best = now - 30 * DAY_MS;
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
    if (asBool(a['console_access']) === true) settings.push(flag('console access', true));
    if (asBool(a['mfa']) === true) settings.push(flag('mfa', true));
    const created = asNum(a['created']);
    if (created !== undefined && created !== defaultCreated(user, now)) settings.push(set('created', instantLiteral(created, now)));
    instantSetting(settings, 'password last used', a['password_last_used'], now, null);
    const changed = a['password_last_changed'];
    const console = asBool(a['console_access']) === true;
    instantSetting(settings, 'password last changed', changed, now, console ? created : null);
    instantSetting(settings, 'password next rotation', a['password_next_rotation'], now, null);
    const groups = asEntities(a['groups']);
    if (groups.length > 0) settings.push(set('groups', listLiteral(groups.map((g) => g.name))));
    principalSettings(a, settings);
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
    instantSetting(settings, 'created', group.attrs['created'], model.now, model.now - 30 * DAY_MS);
    principalSettings(group.attrs, settings);
    out.push(declaration('group', group.name, settings));
  }
}

function describeRoles(model: Model, out: ExampleLine[]): void {
  const now = model.now;
  for (const role of entities(model, 'roles')) {
    const a = role.attrs;
    const settings: Setting[] = [];
    const description = asStr(a['description']);
    if (description !== undefined) settings.push(set('description', str(description)));
    const lastUsed = a['last_used'];
    instantSetting(settings, 'created', a['created'], now, now - 30 * DAY_MS);
    instantSetting(settings, 'last used', lastUsed, now, null);
    const region = asStr(a['last_used_region']);
    if (typeof lastUsed === 'number' && region !== undefined && region !== 'us-east-1') settings.push(set('last used region', str(region)));
    const session = asNum(a['max_session_duration']);
    const sessionLiteral = session === undefined || session === 3_600_000 ? null : durationLiteral(session);
    if (sessionLiteral !== null) settings.push(set('max session duration', sessionLiteral));
    const profiles = asStrings(a['instance_profiles']);
    if (profiles.length > 0) settings.push(set('instance profiles', listLiteral(profiles)));
    principalSettings(a, settings);
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
      if (created !== undefined && created !== now - 30 * DAY_MS) settings.push(set('created', instantLiteral(created, now)));
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
  const length = asNum(a['minimum_length']);
  if (length !== undefined && length !== 8) settings.push(set('minimum length', { kind: 'number', value: length, span: NOWHERE }));
  for (const name of ['require_uppercase', 'require_lowercase', 'require_numbers', 'require_symbols', 'allow_users_to_change', 'hard_expiry'] as const) {
    if (a[name] === true) settings.push(flag(name.replace(/_/g, ' '), true));
  }
  const reuse = asNum(a['reuse_prevention']);
  if (reuse !== undefined) settings.push(set('reuse prevention', { kind: 'number', value: reuse, span: NOWHERE }));
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
  if (a['all_features'] === false) settings.push(flag('all features', false));
  if (a['scp_enabled'] === false) settings.push(flag('scp enabled', false));
  if (a['rcp_enabled'] === true) settings.push(flag('rcp enabled', true));
  if (a['root_credentials_management'] === true) settings.push(flag('root credentials management', true));
  if (a['root_sessions'] === true) settings.push(flag('root sessions', true));
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
  for (const section of model.missingSections) out.push({ kind: 'missing', section: sectionPhrase(section), span: NOWHERE });
  return out;
}

/** The example test for a model, with its time: what `guard test` prints for a counterexample. */
export function exampleOfModel(model: Model, name: string, lines: readonly ExampleLine[]): ExampleTest {
  const at = model.now % DAY_MS === 0 ? ({ kind: 'date', value: new Date(model.now).toISOString().slice(0, 10), span: NOWHERE } as const) : str(formatInstant(model.now));
  return { kind: 'example', name: str(name), at, lines, span: NOWHERE };
}

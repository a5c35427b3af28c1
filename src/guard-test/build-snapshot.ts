import type { Span } from '../diagnostics/index.ts';
import { formatInstant, REPORT_COLUMN_NAMES, ROOT_ROW_USER, SNAPSHOT_FORMAT } from '../model/index.ts';
import { DAY_MS, DEFAULT_ACCOUNT_ID, type AllowSetting, type ExampleAccount, type SettingValue } from './example-account.ts';
import type { ExampleType } from './settable.ts';

/**
 * Example account → snapshot v1 document (plain JSON data, AWS's own field names), which then goes
 * through parseSnapshot and normalizeSnapshot like any real snapshot. Everything the example does
 * not say gets a default (docs/guard-test.md, "Defaults"); entities that are only named (a group
 * in `groups = ["devs"]`, the user of `access key "alice/1"`) are created with defaults too.
 */

export interface BuildProblem {
  readonly message: string;
  readonly span: Span | null;
  readonly hint?: string;
}

export interface BuiltSnapshot {
  readonly document: Record<string, unknown>;
  readonly problems: readonly BuildProblem[];
}

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

const ADMIN_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** A declaration being built: settings merged over every line that declared the entity. */
interface Decl {
  readonly type: ExampleType;
  readonly name: string;
  readonly settings: Map<string, SettingValue>;
  readonly allows: AllowSetting[];
  readonly trusts: string[];
  readonly span: Span | null;
  /** Written in the example, not only named by another entity. */
  readonly declared: boolean;
}

interface State {
  readonly now: number;
  readonly id: string;
  readonly partition: string;
  readonly decls: Map<ExampleType, Map<string, Decl>>;
  readonly problems: BuildProblem[];
}

const SINGLETON_NAME = '';

function table(s: State, type: ExampleType): Map<string, Decl> {
  let t = s.decls.get(type);
  if (t === undefined) {
    t = new Map();
    s.decls.set(type, t);
  }
  return t;
}

function ensure(s: State, type: ExampleType, name: string, span: Span | null): Decl {
  const t = table(s, type);
  let d = t.get(name);
  if (d === undefined) {
    d = { type, name, settings: new Map(), allows: [], trusts: [], span, declared: false };
    t.set(name, d);
  }
  return d;
}

function list(s: State, type: ExampleType): Decl[] {
  return [...table(s, type).values()];
}

function problem(s: State, message: string, span: Span | null, hint?: string): void {
  s.problems.push(hint === undefined ? { message, span } : { message, span, hint });
}

// ---------------------------------------------------------------------------------------------
// typed reads of settings

function setting(d: Decl | undefined, name: string): SettingValue | undefined {
  return d?.settings.get(name);
}

function bool(d: Decl | undefined, name: string, fallback: boolean): boolean {
  const v = setting(d, name);
  return v?.kind === 'boolean' ? v.value : fallback;
}

function num(d: Decl | undefined, name: string): number | null | undefined {
  const v = setting(d, name);
  if (v === undefined) return undefined;
  return v.kind === 'number' || v.kind === 'count' ? v.value : null;
}

function str(d: Decl | undefined, name: string): string | null | undefined {
  const v = setting(d, name);
  if (v === undefined) return undefined;
  return v.kind === 'string' ? v.value : null;
}

/** An instant: epoch ms, null when set absent, undefined when not set. */
function instant(s: State, d: Decl | undefined, name: string): number | null | undefined {
  const v = setting(d, name);
  if (v === undefined) return undefined;
  if (v.kind === 'instant') return v.value;
  if (v.kind === 'duration') return s.now - v.value;
  return null;
}

function duration(d: Decl | undefined, name: string): number | undefined {
  const v = setting(d, name);
  return v?.kind === 'duration' ? v.value : undefined;
}

function strings(d: Decl | undefined, name: string): readonly string[] {
  const v = setting(d, name);
  if (v?.kind === 'strings') return v.value;
  if (v?.kind === 'string') return [v.value];
  return [];
}

function isSet(d: Decl | undefined, name: string): boolean {
  return d?.settings.has(name) === true;
}

// ---------------------------------------------------------------------------------------------
// names, ids, dates

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable id such as `AIDA...` from a name. */
function iamId(prefix: string, name: string): string {
  let h = hash(name);
  let out = prefix;
  for (let i = 0; i < 17; i++) {
    out += ID_CHARS[h % 32];
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    if (h === 0) h = i + 1;
  }
  return out;
}

function lowerId(name: string, length: number): string {
  let h = hash(name);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += 'abcdefghijklmnopqrstuvwxyz0123456789'[h % 36];
    h = Math.imul(h ^ (h >>> 13), 3266489917) >>> 0;
    if (h === 0) h = i + 7;
  }
  return out;
}

/** A 12-digit account id from a name (never the example account's default id). */
function accountIdFor(name: string): string {
  const h = hash(name);
  const id = `2${String(h).padStart(11, '0').slice(-11)}`;
  return id === DEFAULT_ACCOUNT_ID ? '299999999999' : id;
}

function pathPart(path: string): string {
  return path === '/' ? '' : path.replace(/^\//, '');
}

const iso = formatInstant;

// ---------------------------------------------------------------------------------------------

function seed(account: ExampleAccount, s: State): void {
  for (const e of account.entities) {
    const name = e.name === null ? SINGLETON_NAME : normalizeName(e.type, e.name);
    const t = table(s, e.type);
    const existing = t.get(name);
    if (existing === undefined) {
      t.set(name, { type: e.type, name, settings: new Map(e.settings), allows: [...e.allows], trusts: [...e.trusts], span: e.span, declared: true });
    } else {
      // The same entity on several lines: later settings win, statements add up.
      const merged: Decl = { ...existing, declared: true, span: existing.span ?? e.span };
      for (const [k, v] of e.settings) merged.settings.set(k, v);
      merged.allows.push(...e.allows);
      merged.trusts.push(...e.trusts);
      t.set(name, merged);
    }
  }
}

/** `<root_account>/1` and `root/1` are one key. */
function normalizeName(type: ExampleType, name: string): string {
  if ((type === 'access-key' || type === 'signing-certificate') && name.startsWith(`${ROOT_ROW_USER}/`)) return `root/${name.slice(ROOT_ROW_USER.length + 1)}`;
  return name;
}

/** Splits `owner/part` at the last slash. */
function splitOwner(name: string): { owner: string; part: string } | null {
  const at = name.lastIndexOf('/');
  if (at <= 0 || at === name.length - 1) return null;
  return { owner: name.slice(0, at), part: name.slice(at + 1) };
}

function namesOf(d: Decl | undefined, name: string): readonly string[] {
  return strings(d, name);
}

/** Creates what declarations only name, so every link resolves. */
function implied(s: State): void {
  for (const d of list(s, 'user')) {
    for (const g of namesOf(d, 'groups')) ensure(s, 'group', g, d.span);
    for (const p of namesOf(d, 'attached_policies')) ensure(s, 'policy', p, d.span);
  }
  for (const d of list(s, 'group')) {
    for (const u of namesOf(d, 'users')) ensure(s, 'user', u, d.span);
    for (const p of namesOf(d, 'attached_policies')) ensure(s, 'policy', p, d.span);
  }
  for (const d of list(s, 'role')) {
    for (const p of namesOf(d, 'attached_policies')) ensure(s, 'policy', p, d.span);
    for (const t of d.trusts) {
      const principal = classifyPrincipal(s, t);
      if (principal.provider !== null) ensure(s, 'identity-provider', principal.provider, d.span);
    }
  }
  for (const d of list(s, 'policy')) {
    for (const u of namesOf(d, 'attached_users')) ensure(s, 'user', u, d.span);
    for (const g of namesOf(d, 'attached_groups')) ensure(s, 'group', g, d.span);
    for (const r of namesOf(d, 'attached_roles')) ensure(s, 'role', r, d.span);
  }
  for (const type of ['access-key', 'signing-certificate'] as const) {
    for (const d of list(s, type)) {
      const parts = splitOwner(d.name);
      const what = type === 'access-key' ? 'access key' : 'signing certificate';
      if (parts === null || (parts.part !== '1' && parts.part !== '2')) {
        problem(s, `${what} \`${d.name}\` is not named \`<user>/1\` or \`<user>/2\``, d.span, `a user has at most two: write \`${what} "alice/1"\`, or \`"root/1"\` for root`);
        table(s, type).delete(d.name);
        continue;
      }
      if (parts.owner !== 'root') ensure(s, 'user', parts.owner, d.span);
    }
  }
  for (const d of list(s, 'trust-statement')) {
    const parts = splitOwner(d.name);
    if (parts === null) {
      problem(s, `trust statement \`${d.name}\` is not named \`<role>/<number or Sid>\``, d.span, 'write `trust statement "deploy/1"`');
      table(s, 'trust-statement').delete(d.name);
      continue;
    }
    ensure(s, 'role', parts.owner, d.span);
  }
  for (const d of list(s, 'mfa-device')) for (const u of namesOf(d, 'user')) ensure(s, 'user', u, d.span);
  for (const type of ['member-account', 'organizational-unit', 'account'] as const) {
    for (const d of list(s, type)) {
      for (const p of namesOf(d, 'parent')) if (!isOrgRootName(p)) ensure(s, 'organizational-unit', p, d.span);
      for (const p of namesOf(d, 'scps')) ensure(s, 'scp', p, d.span);
      for (const p of namesOf(d, 'rcps')) ensure(s, 'rcp', p, d.span);
    }
  }
  // Inline policies last: their owners must exist.
  for (const type of ['user', 'group', 'role'] as const) {
    for (const d of list(s, type)) for (const p of namesOf(d, 'inline_policies')) ensure(s, 'policy', `${d.name}/${p}`, d.span);
  }
  for (const d of list(s, 'statement')) {
    const parts = splitOwner(d.name);
    if (parts === null) {
      problem(s, `statement \`${d.name}\` is not named \`<policy>/<number or Sid>\``, d.span, 'write `statement "admin/1"`');
      table(s, 'statement').delete(d.name);
      continue;
    }
    if (!table(s, 'scp').has(parts.owner) && !table(s, 'rcp').has(parts.owner)) ensure(s, 'policy', parts.owner, d.span);
  }
}

function isOrgRootName(name: string): boolean {
  return name.toLowerCase() === 'root';
}

// ---------------------------------------------------------------------------------------------
// policy documents

interface PrincipalClass {
  /** `AWS`, `Service` or `Federated`. */
  readonly type: 'AWS' | 'Service' | 'Federated';
  readonly value: string;
  /** The OIDC provider host to create, when the principal names one by host. */
  readonly provider: string | null;
  readonly action: string;
}

const WEB_IDENTITY_HOSTS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

/** What `trust "P"` (and a statement's `principals`) means: an account, ARN, service, or provider. */
function classifyPrincipal(s: State, p: string): PrincipalClass {
  if (p === '*') return { type: 'AWS', value: '*', provider: null, action: 'sts:AssumeRole' };
  if (p.startsWith('arn:')) {
    if (p.includes(':saml-provider/')) return { type: 'Federated', value: p, provider: null, action: 'sts:AssumeRoleWithSAML' };
    if (p.includes(':oidc-provider/')) return { type: 'Federated', value: p, provider: null, action: 'sts:AssumeRoleWithWebIdentity' };
    return { type: 'AWS', value: p, provider: null, action: 'sts:AssumeRole' };
  }
  if (WEB_IDENTITY_HOSTS.has(p)) return { type: 'Federated', value: p, provider: null, action: 'sts:AssumeRoleWithWebIdentity' };
  if (/\.amazonaws\.com(\.cn)?$/.test(p)) return { type: 'Service', value: p, provider: null, action: 'sts:AssumeRole' };
  if (p.includes('.')) {
    return { type: 'Federated', value: `arn:${s.partition}:iam::${s.id}:oidc-provider/${p}`, provider: p, action: 'sts:AssumeRoleWithWebIdentity' };
  }
  if (table(s, 'identity-provider').has(p)) return { type: 'Federated', value: `arn:${s.partition}:iam::${s.id}:saml-provider/${p}`, provider: null, action: 'sts:AssumeRoleWithSAML' };
  return { type: 'AWS', value: p, provider: null, action: 'sts:AssumeRole' };
}

type Json = Record<string, unknown>;

function addPrincipal(into: Record<string, string[]>, type: string, value: string): void {
  into[type] = [...(into[type] ?? []), value];
}

/** One statement from its settings (a declared `statement "p/1"`) over a base (from `allow`/`trust`). */
function statementJson(s: State, base: Json, d: Decl | undefined, trust: boolean): Json {
  const out: Json = { ...base };
  if (d === undefined) return out;
  const sid = str(d, 'sid');
  if (sid !== undefined && sid !== null) out['Sid'] = sid;
  const effect = str(d, 'effect');
  if (effect !== undefined && effect !== null) out['Effect'] = effect;
  const put = (key: string, other: string, name: string): void => {
    if (!isSet(d, name)) return;
    out[key] = [...strings(d, name)];
    delete out[other];
  };
  put('Action', 'NotAction', 'actions');
  put('NotAction', 'Action', 'not_actions');
  put('Resource', 'NotResource', 'resources');
  put('NotResource', 'Resource', 'not_resources');
  const principalSettings = ['principals', 'principal_accounts', 'principal_services', 'principal_federated', 'public'];
  if (principalSettings.some((n) => isSet(d, n))) {
    const map: Record<string, string[]> = {};
    let anyone = false;
    for (const p of strings(d, 'principals')) {
      if (p === '*') anyone = true;
      else {
        const c = classifyPrincipal(s, p);
        addPrincipal(map, c.type, c.value);
      }
    }
    for (const a of strings(d, 'principal_accounts')) addPrincipal(map, 'AWS', a);
    for (const v of strings(d, 'principal_services')) addPrincipal(map, 'Service', v);
    for (const v of strings(d, 'principal_federated')) addPrincipal(map, 'Federated', v);
    if (bool(d, 'public', false)) anyone = true;
    if (anyone && Object.keys(map).length === 0) out['Principal'] = '*';
    else {
      if (anyone) addPrincipal(map, 'AWS', '*');
      out['Principal'] = map;
    }
    delete out['NotPrincipal'];
  }
  if (isSet(d, 'not_principals')) {
    const map: Record<string, string[]> = {};
    for (const p of strings(d, 'not_principals')) {
      const c = classifyPrincipal(s, p);
      addPrincipal(map, c.type, c.value);
    }
    out['NotPrincipal'] = map;
    delete out['Principal'];
  }
  if (isSet(d, 'conditions') || isSet(d, 'condition_keys')) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const text of strings(d, 'conditions')) {
      const parsed = parseConditionText(text);
      if (parsed === null) {
        problem(s, `condition \`${text}\` is not written \`Operator key=value\``, d.span, 'for example `"StringEquals sts:ExternalId=x"`');
        continue;
      }
      const keys = condition[parsed.operator] ?? {};
      condition[parsed.operator] = { ...keys, [parsed.key]: [...(keys[parsed.key] ?? []), parsed.value] };
    }
    const used = new Set(Object.values(condition).flatMap((keys) => Object.keys(keys)));
    // A condition key without a value: require the key to be present.
    for (const key of strings(d, 'condition_keys')) if (!used.has(key)) condition['Null'] = { ...condition['Null'], [key]: [...(condition['Null']?.[key] ?? []), 'false'] };
    out['Condition'] = condition;
  }
  if (trust && out['Action'] === undefined && out['NotAction'] === undefined) out['Action'] = 'sts:AssumeRole';
  return out;
}

export function parseConditionText(text: string): { operator: string; key: string; value: string } | null {
  const space = text.indexOf(' ');
  if (space <= 0) return null;
  const rest = text.slice(space + 1);
  const eq = rest.indexOf('=');
  if (eq <= 0) return null;
  return { operator: text.slice(0, space), key: rest.slice(0, eq), value: rest.slice(eq + 1) };
}

/**
 * The statements of a policy (or trust policy): those of `allow`/`trust` first, in order, then the
 * declared `statement "<owner>/<n>"` entities: `n` within those modifies one, `n` after them adds
 * one; a Sid names a statement by its Sid (added when new).
 */
function statements(s: State, owner: Decl, type: 'statement' | 'trust-statement', bases: readonly Json[]): Json[] {
  const declared = list(s, type).filter((d) => splitOwner(d.name)?.owner === owner.name);
  const byIndex = new Map<number, Decl>();
  const bySid: Decl[] = [];
  for (const d of declared) {
    const part = splitOwner(d.name)?.part ?? '';
    if (/^\d+$/.test(part)) byIndex.set(Number(part), d);
    else bySid.push(d);
  }
  const count = Math.max(bases.length, ...byIndex.keys());
  const out: Json[] = [];
  for (let i = 1; i <= count; i++) {
    const base = bases[i - 1];
    const d = byIndex.get(i);
    if (base === undefined && d === undefined) {
      const what = type === 'statement' ? 'statement' : 'trust statement';
      problem(s, `${what}s of \`${owner.name}\` are numbered from 1 without gaps: \`${owner.name}/${i}\` is not declared`, declared[0]?.span ?? owner.span);
      continue;
    }
    out.push(statementJson(s, base ?? { Effect: 'Allow' }, d, type === 'trust-statement'));
  }
  for (const d of bySid) {
    const sid = splitOwner(d.name)?.part ?? '';
    const existing = out.findIndex((st) => st['Sid'] === sid);
    const base = existing === -1 ? { Sid: sid, Effect: 'Allow' } : (out[existing] as Json);
    const built = statementJson(s, base, d, type === 'trust-statement');
    if (existing === -1) out.push(built);
    else out[existing] = built;
  }
  return out;
}

function allowStatements(d: Decl): Json[] {
  return d.allows.map((a) => ({ Effect: 'Allow', Action: a.action, Resource: a.resource }));
}

function documentOf(s: State, d: Decl, bases: readonly Json[]): Json | string {
  const text = str(d, 'document');
  const own = list(s, 'statement').some((st) => splitOwner(st.name)?.owner === d.name);
  if (text !== undefined && text !== null) {
    if (own || d.allows.length > 0) problem(s, `policy \`${d.name}\` has a \`document\` and statements too`, d.span, 'give either the document or its statements');
    return text;
  }
  return { Version: '2012-10-17', Statement: statements(s, d, 'statement', bases) };
}

// ---------------------------------------------------------------------------------------------
// IAM

interface Slot {
  readonly active: boolean;
  readonly rotated: number | null;
  readonly used: number | null;
  readonly service: string | null;
  readonly region: string | null;
}

function keySlots(s: State, owner: string, ownerDecl: Decl | undefined, created: number): (Slot | null)[] {
  const count = num(ownerDecl, 'access_keys') ?? 0;
  return [1, 2].map((n) => {
    const d = table(s, 'access-key').get(`${owner}/${n}`);
    if (d === undefined && n > (count ?? 0)) return null;
    const age = duration(d, 'age');
    const rotated = age !== undefined ? s.now - age : (instant(s, d, 'last_rotated') ?? created);
    const unused = duration(d, 'unused');
    const used = unused !== undefined ? s.now - unused : (instant(s, d, 'last_used') ?? null);
    const service = str(d, 'last_used_service');
    const region = str(d, 'last_used_region');
    return {
      active: bool(d, 'active', true),
      rotated,
      used,
      service: used === null ? null : service === undefined ? 'iam' : service,
      region: used === null ? null : region === undefined ? 'us-east-1' : region,
    };
  });
}

function certSlots(s: State, owner: string, ownerDecl: Decl | undefined, created: number): ({ active: boolean; rotated: number | null } | null)[] {
  const count = num(ownerDecl, 'signing_certificates') ?? 0;
  const anyActive = bool(ownerDecl, 'signing_certificates_active', false);
  return [1, 2].map((n) => {
    const d = table(s, 'signing-certificate').get(`${owner}/${n}`);
    const wanted = d !== undefined || n <= (count ?? 0) || (n === 1 && anyActive && count === 0);
    if (!wanted) return null;
    const age = duration(d, 'age');
    const rotated = age !== undefined ? s.now - age : instant(s, d, 'last_rotated');
    return { active: bool(d, 'active', true), rotated: rotated === undefined ? created : rotated };
  });
}

const REPORT_HEADER: readonly string[] = REPORT_COLUMN_NAMES;

function reportDate(ms: number | null, absent = 'N/A'): string {
  return ms === null ? absent : iso(ms);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function slotColumns(slots: readonly (Slot | null)[]): string[] {
  return slots.flatMap((slot) =>
    slot === null ? ['false', 'N/A', 'N/A', 'N/A', 'N/A'] : [String(slot.active), reportDate(slot.rotated), reportDate(slot.used), slot.region ?? 'N/A', slot.service ?? 'N/A'],
  );
}

function certColumns(slots: readonly ({ active: boolean; rotated: number | null } | null)[]): string[] {
  return slots.flatMap((slot) => (slot === null ? ['false', 'N/A'] : [String(slot.active), reportDate(slot.rotated)]));
}

/** The latest known use among a user's password and keys, for defaults that must come before it. */
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
  return earliest([instant(s, d, 'password_last_used'), instant(s, d, 'last_used'), instant(s, d, 'password_last_changed'), ...keys], s.now - 30 * DAY_MS);
}

interface Iam {
  readonly report: string;
  readonly details: Json;
  readonly summary: Record<string, number>;
  readonly virtualMfa: Json[];
  readonly hardwareMfa: Json[];
  readonly saml: Json[];
  readonly oidc: Json[];
}

function principalArn(s: State, kind: 'user' | 'group' | 'role', d: Decl): string {
  const path = str(d, 'path') ?? (kind === 'role' && bool(d, 'service_linked', false) ? '/aws-service-role/' : '/');
  return `arn:${s.partition}:iam::${s.id}:${kind}/${pathPart(path)}${d.name}`;
}

function isAwsManaged(d: Decl): boolean {
  if (isSet(d, 'aws_managed')) return bool(d, 'aws_managed', false);
  if (isSet(d, 'customer')) return !bool(d, 'customer', true);
  return !d.declared && (KNOWN_AWS_MANAGED as readonly string[]).includes(d.name);
}

function managedArn(s: State, d: Decl): string {
  const path = str(d, 'path') ?? '/';
  return isAwsManaged(d) ? `arn:${s.partition}:iam::aws:policy/${pathPart(path)}${d.name}` : `arn:${s.partition}:iam::${s.id}:policy/${pathPart(path)}${d.name}`;
}

/** Whether a policy name is an inline policy (`alice/scratch`) and whose. */
function inlineOwner(s: State, name: string): { kind: 'user' | 'group' | 'role'; owner: Decl; policy: string } | null {
  const parts = splitOwner(name);
  if (parts === null) return null;
  for (const kind of ['user', 'group', 'role'] as const) {
    const owner = table(s, kind).get(parts.owner);
    if (owner !== undefined) return { kind, owner, policy: parts.part };
  }
  return null;
}

function tags(d: Decl): Json[] {
  return strings(d, 'tags').map((t) => {
    const eq = t.indexOf('=');
    return eq === -1 ? { Key: t, Value: '' } : { Key: t.slice(0, eq), Value: t.slice(eq + 1) };
  });
}

function buildIam(s: State): Iam {
  const users = list(s, 'user');
  const groups = list(s, 'group');
  const roles = list(s, 'role');
  const policies = list(s, 'policy');

  // Attachments and memberships may be written on either side: gather both.
  const attached = new Map<string, string[]>(); // `${kind}:${principal}` -> policy names
  const attach = (kind: string, principal: string, policy: string): void => {
    const k = `${kind}:${principal}`;
    const l = attached.get(k) ?? [];
    if (!l.includes(policy)) l.push(policy);
    attached.set(k, l);
  };
  for (const kind of ['user', 'group', 'role'] as const) for (const d of list(s, kind)) for (const p of namesOf(d, 'attached_policies')) attach(kind, d.name, p);
  for (const p of policies) {
    for (const u of namesOf(p, 'attached_users')) attach('user', u, p.name);
    for (const g of namesOf(p, 'attached_groups')) attach('group', g, p.name);
    for (const r of namesOf(p, 'attached_roles')) attach('role', r, p.name);
  }
  const membership = new Map<string, string[]>();
  const join = (user: string, group: string): void => {
    const l = membership.get(user) ?? [];
    if (!l.includes(group)) l.push(group);
    membership.set(user, l);
  };
  for (const u of users) for (const g of namesOf(u, 'groups')) join(u.name, g);
  for (const g of groups) for (const u of namesOf(g, 'users')) join(u, g.name);

  const inlineOf = new Map<string, Decl[]>(); // `${kind}:${principal}` -> inline policy decls
  const managed: Decl[] = [];
  for (const p of policies) {
    if (p.name.includes('/')) {
      const owner = inlineOwner(s, p.name);
      if (owner === null) {
        problem(s, `\`${p.name}\` looks like an inline policy, but no user, group or role \`${splitOwner(p.name)?.owner ?? p.name}\` is declared`, p.span, 'declare the principal, or list the policy in its `inline policies`');
        continue;
      }
      const k = `${owner.kind}:${owner.owner.name}`;
      inlineOf.set(k, [...(inlineOf.get(k) ?? []), p]);
    } else managed.push(p);
  }
  // `allow` on a principal goes to its inline policy `inline`.
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const d of list(s, kind)) {
      if (d.allows.length === 0) continue;
      const name = `${d.name}/inline`;
      const p = ensure(s, 'policy', name, d.span);
      p.allows.push(...d.allows);
      const k = `${kind}:${d.name}`;
      if (!(inlineOf.get(k) ?? []).includes(p)) inlineOf.set(k, [...(inlineOf.get(k) ?? []), p]);
    }
  }
  const inlineJson = (kind: string, d: Decl): Json[] =>
    (inlineOf.get(`${kind}:${d.name}`) ?? []).map((p) => ({ PolicyName: splitOwner(p.name)?.part ?? p.name, PolicyDocument: documentOf(s, p, allowStatements(p)) }));
  const attachedJson = (kind: string, d: Decl): Json[] =>
    (attached.get(`${kind}:${d.name}`) ?? []).map((name) => {
      const p = table(s, 'policy').get(name);
      return { PolicyName: name, PolicyArn: p === undefined ? `arn:${s.partition}:iam::${s.id}:policy/${name}` : managedArn(s, p) };
    });
  const boundary = (d: Decl): Json => {
    const arn = str(d, 'permissions_boundary');
    return arn === undefined || arn === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } };
  };

  const attachmentCount = (p: Decl): number => {
    let n = 0;
    for (const [k, l] of attached) if (l.includes(p.name) && table(s, k.slice(0, k.indexOf(':')) as ExampleType).has(k.slice(k.indexOf(':') + 1))) n++;
    return n;
  };

  const policyJson: Json[] = [];
  for (const p of managed) {
    const awsManaged = isAwsManaged(p);
    // Named but not declared: AdministratorAccess is listed with its document; other AWS managed policies are not listed (content unknown).
    if (!p.declared && awsManaged && p.name !== 'AdministratorAccess') continue;
    // `not listed`: attached somewhere, absent from the snapshot's policy list (its content is unknown).
    if (!bool(p, 'listed', true)) continue;
    const created = instant(s, p, 'created') ?? s.now - 30 * DAY_MS;
    const doc = !p.declared && p.name === 'AdministratorAccess' ? ADMIN_DOCUMENT : documentOf(s, p, allowStatements(p));
    const version = str(p, 'default_version') ?? 'v1';
    policyJson.push({
      PolicyName: p.name,
      PolicyId: str(p, 'id') ?? iamId('ANPA', p.name),
      Arn: managedArn(s, p),
      Path: str(p, 'path') ?? '/',
      DefaultVersionId: version,
      AttachmentCount: num(p, 'attachment_count') ?? attachmentCount(p),
      PermissionsBoundaryUsageCount: num(p, 'boundary_usage_count') ?? 0,
      IsAttachable: true,
      CreateDate: iso(created),
      UpdateDate: iso(instant(s, p, 'updated') ?? created),
      PolicyVersionList: Array.from({ length: Math.max(1, num(p, 'versions') ?? 1) }, (_, i) =>
        i === 0 ? { Document: doc, VersionId: version, IsDefaultVersion: true, CreateDate: iso(created) } : { Document: { Version: '2012-10-17', Statement: [] }, VersionId: `old${i}`, IsDefaultVersion: false },
      ),
    });
  }

  const rows: string[][] = [];
  const userJson: Json[] = [];
  for (const u of users) {
    const created = userCreated(s, u);
    const arn = principalArn(s, 'user', u);
    const console = bool(u, 'console_access', false);
    const unused = duration(u, 'unused');
    const lastUsed = unused !== undefined ? s.now - unused : instant(s, u, 'last_used');
    const passwordUsed = instant(s, u, 'password_last_used') ?? (typeof lastUsed === 'number' ? lastUsed : null);
    const changed = instant(s, u, 'password_last_changed');
    const nextRotation = instant(s, u, 'password_next_rotation') ?? null;
    rows.push([
      u.name,
      arn,
      iso(created),
      String(console),
      reportDate(passwordUsed, console ? 'no_information' : 'N/A'),
      changed === undefined ? (console ? iso(created) : 'N/A') : reportDate(changed),
      reportDate(nextRotation),
      String(bool(u, 'mfa', false)),
      ...slotColumns(keySlots(s, u.name, u, created)),
      ...certColumns(certSlots(s, u.name, u, created)),
    ]);
    userJson.push({
      Path: str(u, 'path') ?? '/',
      UserName: u.name,
      UserId: str(u, 'id') ?? iamId('AIDA', u.name),
      Arn: arn,
      CreateDate: iso(created),
      GroupList: membership.get(u.name) ?? [],
      AttachedManagedPolicies: attachedJson('user', u),
      UserPolicyList: inlineJson('user', u),
      ...boundary(u),
      Tags: tags(u),
    });
  }

  const groupJson: Json[] = groups.map((g) => ({
    Path: str(g, 'path') ?? '/',
    GroupName: g.name,
    GroupId: str(g, 'id') ?? iamId('AGPA', g.name),
    Arn: principalArn(s, 'group', g),
    CreateDate: iso(instant(s, g, 'created') ?? s.now - 30 * DAY_MS),
    GroupPolicyList: inlineJson('group', g),
    AttachedManagedPolicies: attachedJson('group', g),
  }));

  const roleJson: Json[] = roles.map((r) => {
    const bases: Json[] = r.trusts.map((t) => {
      const c = classifyPrincipal(s, t);
      return { Effect: 'Allow', Principal: { [c.type]: c.value }, Action: c.action };
    });
    const declaredTrust = list(s, 'trust-statement').some((t) => splitOwner(t.name)?.owner === r.name);
    const trustStatements = bases.length === 0 && !declaredTrust ? [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] : statements(s, r, 'trust-statement', bases);
    const unused = duration(r, 'unused');
    const lastUsed = unused !== undefined ? s.now - unused : instant(s, r, 'last_used');
    const region = str(r, 'last_used_region');
    const description = str(r, 'description');
    const created = instant(s, r, 'created') ?? earliest([lastUsed], s.now - 30 * DAY_MS);
    return {
      Path: str(r, 'path') ?? (bool(r, 'service_linked', false) ? '/aws-service-role/' : '/'),
      RoleName: r.name,
      RoleId: str(r, 'id') ?? iamId('AROA', r.name),
      Arn: principalArn(s, 'role', r),
      CreateDate: iso(created),
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: trustStatements },
      ...(description === undefined || description === null ? {} : { Description: description }),
      MaxSessionDuration: Math.round((duration(r, 'max_session_duration') ?? 3_600_000) / 1000),
      InstanceProfileList: strings(r, 'instance_profiles').map((n) => ({ InstanceProfileName: n })),
      RolePolicyList: inlineJson('role', r),
      AttachedManagedPolicies: attachedJson('role', r),
      ...boundary(r),
      Tags: tags(r),
      RoleLastUsed: typeof lastUsed === 'number' ? { LastUsedDate: iso(lastUsed), Region: region === undefined ? 'us-east-1' : region } : {},
    };
  });

  // Root.
  const root = table(s, 'root').get(SINGLETON_NAME);
  const rootCreated = instant(s, root, 'created') ?? s.now - 365 * DAY_MS;
  const rootUnused = duration(root, 'unused');
  const rootLastUsed = rootUnused !== undefined ? s.now - rootUnused : instant(s, root, 'last_used');
  const rootPasswordUsed = instant(s, root, 'password_last_used') ?? (typeof rootLastUsed === 'number' ? rootLastUsed : null);
  const virtualRoot = isSet(root, 'virtual_mfa') ? bool(root, 'virtual_mfa', false) : isSet(root, 'hardware_mfa') ? !bool(root, 'hardware_mfa', false) && bool(root, 'mfa', false) : false;
  const rootMfa = isSet(root, 'mfa') ? bool(root, 'mfa', false) : virtualRoot || bool(root, 'hardware_mfa', false);
  const rootKeys = keySlots(s, 'root', root, rootCreated);
  const rootCerts = certSlots(s, 'root', root, rootCreated);
  const rootPassword = bool(root, 'password_enabled', true);
  const rootRow = [
    ROOT_ROW_USER,
    `arn:${s.partition}:iam::${s.id}:root`,
    iso(rootCreated),
    'not_supported',
    reportDate(rootPasswordUsed, 'no_information'),
    'not_supported',
    'not_supported',
    String(rootMfa),
    ...slotColumns(rootKeys),
    ...certColumns(rootCerts),
  ];
  const report = `${[REPORT_HEADER, rootRow, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;

  // MFA devices: declared ones, root's virtual device, and one virtual device for each user with MFA and no declared device.
  const virtualMfa: Json[] = [];
  const hardwareMfa: Json[] = [];
  const serial = (name: string): string => `arn:${s.partition}:iam::${s.id}:mfa/${name}`;
  const devicesOf = new Map<string, number>();
  for (const m of list(s, 'mfa-device')) {
    const userName = namesOf(m, 'user')[0];
    const isRoot = bool(m, 'root', false);
    const assigned = bool(m, 'assigned', userName !== undefined || isRoot);
    const enabled = instant(s, m, 'enabled');
    if (userName !== undefined) devicesOf.set(userName, (devicesOf.get(userName) ?? 0) + 1);
    if (!bool(m, 'virtual', true)) {
      if (userName === undefined) {
        problem(s, `hardware MFA device \`${m.name}\` needs a \`user\``, m.span, 'only users\' hardware devices are listed; root\'s hardware MFA is `root with hardware mfa`');
        continue;
      }
      hardwareMfa.push({ UserName: userName, SerialNumber: m.name, EnableDate: iso(enabled ?? s.now - 30 * DAY_MS) });
      continue;
    }
    const user = userName === undefined ? undefined : table(s, 'user').get(userName);
    const who = isRoot ? { Arn: `arn:${s.partition}:iam::${s.id}:root` } : user === undefined ? undefined : { UserName: user.name, Arn: principalArn(s, 'user', user) };
    virtualMfa.push({
      SerialNumber: serial(m.name),
      ...(assigned && who !== undefined ? { User: who, EnableDate: iso(enabled ?? s.now - 30 * DAY_MS) } : {}),
    });
  }
  if (virtualRoot) virtualMfa.push({ SerialNumber: serial('root-account-mfa-device'), User: { Arn: `arn:${s.partition}:iam::${s.id}:root` }, EnableDate: iso(rootCreated) });
  for (const u of users) {
    const wanted = num(u, 'mfa_devices') ?? (bool(u, 'mfa', false) && !devicesOf.has(u.name) ? 1 : 0);
    for (let i = 0; i < (wanted ?? 0); i++) {
      virtualMfa.push({ SerialNumber: serial(i === 0 ? u.name : `${u.name}-${i + 1}`), User: { UserName: u.name, Arn: principalArn(s, 'user', u) }, EnableDate: iso(userCreated(s, u)) });
    }
  }

  // Identity providers.
  const saml: Json[] = [];
  const oidc: Json[] = [];
  for (const p of list(s, 'identity-provider')) {
    const type = str(p, 'type') ?? (p.name.includes('.') ? 'oidc' : 'saml');
    const created = iso(instant(s, p, 'created') ?? s.now - 30 * DAY_MS);
    if (type.toLowerCase() === 'oidc') {
      oidc.push({
        Arn: `arn:${s.partition}:iam::${s.id}:oidc-provider/${p.name}`,
        Url: `https://${p.name}`,
        ClientIDList: isSet(p, 'client_ids') ? [...strings(p, 'client_ids')] : ['sts.amazonaws.com'],
        ThumbprintList: [...strings(p, 'thumbprints')],
        CreateDate: created,
        Tags: tags(p),
      });
    } else {
      saml.push({
        Arn: `arn:${s.partition}:iam::${s.id}:saml-provider/${p.name}`,
        ValidUntil: iso(instant(s, p, 'valid_until') ?? s.now + 365 * DAY_MS),
        CreateDate: created,
        Tags: tags(p),
      });
    }
  }

  const account = table(s, 'account').get(SINGLETON_NAME);
  return {
    report,
    details: { UserDetailList: userJson, GroupDetailList: groupJson, RoleDetailList: roleJson, Policies: policyJson },
    summary: {
      AccountMFAEnabled: (isSet(account, 'mfa_enabled') ? bool(account, 'mfa_enabled', false) : rootMfa) ? 1 : 0,
      AccountAccessKeysPresent: rootKeys.some((k) => k !== null) ? 1 : 0,
      AccountPasswordPresent: rootPassword ? 1 : 0,
      // Present means any certificate, active or not (as for keys): the model reads 1 as "maybe active".
      AccountSigningCertificatesPresent: rootCerts.some((c) => c !== null) ? 1 : 0,
      Users: users.length,
      Groups: groups.length,
      Roles: roles.length,
      Policies: policyJson.filter((p) => !String(p['Arn']).includes(':iam::aws:')).length,
    },
    virtualMfa,
    hardwareMfa,
    saml,
    oidc,
  };
}

// ---------------------------------------------------------------------------------------------
// Organizations

function inOrganization(s: State): boolean {
  const org = table(s, 'organization').get(SINGLETON_NAME);
  if (org !== undefined) return bool(org, 'exists', true);
  const account = table(s, 'account').get(SINGLETON_NAME);
  const orgSettings = ['email', 'status', 'joined', 'joined_method', 'management_account', 'parent', 'scps', 'rcps', 'delegated_services'];
  return (['member-account', 'organizational-unit', 'scp', 'rcp'] as const).some((t) => table(s, t).size > 0) || orgSettings.some((n) => isSet(account, n));
}

function buildOrganizations(s: State): { section: Json | null; features: Json | null } {
  if (!inOrganization(s)) return { section: null, features: null };
  const org = table(s, 'organization').get(SINGLETON_NAME);
  const account = table(s, 'account').get(SINGLETON_NAME);
  const orgId = str(org, 'id') ?? 'o-exampleorg1';
  const isManagement = bool(account, 'management_account', true);
  const managementId = str(org, 'management_account_id') ?? (isManagement ? s.id : '210987654321');
  const orgArn = (rest: string): string => `arn:${s.partition}:organizations::${managementId}:${rest}`;
  const rootId = 'r-ex12';
  const unitId = new Map<string, string>([['root', rootId]]);
  for (const ou of list(s, 'organizational-unit')) unitId.set(ou.name.toLowerCase(), str(ou, 'id') ?? `ou-ex12-${lowerId(ou.name, 8)}`);
  const parentOf = (d: Decl | undefined): string => {
    const parent = d === undefined ? undefined : namesOf(d, 'parent')[0];
    return parent === undefined ? rootId : (unitId.get(parent.toLowerCase()) ?? rootId);
  };
  const accountName = str(account, 'name') ?? str(account, 'alias') ?? 'example';
  const accountEntries: Json[] = [];
  const accountId = new Map<string, string>([[accountName.toLowerCase(), s.id], [s.id, s.id]]);
  const member = (d: Decl | undefined, id: string, name: string): Json => ({
    Id: id,
    Arn: orgArn(`account/${orgId}/${id}`),
    Email: str(d, 'email') ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
    Name: name,
    Status: str(d, 'status') ?? 'ACTIVE',
    JoinedMethod: str(d, 'joined_method') ?? 'CREATED',
    JoinedTimestamp: iso(instant(s, d, 'joined') ?? s.now - 365 * DAY_MS),
    ParentId: parentOf(d),
  });
  accountEntries.push(member(account, s.id, accountName));
  for (const a of list(s, 'member-account')) {
    const id = str(a, 'id') ?? (/^\d{12}$/.test(a.name) ? a.name : accountIdFor(a.name));
    accountId.set(a.name.toLowerCase(), id);
    accountId.set(id, id);
    accountEntries.push(member(a, id, a.name));
  }

  const policies: Json[] = [];
  for (const type of ['scp', 'rcp'] as const) {
    const policyType = type === 'scp' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY';
    for (const p of list(s, type)) {
      const awsManaged = isSet(p, 'aws_managed') ? bool(p, 'aws_managed', false) : p.name === 'FullAWSAccess' || p.name === 'RCPFullAWSAccess';
      const id = str(p, 'id') ?? (awsManaged && p.name === 'FullAWSAccess' ? 'p-FullAWSAccess' : `p-${lowerId(p.name, 8)}`);
      const targets: Json[] = [];
      const targetNames = [...namesOf(p, 'targets')];
      // Attachments may also be written on the target (`account with scps = ["deny-root"]`).
      for (const holder of [...list(s, 'organizational-unit'), ...list(s, 'member-account')]) if (namesOf(holder, `${type}s`).includes(p.name)) targetNames.push(holder.name);
      if (namesOf(account, `${type}s`).includes(p.name)) targetNames.push(s.id);
      for (const t of [...new Set(targetNames)]) {
        const lower = t.toLowerCase();
        const unit = unitId.get(lower);
        const acct = accountId.get(lower);
        if (unit !== undefined) targets.push({ TargetId: unit, Type: unit === rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT', Name: unit === rootId ? 'Root' : t });
        else if (acct !== undefined) targets.push({ TargetId: acct, Type: 'ACCOUNT', Name: t });
        else problem(s, `${type} \`${p.name}\` targets \`${t}\`, which is not an OU or account of the example`, p.span, 'name `Root`, a declared `organizational unit`, or an `account`');
      }
      const arn = awsManaged ? `arn:${s.partition}:organizations::aws:policy/${policyType.toLowerCase()}/${id}` : orgArn(`policy/${orgId}/${policyType.toLowerCase()}/${id}`);
      const base = !p.declared || (p.allows.length === 0 && awsManaged && !isSet(p, 'document') && !list(s, 'statement').some((st) => splitOwner(st.name)?.owner === p.name)) ? [{ Effect: 'Allow', Action: '*', Resource: '*' }] : allowStatements(p);
      const doc = documentOf(s, p, base);
      const description = str(p, 'description');
      policies.push({
        PolicySummary: { Id: id, Arn: arn, Name: p.name, ...(description ? { Description: description } : {}), Type: policyType, AwsManaged: awsManaged },
        Content: typeof doc === 'string' ? doc : JSON.stringify(doc),
        Targets: targets,
      });
    }
  }

  const delegated = [account, ...list(s, 'member-account')].flatMap((d) => {
    const services = strings(d, 'delegated_services');
    if (d === undefined || services.length === 0) return [];
    const id = d === account ? s.id : (accountId.get(d.name.toLowerCase()) ?? d.name);
    return [{ Id: id, DelegatedServices: services.map((p) => ({ ServicePrincipal: p })) }];
  });

  const policyTypes: Json[] = [];
  if (bool(org, 'scp_enabled', true)) policyTypes.push({ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' });
  if (bool(org, 'rcp_enabled', false)) policyTypes.push({ Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' });
  const featureSet = str(org, 'feature_set') ?? (bool(org, 'all_features', true) ? 'ALL' : 'CONSOLIDATED_BILLING');
  const features: string[] = [];
  if (bool(org, 'root_credentials_management', false)) features.push('RootCredentialsManagement');
  if (bool(org, 'root_sessions', false)) features.push('RootSessions');
  return {
    section: {
      organization: {
        Id: orgId,
        Arn: orgArn(`organization/${orgId}`),
        FeatureSet: featureSet,
        MasterAccountArn: orgArn(`account/${orgId}/${managementId}`),
        MasterAccountId: managementId,
        MasterAccountEmail: str(org, 'management_account_email') ?? 'management@example.com',
      },
      roots: [{ Id: rootId, Arn: orgArn(`root/${orgId}/${rootId}`), Name: 'Root', PolicyTypes: policyTypes }],
      organizationalUnits: list(s, 'organizational-unit').map((ou) => ({
        Id: unitId.get(ou.name.toLowerCase()),
        Arn: orgArn(`ou/${orgId}/${unitId.get(ou.name.toLowerCase()) ?? ''}`),
        Name: ou.name,
        ParentId: parentOf(ou),
      })),
      accounts: accountEntries,
      policies,
      delegatedAdministrators: delegated,
    },
    features: { OrganizationId: orgId, EnabledFeatures: features },
  };
}

// ---------------------------------------------------------------------------------------------

export function buildSnapshot(example: ExampleAccount): BuiltSnapshot {
  const accountDecl = example.entities.find((e) => e.type === 'account');
  const id = accountDecl?.settings.get('id');
  const partition = accountDecl?.settings.get('partition');
  const s: State = {
    now: example.now,
    id: id?.kind === 'string' ? id.value : DEFAULT_ACCOUNT_ID,
    partition: partition?.kind === 'string' ? partition.value : 'aws',
    decls: new Map(),
    problems: [],
  };
  seed(example, s);
  implied(s);
  const iam = buildIam(s);
  const orgs = buildOrganizations(s);
  const passwordPolicy = table(s, 'password-policy').get(SINGLETON_NAME);
  const alias = str(table(s, 'account').get(SINGLETON_NAME), 'alias');
  const document: Record<string, unknown> = {
    format: SNAPSHOT_FORMAT,
    capturedAt: iso(example.now),
    account: { id: s.id, partition: s.partition },
    iam: {
      credentialReport: iam.report,
      authorizationDetails: iam.details,
      accountSummary: iam.summary,
      passwordPolicy: passwordPolicy === undefined || !bool(passwordPolicy, 'exists', true) ? null : passwordPolicyJson(passwordPolicy),
      virtualMfaDevices: iam.virtualMfa,
      mfaDevices: iam.hardwareMfa,
      samlProviders: iam.saml,
      oidcProviders: iam.oidc,
      accountAliases: alias === undefined || alias === null ? [] : [alias],
      organizationsFeatures: orgs.features,
    },
    organizations: orgs.section,
    errors: example.missing.map((section) => ({ section, code: 'NotCollected', message: 'left out by the example' })),
    collector: { tool: 'guard test', example: true },
  };
  return { document, problems: s.problems };
}

function passwordPolicyJson(d: Decl): Json {
  const maxAge = duration(d, 'max_age');
  const reuse = num(d, 'reuse_prevention');
  return {
    MinimumPasswordLength: num(d, 'minimum_length') ?? 8,
    RequireSymbols: bool(d, 'require_symbols', false),
    RequireNumbers: bool(d, 'require_numbers', false),
    RequireUppercaseCharacters: bool(d, 'require_uppercase', false),
    RequireLowercaseCharacters: bool(d, 'require_lowercase', false),
    AllowUsersToChangePassword: bool(d, 'allow_users_to_change', false),
    ExpirePasswords: bool(d, 'expire_passwords', maxAge !== undefined),
    ...(maxAge === undefined ? {} : { MaxPasswordAge: Math.round(maxAge / DAY_MS) }),
    ...(reuse === undefined || reuse === null ? {} : { PasswordReusePrevention: reuse }),
    HardExpiry: bool(d, 'hard_expiry', false),
  };
}

import { DAY_MS, formatInstant, ROOT_ROW_USER } from '../model/index.ts';
import type { AccountSpec, PasswordPolicySpec } from './account-spec.ts';
import { DEFAULT_ACCOUNT_ID, type ExampleAccount } from './example-account.ts';
import { type ExampleType, numberDefault } from './example-attributes.ts';
import { type BuildProblem, bool, type Decl, duration, ensure, flagOf, isOrgRootName, list, num, problem, SINGLETON_NAME, type State, singleton, splitOwner, str, strings, table } from './example-declarations.ts';
import { iamSpec } from './example-iam.ts';
import { accessAnalyzerSpec, identityCenterSpec, impliedIdentityCenter } from './example-identity-center.ts';
import { organizationSpec } from './example-organization.ts';
import { classifyPrincipal } from './example-statements.ts';
import { snapshotOf } from './write-snapshot-document.ts';

/**
 * Example account → account spec → snapshot v1 document. The example's declarations and settings
 * become an `AccountSpec` (names, defaults, implied entities, ids and ARNs, condition text, problems
 * with spans: example-iam.ts, example-organization.ts, example-statements.ts), which the one writer
 * `snapshotOf` turns into AWS's shapes; the document then goes through parseSnapshot and
 * normalizeSnapshot like any real snapshot. Everything the example does not say gets a default
 * (docs/guard-test.md, "Defaults"); entities that are only named (a group in `groups = ["devs"]`,
 * the user of `access key "alice/1"`) are created with defaults too.
 */

export type { BuildProblem } from './example-declarations.ts';
export { KNOWN_AWS_MANAGED } from './example-iam.ts';

export interface BuiltSnapshot {
  readonly spec: AccountSpec;
  readonly document: Record<string, unknown>;
  readonly problems: readonly BuildProblem[];
}

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

/** Creates what declarations only name, so every link resolves. */
function implied(s: State): void {
  for (const d of list(s, 'user')) {
    for (const g of strings(d, 'groups')) ensure(s, 'group', g, d.span);
    for (const p of strings(d, 'attached_policies')) ensure(s, 'policy', p, d.span);
  }
  for (const d of list(s, 'group')) {
    for (const u of strings(d, 'users')) ensure(s, 'user', u, d.span);
    for (const p of strings(d, 'attached_policies')) ensure(s, 'policy', p, d.span);
  }
  for (const d of list(s, 'role')) {
    for (const p of strings(d, 'attached_policies')) ensure(s, 'policy', p, d.span);
    for (const t of d.trusts) {
      const principal = classifyPrincipal(s, t);
      if (principal.provider !== null) ensure(s, 'identity-provider', principal.provider, d.span);
    }
  }
  for (const d of list(s, 'policy')) {
    for (const u of strings(d, 'attached_users')) ensure(s, 'user', u, d.span);
    for (const g of strings(d, 'attached_groups')) ensure(s, 'group', g, d.span);
    for (const r of strings(d, 'attached_roles')) ensure(s, 'role', r, d.span);
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
  for (const d of list(s, 'mfa-device')) for (const u of strings(d, 'user')) ensure(s, 'user', u, d.span);
  for (const type of ['member-account', 'organizational-unit', 'account'] as const) {
    for (const d of list(s, type)) {
      for (const p of strings(d, 'parent')) if (!isOrgRootName(p)) ensure(s, 'organizational-unit', p, d.span);
      for (const p of strings(d, 'scps')) ensure(s, 'scp', p, d.span);
      for (const p of strings(d, 'rcps')) ensure(s, 'rcp', p, d.span);
    }
  }
  impliedIdentityCenter(s);
  // Inline policies last: their owners must exist.
  for (const type of ['user', 'group', 'role'] as const) {
    for (const d of list(s, type)) for (const p of strings(d, 'inline_policies')) ensure(s, 'policy', `${d.name}/${p}`, d.span);
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

function passwordPolicySpec(d: Decl | undefined): PasswordPolicySpec | null {
  if (d === undefined || !bool(d, 'exists', true)) return null;
  const maxAge = duration(d, 'max_age');
  const reuse = num(d, 'reuse_prevention');
  return {
    MinimumPasswordLength: num(d, 'minimum_length') ?? numberDefault('password-policy', 'minimum_length'),
    RequireSymbols: flagOf(d, 'password-policy', 'require_symbols'),
    RequireNumbers: flagOf(d, 'password-policy', 'require_numbers'),
    RequireUppercaseCharacters: flagOf(d, 'password-policy', 'require_uppercase'),
    RequireLowercaseCharacters: flagOf(d, 'password-policy', 'require_lowercase'),
    AllowUsersToChangePassword: flagOf(d, 'password-policy', 'allow_users_to_change'),
    ExpirePasswords: bool(d, 'expire_passwords', maxAge !== undefined),
    ...(maxAge === undefined ? {} : { MaxPasswordAge: Math.round(maxAge / DAY_MS) }),
    ...(reuse === undefined || reuse === null ? {} : { PasswordReusePrevention: reuse }),
    HardExpiry: flagOf(d, 'password-policy', 'hard_expiry'),
  };
}

/** The account spec of an example account, and the problems found on the way. */
export function exampleSpec(example: ExampleAccount): { readonly spec: AccountSpec; readonly problems: readonly BuildProblem[] } {
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
  const iam = iamSpec(s);
  const organization = organizationSpec(s);
  const alias = str(singleton(s, 'account'), 'alias');
  // Accounts an assignment may name, by name or id.
  const accountIds = new Map<string, string>([[s.id, s.id]]);
  for (const a of organization?.accounts ?? []) {
    accountIds.set(a.name.toLowerCase(), a.id);
    accountIds.set(a.id, a.id);
  }
  const spec: AccountSpec = {
    capturedAt: formatInstant(example.now),
    account: { id: s.id, partition: s.partition },
    ...iam,
    passwordPolicy: passwordPolicySpec(singleton(s, 'password-policy')),
    aliases: alias === undefined || alias === null ? [] : [alias],
    organization,
    // Every section is written; those the example leaves out are listed as not collected.
    sections: {
      credentialReport: 'present',
      authorizationDetails: 'present',
      accountSummary: 'present',
      passwordPolicy: 'present',
      virtualMfaDevices: 'present',
      mfaDevices: 'present',
      samlProviders: 'present',
      oidcProviders: 'present',
      accountAliases: 'present',
      organizationsFeatures: 'present',
    },
    organizationsSection: 'present',
    identityCenter: identityCenterSpec(s, accountIds),
    accessAnalyzer: accessAnalyzerSpec(s),
    notCollected: example.missing,
    collector: { tool: 'guard test', example: true },
    crlf: false,
  };
  return { spec, problems: s.problems };
}

export function buildSnapshot(example: ExampleAccount): BuiltSnapshot {
  const { spec, problems } = exampleSpec(example);
  return { spec, document: snapshotOf(spec), problems };
}

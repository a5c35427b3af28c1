import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSnapshot, describeModel, EXAMPLE_TYPES, type ExampleAccount, exampleAccountArb, exampleOfModel, resolveExample } from '../../src/guard-test/index.ts';
import { ENTITY_TYPES, type Entity, type Model, normalizeSnapshot, parseSnapshot, UNKNOWN, type Value } from '../../src/model/index.ts';
import { type ExampleTest, parseTestFile, printExampleTest } from '../../src/syntax/index.ts';

const DAY = 86_400_000;

function example(text: string): ExampleTest {
  const parsed = parseTestFile(text, 'e.test.guard');
  expect(parsed.diagnostics).toEqual([]);
  return parsed.file.statements[0] as ExampleTest;
}

function modelOfAccount(account: ExampleAccount): Model {
  const built = buildSnapshot(account);
  expect(built.problems).toEqual([]);
  const parsed = parseSnapshot(JSON.stringify(built.document), 'example');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path ?? ''} ${e.message}`).join('\n'));
  return normalizeSnapshot(parsed.value, { now: account.now });
}

function modelOfText(text: string): Model {
  const resolved = resolveExample(example(text));
  expect(resolved.diagnostics).toEqual([]);
  return modelOfAccount(resolved.account);
}

function entity(model: Model, collection: string, name: string): Entity {
  const found = model.collections[collection]?.entities.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no ${collection} ${name}`);
  return found;
}

describe('settable attributes', () => {
  it('every setting is an attribute of the entity type it sets (except what examples add)', () => {
    const extra = new Set(['listed']);
    for (const spec of Object.values(EXAMPLE_TYPES)) {
      const names = new Set(ENTITY_TYPES[spec.entityType].attributes.flatMap((a) => [a.name, ...(a.aliases ?? [])]));
      for (const s of spec.settings) {
        if (extra.has(s.name)) continue;
        expect(names.has(s.name) || s.name === 'document', `${spec.type}.${s.name}`).toBe(true);
      }
    }
  });
});

describe('building an example account', () => {
  it('sets what the example says and fills the rest with defaults', () => {
    const model = modelOfText(`example "x" at 2026-11-27:
  user "alice" with console access and not mfa and groups = ["devs"] and attached policies = "AdministratorAccess"
  access key "alice/1" with age = 120d and last used = 2026-11-01
  access key "alice/2" with not active
  role "deploy" with trust "token.actions.githubusercontent.com" and unused = 100d
  trust statement "deploy/1" with conditions = "StringLike token.actions.githubusercontent.com:sub=repo:org/*"
  policy "admin" with allow "*" on "*" and attached roles = "deploy"
  password policy with minimum length = 14 and max age = 90d
  root with virtual mfa
  scp "deny-root" with targets = "Root" and allow "s3:*"
  organizational unit "Prod"
  account "dev" with parent = "Prod"
`);
    const now = Date.UTC(2026, 10, 27);
    expect(model.now).toBe(now);
    const alice = entity(model, 'users', 'alice');
    expect(alice.attrs['console_access']).toBe(true);
    expect(alice.attrs['mfa']).toBe(false);
    expect((alice.attrs['groups'] as readonly Entity[]).map((g) => g.name)).toEqual(['devs']);
    expect((alice.attrs['attached_policies'] as readonly Entity[]).map((p) => p.arn)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    const key1 = entity(model, 'access_keys', 'alice/1');
    expect(key1.attrs['age']).toBe(120 * DAY);
    expect(key1.attrs['active']).toBe(true);
    expect(key1.attrs['last_used']).toBe(Date.UTC(2026, 10, 1));
    expect(entity(model, 'access_keys', 'alice/2').attrs['active']).toBe(false);
    // The user is created no later than its oldest key.
    expect(alice.attrs['created']).toBe(now - 120 * DAY);
    const deploy = entity(model, 'roles', 'deploy');
    expect(deploy.attrs['unused']).toBe(100 * DAY);
    expect(deploy.attrs['condition']).toEqual(['token.actions.githubusercontent.com:sub']);
    expect(entity(model, 'identity_providers', 'token.actions.githubusercontent.com').attrs['trusted']).toBe(true);
    expect(entity(model, 'password_policy', 'password-policy').attrs['max_age']).toBe(90 * DAY);
    expect(entity(model, 'root', '<root_account>').attrs['virtual_mfa']).toBe(true);
    const dev = model.collections['accounts']?.entities.find((a) => a.name === 'dev');
    expect((dev!.attrs['effective_scps'] as readonly Entity[]).map((s) => s.name)).toEqual(['deny-root']);
  });

  it('RCP statements name `"Principal": "*"` without being told: Organizations refuses one without', () => {
    const model = modelOfText(`example "x":
  rcp "RCPFullAWSAccess" with targets = "Root"
  rcp "deny-s3" with targets = "Root"
  statement "deny-s3/1" with effect = "Deny" and actions = ["s3:*"] and resources = ["*"]
`);
    const rcps = model.collections['rcps']?.entities ?? [];
    expect(rcps.map((r) => r.name).sort()).toEqual(['RCPFullAWSAccess', 'deny-s3']);
    for (const rcp of rcps) {
      const statements = rcp.attrs['statements'] as readonly Entity[];
      expect(statements.map((st) => st.attrs['effect'])).toEqual([rcp.name === 'deny-s3' ? 'Deny' : 'Allow']);
    }
  });

  it('defaults: no password policy, no organization, root with a password and no MFA, every section collected', () => {
    const model = modelOfText('example "empty":\n  expect x passes\n');
    expect(model.missingSections).toEqual([]);
    expect(entity(model, 'password_policy', 'password-policy').attrs['exists']).toBe(false);
    expect(entity(model, 'organization', 'organization').attrs['exists']).toBe(false);
    const root = entity(model, 'root', '<root_account>');
    expect(root.attrs['mfa']).toBe(false);
    expect(root.attrs['password_enabled']).toBe(true);
    expect(root.attrs['access_keys']).toEqual([]);
  });

  it('`missing` makes a section not collected', () => {
    const model = modelOfText('example "x":\n  missing credential report\n  missing "organizations"\n  expect x passes\n');
    expect(model.missingSections).toEqual(['iam.credentialReport', 'organizations']);
    expect(model.collections['access_keys']?.known).toBe(false);
  });

  it('`not actions = ...` sets the statement setting `not actions`, as the settings table spells it', () => {
    const spaced = resolveExample(example('example "x":\n  statement "p/1" with effect = "Allow" and not actions = ["iam:*"] and not resources = "arn:aws:s3:::x"\n  expect r passes\n'));
    const underscored = resolveExample(example('example "x":\n  statement "p/1" with effect = "Allow" and not_actions = ["iam:*"] and not_resources = "arn:aws:s3:::x"\n  expect r passes\n'));
    expect(spaced.diagnostics).toEqual([]);
    const settings = (r: typeof spaced): unknown => Object.fromEntries(r.account.entities[0]?.settings ?? []);
    expect(settings(spaced)).toEqual(settings(underscored));
    expect(settings(spaced)).toMatchObject({ not_actions: { kind: 'strings', value: ['iam:*'] }, not_resources: { kind: 'strings', value: ['arn:aws:s3:::x'] } });
    const statement = buildSnapshot(spaced.account).document;
    expect(JSON.stringify(statement)).toContain('"NotAction":["iam:*"]');
    // Where no `not ...` setting exists, `not` still negates, and only a single setting may follow it.
    const negated = resolveExample(example('example "x":\n  access key "a/1" with not last used\n  user "b" with not path = "/x/"\n  expect r passes\n'));
    expect(negated.diagnostics.map((d) => d.message)).toEqual(['only a single setting can follow `not` in an example']);
  });

  it('the account summary counts root signing certificates active or not, as the credential report lists them', () => {
    const summary = (line: string): unknown => {
      const built = buildSnapshot(resolveExample(example(`example "x":\n  ${line}\n  expect r passes\n`)).account);
      return (built.document['iam'] as { accountSummary: Record<string, number> }).accountSummary['AccountSigningCertificatesPresent'];
    };
    expect(summary('signing certificate "root/1" with not active')).toBe(1);
    expect(summary('signing certificate "root/1" with active')).toBe(1);
    expect(summary('root with not signing certificates')).toBe(0);
  });

  it('reports what an example cannot set, with did-you-mean', () => {
    const cases: readonly [string, RegExp, RegExp | null][] = [
      ['usr "a"', /unknown kind of entity `usr`/, /did you mean `user`/],
      ['user "a" with consle access', /no setting `consle access`/, /did you mean `console access`/],
      ['user "a" with permissions', /computed from other values/, null],
      ['user "a" with age = 3', /no setting `age`/, null],
      ['access key "a/1" with age = "old"', /takes a duration/, /age = 90d/],
      ['user "a" with mfa or console access', /cannot set this/, /joined with `and`/],
      ['root "x"', /singleton/, null],
      ['user with mfa', /needs a name/, null],
      ['group "g" with trust "x"', /only a role has a trust policy/, null],
      ['missing credential reprot', /unknown snapshot section/, /did you mean `credential report`/],
    ];
    for (const [line, message, hint] of cases) {
      const resolved = resolveExample(example(`example "x":\n  ${line}\n  expect r passes\n`));
      const first = resolved.diagnostics[0];
      expect(first?.message, line).toMatch(message);
      if (hint !== null) expect(first?.hint, line).toMatch(hint);
    }
    const built = buildSnapshot(resolveExample(example('example "x":\n  access key "alice/3"\n  expect r passes\n')).account);
    expect(built.problems[0]?.message).toMatch(/not named `<user>\/1` or `<user>\/2`/);
  });

  it('every generated example account builds a valid snapshot', () => {
    fc.assert(
      fc.property(exampleAccountArb(), (account) => {
        const built = buildSnapshot(account);
        expect(built.problems).toEqual([]);
        const parsed = parseSnapshot(JSON.stringify(built.document), 'generated');
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      }),
      { numRuns: 150, seed: 21 },
    );
  });
});

/** Every attribute of every entity, links by name, documents by count, for comparing two models. */
function flatten(model: Model): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const show = (v: Value): unknown => {
    if (v === UNKNOWN) return 'unknown';
    if (Array.isArray(v)) return v.map((x: unknown) => (typeof x === 'object' && x !== null && 'name' in x ? (x as Entity).name : typeof x === 'object' ? 'document' : x));
    if (typeof v === 'object' && v !== null && 'name' in v) return (v as Entity).name;
    return v;
  };
  for (const [name, c] of Object.entries(model.collections)) {
    if (!c.known) out[name] = 'unknown';
    else for (const e of c.entities) for (const [k, v] of Object.entries(e.attrs)) out[`${name}/${e.name}/${k}`] = show(v);
  }
  out['missing'] = model.missingSections;
  return out;
}

describe('counterexamples print as examples that build the same account', () => {
  it('describe → print → parse → build gives back the model, attribute for attribute', () => {
    fc.assert(
      fc.property(exampleAccountArb(), (account) => {
        const model = modelOfAccount(account);
        const text = printExampleTest(exampleOfModel(model, 'counterexample', describeModel(model)));
        const again = modelOfText(`${text}  expect x passes\n`);
        expect(flatten(again)).toEqual(flatten(model));
      }),
      { numRuns: 150, seed: 5 },
    );
  });

  it('example times shift with `at`', () => {
    const a = modelOfText('example "x" at 2026-06-01:\n  access key "bob/1" with age = 10d\n  expect x passes\n');
    const b = modelOfText('example "x" at "2026-06-01T12:00:00Z":\n  access key "bob/1" with age = 10d\n  expect x passes\n');
    expect(entity(a, 'access_keys', 'bob/1').attrs['last_rotated']).toBe(Date.UTC(2026, 5, 1) - 10 * DAY);
    expect(entity(b, 'access_keys', 'bob/1').attrs['last_rotated']).toBe(Date.UTC(2026, 5, 1, 12) - 10 * DAY);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ATTRIBUTES, type ExampleType } from '../../src/guard-test/example-attributes.ts';
import { type AccountSpec, accountSpecArb, buildSnapshot, describeModel, type ExampleAccount, exampleAccountArb, exampleOfModel, resolveExample, snapshotOf } from '../../src/guard-test/index.ts';
import { type Entity, type Model, normalizeSnapshot, parseSnapshot } from '../../src/model/index.ts';
import { type ExampleTest, parseTestFile, printExampleTest } from '../../src/syntax/index.ts';

/**
 * The account spec and its one writer: generated specs and the specs examples are built into are
 * written by `snapshotOf`, load like files, and the mapping of example settings
 * (example-attributes.ts) gives what the builder gives.
 */

function load(document: unknown, now?: number): Model {
  const parsed = parseSnapshot(JSON.stringify(document), 'spec');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path ?? ''} ${e.message}`).join('\n'));
  return normalizeSnapshot(parsed.value, now === undefined ? {} : { now });
}

function accountOf(text: string): ExampleAccount {
  const parsed = parseTestFile(`example "x" at 2026-11-27:\n${text}  expect x passes\n`, 'spec.test.guard');
  expect(parsed.diagnostics).toEqual([]);
  const resolved = resolveExample(parsed.file.statements[0] as ExampleTest);
  expect(resolved.diagnostics).toEqual([]);
  return resolved.account;
}

/** Built, described and printed: the example `guard test` prints for the account's model. */
function printed(account: ExampleAccount): ExampleAccount {
  const model = load(buildSnapshot(account).document, account.now);
  const text = printExampleTest(exampleOfModel(model, 'x', describeModel(model)));
  const parsed = parseTestFile(`${text}  expect x passes\n`, 'printed.test.guard');
  return resolveExample(parsed.file.statements[0] as ExampleTest).account;
}

describe('the one writer', () => {
  it('writes every generated spec as a valid snapshot', () => {
    fc.assert(
      fc.property(accountSpecArb(), (spec) => {
        expect(() => load(snapshotOf(spec))).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('writes what the spec holds: its users, groups, roles and their report rows', () => {
    fc.assert(
      fc.property(accountSpecArb({ sections: 'complete' }), (spec) => {
        const model = load(snapshotOf(spec));
        const names = (collection: string): string[] => (model.collections[collection]?.entities ?? []).map((e) => e.name).sort();
        expect(names('users')).toEqual(spec.users.map((u) => u.name).sort());
        expect(names('groups')).toEqual(spec.groups.map((g) => g.name).sort());
        expect(names('roles')).toEqual(spec.roles.map((r) => r.name).sort());
        const keys = spec.users.flatMap((u) => (u.report?.keys ?? []).flatMap((k, i) => (k === null ? [] : [`${u.name}/${i + 1}`])));
        // Root's keys, and the stand-in key of a user missing from the report (`alice/?`), are not the users' rows.
        expect(names('access_keys').filter((k) => !k.startsWith('<root_account>/') && !k.endsWith('/?'))).toEqual(keys.sort());
      }),
      { numRuns: 100 },
    );
  });

  it('with `paths`, writes users and groups under their paths, which the model reads back', () => {
    let nested = 0;
    fc.assert(
      fc.property(accountSpecArb({ sections: 'complete', paths: true }), (spec) => {
        const model = load(snapshotOf(spec));
        for (const [collection, list] of [
          ['users', spec.users],
          ['groups', spec.groups],
        ] as const) {
          for (const written of list) {
            const entity = model.collections[collection]?.entities.find((e) => e.name === written.name);
            expect(entity?.attrs['path'], `${collection} ${written.name}`).toBe(written.path ?? '/');
            if (written.path !== undefined && written.path !== '/') nested++;
          }
        }
      }),
      { numRuns: 100 },
    );
    expect(nested).toBeGreaterThan(0);
  });

  it('writes the spec an example is built into, and that spec loads', () => {
    fc.assert(
      fc.property(exampleAccountArb(), (account) => {
        const built = buildSnapshot(account);
        expect(built.document).toEqual(snapshotOf(built.spec));
        expect(() => load(built.document, account.now)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('writes dates exactly, documents given as text as they are, and sections not collected into errors', () => {
    const spec: AccountSpec = {
      ...buildSnapshot(accountOf('  user "alice"\n')).spec,
      notCollected: ['iam.credentialReport'],
      collector: { tool: 'test' },
    };
    const withText: AccountSpec = {
      ...spec,
      users: spec.users.map((u) => ({ ...u, created: { ago: 1500, form: 'exact' }, inline: [{ name: 'raw', document: { statements: [], form: 'object', single: false, text: '{"Statement":[]}' } }] })),
    };
    const document = snapshotOf(withText) as { iam: { authorizationDetails: { UserDetailList: { CreateDate: string; UserPolicyList: { PolicyDocument: unknown }[] }[] } }; errors: unknown[]; collector: unknown };
    const user = document.iam.authorizationDetails.UserDetailList[0];
    expect(user?.CreateDate).toBe('2026-11-26T23:59:58.500Z');
    expect(user?.UserPolicyList[0]?.PolicyDocument).toBe('{"Statement":[]}');
    expect(document.errors).toEqual([{ section: 'iam.credentialReport', code: 'NotCollected', message: 'left out by the example' }]);
    expect(document.collector).toEqual({ tool: 'test' });
  });
});

describe('examples and counterexamples', () => {
  it('a printed counterexample, built, printed and built again, gives the same snapshot', () => {
    // From a generated account, the first print may already differ in written form (a string for a
    // one-element list, the order of entities): the law holds from the printed example on.
    fc.assert(
      fc.property(exampleAccountArb(), (account) => {
        const once = printed(account);
        const twice = printed(once);
        expect(buildSnapshot(twice).document).toEqual(buildSnapshot(once).document);
      }),
      { numRuns: 100 },
    );
  });

  it('a printed counterexample keeps Identity Center and Access Analyzer: instance, sets, assignments, store users and groups, analyzers, findings', () => {
    const account = accountOf(
      [
        '  organization',
        '  account "workloads"',
        '  permission set "Admin" with managed policies = "AdministratorAccess" and session duration = 8h and description = "full"',
        '  permission set "Dev" with allow "s3:GetObject" on "arn:aws:s3:::b/*" and allow "ec2:Describe*" and customer managed policies = "/team/reporting" and permissions boundary = "developer-boundary"',
        '  identity center group "Platform/Admins" with description = "the platform team"',
        '  identity center user "carol" with display name = "Carol" and groups = "Platform/Admins"',
        '  account assignment "Admin/Platform/Admins" with permission set = "Admin" and group = "Platform/Admins"',
        '  account assignment "Dev/carol" with account = "workloads" and principal type = "USER"',
        '  analyzer region "eu-west-1"',
        '  analyzer "org" with type = "ORGANIZATION"',
        '  analyzer "unused" with region = "eu-west-1" and type = "ACCOUNT_UNUSED_ACCESS" and status = "DISABLED"',
        '  analyzer finding "arn:aws:s3:::shared" with principals = "444455556666" and actions = "s3:GetObject" and public',
        '  analyzer finding "arn:aws:iam::123456789012:role/idle" with analyzer = "unused" and region = "eu-west-1" and type = "UnusedIAMRole"',
        '',
      ].join('\n'),
    );
    const before = buildSnapshot(account).document;
    const after = buildSnapshot(printed(account)).document;
    expect(after['identityCenter']).toEqual(before['identityCenter']);
    expect(after['accessAnalyzer']).toEqual(before['accessAnalyzer']);
    const idc = before['identityCenter'] as { permissionSets: { Name: string }[]; accountAssignments: unknown[] };
    expect(idc.permissionSets.map((p) => p.Name).sort()).toEqual(['Admin', 'Dev']);
    expect(idc.accountAssignments).toHaveLength(2);
  });

  it('an account without an Identity Center instance prints none, and still prints none', () => {
    const account = accountOf('  user "alice"\n');
    const printedAccount = printed(account);
    expect(buildSnapshot(printedAccount).document['identityCenter']).toBeNull();
  });

  const declared: Readonly<Partial<Record<ExampleType, { readonly line: string; readonly collection: string; readonly name: string }>>> = {
    root: { line: 'root', collection: 'root', name: 'root' },
    'password-policy': { line: 'password policy', collection: 'password_policy', name: 'password policy' },
    user: { line: 'user "u"', collection: 'users', name: 'u' },
    'access-key': { line: 'access key "u/1"', collection: 'access_keys', name: 'u/1' },
    'signing-certificate': { line: 'signing certificate "u/1"', collection: 'signing_certificates', name: 'u/1' },
    group: { line: 'group "g"', collection: 'groups', name: 'g' },
    role: { line: 'role "r"', collection: 'roles', name: 'r' },
    policy: { line: 'policy "p"', collection: 'policies', name: 'p' },
    organization: { line: 'organization', collection: 'organization', name: 'organization' },
  };

  /** Defaults that hold only once the entity was used: the region and service of its last use. */
  const whenUsed: Readonly<Record<string, string>> = { 'access-key.last_used_service': 'last used = 1d', 'access-key.last_used_region': 'last used = 1d', 'role.last_used_region': 'last used = 1d' };

  it('an entity declared with no settings has every default the mapping names', () => {
    const now = Date.UTC(2026, 10, 27);
    let checked = 0;
    for (const [type, attributes] of Object.entries(EXAMPLE_ATTRIBUTES) as [ExampleType, (typeof EXAMPLE_ATTRIBUTES)[ExampleType]][]) {
      for (const attribute of attributes) {
        if (attribute.default === undefined) continue;
        const how = declared[type];
        expect(how, `a way to declare a bare ${type}`).toBeDefined();
        if (how === undefined) continue;
        const used = whenUsed[`${type}.${attribute.name}`];
        const model = load(buildSnapshot(accountOf(`  ${how.line}${used === undefined ? '' : ` with ${used}`}\n`)).document, now);
        const entities = model.collections[how.collection]?.entities ?? [];
        const entity: Entity | undefined = entities.length === 1 && how.collection !== 'access_keys' ? entities[0] : entities.find((e) => e.name === how.name);
        const expected = typeof attribute.default === 'object' && attribute.default !== null ? now - attribute.default.before : attribute.default;
        const actual = entity?.attrs[attribute.name];
        // A list attribute's default is none.
        expect(Array.isArray(actual) && actual.length === 0 ? null : actual, `${type}.${attribute.name}`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

import { describe, expect, it } from 'vitest';
import type { Entity, Model } from '../../src/model/index.ts';
import { normalizeSnapshot, parseInstant, UNKNOWN } from '../../src/model/index.ts';
import { ACCOUNT, ALLOW_ALL, DAY, entity, exampleSnapshot, managedPolicy, names, report, role, SERVICE_TRUST, snapshotData, snapshotOf, user } from './fixtures.ts';

const NOW = parseInstant('2026-11-27T10:00:00Z') ?? 0;
const daysAgo = (n: number): string => new Date(NOW - n * DAY).toISOString();
const model = (data: Record<string, unknown>, now?: number): Model => normalizeSnapshot(snapshotOf(data), now === undefined ? {} : { now });
const attrs = (e: Entity) => e.attrs;

describe('users and access keys from the credential report', () => {
  const data = snapshotData(
    {},
    {
      authorizationDetails: { UserDetailList: [user('alice'), user('bob', { CreateDate: daysAgo(90) }), user('carol'), user('dave'), user('erin')], Policies: [] },
      credentialReport: report([
        { user: '<root_account>' },
        // password used 10 days ago, key 1 used 3 days ago: last_used is the key's
        { user: 'alice', passwordEnabled: 'true', passwordLastUsed: daysAgo(10), mfa: 'true', key1: ['true', daysAgo(200), daysAgo(3), 'us-east-1', 's3'] },
        // never used anything: unused counts from creation; an inactive key keeps its slot
        { user: 'bob', created: daysAgo(90), key1: ['false', daysAgo(100), 'N/A', 'N/A', 'N/A'] },
        // password never used (no_information), key never used: both known absent
        { user: 'carol', passwordEnabled: 'true', passwordLastUsed: 'no_information', key2: ['true', daysAgo(46), 'N/A', 'N/A', 'N/A'] },
        // moto writes not_supported for never-used values
        { user: 'dave', passwordEnabled: 'false', passwordLastUsed: 'not_supported' },
      ]),
    },
  );
  const m = model(data);

  it('last_used is the latest of password and key use; unused counts from it', () => {
    const alice = attrs(entity(m, 'users', 'alice'));
    expect(alice['password_last_used']).toBe(NOW - 10 * DAY);
    expect(alice['last_used']).toBe(NOW - 3 * DAY);
    expect(alice['unused']).toBe(3 * DAY);
    expect(alice['console_access']).toBe(true);
    expect(alice['mfa']).toBe(true);
  });

  it('a user never used has last_used null (known absent) and unused from creation, exactly at the boundary', () => {
    const bob = attrs(entity(m, 'users', 'bob'));
    expect(bob['last_used']).toBeNull();
    expect(bob['password_last_used']).toBeNull();
    expect(bob['unused']).toBe(90 * DAY);
    expect(bob['console_access']).toBe(false);
  });

  it('treats N/A, no_information and not_supported as known absent, never unknown', () => {
    const carol = attrs(entity(m, 'users', 'carol'));
    expect(carol['password_last_used']).toBeNull();
    expect(carol['last_used']).toBeNull();
    const dave = attrs(entity(m, 'users', 'dave'));
    expect(dave['password_last_used']).toBeNull();
    expect(dave['access_keys']).toEqual([]);
  });

  it('builds access keys per slot: age from rotation, unused from last use else rotation', () => {
    const keys = m.collections['access_keys']!.entities;
    // erin has no report row: one key of unknown details stands for hers.
    expect(keys.map((k) => k.key)).toEqual(['user/alice/access-key/1', 'user/bob/access-key/1', 'user/carol/access-key/2', 'user/erin/access-key/?']);
    const a1 = attrs(entity(m, 'access_keys', 'alice/1'));
    expect(a1).toMatchObject({ number: 1, active: true, age: 200 * DAY, last_used: NOW - 3 * DAY, unused: 3 * DAY, last_used_service: 's3', last_used_region: 'us-east-1', root: false });
    const b1 = attrs(entity(m, 'access_keys', 'bob/1'));
    expect(b1).toMatchObject({ active: false, age: 100 * DAY, last_used: null, unused: 100 * DAY, last_used_service: null });
    const c2 = attrs(entity(m, 'access_keys', 'carol/2'));
    expect(c2).toMatchObject({ number: 2, active: true, age: 46 * DAY, last_used: null, unused: 46 * DAY });
  });

  it('links keys and users both ways, with the user as owner', () => {
    const alice = entity(m, 'users', 'alice');
    const key = entity(m, 'access_keys', 'alice/1');
    expect(key.attrs['user']).toBe(alice);
    expect(key.owner).toBe(alice);
    expect(alice.attrs['access_keys']).toEqual([key]);
  });

  it('evaluates at --now when given, else at capturedAt', () => {
    const later = model(data, NOW + 10 * DAY);
    expect(later.now).toBe(NOW + 10 * DAY);
    expect(later.capturedAt).toBe(NOW);
    expect(attrs(entity(later, 'users', 'bob'))['unused']).toBe(100 * DAY);
    expect(m.now).toBe(NOW);
  });
});

describe('unknown versus absent', () => {
  it('a missing credential report makes report attributes unknown and its collections unknown', () => {
    const data = snapshotData({}, { authorizationDetails: { UserDetailList: [user('alice')] } });
    delete (data['iam'] as Record<string, unknown>)['credentialReport'];
    const m = model(data);
    const alice = attrs(entity(m, 'users', 'alice'));
    for (const name of ['mfa', 'console_access', 'last_used', 'unused', 'access_keys', 'password_last_used']) expect(alice[name], name).toBe(UNKNOWN);
    expect(alice['groups']).toEqual([]);
    expect(m.collections['access_keys']!.known).toBe(false);
    expect(m.collections['users']!.known).toBe(true);
    expect(m.missingSections).toEqual(['iam.credentialReport']);
  });

  it('a section named in `errors` is unknown even when data is present', () => {
    const data = snapshotData({ errors: [{ section: 'iam.credentialReport', code: 'ReportInProgress', message: 'try later' }] }, { authorizationDetails: { UserDetailList: [user('alice')] } });
    const m = model(data);
    expect(attrs(entity(m, 'users', 'alice'))['mfa']).toBe(UNKNOWN);
    expect(m.missingSections).toEqual(['iam.credentialReport']);
  });

  it('`errors` may name a container: every section in it is unknown', () => {
    const m = model(snapshotData({ errors: [{ section: 'iam', code: 'AccessDenied' }] }));
    expect(m.missingSections).toEqual(['iam']);
    expect(m.collections['users']!.known).toBe(false);
    expect(attrs(entity(m, 'root', '<root_account>'))['mfa']).toBe(UNKNOWN);
    expect(attrs(entity(m, 'password_policy', 'password-policy'))['exists']).toBe(UNKNOWN);
  });

  it('`errors` naming a path inside a section makes the whole section unknown', () => {
    const m = normalizeSnapshot({ ...exampleSnapshot(), errors: [{ section: 'organizations.policies.RESOURCE_CONTROL_POLICY' }] });
    expect(m.missingSections).toEqual(['organizations.policies']);
    expect(m.collections['rcps']!.known).toBe(false);
  });

  it('optional sections: missing is unknown but not reported; null is known', () => {
    const m = model(snapshotData({}, { organizationsFeatures: null }));
    expect(m.collections['organization']!.entities[0]!.attrs['root_credentials_management']).toBeNull();
    const data = snapshotData({ organizations: exampleSnapshot().organizations });
    delete (data['iam'] as Record<string, unknown>)['accountAliases'];
    const without = model(data);
    expect(without.collections['organization']!.entities[0]!.attrs['root_sessions']).toBe(UNKNOWN);
    expect(without.missingSections).toEqual([]);
  });

  it('a user missing from the report (created after it) has unknown report attributes', () => {
    const m = model(snapshotData({}, { authorizationDetails: { UserDetailList: [user('newcomer')] } }));
    expect(attrs(entity(m, 'users', 'newcomer'))['mfa']).toBe(UNKNOWN);
  });

  it('without authorization details the users are unknown: the report may predate the newest', () => {
    const data = snapshotData({}, { credentialReport: report([{ user: 'alice', mfa: 'true', key1: ['true', daysAgo(10), 'N/A', 'N/A', 'N/A'] }]) });
    delete (data['iam'] as Record<string, unknown>)['authorizationDetails'];
    const m = model(data);
    expect(m.collections['users']!.known).toBe(false);
    expect(m.collections['roles']!.known).toBe(false);
    // The report's rows still describe what they describe: alice and her key.
    const alice = attrs(entity(m, 'users', 'alice'));
    expect(alice['mfa']).toBe(true);
    expect(alice['groups']).toBe(UNKNOWN);
    expect(alice['created']).toBe(parseInstant('2025-01-01T00:00:00Z'));
    expect(m.collections['access_keys']!.known).toBe(true);
  });

  it('a missing report column makes what it carries unknown', () => {
    const m = model(snapshotData({}, { authorizationDetails: { UserDetailList: [user('alice')] }, credentialReport: `user,arn,mfa_active\nalice,arn:aws:iam::${ACCOUNT}:user/alice,true\n` }));
    const alice = attrs(entity(m, 'users', 'alice'));
    expect(alice['mfa']).toBe(true);
    expect(alice['access_keys']).toBe(UNKNOWN);
    expect(alice['last_used']).toBe(UNKNOWN);
  });
});

describe('password policy', () => {
  it('null means known absent: exists false and every attribute null', () => {
    const pp = attrs(entity(model(snapshotData({}, { passwordPolicy: null })), 'password_policy', 'password-policy'));
    expect(pp['exists']).toBe(false);
    expect(pp['minimum_length']).toBeNull();
    expect(pp['reuse_prevention']).toBeNull();
  });

  it('missing means unknown', () => {
    const data = snapshotData();
    delete (data['iam'] as Record<string, unknown>)['passwordPolicy'];
    const pp = attrs(entity(model(data), 'password_policy', 'password-policy'));
    expect(Object.values(pp).every((v) => v === UNKNOWN)).toBe(true);
  });

  it('reads the policy; unset numbers are null, omitted booleans false, max age a duration', () => {
    const pp = attrs(entity(model(snapshotData({}, { passwordPolicy: { MinimumPasswordLength: 8, RequireSymbols: true, MaxPasswordAge: 90 } })), 'password_policy', 'password-policy'));
    expect(pp).toMatchObject({ exists: true, minimum_length: 8, require_symbols: true, require_numbers: false, reuse_prevention: null, max_age: 90 * DAY, hard_expiry: false });
  });
});

describe('root', () => {
  const summary = { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1, AccountPasswordPresent: 1, AccountSigningCertificatesPresent: 0 };

  it('comes from the report root row: keys, last use, unused', () => {
    const m = model(
      snapshotData(
        {},
        {
          credentialReport: report([{ user: '<root_account>', mfa: 'true', created: daysAgo(1000), passwordLastUsed: daysAgo(20), key1: ['true', daysAgo(400), daysAgo(5), 'us-east-1', 'iam'] }]),
          virtualMfaDevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, User: { Arn: `arn:aws:iam::${ACCOUNT}:root` }, EnableDate: daysAgo(999) }],
        },
      ),
    );
    const root = entity(m, 'root', '<root_account>');
    expect(root.key).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(root.attrs).toMatchObject({ exists: true, mfa: true, virtual_mfa: true, hardware_mfa: false, password_enabled: true, last_used: NOW - 5 * DAY, unused: 5 * DAY, created: NOW - 1000 * DAY });
    const key = entity(m, 'access_keys', '<root_account>/1');
    expect(key.key).toBe('root/access-key/1');
    expect(key.owner).toBe(root);
    expect(key.attrs).toMatchObject({ user: null, root: true, age: 400 * DAY });
    expect(root.attrs['access_keys']).toEqual([key]);
    const device = entity(m, 'mfa_devices', 'root-account-mfa-device');
    expect(device.owner).toBe(root);
    expect(device.attrs).toMatchObject({ root: true, user: null, assigned: true, virtual: true });
    expect(root.attrs['mfa_devices']).toEqual([device]);
  });

  it('falls back to the account summary when the report has no root row (moto)', () => {
    const m = model(snapshotData({}, { credentialReport: report([{ user: 'alice' }]), accountSummary: summary }));
    const root = attrs(entity(m, 'root', '<root_account>'));
    expect(root['mfa']).toBe(true);
    expect(root['hardware_mfa']).toBe(true);
    expect(root['password_enabled']).toBe(true);
    expect(root['last_used']).toBe(UNKNOWN);
    const keys = root['access_keys'] as readonly Entity[];
    expect(keys).toHaveLength(1);
    expect(keys[0]!.attrs).toMatchObject({ root: true, active: UNKNOWN, age: UNKNOWN });
    expect(m.collections['access_keys']!.entities).toContain(keys[0]);
  });

  it('trusts the fresher summary when the report root row shows no key but the summary has one', () => {
    const row = { user: '<root_account>', mfa: 'true', created: daysAgo(1000), passwordLastUsed: daysAgo(200) };
    const withKey = model(snapshotData({}, { credentialReport: report([row]), accountSummary: summary }));
    const root = attrs(entity(withKey, 'root', '<root_account>'));
    const keys = root['access_keys'] as readonly Entity[];
    expect(keys).toHaveLength(1);
    expect(keys[0]!.attrs).toMatchObject({ root: true, active: UNKNOWN, last_used: UNKNOWN });
    // The key's use is unknown, so root's last use is too: never a pass on the older source.
    expect(root['last_used']).toBe(UNKNOWN);
    const agreeing = model(snapshotData({}, { credentialReport: report([row]), accountSummary: { ...summary, AccountAccessKeysPresent: 0 } }));
    expect(attrs(entity(agreeing, 'root', '<root_account>'))['access_keys']).toEqual([]);
  });

  it('reads AccountSigningCertificatesPresent 1 as unknown activity: the summary counts inactive certificates too', () => {
    const withCerts = model(snapshotData({}, { credentialReport: report([{ user: 'alice' }]), accountSummary: { ...summary, AccountSigningCertificatesPresent: 1 } }));
    expect(attrs(entity(withCerts, 'root', '<root_account>'))['signing_certificates_active']).toBe(UNKNOWN);
    const without = model(snapshotData({}, { credentialReport: report([{ user: 'alice' }]), accountSummary: summary }));
    expect(attrs(entity(without, 'root', '<root_account>'))['signing_certificates_active']).toBe(false);
  });

  it('is unknown when neither the report nor the summary says', () => {
    const data = snapshotData({}, { credentialReport: report([{ user: 'alice' }]) });
    delete (data['iam'] as Record<string, unknown>)['accountSummary'];
    const root = attrs(entity(model(data), 'root', '<root_account>'));
    expect(root['mfa']).toBe(UNKNOWN);
    expect(root['access_keys']).toBe(UNKNOWN);
    expect(root['hardware_mfa']).toBe(UNKNOWN);
    expect(root['exists']).toBe(true);
    // Root's keys belong to the collection of all keys, which is then incomplete: unknown, not known without them.
    expect(model(data).collections['access_keys']!.known).toBe(false);
  });

  it('hardware_mfa is false without MFA even when virtual devices are unknown (Kleene)', () => {
    const data = snapshotData({}, { credentialReport: report([{ user: '<root_account>', mfa: 'false' }]) });
    delete (data['iam'] as Record<string, unknown>)['virtualMfaDevices'];
    const root = attrs(entity(model(data), 'root', '<root_account>'));
    expect(root['virtual_mfa']).toBe(UNKNOWN);
    expect(root['hardware_mfa']).toBe(false);
  });

  it('is never in users', () => {
    const m = model(snapshotData({}, { credentialReport: report([{ user: '<root_account>' }, { user: 'alice' }]) }));
    expect(m.collections['users']!.entities.map((u) => u.name)).not.toContain('<root_account>');
  });
});

describe('policies, permissions, links and owners', () => {
  const passRole = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };
  const data = snapshotData(
    {},
    {
      authorizationDetails: {
        GroupDetailList: [
          {
            GroupName: 'devs',
            Arn: `arn:aws:iam::${ACCOUNT}:group/devs`,
            CreateDate: '2025-01-01T00:00:00Z',
            GroupPolicyList: [{ PolicyName: 'g-inline', PolicyDocument: passRole }],
            AttachedManagedPolicies: [{ PolicyName: 'shared', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared` }],
          },
        ],
        UserDetailList: [
          user('alice', {
            GroupList: ['devs'],
            UserPolicyList: [{ PolicyName: 'u-inline', PolicyDocument: JSON.stringify(ALLOW_ALL) }],
            AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
            PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
          }),
          user('bob'),
        ],
        RoleDetailList: [
          role(
            'deploy',
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            {
              AttachedManagedPolicies: [{ PolicyName: 'shared', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared` }],
              RolePolicyList: [{ PolicyName: 'r-inline', PolicyDocument: encodeURIComponent(JSON.stringify(passRole)) }],
            },
          ),
        ],
        Policies: [
          managedPolicy(
            'shared',
            { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } },
            {
              AttachmentCount: 2,
              DefaultVersionId: 'v2',
              PolicyVersionList: [
                { Document: ALLOW_ALL, VersionId: 'v1', IsDefaultVersion: false },
                { Document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }, VersionId: 'v2', IsDefaultVersion: true },
              ],
            },
          ),
          managedPolicy('boundary', ALLOW_ALL, { AttachmentCount: 0, PermissionsBoundaryUsageCount: null }),
          managedPolicy('unused', ALLOW_ALL, { AttachmentCount: 0 }),
        ],
      },
    },
  );
  const m = model(data);

  it('turns every inline policy into a policy entity owned by its principal', () => {
    const alice = entity(m, 'users', 'alice');
    const inline = entity(m, 'policies', 'alice/u-inline');
    expect(inline.key).toBe('user/alice/inline/u-inline');
    expect(inline.arn).toBeNull();
    expect(inline.owner).toBe(alice);
    expect(inline.attrs).toMatchObject({ name: 'u-inline', inline: true, attached: true, customer: false, aws_managed: false, attachment_count: 1, attached_users: [alice] });
    expect(entity(m, 'policies', 'deploy/r-inline').key).toBe('role/deploy/inline/r-inline');
    expect(entity(m, 'policies', 'devs/g-inline').key).toBe('group/devs/inline/g-inline');
  });

  it('reads the default version only', () => {
    const shared = entity(m, 'policies', 'shared');
    const docs = shared.attrs['document'] as readonly { statements: readonly { actions: readonly string[] }[] }[];
    expect(docs[0]!.statements[0]!.actions).toEqual(['s3:GetObject']);
    expect(shared.attrs['permissions']).toBe(shared.attrs['document']);
    expect(shared.attrs).toMatchObject({ default_version: 'v2', versions: 2, customer: true });
  });

  it('links policies to principals both ways', () => {
    const shared = entity(m, 'policies', 'shared');
    expect(names(shared.attrs['attached_groups'])).toEqual(['devs']);
    expect(names(shared.attrs['attached_roles'])).toEqual(['deploy']);
    expect(shared.attrs['attached_to']).toEqual([`arn:aws:iam::${ACCOUNT}:group/devs`, `arn:aws:iam::${ACCOUNT}:role/deploy`]);
    expect(names(entity(m, 'groups', 'devs').attrs['users'])).toEqual(['alice']);
    expect(names(entity(m, 'users', 'alice').attrs['groups'])).toEqual(['devs']);
  });

  it('a user’s permissions are its own inline and attached policies plus its groups’', () => {
    const alice = entity(m, 'users', 'alice');
    // AdministratorAccess is not in the snapshot's Policies: a stub with unknown content
    expect(alice.attrs['permissions']).toBe(UNKNOWN);
    const stub = entity(m, 'policies', 'AdministratorAccess');
    expect(stub.attrs).toMatchObject({ aws_managed: true, customer: false, attached: true, attachment_count: 1, document: UNKNOWN, attached_users: [alice] });
    const role = entity(m, 'roles', 'deploy');
    expect((role.attrs['permissions'] as readonly unknown[]).length).toBe(2);
    expect((entity(m, 'groups', 'devs').attrs['permissions'] as readonly unknown[]).length).toBe(2);
    expect(entity(m, 'users', 'bob').attrs['permissions']).toEqual([]);
  });

  it('customer_policies holds customer managed policies only', () => {
    expect(m.collections['customer_policies']!.entities.map((p) => p.name)).toEqual(['shared', 'boundary', 'unused']);
    expect(m.collections['policies']!.entities.map((p) => p.name)).toContain('AdministratorAccess');
  });

  it('counts boundary use and attachment from the snapshot when AWS does not say', () => {
    expect(entity(m, 'policies', 'boundary').attrs).toMatchObject({ boundary_usage_count: 1, attached: false });
    expect(entity(m, 'policies', 'unused').attrs).toMatchObject({ attached: false, attachment_count: 0 });
    expect(entity(m, 'users', 'alice').attrs['permissions_boundary']).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundary`);
  });

  it('statements are entities owned by their policy', () => {
    const inline = entity(m, 'policies', 'alice/u-inline');
    const statements = inline.attrs['statements'] as readonly Entity[];
    expect(statements).toHaveLength(1);
    expect(statements[0]!.owner).toBe(inline);
    expect(statements[0]!.key).toBe('user/alice/inline/u-inline/statement/1');
    expect(statements[0]!.attrs).toMatchObject({ effect: 'Allow', actions: ['*'], resources: ['*'], not_actions: [], index: 1, sid: null });
  });
});

describe('roles and trust', () => {
  const GH = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const data = snapshotData(
    {},
    {
      authorizationDetails: {
        RoleDetailList: [
          role('open', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }),
          role(
            'partner',
            {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root', ACCOUNT] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ['a', 'b'] } } },
                { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': false } } },
              ],
            },
            { RoleLastUsed: { LastUsedDate: daysAgo(30), Region: 'eu-west-1' }, MaxSessionDuration: 7200 },
          ),
          role('github', {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': '*' } } }],
          }),
          role('AWSServiceRoleForSupport', SERVICE_TRUST, { Path: '/aws-service-role/support.amazonaws.com/', RoleLastUsed: undefined, CreateDate: daysAgo(50) }),
        ],
      },
      oidcProviders: [{ Arn: GH, Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [] }],
      samlProviders: [{ Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Orphan`, CreateDate: daysAgo(900) }],
    },
  );
  const m = model(data);

  it('derives last use, unused and service-linked', () => {
    expect(entity(m, 'roles', 'partner').attrs).toMatchObject({ last_used: NOW - 30 * DAY, unused: 30 * DAY, last_used_region: 'eu-west-1', max_session_duration: 7_200_000, description: null });
    // RoleLastUsed {}: never used in the tracking window, unused from creation
    expect(entity(m, 'roles', 'open').attrs).toMatchObject({ last_used: null, unused: NOW - (parseInstant('2025-01-01T00:00:00Z') ?? 0), max_session_duration: UNKNOWN, description: UNKNOWN });
    // RoleLastUsed absent (old dumps): unknown
    expect(entity(m, 'roles', 'AWSServiceRoleForSupport').attrs).toMatchObject({ service_linked: true, last_used: UNKNOWN, unused: UNKNOWN });
    expect(entity(m, 'roles', 'partner').attrs['service_linked']).toBe(false);
  });

  it('describes trust: principals, conditions of Allow statements, statement facts', () => {
    const partner = entity(m, 'roles', 'partner');
    expect(partner.attrs['trusted_principals']).toEqual(['arn:aws:iam::444455556666:root', ACCOUNT]);
    expect(partner.attrs['condition']).toEqual(['sts:ExternalId']);
    const [allow, deny] = partner.attrs['trust_statements'] as readonly Entity[];
    expect(allow!.owner).toBe(partner);
    expect(allow!.key).toBe(`${partner.key}/trust/statement/1`);
    expect(allow!.name).toBe('partner/Partner');
    expect(allow!.attrs).toMatchObject({
      public: false,
      cross_account: true,
      principal_accounts: ['444455556666', ACCOUNT],
      has_condition: true,
      condition_keys: ['sts:ExternalId'],
      conditions: ['StringEquals sts:ExternalId=a', 'StringEquals sts:ExternalId=b'],
    });
    expect(deny!.attrs).toMatchObject({ public: true, cross_account: false, effect: 'Deny', conditions: ['Bool aws:SecureTransport=false'] });
    expect((entity(m, 'roles', 'open').attrs['trust_statements'] as readonly Entity[])[0]!.attrs).toMatchObject({ public: true, principals: ['*'], has_condition: false });
  });

  it('links identity providers to the roles that trust them', () => {
    const gh = entity(m, 'identity_providers', 'token.actions.githubusercontent.com');
    expect(gh.attrs).toMatchObject({ type: 'oidc', url: 'token.actions.githubusercontent.com', client_ids: ['sts.amazonaws.com'], trusted: true });
    expect(names(gh.attrs['trusted_by'])).toEqual(['github']);
    expect(entity(m, 'identity_providers', 'Orphan').attrs).toMatchObject({ type: 'saml', trusted: false, trusted_by: [], valid_until: UNKNOWN, url: null });
    const sub = (entity(m, 'roles', 'github').attrs['trust_statements'] as readonly Entity[])[0]!;
    expect(sub.attrs).toMatchObject({ principal_federated: [GH], conditions: ['StringLike token.actions.githubusercontent.com:sub=*'] });
  });
});

describe('MFA devices', () => {
  const base = {
    authorizationDetails: { UserDetailList: [user('alice'), user('bob'), user('carol')] },
    credentialReport: report([
      { user: 'alice', mfa: 'true' },
      { user: 'bob', mfa: 'true' },
      { user: 'carol', mfa: 'false' },
    ]),
    virtualMfaDevices: [
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, User: { UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, EnableDate: daysAgo(10) },
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/spare` },
    ],
  };

  it('with ListMFADevices output, lists hardware devices and every user’s devices', () => {
    const m = model(snapshotData({}, { ...base, mfaDevices: [{ UserName: 'bob', SerialNumber: 'GAHT0001', EnableDate: daysAgo(5) }] }));
    const bob = entity(m, 'users', 'bob');
    const hw = entity(m, 'mfa_devices', 'GAHT0001');
    expect(hw.attrs).toMatchObject({ virtual: false, user: bob, assigned: true, root: false, enabled: NOW - 5 * DAY });
    expect(hw.owner).toBe(bob);
    expect(bob.attrs['mfa_devices']).toEqual([hw]);
    expect(entity(m, 'mfa_devices', 'spare').attrs).toMatchObject({ assigned: false, user: null, enabled: null });
  });

  it('without it, a user with MFA may hold unlisted hardware devices: unknown', () => {
    const m = model(snapshotData({}, { ...base, mfaDevices: undefined }));
    expect(entity(m, 'users', 'bob').attrs['mfa_devices']).toBe(UNKNOWN);
    expect(entity(m, 'users', 'carol').attrs['mfa_devices']).toEqual([]);
    expect(m.collections['mfa_devices']!.known).toBe(true);
    expect(m.missingSections).toEqual([]);
  });
});

describe('organizations', () => {
  it('null means known: in no organization, org collections empty and known', () => {
    const m = model(snapshotData({ organizations: null }));
    expect(entity(m, 'organization', 'organization').attrs).toMatchObject({ exists: false, id: null, scp_enabled: null });
    expect(m.collections['accounts']).toMatchObject({ known: true, entities: [] });
    expect(m.collections['scps']!.known).toBe(true);
    const account = m.collections['account']!.entities[0]!;
    expect(account.key).toBe(`account/${ACCOUNT}`);
    expect(account.attrs).toMatchObject({ in_organization: false, management_account: false, parent: null, effective_scps: [], current: true, mfa_enabled: true, name: null, alias: null });
    expect(account.attrs['organization']).toBeNull();
    expect(account.attrs['root_user']).toBe(m.collections['root']!.entities[0]);
  });

  it('missing means unknown', () => {
    const data = snapshotData();
    delete data['organizations'];
    const m = model(data);
    expect(entity(m, 'organization', 'organization').attrs['exists']).toBe(UNKNOWN);
    expect(m.collections['accounts']!.known).toBe(false);
    expect(m.collections['account']!.entities[0]!.attrs).toMatchObject({ in_organization: UNKNOWN, effective_scps: UNKNOWN });
    expect(m.missingSections).toEqual(['organizations']);
  });

  it('builds the OU tree and effective SCPs from the example', () => {
    const m = normalizeSnapshot(exampleSnapshot());
    const account = m.collections['account']!.entities[0]!;
    expect(m.collections['accounts']!.entities).toContain(account);
    expect(account.attrs).toMatchObject({ management_account: false, in_organization: true, current: true, alias: 'example-payments-prod' });
    expect(names(account.attrs['effective_scps'])).toEqual(['FullAWSAccess', 'deny-leave-organization', 'deny-root-user', 'region-restriction']);
    expect((account.attrs['parent'] as Entity).attrs['path']).toBe('Root/Workloads/Prod');
    const mgmt = entity(m, 'accounts', 'example-management');
    expect(mgmt.attrs).toMatchObject({ management_account: true, mfa_enabled: UNKNOWN, alias: UNKNOWN });
    expect(names(entity(m, 'accounts', 'example-sandbox').attrs['effective_scps'])).toContain('sandbox-limits');
    const root = entity(m, 'organizational_units', 'Root');
    expect(root.attrs).toMatchObject({ root: true, parent: null });
    expect(names(root.attrs['children'])).toEqual(['Security', 'Workloads', 'Suspended']);
    expect(entity(m, 'scps', 'draft-deny-regions').attrs).toMatchObject({ attached: false, targets: [] });
    expect(names(entity(m, 'scps', 'sandbox-limits').attrs['target_accounts'])).toEqual(['example-sandbox']);
    expect(m.collections['rcps']!.entities.map((e) => e.name)).toEqual(['RCPFullAWSAccess', 'enforce-tls']);
    const deny = (entity(m, 'scps', 'deny-root-user').attrs['statements'] as readonly Entity[])[0]!;
    expect(deny.owner?.name).toBe('deny-root-user');
    expect(m.missingSections).toEqual([]);
    expect(entity(m, 'organization', 'o-a1b2c3d4e5').attrs).toMatchObject({ root_credentials_management: true, root_sessions: false, all_features: true, scp_enabled: true });
    expect(entity(m, 'accounts', 'example-security-tooling').attrs).toMatchObject({ delegated_administrator: true, delegated_services: ['guardduty.amazonaws.com', 'securityhub.amazonaws.com'] });
    expect(account.attrs).toMatchObject({ delegated_administrator: false, delegated_services: [] });
    // Every account links to the organization; only the snapshot account to its root user.
    const organization = entity(m, 'organization', 'o-a1b2c3d4e5');
    expect(account.attrs['organization']).toBe(organization);
    expect(mgmt.attrs['organization']).toBe(organization);
    expect(account.attrs['root_user']).toBe(m.collections['root']!.entities[0]);
    expect(mgmt.attrs['root_user']).toBe(UNKNOWN);
  });

  it('a missing sub-section makes only what depends on it unknown', () => {
    const snapshot = exampleSnapshot();
    const m = normalizeSnapshot({ ...snapshot, errors: [{ section: 'organizations.policies', code: 'AccessDenied' }] });
    expect(m.missingSections).toEqual(['organizations.policies']);
    expect(m.collections['scps']!.known).toBe(false);
    const account = m.collections['account']!.entities[0]!;
    expect(account.attrs['effective_scps']).toBe(UNKNOWN);
    expect(account.attrs['in_organization']).toBe(true);
    expect((account.attrs['parent'] as Entity).name).toBe('Prod');
  });
});

import { describe, expect, it } from 'vitest';
import { type Entity, normalizeSnapshot, UNKNOWN, type Value } from '../../../src/model/index.ts';
import { permissionAnalysis } from '../../../src/model/permissions/analysis.ts';
import { principalPolicies, principalPoliciesGap } from '../../../src/model/permissions/principal-policies.ts';
import type { PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { ACCOUNT, entity, managedPolicy, role, SERVICE_TRUST, snapshotData, snapshotOf, user } from '../fixtures.ts';
import { testCatalog } from './support.ts';

const statement = (Effect: string, Action: string, Resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect, Action, Resource }] });
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

function model(extraUsers: unknown[] = [], extraPolicies: unknown[] = []) {
  const data = snapshotData(
    {},
    {
      authorizationDetails: {
        GroupDetailList: [
          {
            GroupName: 'devs',
            GroupId: 'AGPADEVS',
            Arn: `arn:aws:iam::${ACCOUNT}:group/devs`,
            Path: '/',
            CreateDate: '2025-01-01T00:00:00Z',
            GroupPolicyList: [{ PolicyName: 'g-inline', PolicyDocument: statement('Allow', 'iam:PassRole') }],
            AttachedManagedPolicies: [{ PolicyName: 'deny-users', PolicyArn: policyArn('deny-users') }],
          },
        ],
        UserDetailList: [
          user('alice', {
            GroupList: ['devs'],
            UserPolicyList: [{ PolicyName: 'u-inline', PolicyDocument: statement('Allow', '*') }],
            PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('boundary') },
            Tags: [{ Key: 'team', Value: 'blue' }],
          }),
          user('bob', { AttachedManagedPolicies: [{ PolicyName: 'boundary', PolicyArn: policyArn('boundary') }] }),
          ...extraUsers,
        ],
        RoleDetailList: [role('deploy', SERVICE_TRUST, { RolePolicyList: [{ PolicyName: 'r-inline', PolicyDocument: statement('Allow', 's3:*') }] })],
        Policies: [managedPolicy('deny-users', statement('Deny', 'iam:CreateUser')), managedPolicy('boundary', statement('Allow', 'iam:*')), ...extraPolicies],
      },
    },
  );
  return normalizeSnapshot(snapshotOf(data));
}

describe('principalPolicies', () => {
  it("a user's inline, attached and group policies, its boundary and context", () => {
    const m = model();
    const p = principalPolicies(m, entity(m, 'users', 'alice')) as PrincipalPolicies;
    expect(p.identity.map((s) => [s.name, s.via])).toEqual([
      ['alice/u-inline', null],
      ['devs/g-inline', 'devs'],
      ['deny-users', 'devs'],
    ]);
    expect(p.boundary?.arn).toBe(policyArn('boundary'));
    expect(p.bounds).toEqual([]);
    expect(p.principal).toMatchObject({ type: 'user', accountId: ACCOUNT, partition: 'aws', name: 'alice', id: 'AIDAALICE', now: m.now });
    expect([...(p.principal.tags ?? [])]).toEqual([['team', 'blue']]);
  });

  it("a role's and a group's policies", () => {
    const m = model();
    const r = principalPolicies(m, entity(m, 'roles', 'deploy')) as PrincipalPolicies;
    expect(r.identity.map((s) => s.name)).toEqual(['deploy/r-inline']);
    expect(r.principal.type).toBe('role');
    const g = principalPolicies(m, entity(m, 'groups', 'devs')) as PrincipalPolicies;
    expect(g.identity.map((s) => s.name)).toEqual(['devs/g-inline', 'deny-users']);
    expect(g.boundary).toBeNull();
  });

  it('is UNKNOWN when a boundary or an attached policy is not in the snapshot', () => {
    const m = model([
      user('carol', { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('missing') } }),
      user('dave', { AttachedManagedPolicies: [{ PolicyName: 'gone', PolicyArn: policyArn('gone') }] }),
    ]);
    expect(principalPolicies(m, entity(m, 'users', 'carol'))).toBe(UNKNOWN);
    expect(principalPolicies(m, entity(m, 'users', 'dave'))).toBe(UNKNOWN);
    expect(principalPolicies(m, entity(m, 'policies', 'boundary'))).toBe(UNKNOWN);
  });

  it('says what the snapshot lacks when it is UNKNOWN, and nothing when it is known', () => {
    const m = model([
      user('carol', { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('missing') } }),
      user('dave', { AttachedManagedPolicies: [{ PolicyName: 'gone', PolicyArn: policyArn('gone') }] }),
    ]);
    expect(principalPoliciesGap(m, entity(m, 'users', 'carol'))).toBe(`its permissions boundary, policy ${policyArn('missing')}, is not in the snapshot`);
    expect(principalPoliciesGap(m, entity(m, 'users', 'dave'))).toBe(`policy ${policyArn('gone')} is not in the snapshot`);
    expect(principalPoliciesGap(m, entity(m, 'policies', 'boundary'))).toBe('a policy is not a user, group or role');
    expect(principalPoliciesGap(m, entity(m, 'users', 'alice'))).toBeNull();
    // The analysis says the same, and only of principals it cannot decide.
    const analysis = permissionAnalysis(m, testCatalog);
    expect(analysis.whyUnknown(entity(m, 'users', 'dave'))).toBe(`policy ${policyArn('gone')} is not in the snapshot`);
    expect(analysis.whyUnknown(entity(m, 'users', 'alice'))).toBeNull();
  });

  it("names a group's missing policy, and the SCP chain's missing part", () => {
    const details = {
      authorizationDetails: {
        GroupDetailList: [
          {
            GroupName: 'ops',
            GroupId: 'AGPAOPS',
            Arn: `arn:aws:iam::${ACCOUNT}:group/ops`,
            Path: '/',
            CreateDate: '2025-01-01T00:00:00Z',
            AttachedManagedPolicies: [{ PolicyName: 'lost', PolicyArn: policyArn('lost') }],
          },
        ],
        UserDetailList: [user('erin', { GroupList: ['ops'] }), user('frank')],
        RoleDetailList: [],
        Policies: [],
      },
    };
    const withGroup = normalizeSnapshot(snapshotOf(snapshotData({}, details)));
    expect(principalPoliciesGap(withGroup, entity(withGroup, 'users', 'erin'))).toBe(`policy ${policyArn('lost')} is not in the snapshot`);
    expect(principalPoliciesGap(withGroup, entity(withGroup, 'users', 'frank'))).toBeNull();
    // A hand-wrapped dump without `organizations`: every principal is unknown, and the message says why.
    const { organizations: _, ...noOrganizations } = snapshotData({}, details);
    const m = normalizeSnapshot(snapshotOf(noOrganizations));
    expect(principalPoliciesGap(m, entity(m, 'users', 'frank'))).toBe(
      `the \`organizations\` section was not collected, so whether account ${ACCOUNT} is in an organization, and the SCPs that bound it, are unknown; an account in no organization has \`"organizations": null\``,
    );
  });
});

describe('principalPoliciesGap on principals made by hand: each part the snapshot may lack', () => {
  const m = model();
  const arnOf = (type: string, name: string): string => `arn:aws:iam::${ACCOUNT}:${type}/${name}`;
  const principal = (type: 'user' | 'role' | 'group', name: string, attrs: Record<string, Value>, arn: string | null = arnOf(type, name)): Entity => ({
    type,
    name,
    key: arn ?? `${type}/${name}`,
    arn,
    owner: null,
    attrs: { inline_policies: [], attached_policies: [], groups: [], permissions_boundary: null, ...attrs },
  });
  const lost: Entity = { type: 'policy', name: 'lost', key: policyArn('lost'), arn: policyArn('lost'), owner: null, attrs: { permissions: UNKNOWN } };
  const cases: readonly (readonly [string, Entity, string | null])[] = [
    ['nothing', principal('user', 'ok', {}), null],
    ['its ARN', principal('user', 'anon', {}, null), 'the ARN of user anon is not in the snapshot'],
    ['its inline policies', principal('role', 'r', { inline_policies: UNKNOWN }), 'the `inline_policies` of role r were not collected'],
    ['its attached policies', principal('user', 'u', { attached_policies: UNKNOWN }), 'the `attached_policies` of user u were not collected'],
    ['a policy of its own', principal('user', 'u', { attached_policies: [lost] }), `policy ${policyArn('lost')} is not in the snapshot`],
    ['its groups', principal('user', 'u', { groups: UNKNOWN }), 'the groups of user u were not collected'],
    ["a group's policies", principal('user', 'u', { groups: [principal('group', 'g', { attached_policies: UNKNOWN })] }), 'the `attached_policies` of group g were not collected'],
    ['its boundary', principal('role', 'r', { permissions_boundary: UNKNOWN }), 'the permissions boundary of role r was not collected'],
    ['its boundary policy', principal('role', 'r', { permissions_boundary: policyArn('nowhere') }), `its permissions boundary, policy ${policyArn('nowhere')}, is not in the snapshot`],
    ['its boundary attribute at all', principal('role', 'r', { permissions_boundary: undefined as unknown as Value }), 'the permissions boundary of role r was not collected'],
  ];
  it('names a boundary policy whose documents are not in the snapshot', () => {
    const withVersionless = model([], [{ PolicyName: 'versionless', Arn: policyArn('versionless'), PolicyVersionList: [] }]);
    const r = principal('role', 'r', { permissions_boundary: policyArn('versionless') });
    expect(principalPoliciesGap(withVersionless, r)).toBe(`policy ${policyArn('versionless')} is not in the snapshot`);
  });

  for (const [what, entity, gap] of cases) {
    it(`${gap === null ? 'has no gap' : 'names what is missing'}: ${what}`, () => {
      expect(principalPoliciesGap(m, entity)).toBe(gap);
      expect(principalPolicies(m, entity) === UNKNOWN).toBe(gap !== null);
    });
  }
});

describe('permissionAnalysis', () => {
  it('answers from the whole set: group Deny, boundary; caches per entity', () => {
    const m = model();
    const analysis = permissionAnalysis(m, testCatalog);
    const alice = analysis.of(entity(m, 'users', 'alice'));
    if (alice === UNKNOWN) throw new Error('alice unknown');
    expect(alice.query({ action: 'iam:PassRole', resource: null }).level).toBe('unconditional');
    expect(alice.query({ action: 'iam:CreateUser', resource: null }).level).toBe('none');
    expect(alice.query({ action: 's3:GetObject', resource: null }).level).toBe('none');
    expect(alice.admin()).toBe('none');
    expect(analysis.of(entity(m, 'users', 'alice'))).toBe(alice);
    expect(analysis.principals().map((e) => e.name)).toEqual(['alice', 'bob', 'deploy']);
    const deploy = analysis.of(entity(m, 'roles', 'deploy'));
    if (deploy === UNKNOWN) throw new Error('deploy unknown');
    const g = deploy.query({ action: 's3:Get*', resource: 'arn:aws:s3:::b/*' });
    expect(g).toMatchObject({ level: 'unconditional', actions: ['s3:GetObject'], allowedBy: [{ policy: 'deploy/r-inline', index: 1, via: null, policyArn: null, sid: null }] });
  });
});

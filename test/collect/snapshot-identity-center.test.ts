import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, type FaultRule, startFaultProxy } from '../support/aws-fault-proxy.ts';
import { type MotoServer, requireMoto, startMoto } from '../support/moto.ts';
import { runGuard } from '../support/run-guard.ts';
import { runSnapshot } from './run-snapshot.ts';
import { seedAccount } from './seed.ts';
import { MEMBER_A, MEMBER_B, motoGaps, READ_ONLY_INLINE, type SeededIdentityCenter, seedIdentityCenter } from './seed-identity-center.ts';

interface Json {
  readonly [key: string]: unknown;
}

const motoAvailable = requireMoto('test/collect/snapshot-identity-center.test.ts');

describe.skipIf(!motoAvailable)('guard snapshot collects Identity Center from moto (and Access Analyzer from canned answers)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let dir: string;
  let seeded: SeededIdentityCenter;
  let file: string;
  let snapshot: Json;
  let runs = 0;

  const collect = async (rules: readonly FaultRule[], args: readonly string[] = []): Promise<{ code: number | null; stderr: string; snapshot: Json | null; file: string }> => {
    proxy.setRules(rules);
    proxy.clearCalls();
    const out = join(dir, `run-${++runs}.json`);
    const run = await runSnapshot(proxy.endpoint, ['--out', out, '--quiet', '--max-attempts', '2', ...args]);
    const text = await readFile(out, 'utf8').catch(() => null);
    return { code: run.code, stderr: run.stderr, snapshot: text === null ? null : (JSON.parse(text) as Json), file: out };
  };
  const calls = (action: string): number => proxy.calls.filter((c) => c.action === action).length;
  const center = (s: Json | null): Json => (s?.['identityCenter'] ?? {}) as Json;

  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'guard-idc-'));
    await seedAccount(moto.endpoint);
    seeded = await seedIdentityCenter(moto.endpoint);
    proxy = await startFaultProxy(moto.endpoint);
    const run = await collect(motoGaps(seeded));
    expect(run.code).toBe(0);
    file = run.file;
    snapshot = run.snapshot ?? {};
    // moto lacks ListOrganizationsFeatures; nothing of Identity Center or Access Analyzer failed.
    expect((snapshot['errors'] as Json[]).map((e) => e['section'])).toEqual(['iam.organizationsFeatures']);
  }, 90_000);

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records the instance and each permission set with its four kinds of policy', () => {
    const ic = center(snapshot);
    expect(ic['instances']).toEqual([expect.objectContaining({ InstanceArn: seeded.instanceArn, IdentityStoreId: seeded.identityStoreId, OwnerAccountId: '123456789012' })]);
    const sets = new Map((ic['permissionSets'] as Json[]).map((p) => [p['Name'], p]));
    expect(sets.get('Admin')).toMatchObject({
      PermissionSetArn: seeded.permissionSets['Admin'],
      InstanceArn: seeded.instanceArn,
      SessionDuration: 'PT1H',
      InlinePolicy: null,
      AttachedManagedPolicies: [{ Name: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      CustomerManagedPolicyReferences: [],
      PermissionsBoundary: null,
    });
    expect(sets.get('ReadOnly')).toMatchObject({
      SessionDuration: 'PT8H',
      InlinePolicy: READ_ONLY_INLINE,
      AttachedManagedPolicies: [],
      CustomerManagedPolicyReferences: [{ Name: 'team-read', Path: '/guard/' }],
      PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'boundary', Path: '/' } },
    });
    expect(sets.get('Billing')).toMatchObject({ InlinePolicy: null, AttachedManagedPolicies: [], CustomerManagedPolicyReferences: [], PermissionsBoundary: null });
  });

  it('records every assignment, to several accounts, by principal type and id', () => {
    const assignments = (center(snapshot)['accountAssignments'] as Json[]).map((a) => [
      a['PermissionSetArn'] === seeded.permissionSets['Admin'] ? 'Admin' : 'ReadOnly',
      a['AccountId'],
      a['PrincipalType'],
      a['PrincipalId'],
    ]);
    expect(assignments.sort()).toEqual(
      [
        ['Admin', '123456789012', 'GROUP', seeded.groups['admins']],
        ['Admin', MEMBER_A, 'GROUP', seeded.groups['admins']],
        ['ReadOnly', MEMBER_A, 'GROUP', seeded.groups['readers']],
        ['ReadOnly', MEMBER_B, 'GROUP', seeded.groups['readers']],
        ['ReadOnly', MEMBER_B, 'USER', seeded.users['carol']],
      ].sort(),
    );
    expect((center(snapshot)['accountAssignments'] as Json[]).every((a) => a['InstanceArn'] === seeded.instanceArn)).toBe(true);
  });

  it('records users and groups by name only, and the memberships', () => {
    const ic = center(snapshot);
    const users = ic['users'] as Json[];
    expect(users.map((u) => u['UserName']).sort()).toEqual(['alice', 'bob', 'carol']);
    // The identity store also holds names, e-mail and postal addresses: only the fields guard reads are kept.
    for (const u of users) expect(Object.keys(u).sort()).toEqual(['DisplayName', 'IdentityStoreId', 'UserId', 'UserName']);
    expect((ic['groups'] as Json[]).map((g) => [g['DisplayName'], g['Description']]).sort()).toEqual([
      ['admins', 'admins team'],
      ['readers', 'readers team'],
    ]);
    const members = (ic['groupMemberships'] as Json[]).map((m) => [m['GroupId'], (m['MemberId'] as Json)['UserId']]);
    expect(members.sort()).toEqual(
      [
        [seeded.groups['admins'], seeded.users['alice']],
        [seeded.groups['readers'], seeded.users['alice']],
        [seeded.groups['readers'], seeded.users['bob']],
      ].sort(),
    );
  });

  it('records the region asked, its analyzers and their active findings of both kinds', () => {
    const regions = (snapshot['accessAnalyzer'] as Json)['regions'] as Json[];
    expect(regions.map((r) => r['region'])).toEqual(['us-east-1']);
    const [region] = regions;
    expect(((region?.['analyzers'] ?? []) as Json[]).map((a) => [a['name'], a['type']])).toEqual([
      ['external', 'ACCOUNT'],
      ['unused', 'ACCOUNT_UNUSED_ACCESS'],
    ]);
    expect(((region?.['findings'] ?? []) as Json[]).map((f) => [f['id'], f['findingType'], String(f['analyzerArn']).split('/').pop()])).toEqual([
      ['ext-1', 'ExternalAccess', 'external'],
      ['unused-1', 'UnusedIAMRole', 'unused'],
    ]);
    expect(region?.['errors']).toBeUndefined();
  });

  it('makes the minimum calls: 6 per permission set, 1 per provisioned (account, set) pair, 1 per group', () => {
    // P = 3 sets, 4 provisioned pairs (Admin: 2 accounts, ReadOnly: 2, Billing: none), G = 2 groups.
    const perSet = [
      'DescribePermissionSet',
      'GetInlinePolicyForPermissionSet',
      'ListManagedPoliciesInPermissionSet',
      'ListCustomerManagedPolicyReferencesInPermissionSet',
      'GetPermissionsBoundaryForPermissionSet',
      'ListAccountsForProvisionedPermissionSet',
    ];
    for (const action of perSet) expect(calls(action), action).toBe(3);
    expect(calls('ListAccountAssignments')).toBe(4);
    expect(calls('ListGroupMemberships')).toBe(2);
    for (const action of ['ListInstances', 'ListPermissionSets', 'ListUsers', 'ListGroups', 'ListAnalyzers', 'ListFindings', 'ListFindingsV2']) expect(calls(action), action).toBe(1);
    const identityCenterCalls = proxy.calls.filter((c) => c.service === 'sso' || c.service === 'identitystore').length;
    expect(identityCenterCalls).toBe(1 + 1 + 6 * 3 + 4 + 2 + 2);
  });

  it('guard eval reads the file without error', async () => {
    const rules = join(dir, 'rules.guard');
    await writeFile(rules, 'roles must not trust "*"\n');
    const evaluated = await runGuard(['eval', rules, '--snapshot', file, '--format', 'json']);
    expect(evaluated.stderr).toBe('');
    // seedAccount's public role fails the rule: exit 1, a valid snapshot (2 would mean it was not).
    expect(evaluated.code).toBe(1);
  });

  it('a denied ListInstances fails the whole container, named in errors: never `null` (no instance)', async () => {
    const run = await collect([{ service: 'sso', action: 'ListInstances', fault: { kind: 'access-denied' } }, ...motoGaps(seeded)]);
    expect(run.code).toBe(0);
    expect(run.snapshot?.['identityCenter']).toBeUndefined();
    expect(run.snapshot?.['errors']).toContainEqual(expect.objectContaining({ section: 'identityCenter', code: 'AccessDeniedException' }));
  });

  it('a denied call fails only its own section; the others are recorded', async () => {
    const run = await collect([
      { service: 'sso', action: 'ListAccountAssignments', fault: { kind: 'access-denied' } },
      { service: 'identitystore', action: 'ListGroupMemberships', fault: { kind: 'access-denied' } },
      ...motoGaps(seeded),
    ]);
    const ic = center(run.snapshot);
    expect(ic['accountAssignments']).toBeUndefined();
    expect(ic['groupMemberships']).toBeUndefined();
    expect(ic['permissionSets']).toHaveLength(3);
    expect(ic['groups']).toHaveLength(2);
    const errors = ((run.snapshot?.['errors'] ?? []) as Json[]).map((e) => [e['section'], e['code']]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['identityCenter.accountAssignments', 'AccessDeniedException'],
        ['identityCenter.groupMemberships', 'AccessDeniedException'],
      ]),
    );
  });

  it('a denied ListPermissionSets fails both sections that need the sets', async () => {
    const run = await collect([{ service: 'sso', action: 'ListPermissionSets', fault: { kind: 'access-denied' } }, ...motoGaps(seeded)]);
    const errors = ((run.snapshot?.['errors'] ?? []) as Json[]).map((e) => [e['section'], e['code']]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['identityCenter.permissionSets', 'AccessDeniedException'],
        ['identityCenter.accountAssignments', 'AccessDeniedException'],
      ]),
    );
    expect(center(run.snapshot)['users']).toHaveLength(3);
  });

  it('no instance in any region asked is `identityCenter: null`, after asking each region once', async () => {
    const run = await collect([{ service: 'sso', action: 'ListInstances', fault: { kind: 'reply', status: 200, body: '{"Instances":[]}' } }, ...motoGaps(seeded)], ['--regions', 'us-east-1,eu-west-1']);
    expect(run.code).toBe(0);
    expect(run.snapshot?.['identityCenter']).toBeNull();
    expect(calls('ListInstances')).toBe(2);
    expect(calls('ListPermissionSets')).toBe(0);
  });
});

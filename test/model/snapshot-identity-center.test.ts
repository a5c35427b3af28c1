import { describe, expect, it } from 'vitest';
import { normalizeSnapshot, parseSnapshot } from '../../src/model/index.ts';
import { ACCOUNT, snapshotData, snapshotOf } from './fixtures.ts';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1';
const set = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  PermissionSetArn: `arn:aws:sso:::permissionSet/ssoins-1/ps-${name}`,
  Name: name,
  SessionDuration: 'PT1H',
  InstanceArn: INSTANCE,
  InlinePolicy: null,
  AttachedManagedPolicies: [],
  CustomerManagedPolicyReferences: [],
  PermissionsBoundary: null,
  ...extra,
});
const analyzerArn = `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/a`;

/** One of everything, consistent. */
const identityCenter = (): Record<string, unknown> => ({
  instances: [{ InstanceArn: INSTANCE, IdentityStoreId: 'd-1', OwnerAccountId: ACCOUNT, Status: 'ACTIVE', CreatedDate: '2026-01-01T00:00:00Z' }],
  permissionSets: [
    set('admin', { AttachedManagedPolicies: [{ Name: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }),
    set('read', {
      InlinePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      CustomerManagedPolicyReferences: [{ Name: 'team', Path: '/' }],
      PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
    }),
    set('bounded', { PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'boundary' } } }),
  ],
  accountAssignments: [{ InstanceArn: INSTANCE, AccountId: ACCOUNT, PermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-admin', PrincipalType: 'GROUP', PrincipalId: 'g1' }],
  users: [{ IdentityStoreId: 'd-1', UserId: 'u1', UserName: 'alice', DisplayName: 'Alice' }],
  groups: [{ IdentityStoreId: 'd-1', GroupId: 'g1', DisplayName: 'admins' }],
  groupMemberships: [{ IdentityStoreId: 'd-1', GroupId: 'g1', MembershipId: 'm1', MemberId: { UserId: 'u1' } }],
});
const accessAnalyzer = (): Record<string, unknown> => ({
  regions: [
    {
      region: 'us-east-1',
      analyzers: [{ arn: analyzerArn, name: 'a', type: 'ACCOUNT', status: 'ACTIVE', createdAt: '2026-01-01T00:00:00Z' }],
      findings: [{ id: 'f1', analyzerArn, findingType: 'ExternalAccess', status: 'ACTIVE', principal: { AWS: '444455556666' }, action: ['s3:GetObject'], condition: {}, isPublic: false }],
    },
    { region: 'eu-west-3', errors: [{ part: 'analyzers', code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }] },
  ],
});

const parse = (patch: Record<string, unknown>) => parseSnapshot(JSON.stringify(snapshotData(patch)), 'test.json');
const problems = (patch: Record<string, unknown>): string[] => {
  const outcome = parse(patch);
  return [...(outcome.ok ? [] : outcome.errors), ...outcome.warnings].map((d) => `${d.severity} ${d.path}: ${d.message}`);
};

describe('the identityCenter and accessAnalyzer sections', () => {
  it('a snapshot with both, in AWS shapes, is valid and warns of nothing', () => {
    expect(problems({ identityCenter: identityCenter(), accessAnalyzer: accessAnalyzer() })).toEqual([]);
    expect(problems({ identityCenter: null })).toEqual([]);
  });

  it('the schema holds the shapes: ISO durations, one kind of boundary, principal types, regions, no unknown keys', () => {
    const ic = identityCenter();
    const sets = ic['permissionSets'] as Record<string, unknown>[];
    sets[0] = { ...sets[0], SessionDuration: '1h' };
    sets[1] = { ...sets[1], PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/X', CustomerManagedPolicyReference: { Name: 'x' } } };
    const assignments = ic['accountAssignments'] as Record<string, unknown>[];
    assignments[0] = { ...assignments[0], PrincipalType: 'ROLE' };
    const found = problems({ identityCenter: { ...ic, extra: [] }, accessAnalyzer: { regions: [{ region: 'mars', analyzers: [] }] } });
    expect(found).toEqual(
      expect.arrayContaining([
        'error identityCenter.permissionSets[0].SessionDuration: expected an ISO 8601 duration such as `PT1H`, found `1h`',
        expect.stringMatching(/^error identityCenter\.permissionSets\[1\]\.PermissionsBoundary: /),
        expect.stringMatching(/^error identityCenter\.accountAssignments\[0\]\.PrincipalType: /),
        expect.stringMatching(/^error identityCenter\.extra: unknown field `extra`/),
        'error accessAnalyzer.regions[0].region: expected an AWS region such as `us-east-1`, found `mars`',
      ]),
    );
  });

  it('a permission set without its policy fields is invalid: "none" must be written, never left out', () => {
    const { InlinePolicy: _inline, ...partial } = set('x');
    expect(problems({ identityCenter: { permissionSets: [partial] } })).toContain('error identityCenter.permissionSets[0].InlinePolicy: missing required field `InlinePolicy`');
  });

  it('an inline policy is checked as an identity policy document', () => {
    const bad = set('bad', { InlinePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }) });
    expect(problems({ identityCenter: { permissionSets: [bad] } })).toEqual(['error identityCenter.permissionSets[0].InlinePolicy: not a policy document: `Statement` has no `Action` or `NotAction`']);
  });

  it('what an assignment, membership, set or finding names must be listed; a missing principal is a warning', () => {
    const ic = identityCenter();
    (ic['accountAssignments'] as unknown[]).push(
      { InstanceArn: INSTANCE, AccountId: ACCOUNT, PermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-gone', PrincipalType: 'GROUP', PrincipalId: 'g1' },
      { InstanceArn: INSTANCE, AccountId: ACCOUNT, PermissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-read', PrincipalType: 'USER', PrincipalId: 'u-deleted' },
    );
    (ic['groupMemberships'] as unknown[]).push({ IdentityStoreId: 'd-1', GroupId: 'g-gone', MembershipId: 'm2', MemberId: { UserId: 'u1' } });
    (ic['permissionSets'] as unknown[]).push(set('admin'));
    const aa = accessAnalyzer();
    const [east] = aa['regions'] as Record<string, unknown>[];
    ((east?.['findings'] ?? []) as unknown[]).push({ id: 'f2', analyzerArn: `${analyzerArn}-gone`, findingType: 'UnusedIAMRole', status: 'ACTIVE' });
    expect(problems({ identityCenter: ic, accessAnalyzer: aa })).toEqual([
      'error identityCenter.permissionSets[3]: permission set `arn:aws:sso:::permissionSet/ssoins-1/ps-admin` is listed twice (first at `permissionSets[0]`)',
      'error identityCenter.accountAssignments[1].PermissionSetArn: names permission set `arn:aws:sso:::permissionSet/ssoins-1/ps-gone`, which `identityCenter.permissionSets` does not list',
      'error identityCenter.groupMemberships[1].GroupId: names group `g-gone`, which `identityCenter.groups` does not list',
      `error accessAnalyzer.regions[0].findings[1].analyzerArn: names analyzer \`${analyzerArn}-gone\`, which \`accessAnalyzer.regions[0].analyzers\` does not list`,
      'warning identityCenter.accountAssignments[2].PrincipalId: names user `u-deleted`, which `identityCenter.users` does not list: deleted since, or missing from the list; it links to nothing',
    ]);
  });

  it('references into a section that was not collected are not checked', () => {
    const { permissionSets: _sets, ...ic } = identityCenter();
    expect(problems({ identityCenter: ic })).toEqual([]);
    expect(problems({ identityCenter: identityCenter(), errors: [{ section: 'identityCenter.groups', code: 'AccessDenied' }] })).toEqual([]);
  });
});

describe('which Identity Center and Access Analyzer sections are missing', () => {
  const missing = (patch: Record<string, unknown>): readonly string[] => normalizeSnapshot(snapshotOf(snapshotData(patch))).missingSections;

  it('absent (an older collector): unknown, but not reported, as the other optional sections', () => {
    expect(missing({})).toEqual([]);
  });

  it('`identityCenter: null` is known; a container or section named in `errors` is reported', () => {
    expect(missing({ identityCenter: null, accessAnalyzer: accessAnalyzer() })).toEqual([]);
    expect(missing({ errors: [{ section: 'identityCenter', code: 'AccessDeniedException' }] })).toEqual(['identityCenter']);
    expect(missing({ identityCenter: identityCenter(), errors: [{ section: 'identityCenter.accountAssignments', code: 'AccessDeniedException' }] })).toEqual(['identityCenter.accountAssignments']);
    expect(missing({ errors: [{ section: 'accessAnalyzer', code: 'AccessDeniedException' }] })).toEqual(['accessAnalyzer']);
  });
});

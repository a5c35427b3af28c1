import fc from 'fast-check';
import type { AccessAnalyzerSpec, AnalyzerRegionSpec, AssignmentSpec, FindingSpec, IdentityCenterSpec, PermissionSetSpec } from './account-spec.ts';

/**
 * Generated IAM Identity Center and IAM Access Analyzer sections for account-arbitraries.ts: a few
 * permission sets (AWS managed AdministratorAccess or a policy whose document no snapshot lists, an
 * inline policy granting all or little, sessions of one to twelve hours), assignments to users and
 * groups (some no longer listed) in the snapshot account, the organization's other accounts and elsewhere,
 * and regions whose analyzers and findings are listed or errored.
 */

export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** An AWS managed policy no generated account lists: a set attaching it has unknown permissions. */
export const UNLISTED_MANAGED = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';
export const ADMIN_GROUP = 'AWSControlTowerAdmins';

const SET_NAMES = ['Admin', 'ReadOnly', 'Billing'] as const;
const USERS = [
  { id: 'u-1', userName: 'alice@example.com' },
  { id: 'u-2', userName: 'carol@example.com' },
];
const GROUPS = [
  { id: 'g-1', displayName: ADMIN_GROUP },
  { id: 'g-2', displayName: 'Developers' },
];

const permissionSetArb: fc.Arbitrary<PermissionSetSpec> = fc.record({
  name: fc.constantFrom(...SET_NAMES),
  sessionDuration: fc.option(fc.constantFrom('PT1H', 'PT30M', 'PT4H', 'PT12H'), { nil: undefined }),
  inline: fc.option(
    fc.constantFrom(
      { statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }], form: 'json' as const, single: false },
      { statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], form: 'json' as const, single: false },
    ),
    { nil: null },
  ),
  managed: fc.subarray([ADMINISTRATOR_ACCESS, UNLISTED_MANAGED]),
  customer: fc.constant([]),
  boundary: fc.constant(null),
});

export function identityCenterSpecArb(accounts: readonly string[]): fc.Arbitrary<IdentityCenterSpec> {
  const assignmentArb: fc.Arbitrary<AssignmentSpec> = fc.record({
    accountId: fc.constantFrom(...accounts, '555555555555'),
    permissionSet: fc.constantFrom(...SET_NAMES),
    principalType: fc.constantFrom('USER' as const, 'GROUP' as const),
    principalId: fc.constantFrom('u-1', 'u-2', 'g-1', 'g-2', 'x-9'),
  });
  return fc
    .record({
      instanceId: fc.constant('ssoins-0000000000000001'),
      identityStoreId: fc.constant('d-0000000001'),
      permissionSets: fc.uniqueArray(permissionSetArb, { maxLength: 3, selector: (p) => p.name }),
      assignments: fc.uniqueArray(assignmentArb, { maxLength: 5, selector: (a) => `${a.accountId}/${a.permissionSet}/${a.principalType}/${a.principalId}` }),
      users: fc.subarray(USERS),
      groups: fc.subarray(GROUPS),
      memberships: fc.subarray([
        { groupId: 'g-1', userId: 'u-1' },
        { groupId: 'g-2', userId: 'u-2' },
      ]),
    })
    .map((idc) => ({
      ...idc,
      // An assignment's set and a membership's group are always listed (validation holds a snapshot
      // to it); a principal may be missing (deleted since: a warning, and a link to nothing).
      assignments: idc.assignments.filter((a) => idc.permissionSets.some((p) => p.name === a.permissionSet)),
      memberships: idc.memberships.filter((m) => idc.groups.some((g) => g.id === m.groupId)),
    }));
}

const findingArb: fc.Arbitrary<FindingSpec> = fc
  .record({
    n: fc.nat(99),
    analyzer: fc.constantFrom('external', 'unused'),
    type: fc.constantFrom('ExternalAccess', 'ExternalAccess', 'UnusedIAMRole', 'UnusedPermission'),
    principal: fc.constantFrom('444455556666', 'arn:aws:iam::777788889999:root', '*', 'cognito-identity.amazonaws.com'),
    isPublic: fc.boolean(),
  })
  .map((f) => ({
    id: `f-${f.n}`,
    analyzer: f.analyzer,
    type: f.type,
    resource: `arn:aws:s3:::bucket-${f.n}`,
    ...(f.type === 'ExternalAccess' ? { principal: { AWS: f.principal }, actions: ['s3:GetObject'], isPublic: f.isPublic } : {}),
  }));

const regionArb = (region: string): fc.Arbitrary<AnalyzerRegionSpec> =>
  fc
    .record({
      region: fc.constant(region),
      analyzers: fc.oneof(
        {
          weight: 5,
          arbitrary: fc.subarray([
            { name: 'external', type: 'ACCOUNT', status: 'ACTIVE' },
            { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' },
            { name: 'org', type: 'ORGANIZATION', status: 'DISABLED' },
          ]),
        },
        { weight: 1, arbitrary: fc.constant<'errored'>('errored') },
      ),
      findings: fc.oneof({ weight: 5, arbitrary: fc.uniqueArray(findingArb, { maxLength: 3, selector: (f) => f.id }) }, { weight: 1, arbitrary: fc.constant<'errored'>('errored') }),
    })
    // A finding's analyzer is listed in its region, when the region's analyzers are.
    .map((r) => (r.analyzers === 'errored' || r.findings === 'errored' ? r : { ...r, findings: r.findings.filter((f) => (r.analyzers as readonly { name: string }[]).some((a) => a.name === f.analyzer)) }));

export const accessAnalyzerSpecArb: fc.Arbitrary<AccessAnalyzerSpec> = fc
  .subarray(['us-east-1', 'eu-west-1', 'ap-southeast-2'], { minLength: 1 })
  .chain((regions) => fc.tuple(...regions.map(regionArb)))
  .map((regions) => ({ regions }));

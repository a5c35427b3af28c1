import { REPORT_HEADER } from './fixtures.ts';

/**
 * A large, realistic snapshot for load/validate/normalize measurements (never committed: generated
 * on demand). `principals` users and roles in equal parts, a group per 10 users, customer policies
 * shared between them, a credential report row per user, documents in object, JSON-string and
 * URL-encoded forms.
 */
export function largeSnapshotText(principals: number): string {
  const account = '123456789012';
  const users = Math.floor(principals / 2);
  const roles = principals - users;
  const groups = Math.max(1, Math.floor(users / 10));
  const policyCount = 500;
  const day = (n: number): string => new Date(Date.UTC(2026, 10, 27) - (n % 2000) * 86_400_000 - (n % 86_400) * 1000).toISOString().replace('.000Z', 'Z');
  const boto = (n: number): string => day(n).replace('T', ' ').replace('Z', '+00:00');
  const doc = (i: number) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: `S${i}`, Effect: 'Allow', Action: [`s3:GetObject`, `s3:PutObject`, `dynamodb:Query`], Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:us-east-1:${account}:table/t${i}`] },
      { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ],
  });
  const policies = Array.from({ length: policyCount }, (_, i) => ({
    PolicyName: `policy-${i}`,
    PolicyId: `ANPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:policy/policy-${i}`,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: day(i),
    UpdateDate: day(i),
    PolicyVersionList: [{ Document: i % 3 === 0 ? encodeURIComponent(JSON.stringify(doc(i))) : doc(i), VersionId: 'v1', IsDefaultVersion: true, CreateDate: day(i) }],
  }));
  const attach = (i: number) => [{ PolicyName: `policy-${i % policyCount}`, PolicyArn: `arn:aws:iam::${account}:policy/policy-${i % policyCount}` }];
  const userList = Array.from({ length: users }, (_, i) => ({
    Path: '/',
    UserName: `user-${i}`,
    UserId: `AIDA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:user/user-${i}`,
    CreateDate: boto(i),
    GroupList: [`group-${i % groups}`],
    AttachedManagedPolicies: i % 4 === 0 ? attach(i) : [],
    ...(i % 20 === 0 ? { UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: doc(i) }] } : {}),
    Tags: i % 5 === 0 ? [{ Key: 'team', Value: `t${i % 50}` }] : [],
  }));
  const groupList = Array.from({ length: groups }, (_, i) => ({
    Path: '/',
    GroupName: `group-${i}`,
    GroupId: `AGPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:group/group-${i}`,
    CreateDate: day(i),
    GroupPolicyList: [],
    AttachedManagedPolicies: attach(i * 7),
  }));
  // Infrastructure-as-code roles share a few trust policy texts.
  const trusts = [
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  ];
  const roleList = Array.from({ length: roles }, (_, i) => ({
    Path: '/',
    RoleName: `role-${i}`,
    RoleId: `AROA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:role/role-${i}`,
    CreateDate: day(i),
    AssumeRolePolicyDocument:
      i % 2 === 0
        ? trusts[i % trusts.length]
        : {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${String(100000000000 + (i % 1000))}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `ext-${i}` } } }],
          },
    InstanceProfileList: [],
    RolePolicyList: i % 10 === 0 ? [{ PolicyName: 'inline', PolicyDocument: doc(i) }] : [],
    AttachedManagedPolicies: attach(i),
    Tags: [],
    RoleLastUsed: i % 3 === 0 ? {} : { LastUsedDate: day(i + 1), Region: 'us-east-1' },
  }));
  const rows = [
    REPORT_HEADER,
    `<root_account>,arn:aws:iam::${account}:root,2019-01-01T00:00:00+00:00,not_supported,${day(3)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  for (let i = 0; i < users; i++) {
    const key = i % 3 === 0 ? `true,${day(i)},${day(i + 2)},us-east-1,s3` : 'false,N/A,N/A,N/A,N/A';
    rows.push(
      `user-${i},arn:aws:iam::${account}:user/user-${i},${day(i)},${i % 2 === 0 ? 'true' : 'false'},${i % 2 === 0 ? day(i + 1) : 'N/A'},N/A,N/A,${i % 4 === 0 ? 'true' : 'false'},${key},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
  }
  return JSON.stringify({
    format: 'guard-snapshot/v1',
    capturedAt: '2026-11-27T10:00:00Z',
    account: { id: account, partition: 'aws' },
    iam: {
      credentialReport: `${rows.join('\n')}\n`,
      authorizationDetails: { UserDetailList: userList, GroupDetailList: groupList, RoleDetailList: roleList, Policies: policies },
      accountSummary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 },
      passwordPolicy: null,
      virtualMfaDevices: [],
      samlProviders: [],
      oidcProviders: [],
    },
    organizations: null,
    errors: [],
  });
}

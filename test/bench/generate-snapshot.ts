/**
 * Deterministic synthetic snapshots of a given size for benchmarks: `principals` users and roles
 * (two users for each role), with credential-report rows, groups, managed and inline policies,
 * trust policies and MFA devices in realistic proportions.
 */

const ACCOUNT = '111122223333';
const CAPTURED = Date.UTC(2026, 10, 27, 10);
const DAY = 86_400_000;

/** A small linear congruential generator: the same size gives the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', '+00:00');

/** An account's size, each count given. */
export interface AccountSize {
  readonly users: number;
  readonly roles: number;
  readonly policies: number;
}

/** The account of issue 12's whole-process targets: about 15 MB of snapshot JSON. */
export const LARGE_ACCOUNT: AccountSize = { users: 5_000, roles: 10_000, policies: 10_000 };

/** `principals` splits into two users for each role and a managed policy per hundred principals; an AccountSize says each count. */
export function generateSnapshot(size: number | AccountSize): unknown {
  const principals = typeof size === 'number' ? size : size.users + size.roles;
  const rand = random(principals);
  const users = typeof size === 'number' ? Math.round((principals * 2) / 3) : size.users;
  const roles = principals - users;
  const groups = Math.max(1, Math.round(users / 50));
  const managed = typeof size === 'number' ? Math.max(2, Math.round(principals / 100)) : size.policies;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const ago = (maxDays: number): number => CAPTURED - Math.floor(rand() * maxDays * DAY);

  const policyArns = Array.from({ length: managed }, (_, i) => `arn:aws:iam::${ACCOUNT}:policy/managed-${i}`);
  const actions = ['s3:GetObject', 's3:*', 'iam:PassRole', 'ec2:Describe*', 'sts:AssumeRole', 'dynamodb:Query', '*'];
  const document = (): unknown => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
      Effect: rand() < 0.9 ? 'Allow' : 'Deny',
      Action: rand() < 0.5 ? pick(actions) : [pick(actions), pick(actions)],
      Resource: rand() < 0.6 ? '*' : `arn:aws:s3:::bucket-${Math.floor(rand() * 100)}/*`,
    })),
  });

  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const rows = [
    header,
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,${iso(CAPTURED - 2000 * DAY)},not_supported,${iso(ago(200))},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  const userDetails: unknown[] = [];
  const mfaDevices: unknown[] = [];
  for (let i = 0; i < users; i++) {
    const name = `user-${i}`;
    const created = ago(1500);
    const console = rand() < 0.6;
    const mfa = console && rand() < 0.7;
    const key = (): string => {
      if (rand() < 0.4) return 'false,N/A,N/A,N/A,N/A';
      const rotated = ago(400);
      const used = rand() < 0.2 ? 'N/A,N/A,N/A' : `${iso(Math.max(rotated, ago(200)))},us-east-1,s3`;
      return `${rand() < 0.8},${iso(rotated)},${used}`;
    };
    rows.push(
      [
        name,
        `arn:aws:iam::${ACCOUNT}:user/${name}`,
        iso(created),
        String(console),
        console ? (rand() < 0.2 ? 'no_information' : iso(ago(300))) : 'N/A',
        console ? iso(created) : 'N/A',
        'N/A',
        String(mfa),
        key(),
        key(),
        'false,N/A,false,N/A',
      ].join(','),
    );
    if (mfa)
      mfaDevices.push({
        SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${name}`,
        User: { UserName: name, Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, UserId: `AIDA${String(i).padStart(17, '0')}`, Path: '/', CreateDate: iso(created) },
        EnableDate: iso(created),
      });
    userDetails.push({
      Path: '/',
      UserName: name,
      UserId: `AIDA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      CreateDate: iso(created),
      GroupList: rand() < 0.8 ? [`group-${Math.floor(rand() * groups)}`] : [],
      AttachedManagedPolicies: rand() < 0.2 ? [{ PolicyName: 'x', PolicyArn: pick(policyArns) }] : [],
      UserPolicyList: rand() < 0.1 ? [{ PolicyName: 'inline', PolicyDocument: document() }] : [],
      Tags: [],
    });
  }
  const groupDetails = Array.from({ length: groups }, (_, i) => ({
    Path: '/',
    GroupName: `group-${i}`,
    GroupId: `AGPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/group-${i}`,
    CreateDate: iso(ago(1500)),
    GroupPolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: 'x', PolicyArn: pick(policyArns) }],
  }));
  const trust = (): unknown => {
    const r = rand();
    const principal =
      r < 0.6
        ? { Service: 'ec2.amazonaws.com' }
        : r < 0.9
          ? { AWS: `arn:aws:iam::444455556666:root` }
          : r < 0.97
            ? { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }
            : { AWS: '*' };
    return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(rand() < 0.5 ? { Condition: { StringEquals: { 'sts:ExternalId': 'x' } } } : {}) }] };
  };
  const roleDetails = Array.from({ length: roles }, (_, i) => ({
    Path: rand() < 0.1 ? '/aws-service-role/' : '/',
    RoleName: `role-${i}`,
    RoleId: `AROA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
    CreateDate: iso(ago(1500)),
    AssumeRolePolicyDocument: trust(),
    InstanceProfileList: [],
    RolePolicyList: rand() < 0.2 ? [{ PolicyName: 'inline', PolicyDocument: document() }] : [],
    AttachedManagedPolicies: [{ PolicyName: 'x', PolicyArn: pick(policyArns) }],
    Tags: [],
    RoleLastUsed: rand() < 0.7 ? { LastUsedDate: iso(ago(300)), Region: 'us-east-1' } : {},
  }));
  const policies = policyArns.map((arn, i) => ({
    PolicyName: `managed-${i}`,
    PolicyId: `ANPA${String(i).padStart(17, '0')}`,
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1 + Math.floor(rand() * 10),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: iso(ago(1500)),
    UpdateDate: iso(ago(100)),
    PolicyVersionList: [{ Document: document(), VersionId: 'v1', IsDefaultVersion: true, CreateDate: iso(ago(100)) }],
  }));
  return {
    format: 'guard-snapshot/v1',
    capturedAt: new Date(CAPTURED).toISOString(),
    account: { id: ACCOUNT, partition: 'aws' },
    iam: {
      credentialReport: `${rows.join('\n')}\n`,
      authorizationDetails: { UserDetailList: userDetails, GroupDetailList: groupDetails, RoleDetailList: roleDetails, Policies: policies },
      accountSummary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1, AccountSigningCertificatesPresent: 0, Users: users, Roles: roles },
      passwordPolicy: {
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: false,
        PasswordReusePrevention: 24,
      },
      virtualMfaDevices: mfaDevices,
      samlProviders: [],
      oidcProviders: [
        {
          Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
          Url: 'token.actions.githubusercontent.com',
          ClientIDList: ['sts.amazonaws.com'],
          ThumbprintList: [],
          CreateDate: iso(ago(500)),
        },
      ],
    },
    organizations: null,
    errors: [],
  };
}

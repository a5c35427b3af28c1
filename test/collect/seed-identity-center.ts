/**
 * Seeds moto's Identity Center through the SDK: permission sets with each kind of policy, identity store
 * users, groups and memberships, and account assignments to several accounts. What moto does not
 * implement is answered by the fault proxy (`motoGaps`): GetPermissionsBoundaryForPermissionSet, and
 * ListAccountsForProvisionedPermissionSet (moto lists only its own account, and only after
 * ProvisionPermissionSet), and Access Analyzer, which moto lacks entirely.
 */
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { FaultRule } from '../support/aws-fault-proxy.ts';
import { MANAGEMENT_ACCOUNT } from './seed.ts';

export interface SeededIdentityCenter {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** Name → ARN. */
  readonly permissionSets: Readonly<Record<string, string>>;
  /** User name → UserId. */
  readonly users: Readonly<Record<string, string>>;
  /** Group name → GroupId. */
  readonly groups: Readonly<Record<string, string>>;
  /** Permission set name → the accounts it is assigned in. */
  readonly accounts: Readonly<Record<string, readonly string[]>>;
  /** How many assignments were made. */
  readonly assignments: number;
}

export const MEMBER_A = '111111111111';
export const MEMBER_B = '222222222222';

export const READ_ONLY_INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] });

const config = (endpoint: string) => ({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

export async function seedIdentityCenter(endpoint: string): Promise<SeededIdentityCenter> {
  const sso = new SSOAdminClient(config(endpoint));
  const store = new IdentitystoreClient(config(endpoint));
  try {
    const instance = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
    const instanceArn = instance?.InstanceArn ?? '';
    const identityStoreId = instance?.IdentityStoreId ?? '';
    const set = async (Name: string, SessionDuration: string): Promise<string> =>
      (await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name, SessionDuration, Description: `${Name} access` }))).PermissionSet?.PermissionSetArn ?? '';
    const admin = await set('Admin', 'PT1H');
    const readOnly = await set('ReadOnly', 'PT8H');
    const billing = await set('Billing', 'PT4H');
    await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: admin, ManagedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: readOnly, InlinePolicy: READ_ONLY_INLINE }));
    await sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: readOnly, CustomerManagedPolicyReference: { Name: 'team-read', Path: '/guard/' } }));

    const user = async (UserName: string): Promise<string> =>
      (await store.send(new CreateUserCommand({ IdentityStoreId: identityStoreId, UserName, DisplayName: UserName.toUpperCase(), Name: { GivenName: UserName, FamilyName: 'Test' } }))).UserId ?? '';
    const users = { alice: await user('alice'), bob: await user('bob'), carol: await user('carol') };
    const group = async (DisplayName: string): Promise<string> => (await store.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName, Description: `${DisplayName} team` }))).GroupId ?? '';
    const groups = { admins: await group('admins'), readers: await group('readers') };
    for (const [g, u] of [
      ['admins', 'alice'],
      ['readers', 'alice'],
      ['readers', 'bob'],
    ] as const) {
      await store.send(new CreateGroupMembershipCommand({ IdentityStoreId: identityStoreId, GroupId: groups[g], MemberId: { UserId: users[u] } }));
    }

    const plan: readonly (readonly [string, string, 'USER' | 'GROUP', string])[] = [
      [admin, MANAGEMENT_ACCOUNT, 'GROUP', groups.admins],
      [admin, MEMBER_A, 'GROUP', groups.admins],
      [readOnly, MEMBER_A, 'GROUP', groups.readers],
      [readOnly, MEMBER_B, 'GROUP', groups.readers],
      [readOnly, MEMBER_B, 'USER', users.carol],
    ];
    for (const [ps, account, type, principal] of plan) {
      await sso.send(new CreateAccountAssignmentCommand({ InstanceArn: instanceArn, TargetId: account, TargetType: 'AWS_ACCOUNT', PermissionSetArn: ps, PrincipalType: type, PrincipalId: principal }));
    }
    return {
      instanceArn,
      identityStoreId,
      permissionSets: { Admin: admin, ReadOnly: readOnly, Billing: billing },
      users,
      groups,
      accounts: { Admin: [MANAGEMENT_ACCOUNT, MEMBER_A], ReadOnly: [MEMBER_A, MEMBER_B], Billing: [] },
      assignments: plan.length,
    };
  } finally {
    sso.destroy();
    store.destroy();
  }
}

const ANALYZER_REGION = 'us-east-1';
export const ANALYZERS = [
  { arn: `arn:aws:access-analyzer:${ANALYZER_REGION}:${MANAGEMENT_ACCOUNT}:analyzer/external`, name: 'external', type: 'ACCOUNT', status: 'ACTIVE', createdAt: '2026-01-05T10:00:00Z' },
  {
    arn: `arn:aws:access-analyzer:${ANALYZER_REGION}:${MANAGEMENT_ACCOUNT}:analyzer/unused`,
    name: 'unused',
    type: 'ACCOUNT_UNUSED_ACCESS',
    status: 'ACTIVE',
    createdAt: '2026-01-05T10:00:00Z',
    configuration: { unusedAccess: { unusedAccessAge: 90 } },
  },
] as const;

const json = (body: unknown): string => JSON.stringify(body);

/**
 * Answers for what moto lacks: the boundary of ReadOnly (the others have none: ResourceNotFoundException),
 * the accounts each set is provisioned to, and one account's Access Analyzer with a finding of each kind.
 */
export function motoGaps(seeded: SeededIdentityCenter): FaultRule[] {
  const byArn = new Map(Object.entries(seeded.permissionSets).map(([name, arn]) => [arn, name]));
  const nameOf = (params: Readonly<Record<string, unknown>>): string => byArn.get(String(params['PermissionSetArn'])) ?? '';
  return [
    {
      service: 'sso',
      action: 'GetPermissionsBoundaryForPermissionSet',
      when: (call) => nameOf(call.params) === 'ReadOnly',
      fault: { kind: 'reply', status: 200, body: json({ PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'boundary', Path: '/' } } }) },
    },
    {
      service: 'sso',
      action: 'GetPermissionsBoundaryForPermissionSet',
      fault: { kind: 'reply', status: 400, body: json({ __type: 'ResourceNotFoundException', Message: 'The permissions boundary was not found' }) },
    },
    ...Object.entries(seeded.accounts).map(
      ([name, accounts]): FaultRule => ({
        service: 'sso',
        action: 'ListAccountsForProvisionedPermissionSet',
        when: (call) => nameOf(call.params) === name,
        fault: { kind: 'reply', status: 200, body: json({ AccountIds: accounts }) },
      }),
    ),
    { service: 'access-analyzer', action: 'ListAnalyzers', fault: { kind: 'reply', status: 200, contentType: 'application/json', body: json({ analyzers: ANALYZERS }) } },
    {
      service: 'access-analyzer',
      action: 'ListFindings',
      fault: {
        kind: 'reply',
        status: 200,
        contentType: 'application/json',
        body: json({
          findings: [
            {
              id: 'ext-1',
              principal: { AWS: '444455556666' },
              action: ['s3:GetObject'],
              resource: 'arn:aws:s3:::shared-bucket',
              isPublic: false,
              resourceType: 'AWS::S3::Bucket',
              condition: {},
              createdAt: '2026-02-01T00:00:00Z',
              analyzedAt: '2026-02-01T00:00:00Z',
              updatedAt: '2026-02-01T00:00:00Z',
              status: 'ACTIVE',
              resourceOwnerAccount: MANAGEMENT_ACCOUNT,
            },
          ],
        }),
      },
    },
    {
      service: 'access-analyzer',
      action: 'ListFindingsV2',
      fault: {
        kind: 'reply',
        status: 200,
        contentType: 'application/json',
        body: json({
          findings: [
            {
              id: 'unused-1',
              resource: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/old`,
              resourceType: 'AWS::IAM::Role',
              resourceOwnerAccount: MANAGEMENT_ACCOUNT,
              status: 'ACTIVE',
              findingType: 'UnusedIAMRole',
              createdAt: '2026-02-01T00:00:00Z',
              analyzedAt: '2026-02-01T00:00:00Z',
              updatedAt: '2026-02-01T00:00:00Z',
            },
          ],
        }),
      },
    },
  ];
}

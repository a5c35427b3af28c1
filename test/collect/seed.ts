/**
 * Seeds moto through the AWS SDK itself, as a real account would be built: users with passwords, keys and
 * MFA, groups, roles with public, cross-account and GitHub OIDC trust, customer policies with several
 * versions, identity providers, a password policy, and an organization with OUs, accounts and SCPs.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export const TEST_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  // Never reach for instance metadata or a developer's own profiles.
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/guard-test-aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/guard-test-aws-credentials',
} as const;

/** moto's default account: the one the `testing` keys belong to. */
export const MANAGEMENT_ACCOUNT = '123456789012';

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const TEST_CREDENTIALS: Credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function clientConfig(endpoint: string, credentials: Credentials = TEST_CREDENTIALS) {
  return { region: 'us-east-1', endpoint, credentials, maxAttempts: 1 };
}

/** Secret material the seeding created: none of it may appear in a snapshot. */
export interface SeededSecrets {
  readonly accessKeySecrets: readonly string[];
  readonly passwords: readonly string[];
  readonly mfaSeeds: readonly string[];
}

const doc = (statement: readonly object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });

const SAML_METADATA = `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;

/** A realistic single account; returns the secrets it created. `prefix` keeps names apart across accounts. */
export async function seedAccount(endpoint: string, credentials?: Credentials, prefix = ''): Promise<SeededSecrets> {
  const iam = new IAMClient(clientConfig(endpoint, credentials));
  const sts = new STSClient(clientConfig(endpoint, credentials));
  const sso = new SSOAdminClient(clientConfig(endpoint, credentials));
  const accessKeySecrets: string[] = [];
  const passwords: string[] = [];
  const mfaSeeds: string[] = [];
  const name = (base: string): string => `${prefix}${base}`;
  try {
    const account = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';

    // Users: a console user with MFA, a console user without, a CI user with two keys, a user with nothing.
    for (const user of ['alice', 'bob', 'ci-bot', 'carol']) await iam.send(new CreateUserCommand({ UserName: name(user), Tags: [{ Key: 'team', Value: 'platform' }] }));
    for (const user of ['alice', 'bob']) {
      const password = `Pw-${user}-${Math.random().toString(36).slice(2)}!`;
      passwords.push(password);
      await iam.send(new CreateLoginProfileCommand({ UserName: name(user), Password: password }));
    }
    for (const user of ['alice', 'ci-bot', 'ci-bot']) {
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: name(user) }));
      if (key.AccessKey?.SecretAccessKey) accessKeySecrets.push(key.AccessKey.SecretAccessKey);
    }
    const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name('alice-phone') }));
    const seed = device.VirtualMFADevice?.Base32StringSeed;
    if (seed) mfaSeeds.push(new TextDecoder().decode(seed));
    await iam.send(new EnableMFADeviceCommand({ UserName: name('alice'), SerialNumber: device.VirtualMFADevice?.SerialNumber ?? '', AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name('unassigned') }));

    // Groups and policies: a customer policy with three versions (the newest default), an admin-like one.
    await iam.send(new CreateGroupCommand({ GroupName: name('deployers') }));
    await iam.send(new AddUserToGroupCommand({ GroupName: name('deployers'), UserName: name('ci-bot') }));
    const deploy = await iam.send(new CreatePolicyCommand({ PolicyName: name('deploy'), PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts/*' }]) }));
    const deployArn = deploy.Policy?.Arn ?? '';
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: deployArn, PolicyDocument: doc([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::artifacts/*' }]) }));
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: deployArn,
        SetAsDefault: true,
        PolicyDocument: doc([{ Effect: 'Allow', Action: ['s3:*'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }]),
      }),
    );
    await iam.send(new AttachGroupPolicyCommand({ GroupName: name('deployers'), PolicyArn: deployArn }));
    const star = await iam.send(new CreatePolicyCommand({ PolicyName: name('everything'), PolicyDocument: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }));
    await iam.send(new AttachUserPolicyCommand({ UserName: name('bob'), PolicyArn: star.Policy?.Arn ?? '' }));
    await iam.send(new PutUserPolicyCommand({ UserName: name('ci-bot'), PolicyName: 'pass-role', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]) }));

    // Identity providers.
    await iam.send(new CreateSAMLProviderCommand({ Name: name('corp-idp'), SAMLMetadataDocument: SAML_METADATA }));
    const github = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://token.actions.githubusercontent.com',
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      }),
    );

    // Roles: public trust, cross-account without ExternalId, GitHub OIDC with and without a `sub` condition, a service role.
    const roles: readonly [string, string][] = [
      ['public', doc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }])],
      ['vendor', doc([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }])],
      [
        'github-deploy',
        doc([
          {
            Effect: 'Allow',
            Principal: { Federated: github.OpenIDConnectProviderArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example/app:ref:refs/heads/main' },
            },
          },
        ]),
      ],
      [
        'github-any',
        doc([
          {
            Effect: 'Allow',
            Principal: { Federated: github.OpenIDConnectProviderArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
          },
        ]),
      ],
      ['ec2-app', doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }])],
    ];
    for (const [role, trust] of roles) await iam.send(new CreateRoleCommand({ RoleName: name(role), AssumeRolePolicyDocument: trust, Description: `test role ${role}` }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name('github-deploy'), PolicyArn: deployArn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name('vendor'), PolicyArn: star.Policy?.Arn ?? '' }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name('ec2-app'),
        PolicyName: 'logs',
        PolicyDocument: doc([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:*:${account}:*` }]),
      }),
    );

    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        PasswordReusePrevention: 24,
        MaxPasswordAge: 90,
      }),
    );
    // moto makes the Identity Center instance on its first call; a real one exists before any snapshot
    // (else its CreatedDate would be after capturedAt, which validation warns about).
    await sso.send(new ListInstancesCommand({}));
    return { accessKeySecrets, passwords, mfaSeeds };
  } finally {
    iam.destroy();
    sts.destroy();
    sso.destroy();
  }
}

export interface SeededOrganization {
  readonly organizationId: string;
  readonly rootId: string;
  /** Name → id. */
  readonly units: Readonly<Record<string, string>>;
  readonly accounts: Readonly<Record<string, string>>;
  /** Name → id of the SCPs created. */
  readonly policies: Readonly<Record<string, string>>;
}

/**
 * An organization: Root > Workloads > {Prod, Sandbox}, accounts in each, SCPs attached at the root, an OU and
 * an account, and a delegated administrator.
 */
export async function seedOrganization(endpoint: string): Promise<SeededOrganization> {
  const org = new OrganizationsClient(clientConfig(endpoint));
  try {
    const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })).catch(() => undefined);
    const ou = async (name: string, parent: string): Promise<string> => (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit?.Id ?? '';
    const workloads = await ou('Workloads', rootId);
    const prod = await ou('Prod', workloads);
    const sandbox = await ou('Sandbox', workloads);
    const account = async (name: string, parent: string): Promise<string> => {
      const status = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      const id = status.CreateAccountStatus?.AccountId ?? '';
      await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parent }));
      return id;
    };
    const accounts = { prod: await account('prod', prod), sandbox: await account('sandbox', sandbox), security: await account('security', workloads) };
    const scp = async (name: string, statement: readonly object[]): Promise<string> =>
      (await org.send(new CreateOrgPolicyCommand({ Name: name, Description: name, Type: 'SERVICE_CONTROL_POLICY', Content: doc(statement) }))).Policy?.PolicySummary?.Id ?? '';
    const policies = {
      'deny-leave': await scp('deny-leave', [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }]),
      'deny-regions': await scp('deny-regions', [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }]),
      'deny-root': await scp('deny-root', [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }]),
    };
    await org.send(new AttachPolicyCommand({ PolicyId: policies['deny-leave'], TargetId: rootId }));
    await org.send(new AttachPolicyCommand({ PolicyId: policies['deny-regions'], TargetId: workloads }));
    await org.send(new AttachPolicyCommand({ PolicyId: policies['deny-root'], TargetId: accounts.prod }));
    await org.send(new RegisterDelegatedAdministratorCommand({ AccountId: accounts.security, ServicePrincipal: 'guardduty.amazonaws.com' }));
    return {
      organizationId: created.Organization?.Id ?? '',
      rootId,
      units: { Workloads: workloads, Prod: prod, Sandbox: sandbox },
      accounts,
      policies,
    };
  } finally {
    org.destroy();
  }
}

/** Credentials inside a member account (moto honours AssumeRole into any account id). */
export async function assumeInto(endpoint: string, accountId: string, roleName = 'OrganizationAccountAccessRole'): Promise<Credentials> {
  const sts = new STSClient(clientConfig(endpoint));
  try {
    const response = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'seed' }));
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) };
  } finally {
    sts.destroy();
  }
}

import fc from 'fast-check';
import { DAY_MS as DAY } from '../model/index.ts';
import {
  type AccountSpec,
  type CertificateSpec,
  type DateForm,
  type DateSpec,
  type DocumentForm,
  type DocumentSpec,
  GENERATED_ACCOUNT,
  GENERATED_CAPTURED_AT,
  GENERATED_FOREIGN_ACCOUNTS,
  GENERATED_ORGANIZATION_ACCOUNTS,
  IAM_SECTIONS,
  type IamSectionName,
  type InlinePolicySpec,
  type KeySpec,
  type ManagedPolicySpec,
  ORGANIZATION_SUBSECTIONS,
  type OrganizationSpec,
  type OrganizationSubsection,
  type PasswordPolicySpec,
  type ReportDateSpec,
  type ReportRowSpec,
  type RoleSpec,
  type RootSpec,
  type SectionState,
  type StatementSpec,
} from './account-spec.ts';
import { accessAnalyzerSpecArb, identityCenterSpecArb } from './identity-center-arbitraries.ts';
import { documentInput, snapshotOf } from './write-snapshot-document.ts';

/**
 * fast-check arbitraries of account specs (account-spec.ts), and of the raw snapshot v1 documents
 * `snapshotOf` writes from them, to be loaded by the real `parseSnapshot` and `normalizeSnapshot`,
 * as files are.
 *
 * Two layers, so that properties can constrain what they generate:
 * - `accountSpecArb(options)` generates an `AccountSpec`: what the account holds (users and their
 *   credential-report rows, groups, roles and trust policies, managed and inline policies, root,
 *   password policy, MFA devices, providers, organization) and how each value is written (document
 *   form, date form, line ends), with ages in milliseconds before `capturedAt`. It is plain data:
 *   `.map` or `.filter` it to pin what a property needs (every user with MFA, no organization, ...).
 * - `snapshotOf(spec)` writes the spec as a snapshot document. `snapshotArbWith(options)` is the two
 *   together; `snapshotArb` is `snapshotArbWith()`.
 *
 * Every generated document is a valid snapshot (a test holds it to that).
 */

const ACCOUNT = GENERATED_ACCOUNT;
const GITHUB = 'token.actions.githubusercontent.com';

export interface SnapshotArbOptions {
  /** `capturedAt`, ISO 8601 (default `2026-11-27T10:00:00Z`). Ages are relative to it. */
  readonly capturedAt?: string;
  readonly maxUsers?: number;
  readonly maxGroups?: number;
  readonly maxRoles?: number;
  /** Managed policies in the `Policies` list. */
  readonly maxPolicies?: number;
  /**
   * Sections: `vary` (default: mostly present, sometimes missing or in `errors`), `complete` (all
   * present, the organization's sub-sections and root-access features too), or per section (`credentialReport`, ..., `organizations`) a state or `vary`.
   */
  readonly sections?: 'vary' | 'complete' | Readonly<Partial<Record<IamSectionName | 'organizations' | 'identityCenter' | 'accessAnalyzer', SectionState | 'vary'>>>;
  /** `vary` (default), `none` (in no organization), or `member` (in one). */
  readonly organization?: 'vary' | 'none' | 'member';
  /** Give users and groups IAM paths too (`/ci/`, in their ARNs); off by default, so the default accounts stay as they were. */
  readonly paths?: boolean;
  /**
   * The Identity Center and Access Analyzer sections (identity-center-arbitraries.ts): on by default,
   * each present, missing, errored or (Identity Center) null; `false` leaves both out (not collected).
   */
  readonly identityCenter?: boolean;
}

// ---------------------------------------------------------------------------------------------
// parts

/** Day counts around the library's thresholds (45, 90 days) turn up often, at exactly whole days too. */
const days = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(0, 1, 44, 45, 46, 89, 90, 91, 400) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 1200 }) });

/** Whole days, or a few seconds off them either way. */
const jitter = fc.constantFrom(0, 0, 1000, -1000, 37_000);

export const dateFormArb: fc.Arbitrary<DateForm> = fc.constantFrom('Z', '+00:00', 'micro', 'boto');

/** An age before `capturedAt` (never after it), in any date form. */
export const dateSpecArb: fc.Arbitrary<DateSpec> = fc.tuple(days, jitter, dateFormArb).map(([d, j, form]) => ({ ago: Math.max(0, d * DAY + j), form }));

/** A credential-report date or sentinel. */
export const reportDateArb: fc.Arbitrary<ReportDateSpec> = fc.oneof({ weight: 3, arbitrary: dateSpecArb }, { weight: 1, arbitrary: fc.constantFrom<ReportDateSpec>('N/A', 'no_information', 'not_supported') });

const ACTIONS = ['*', '*:*', 's3:*', 'S3:*', 's3:GetObject', 'ec2:Describe*', 'iam:*', 'iam:PassRole', 'iam:Pass*', 'iam:Get*', 'sts:AssumeRole', 'sts:*', 'dynamodb:*'] as const;
const RESOURCES = ['*', 'arn:aws:s3:::bucket/*', `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:role/deploy`] as const;

/** A string, or a list of one or more (the two forms IAM accepts for Action, Resource, ...). */
function stringOrList(values: readonly string[]): fc.Arbitrary<string | readonly string[]> {
  return fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));
}

const conditionArb = fc.constantFrom<StatementSpec['Condition']>({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } }, { StringLike: { 's3:prefix': '*' } });

/** An identity-policy statement: Action or NotAction, Resource or NotResource, sometimes a Condition. */
export const statementArb: fc.Arbitrary<StatementSpec> = fc
  .record({
    Sid: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
    Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    actions: stringOrList(ACTIONS),
    resources: stringOrList(RESOURCES),
    useNotAction: fc.constantFrom(false, false, false, true),
    useNotResource: fc.constantFrom(false, false, false, false, true),
    condition: fc.option(conditionArb, { nil: undefined, freq: 4 }),
  })
  .map(({ Sid, Effect, actions, resources, useNotAction, useNotResource, condition }) => ({
    ...(Sid === undefined ? {} : { Sid }),
    Effect,
    ...(useNotAction ? { NotAction: actions } : { Action: actions }),
    ...(useNotResource ? { NotResource: resources } : { Resource: resources }),
    ...(condition === undefined ? {} : { Condition: condition }),
  }));

const federatedGithub = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}`;
const federatedSaml = `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`;

const principalArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant('*'),
  fc.record({ AWS: fc.constantFrom('*', ['*']) }),
  fc.record({
    AWS: stringOrList([
      ACCOUNT,
      `arn:aws:iam::${ACCOUNT}:root`,
      GENERATED_ORGANIZATION_ACCOUNTS[1],
      `arn:aws:iam::${GENERATED_ORGANIZATION_ACCOUNTS[0]}:role/admin`,
      GENERATED_FOREIGN_ACCOUNTS[0],
      `arn:aws:iam::${GENERATED_FOREIGN_ACCOUNTS[1]}:root`,
    ]),
  }),
  fc.record({ Service: fc.constantFrom('ec2.amazonaws.com', 'lambda.amazonaws.com') }),
  fc.record({ Federated: fc.constantFrom(federatedGithub, federatedSaml, 'cognito-identity.amazonaws.com') }),
);

const trustConditionArb = fc.constantFrom<StatementSpec['Condition']>(
  { StringEquals: { 'sts:ExternalId': 'x-123' } },
  { StringEquals: { 'sts:externalid': 'x-123' } },
  { StringEqualsIfExists: { 'sts:ExternalId': 'x-123' } },
  { Null: { 'sts:ExternalId': 'true' } },
  { Null: { 'sts:ExternalId': 'false' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringLike: { [`${GITHUB}:sub`]: 'repo:my-org/my-repo:*' } },
  { StringLike: { [`${GITHUB}:sub`]: '*' } },
  { StringLike: { [`${GITHUB}:sub`]: ['*', 'repo:my-org/my-repo:*'] } },
  { StringEquals: { [`${GITHUB}:sub`]: 'repo:my-org/my-repo:ref:refs/heads/main', [`${GITHUB}:aud`]: 'sts.amazonaws.com' } },
  { 'ForAnyValue:StringLike': { [`${GITHUB}:sub`]: '*' } },
  { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } },
);

/** A trust-policy statement: who may assume the role, sometimes with conditions; rarely Deny or NotPrincipal. */
export const trustStatementArb: fc.Arbitrary<StatementSpec> = fc
  .record({
    Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
    principal: principalArb,
    notPrincipal: fc.constantFrom(false, false, false, false, false, false, true),
    Action: fc.constantFrom<string | readonly string[]>('sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', ['sts:AssumeRole', 'sts:TagSession']),
    condition: fc.option(trustConditionArb, { nil: undefined, freq: 2 }),
  })
  .map(({ Effect, principal, notPrincipal, Action, condition }) => ({
    Effect,
    ...(notPrincipal ? { NotPrincipal: principal } : { Principal: principal }),
    Action,
    ...(condition === undefined ? {} : { Condition: condition }),
  }));

/** A document of these statements, in any written form. */
export function documentSpecArb(statement: fc.Arbitrary<StatementSpec>, maxStatements = 3): fc.Arbitrary<DocumentSpec> {
  return fc.record({
    statements: fc.array(statement, { minLength: 1, maxLength: maxStatements }),
    form: fc.constantFrom<DocumentForm>('object', 'json', 'url'),
    single: fc.boolean(),
  });
}

export const policyDocumentSpecArb: fc.Arbitrary<DocumentSpec> = documentSpecArb(statementArb);
export const trustDocumentSpecArb: fc.Arbitrary<DocumentSpec> = documentSpecArb(trustStatementArb, 2);

/** A policy document input (object, JSON string or URL-encoded), for tests of the policy-document parser. */
export const policyDocumentInputArb: fc.Arbitrary<Readonly<Record<string, unknown>> | string> = policyDocumentSpecArb.map(documentInput);

const keySpecArb: fc.Arbitrary<KeySpec | null> = fc.option(fc.record({ active: fc.boolean(), rotated: dateSpecArb, lastUsed: reportDateArb }), { nil: null, freq: 3 });
const certificateSpecArb: fc.Arbitrary<CertificateSpec | null> = fc.option(fc.record({ active: fc.boolean(), rotated: reportDateArb }), { nil: null, freq: 2 });

/** A credential-report row of an IAM user. */
export const reportRowArb: fc.Arbitrary<ReportRowSpec> = fc.record({
  passwordEnabled: fc.boolean(),
  passwordLastUsed: reportDateArb,
  passwordLastChanged: reportDateArb,
  mfa: fc.boolean(),
  keys: fc.tuple(keySpecArb, keySpecArb),
  certificates: fc.tuple(certificateSpecArb, certificateSpecArb),
  upper: fc.constantFrom(false, false, false, true),
});

/** The root row: `password_enabled` is `not_supported` in real reports, sometimes a boolean in hand-made ones. */
export const rootReportRowArb: fc.Arbitrary<ReportRowSpec> = fc
  .tuple(reportRowArb, fc.constantFrom<boolean | 'not_supported'>('not_supported', 'not_supported', true, false))
  .map(([row, passwordEnabled]) => ({ ...row, passwordEnabled }));

const summaryFlag = fc.option(fc.constantFrom(0, 1), { nil: undefined, freq: 6 });
const rootArb: fc.Arbitrary<RootSpec> = fc.record({
  report: fc.option(rootReportRowArb, { nil: null, freq: 5 }),
  summary: fc
    .record({ AccountMFAEnabled: summaryFlag, AccountAccessKeysPresent: summaryFlag, AccountPasswordPresent: summaryFlag, AccountSigningCertificatesPresent: summaryFlag })
    .map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined))),
});

const AWS_MANAGED: Readonly<Record<string, readonly StatementSpec[]>> = {
  AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  AWSSupportAccess: [{ Effect: 'Allow', Action: ['support:*'], Resource: '*' }],
  AWSCloudShellFullAccess: [{ Effect: 'Allow', Action: ['cloudshell:*'], Resource: '*' }],
  PowerUserAccess: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'], Resource: '*' },
  ],
  ReadOnlyAccess: [{ Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe*', 'iam:Get*', 'iam:List*'], Resource: '*' }],
};
const AWS_MANAGED_NAMES = Object.keys(AWS_MANAGED);
const awsManagedArn = (name: string): string => `arn:aws:iam::aws:policy/${name}`;
const CUSTOMER_NAMES = ['p0', 'p1', 'p2', 'p3'] as const;
const customerArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

/** Managed policy ARNs principals may attach: customer (listed or not) and AWS managed. */
const attachableArns = [...CUSTOMER_NAMES.map(customerArn), customerArn('unlisted'), ...AWS_MANAGED_NAMES.map(awsManagedArn)];
const attachmentsArb = fc.uniqueArray(fc.constantFrom(...attachableArns), { maxLength: 2 });

const inlineArb: fc.Arbitrary<readonly InlinePolicySpec[]> = fc.uniqueArray(fc.record({ name: fc.constantFrom('i0', 'i1'), document: policyDocumentSpecArb }), {
  maxLength: 2,
  selector: (p) => p.name,
});

const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'ci', 'svc'] as const;
const GROUP_NAMES = ['g0', 'g1', 'g2'] as const;
const ROLE_NAMES = ['r0', 'r1', 'r2', 'r3', 'svc-linked'] as const;

const passwordPolicyArb: fc.Arbitrary<PasswordPolicySpec> = fc.record(
  {
    MinimumPasswordLength: fc.constantFrom(6, 8, 13, 14, 15, 20),
    RequireSymbols: fc.boolean(),
    RequireNumbers: fc.boolean(),
    RequireUppercaseCharacters: fc.boolean(),
    RequireLowercaseCharacters: fc.boolean(),
    ExpirePasswords: fc.boolean(),
    MaxPasswordAge: fc.constantFrom(30, 89, 90, 91, 365),
    PasswordReusePrevention: fc.constantFrom(1, 5, 23, 24),
  },
  { requiredKeys: ['MinimumPasswordLength'] },
);

function sectionStateArb(setting: SectionState | 'vary' | undefined): fc.Arbitrary<SectionState> {
  if (setting !== undefined && setting !== 'vary') return fc.constant(setting);
  return fc.constantFrom<SectionState>('present', 'present', 'present', 'present', 'missing', 'errored');
}

function sectionSetting(options: SnapshotArbOptions, name: IamSectionName | 'organizations' | 'identityCenter' | 'accessAnalyzer'): SectionState | 'vary' {
  const sections = options.sections ?? 'vary';
  if (sections === 'vary') return 'vary';
  if (sections === 'complete') return 'present';
  return sections[name] ?? 'vary';
}

/** AWS managed policies have fixed content; customer ones keep the generated document. */
function withAwsManagedContent(p: ManagedPolicySpec): ManagedPolicySpec {
  if (!p.arn.includes(':iam::aws:')) return p;
  const statements = AWS_MANAGED[p.arn.slice(p.arn.lastIndexOf('/') + 1)];
  return statements === undefined ? p : { ...p, document: { ...p.document, statements } };
}

type GeneratedFeatures = 'none' | 'empty' | 'both';

/** The organization of generated accounts: always the same one, with the snapshot account listed or not, a sub-section missing or not. */
function generatedOrganization(capturedAt: number, currentListed: boolean, missing: OrganizationSubsection | null, features: GeneratedFeatures): OrganizationSpec {
  const [management, member] = GENERATED_ORGANIZATION_ACCOUNTS;
  const OA = `arn:aws:organizations::${management}`;
  const joined = (text: string, form: DateForm): DateSpec => ({ ago: capturedAt - Date.parse(text), form });
  return {
    id: 'o-x',
    managementAccountId: management,
    featureSet: 'ALL',
    root: { id: 'r-1', policyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] },
    units: [
      { id: 'ou-1', name: 'Workloads', parentId: 'r-1' },
      { id: 'ou-2', name: 'Prod', parentId: 'ou-1' },
    ],
    accounts: [
      { id: management, name: 'management', parentId: 'r-1', status: 'ACTIVE', joined: joined('2020-01-01T00:00:00Z', 'Z') },
      { id: member, name: 'shared', parentId: 'ou-1', status: 'ACTIVE', joined: joined('2021-01-01T00:00:00Z', '+00:00') },
      ...(currentListed ? [{ id: ACCOUNT, name: 'me', parentId: 'ou-2', status: 'ACTIVE' }] : []),
    ],
    policies: [
      {
        id: 'p-1',
        arn: `${OA}:policy/o-x/service_control_policy/p-1`,
        name: 'deny-leave',
        type: 'SERVICE_CONTROL_POLICY',
        content: { statements: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }], form: 'json', single: true },
        targets: [{ id: 'r-1' }],
      },
      {
        id: 'p-2',
        arn: `${OA}:policy/o-x/resource_control_policy/p-2`,
        name: 'rcp',
        type: 'RESOURCE_CONTROL_POLICY',
        content: { statements: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }], form: 'json', single: false, noVersion: true },
        targets: [{ id: 'ou-1' }, { id: ACCOUNT }],
      },
    ],
    delegatedAdministrators: [{ accountId: member, services: ['guardduty.amazonaws.com'] }],
    missing,
    features: features === 'none' ? 'none' : { enabled: features === 'both' ? ['RootCredentialsManagement', 'RootSessions'] : [] },
  };
}

/** The account as plain data: constrain it with `.map`/`.filter`, then write it with `snapshotOf`. */
export function accountSpecArb(options: SnapshotArbOptions = {}): fc.Arbitrary<AccountSpec> {
  // Only with `paths`: a key more in a record changes every account the seed draws.
  const path: { path?: fc.Arbitrary<string> } = options.paths === true ? { path: fc.constantFrom('/', '/', '/ci/', '/teams/a/') } : {};
  const userArb = fc.record({
    ...path,
    name: fc.constantFrom(...USER_NAMES),
    created: dateSpecArb,
    groups: fc.subarray([...GROUP_NAMES, 'ghost']),
    attached: attachmentsArb,
    inline: inlineArb,
    boundary: fc.option(fc.constantFrom(customerArn('p1'), customerArn('p3')), { nil: null, freq: 3 }),
    report: fc.option(reportRowArb, { nil: null, freq: 8 }),
  });
  const groupArb = fc.record({ ...path, name: fc.constantFrom(...GROUP_NAMES), attached: attachmentsArb, inline: inlineArb });
  const roleArb = fc
    .record({
      name: fc.constantFrom(...ROLE_NAMES),
      path: fc.constantFrom('/', '/', '/service-role/'),
      created: dateSpecArb,
      lastUsed: fc.oneof({ weight: 4, arbitrary: dateSpecArb }, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant<'absent'>('absent') }),
      trust: trustDocumentSpecArb,
      attached: attachmentsArb,
      inline: inlineArb,
    })
    .map((r): RoleSpec => (r.name === 'svc-linked' ? { ...r, path: '/aws-service-role/support.amazonaws.com/' } : r));
  const count = (n: number | undefined, fallback: number): number => Math.max(0, n ?? fallback);
  const policyArb = fc
    .record({
      arn: fc.constantFrom(...CUSTOMER_NAMES.map(customerArn), ...AWS_MANAGED_NAMES.map(awsManagedArn)),
      document: policyDocumentSpecArb,
      attachmentCount: fc.option(fc.nat(3), { nil: null, freq: 4 }),
      boundaryUsageCount: fc.option(fc.nat(1), { nil: null, freq: 4 }),
    })
    .map(withAwsManagedContent);
  const sections = Object.fromEntries(IAM_SECTIONS.map((name) => [name, sectionStateArb(sectionSetting(options, name))])) as Record<IamSectionName, fc.Arbitrary<SectionState>>;
  // `complete` also means every organization sub-section and the root-access features are there.
  const complete = options.sections === 'complete';
  const capturedAt = options.capturedAt ?? GENERATED_CAPTURED_AT;
  const memberArb: fc.Arbitrary<OrganizationSpec> = fc
    .record({
      currentListed: fc.constantFrom(true, true, false),
      missing: complete ? fc.constant(null) : fc.option(fc.constantFrom(...ORGANIZATION_SUBSECTIONS), { nil: null, freq: 3 }),
      features: complete ? fc.constantFrom<GeneratedFeatures>('empty', 'both') : fc.constantFrom<GeneratedFeatures>('none', 'empty', 'both'),
    })
    .map((o) => generatedOrganization(Date.parse(capturedAt), o.currentListed, o.missing, o.features));
  const organizationArb: fc.Arbitrary<OrganizationSpec | null> = options.organization === 'none' ? fc.constant(null) : options.organization === 'member' ? memberArb : fc.option(memberArb, { nil: null, freq: 3 });
  const organizationsSetting = sectionSetting(options, 'organizations');
  const base = fc.record({
    root: rootArb,
    users: fc.uniqueArray(userArb, { maxLength: count(options.maxUsers, 5), selector: (u) => u.name }),
    groups: fc.uniqueArray(groupArb, { maxLength: count(options.maxGroups, 3), selector: (g) => g.name }),
    roles: fc.uniqueArray(roleArb, { maxLength: count(options.maxRoles, 4), selector: (r) => r.name }),
    policies: fc.uniqueArray(policyArb, { maxLength: count(options.maxPolicies, 4), selector: (p) => p.arn }),
    passwordPolicy: fc.option(passwordPolicyArb, { nil: null, freq: 4 }),
    virtualMfa: fc.uniqueArray(fc.record({ serial: fc.constantFrom('d0', 'd1', 'd2'), assignedTo: fc.constantFrom<string | null>('root', 'alice', 'bob', null, 'ghost'), enabled: dateSpecArb }), {
      maxLength: 3,
      selector: (d) => d.serial,
    }),
    hardwareMfa: fc.uniqueArray(fc.record({ user: fc.constantFrom(...USER_NAMES), serial: fc.constantFrom('GAHT1', 'GAHT2') }), { maxLength: 2, selector: (d) => d.serial }),
    samlProviders: fc.subarray(['Corp', 'OldOkta']).map((names) => names.map((name) => ({ name }))),
    oidcProviders: fc.subarray([GITHUB, 'accounts.google.com']).map((hosts) => hosts.map((host) => ({ host }))),
    organization: organizationArb,
    sections: fc.record(sections),
    organizationsSection: sectionStateArb(organizationsSetting),
    crlf: fc.boolean(),
  });
  const withParts: fc.Arbitrary<Omit<AccountSpec, 'capturedAt'>> = options.identityCenter !== false ? fc.tuple(base, identityCenterParts(options)).map(([spec, parts]) => ({ ...spec, ...parts })) : base;
  return withParts.map((spec) => ({ ...spec, capturedAt }));
}

/** The Identity Center and Access Analyzer sections, each present, missing or errored; `identityCenter` null is no instance (known). */
function identityCenterParts(options: SnapshotArbOptions): fc.Arbitrary<Pick<AccountSpec, 'identityCenter' | 'identityCenterSection' | 'accessAnalyzer' | 'accessAnalyzerSection'>> {
  return fc.record({
    identityCenter: fc.option(identityCenterSpecArb([ACCOUNT, ...GENERATED_ORGANIZATION_ACCOUNTS]), { nil: null, freq: 4 }),
    identityCenterSection: sectionStateArb(sectionSetting(options, 'identityCenter')),
    accessAnalyzer: accessAnalyzerSpecArb,
    accessAnalyzerSection: sectionStateArb(sectionSetting(options, 'accessAnalyzer')),
  });
}

/** Raw snapshot documents, varied as `options` say. */
export function snapshotArbWith(options: SnapshotArbOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  return accountSpecArb(options).map(snapshotOf);
}

/** Raw snapshot documents with every default: sections present, missing or in `errors`; any organization state. */
export const snapshotArb: fc.Arbitrary<Record<string, unknown>> = snapshotArbWith();

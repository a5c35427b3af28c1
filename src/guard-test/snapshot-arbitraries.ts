import fc from 'fast-check';
import { DAY_MS, REPORT_COLUMN_NAMES } from '../model/index.ts';

/**
 * fast-check arbitraries of raw snapshot v1 documents: plain JSON with AWS's field names, to be
 * loaded by the real `parseSnapshot` and `normalizeSnapshot`, as files are.
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

/** The account id of generated snapshots. */
export const GENERATED_ACCOUNT = '123456789012';
/** The organization's management account and another member, when there is an organization. */
export const GENERATED_ORGANIZATION_ACCOUNTS = ['999988887777', '210987654321'] as const;
/** Accounts outside the organization that trust policies may name. */
export const GENERATED_FOREIGN_ACCOUNTS = ['444455556666', '777788889999'] as const;
/** `capturedAt` of generated snapshots unless `options.capturedAt` says otherwise. */
export const GENERATED_CAPTURED_AT = '2026-11-27T10:00:00Z';

const ACCOUNT = GENERATED_ACCOUNT;
const GITHUB = 'token.actions.githubusercontent.com';

// ---------------------------------------------------------------------------------------------
// the spec

/** Every form AWS tools write dates in: `Z`, `+00:00`, fractional seconds, and boto3's space form. */
export type DateForm = 'Z' | '+00:00' | 'micro' | 'boto';

/** A date as an age: `ago` milliseconds before `capturedAt`, written in `form`. */
export interface DateSpec {
  readonly ago: number;
  readonly form: DateForm;
}

/** A credential-report date: a date, or one of the sentinels the report writes for "none". */
export type ReportDateSpec = DateSpec | 'N/A' | 'no_information' | 'not_supported';

export type DocumentForm = 'object' | 'json' | 'url';

export interface StatementSpec {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  /** Each of these is a string or a list, as written in the document. */
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A policy document and how it is written: object, JSON string or URL-encoded JSON; one statement as an object or a list. */
export interface DocumentSpec {
  readonly statements: readonly StatementSpec[];
  readonly form: DocumentForm;
  /** With exactly one statement: write `Statement` as that object rather than a one-element list. */
  readonly single: boolean;
}

export interface InlinePolicySpec {
  readonly name: string;
  readonly document: DocumentSpec;
}

export interface KeySpec {
  readonly active: boolean;
  readonly rotated: DateSpec;
  readonly lastUsed: ReportDateSpec;
}

export interface CertificateSpec {
  readonly active: boolean;
  readonly rotated: ReportDateSpec;
}

/** A credential-report row. Booleans are written `true`/`false`, or upper case when `upper`. */
export interface ReportRowSpec {
  /** `not_supported` appears on real root rows. */
  readonly passwordEnabled: boolean | 'not_supported';
  readonly passwordLastUsed: ReportDateSpec;
  readonly passwordLastChanged: ReportDateSpec;
  readonly mfa: boolean;
  /** Slots 1 and 2; null is an empty slot (`false,N/A,...`). */
  readonly keys: readonly [KeySpec | null, KeySpec | null];
  readonly certificates: readonly [CertificateSpec | null, CertificateSpec | null];
  readonly upper: boolean;
}

export interface UserSpec {
  readonly name: string;
  readonly created: DateSpec;
  /** Group names; a name no group has is a dangling reference, which real dumps never hold but hand-made ones may. */
  readonly groups: readonly string[];
  /** Managed policy ARNs. */
  readonly attached: readonly string[];
  readonly inline: readonly InlinePolicySpec[];
  readonly boundary: string | null;
  /** Null: the user is missing from the credential report (created after it was generated). */
  readonly report: ReportRowSpec | null;
}

export interface GroupSpec {
  readonly name: string;
  readonly attached: readonly string[];
  readonly inline: readonly InlinePolicySpec[];
}

export interface RoleSpec {
  readonly name: string;
  readonly path: string;
  readonly created: DateSpec;
  /** `RoleLastUsed`: a date, `{}` (null: not used in the tracking window), or the field absent (old dumps). */
  readonly lastUsed: DateSpec | null | 'absent';
  readonly trust: DocumentSpec;
  readonly attached: readonly string[];
  readonly inline: readonly InlinePolicySpec[];
}

/** A managed policy in the snapshot's `Policies` list (AWS managed ones are listed when attached, as GAAD does). */
export interface ManagedPolicySpec {
  readonly arn: string;
  readonly document: DocumentSpec;
  /** AttachmentCount as AWS reports it; null leaves the field out (guard counts the attachments then). */
  readonly attachmentCount: number | null;
  readonly boundaryUsageCount: number | null;
}

export interface RootSpec {
  /** The credential-report root row; null: the report has none (moto's reports). */
  readonly report: ReportRowSpec | null;
  /** GetAccountSummary flags (0 or 1); a missing key is not in the summary. */
  readonly summary: Readonly<Partial<Record<'AccountMFAEnabled' | 'AccountAccessKeysPresent' | 'AccountPasswordPresent' | 'AccountSigningCertificatesPresent', number>>>;
}

export interface PasswordPolicySpec {
  readonly MinimumPasswordLength: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly ExpirePasswords?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
}

export interface MfaDeviceSpec {
  readonly serial: string;
  /** `root`, a user name, or null (unassigned). */
  readonly assignedTo: string | null;
  readonly enabled: DateSpec;
}

/** How a section was collected: present, missing from the file, or present but named in `errors`. */
export type SectionState = 'present' | 'missing' | 'errored';

export const IAM_SECTIONS = [
  'credentialReport',
  'authorizationDetails',
  'accountSummary',
  'passwordPolicy',
  'virtualMfaDevices',
  'mfaDevices',
  'samlProviders',
  'oidcProviders',
  'accountAliases',
  'organizationsFeatures',
] as const;
export type IamSectionName = (typeof IAM_SECTIONS)[number];

export const ORGANIZATION_SUBSECTIONS = ['organization', 'roots', 'organizationalUnits', 'accounts', 'policies', 'delegatedAdministrators'] as const;
export type OrganizationSubsection = (typeof ORGANIZATION_SUBSECTIONS)[number];

export interface OrganizationSpec {
  /** Whether the snapshot account is in the organization's account list. */
  readonly currentListed: boolean;
  /** A sub-section left out of the file (not collected), if any. */
  readonly missing: OrganizationSubsection | null;
  readonly features: 'none' | 'empty' | 'both';
}

export interface AccountSpec {
  readonly capturedAt: string;
  readonly root: RootSpec;
  readonly users: readonly UserSpec[];
  readonly groups: readonly GroupSpec[];
  readonly roles: readonly RoleSpec[];
  readonly policies: readonly ManagedPolicySpec[];
  readonly passwordPolicy: PasswordPolicySpec | null;
  readonly virtualMfa: readonly MfaDeviceSpec[];
  /** Hardware devices, by user name (`iam.mfaDevices`). */
  readonly hardwareMfa: readonly { readonly user: string; readonly serial: string }[];
  readonly samlProviders: readonly string[];
  readonly oidcProviders: readonly string[];
  /** `null`: the account is in no organization (`organizations: null`). */
  readonly organization: OrganizationSpec | null;
  readonly sections: Readonly<Record<IamSectionName, SectionState>>;
  readonly organizationsSection: SectionState;
  readonly crlf: boolean;
}

// ---------------------------------------------------------------------------------------------
// options

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
  readonly sections?: 'vary' | 'complete' | Readonly<Partial<Record<IamSectionName | 'organizations', SectionState | 'vary'>>>;
  /** `vary` (default), `none` (in no organization), or `member` (in one). */
  readonly organization?: 'vary' | 'none' | 'member';
}

// ---------------------------------------------------------------------------------------------
// parts

/** Day counts around the library's thresholds (45, 90 days) turn up often, at exactly whole days too. */
const days = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 44, 45, 46, 89, 90, 91, 400) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1200 }) },
);

/** Whole days, or a few seconds off them either way. */
const jitter = fc.constantFrom(0, 0, 1000, -1000, 37_000);

export const dateFormArb: fc.Arbitrary<DateForm> = fc.constantFrom('Z', '+00:00', 'micro', 'boto');

/** An age before `capturedAt` (never after it), in any date form. */
export const dateSpecArb: fc.Arbitrary<DateSpec> = fc
  .tuple(days, jitter, dateFormArb)
  .map(([d, j, form]) => ({ ago: Math.max(0, d * DAY_MS + j), form }));

/** A credential-report date or sentinel. */
export const reportDateArb: fc.Arbitrary<ReportDateSpec> = fc.oneof(
  { weight: 3, arbitrary: dateSpecArb },
  { weight: 1, arbitrary: fc.constantFrom<ReportDateSpec>('N/A', 'no_information', 'not_supported') },
);

const ACTIONS = ['*', '*:*', 's3:*', 'S3:*', 's3:GetObject', 'ec2:Describe*', 'iam:*', 'iam:PassRole', 'iam:Pass*', 'iam:Get*', 'sts:AssumeRole', 'sts:*', 'dynamodb:*'] as const;
const RESOURCES = ['*', 'arn:aws:s3:::bucket/*', `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:role/deploy`] as const;

/** A string, or a list of one or more (the two forms IAM accepts for Action, Resource, ...). */
function stringOrList(values: readonly string[]): fc.Arbitrary<string | readonly string[]> {
  return fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));
}

const conditionArb = fc.constantFrom<StatementSpec['Condition']>(
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
  { StringLike: { 's3:prefix': '*' } },
);

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

/** The document as AWS may hand it out: an object, a JSON string, or URL-encoded JSON. */
export function documentInput(spec: DocumentSpec): Readonly<Record<string, unknown>> | string {
  const only = spec.statements[0];
  return encodeDocument({ Version: '2012-10-17', Statement: spec.single && spec.statements.length === 1 && only !== undefined ? only : spec.statements }, spec.form);
}

/** A policy document written in one of the forms AWS hands documents out in. */
export function encodeDocument(doc: Readonly<Record<string, unknown>>, form: DocumentForm): Readonly<Record<string, unknown>> | string {
  switch (form) {
    case 'object':
      return doc;
    case 'json':
      return JSON.stringify(doc);
    case 'url':
      return encodeURIComponent(JSON.stringify(doc));
  }
}

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

function sectionSetting(options: SnapshotArbOptions, name: IamSectionName | 'organizations'): SectionState | 'vary' {
  const sections = options.sections ?? 'vary';
  if (sections === 'vary') return 'vary';
  if (sections === 'complete') return 'present';
  return sections[name] ?? 'vary';
}

/** The account as plain data: constrain it with `.map`/`.filter`, then write it with `snapshotOf`. */
export function accountSpecArb(options: SnapshotArbOptions = {}): fc.Arbitrary<AccountSpec> {
  const userArb = fc.record({
    name: fc.constantFrom(...USER_NAMES),
    created: dateSpecArb,
    groups: fc.subarray([...GROUP_NAMES, 'ghost']),
    attached: attachmentsArb,
    inline: inlineArb,
    boundary: fc.option(fc.constantFrom(customerArn('p1'), customerArn('p3')), { nil: null, freq: 3 }),
    report: fc.option(reportRowArb, { nil: null, freq: 8 }),
  });
  const groupArb = fc.record({ name: fc.constantFrom(...GROUP_NAMES), attached: attachmentsArb, inline: inlineArb });
  const roleArb = fc.record({
    name: fc.constantFrom(...ROLE_NAMES),
    path: fc.constantFrom('/', '/', '/service-role/'),
    created: dateSpecArb,
    lastUsed: fc.oneof({ weight: 4, arbitrary: dateSpecArb }, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant<'absent'>('absent') }),
    trust: trustDocumentSpecArb,
    attached: attachmentsArb,
    inline: inlineArb,
  });
  const count = (n: number | undefined, fallback: number): number => Math.max(0, n ?? fallback);
  const policyArb = fc.record({
    arn: fc.constantFrom(...CUSTOMER_NAMES.map(customerArn), ...AWS_MANAGED_NAMES.map(awsManagedArn)),
    document: policyDocumentSpecArb,
    attachmentCount: fc.option(fc.nat(3), { nil: null, freq: 4 }),
    boundaryUsageCount: fc.option(fc.nat(1), { nil: null, freq: 4 }),
  });
  const sections = Object.fromEntries(IAM_SECTIONS.map((name) => [name, sectionStateArb(sectionSetting(options, name))])) as Record<IamSectionName, fc.Arbitrary<SectionState>>;
  // `complete` also means every organization sub-section and the root-access features are there.
  const complete = options.sections === 'complete';
  const memberArb: fc.Arbitrary<OrganizationSpec> = fc.record({
    currentListed: fc.constantFrom(true, true, false),
    missing: complete ? fc.constant(null) : fc.option(fc.constantFrom(...ORGANIZATION_SUBSECTIONS), { nil: null, freq: 3 }),
    features: complete ? fc.constantFrom<OrganizationSpec['features']>('empty', 'both') : fc.constantFrom<OrganizationSpec['features']>('none', 'empty', 'both'),
  });
  const organizationArb: fc.Arbitrary<OrganizationSpec | null> =
    options.organization === 'none' ? fc.constant(null) : options.organization === 'member' ? memberArb : fc.option(memberArb, { nil: null, freq: 3 });
  const organizationsSetting = sectionSetting(options, 'organizations');
  return fc
    .record({
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
      samlProviders: fc.subarray(['Corp', 'OldOkta']),
      oidcProviders: fc.subarray([GITHUB, 'accounts.google.com']),
      organization: organizationArb,
      sections: fc.record(sections),
      organizationsSection: sectionStateArb(organizationsSetting),
      crlf: fc.boolean(),
    })
    .map((spec) => ({ ...spec, capturedAt: options.capturedAt ?? GENERATED_CAPTURED_AT }));
}

// ---------------------------------------------------------------------------------------------
// writing the snapshot

function dateText(capturedAt: number, spec: DateSpec): string {
  const iso = new Date(capturedAt - spec.ago).toISOString();
  switch (spec.form) {
    case 'Z':
      return `${iso.slice(0, 19)}Z`;
    case '+00:00':
      return `${iso.slice(0, 19)}+00:00`;
    case 'micro':
      return `${iso.slice(0, 23)}000Z`;
    case 'boto':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00`;
  }
}

/** The credential report writes ISO dates with `T` (never boto3's space form). */
function reportDateText(capturedAt: number, spec: ReportDateSpec): string {
  if (typeof spec === 'string') return spec;
  return dateText(capturedAt, spec.form === 'boto' ? { ...spec, form: '+00:00' } : spec);
}

const REPORT_HEADER = REPORT_COLUMN_NAMES.join(',');

function reportLine(capturedAt: number, name: string, arn: string, created: ReportDateSpec, row: ReportRowSpec): string {
  const bool = (b: boolean | 'not_supported'): string => (b === 'not_supported' ? b : row.upper ? String(b).toUpperCase() : String(b));
  const date = (d: ReportDateSpec): string => reportDateText(capturedAt, d);
  const key = (k: KeySpec | null): string[] => {
    if (k === null) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
    const used = typeof k.lastUsed !== 'string';
    return [bool(k.active), date(k.rotated), date(k.lastUsed), used ? 'us-east-1' : 'N/A', used ? 's3' : 'N/A'];
  };
  const cert = (c: CertificateSpec | null): string[] => (c === null ? ['false', 'N/A'] : [bool(c.active), date(c.rotated)]);
  return [
    name,
    arn,
    date(created),
    bool(row.passwordEnabled),
    date(row.passwordLastUsed),
    date(row.passwordLastChanged),
    'N/A',
    bool(row.mfa),
    ...key(row.keys[0]),
    ...key(row.keys[1]),
    ...cert(row.certificates[0]),
    ...cert(row.certificates[1]),
  ].join(',');
}

function credentialReport(spec: AccountSpec, capturedAt: number): string {
  const lines = [REPORT_HEADER];
  if (spec.root.report !== null) lines.push(reportLine(capturedAt, '<root_account>', `arn:aws:iam::${ACCOUNT}:root`, { ago: 3000 * DAY_MS, form: 'Z' }, spec.root.report));
  for (const u of spec.users) if (u.report !== null) lines.push(reportLine(capturedAt, u.name, `arn:aws:iam::${ACCOUNT}:user/${u.name}`, u.created, u.report));
  const eol = spec.crlf ? '\r\n' : '\n';
  return lines.join(eol) + eol;
}

const attachedList = (arns: readonly string[]): { PolicyName: string; PolicyArn: string }[] =>
  arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
const inlineList = (list: readonly InlinePolicySpec[]): { PolicyName: string; PolicyDocument: unknown }[] =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: documentInput(p.document) }));

function authorizationDetails(spec: AccountSpec, capturedAt: number): Record<string, unknown> {
  const date = (d: DateSpec): string => dateText(capturedAt, d);
  return {
    UserDetailList: spec.users.map((u) => ({
      Path: '/',
      UserName: u.name,
      UserId: `AIDA${u.name.toUpperCase()}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${u.name}`,
      CreateDate: date(u.created),
      GroupList: u.groups,
      AttachedManagedPolicies: attachedList(u.attached),
      UserPolicyList: inlineList(u.inline),
      ...(u.boundary === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: u.boundary } }),
      Tags: [{ Key: 'team', Value: u.name }],
    })),
    GroupDetailList: spec.groups.map((g) => ({
      Path: '/',
      GroupName: g.name,
      GroupId: `AGPA${g.name.toUpperCase()}`,
      Arn: `arn:aws:iam::${ACCOUNT}:group/${g.name}`,
      CreateDate: '2024-01-01T00:00:00Z',
      GroupPolicyList: inlineList(g.inline),
      AttachedManagedPolicies: attachedList(g.attached),
    })),
    RoleDetailList: spec.roles.map((r) => {
      const path = r.name === 'svc-linked' ? '/aws-service-role/support.amazonaws.com/' : r.path;
      return {
        Path: path,
        RoleName: r.name,
        RoleId: `AROA${r.name.toUpperCase()}`,
        Arn: `arn:aws:iam::${ACCOUNT}:role${path}${r.name}`,
        CreateDate: date(r.created),
        AssumeRolePolicyDocument: documentInput(r.trust),
        RolePolicyList: inlineList(r.inline),
        AttachedManagedPolicies: attachedList(r.attached),
        ...(r.lastUsed === 'absent' ? {} : { RoleLastUsed: r.lastUsed === null ? {} : { LastUsedDate: date(r.lastUsed), Region: 'us-east-1' } }),
      };
    }),
    Policies: spec.policies.map((p) => {
      const name = p.arn.slice(p.arn.lastIndexOf('/') + 1);
      const awsManaged = p.arn.includes(':iam::aws:');
      // AWS managed policies have fixed content; customer ones get the generated document.
      const document = awsManaged ? { ...p.document, statements: AWS_MANAGED[name] ?? p.document.statements } : p.document;
      return {
        PolicyName: name,
        PolicyId: `ANPA${name.toUpperCase()}`,
        Arn: p.arn,
        Path: '/',
        DefaultVersionId: 'v2',
        ...(p.attachmentCount === null ? {} : { AttachmentCount: p.attachmentCount }),
        ...(p.boundaryUsageCount === null ? {} : { PermissionsBoundaryUsageCount: p.boundaryUsageCount }),
        IsAttachable: true,
        CreateDate: '2024-01-01T00:00:00Z',
        UpdateDate: '2024-02-01T00:00:00Z',
        PolicyVersionList: [
          { Document: documentInput(document), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2024-02-01T00:00:00Z' },
          // An older version granting everything: only the default version counts.
          { Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, VersionId: 'v1', IsDefaultVersion: false },
        ],
      };
    }),
  };
}

function organizationsSection(spec: OrganizationSpec): Record<string, unknown> {
  const [management, member] = GENERATED_ORGANIZATION_ACCOUNTS;
  const OA = `arn:aws:organizations::${management}`;
  const section: Record<string, unknown> = {
    organization: { Id: 'o-x', Arn: `${OA}:organization/o-x`, MasterAccountId: management, MasterAccountArn: `${OA}:account/o-x/${management}`, FeatureSet: 'ALL' },
    roots: [{ Id: 'r-1', Arn: `${OA}:root/o-x/r-1`, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    organizationalUnits: [
      { Id: 'ou-1', Arn: `${OA}:ou/o-x/ou-1`, Name: 'Workloads', ParentId: 'r-1' },
      { Id: 'ou-2', Arn: `${OA}:ou/o-x/ou-2`, Name: 'Prod', ParentId: 'ou-1' },
    ],
    accounts: [
      { Id: management, Arn: `${OA}:account/o-x/${management}`, Name: 'management', ParentId: 'r-1', Status: 'ACTIVE', JoinedTimestamp: '2020-01-01T00:00:00Z' },
      { Id: member, Arn: `${OA}:account/o-x/${member}`, Name: 'shared', ParentId: 'ou-1', Status: 'ACTIVE', JoinedTimestamp: '2021-01-01T00:00:00+00:00' },
      ...(spec.currentListed ? [{ Id: ACCOUNT, Arn: `${OA}:account/o-x/${ACCOUNT}`, Name: 'me', ParentId: 'ou-2', Status: 'ACTIVE' }] : []),
    ],
    policies: [
      {
        PolicySummary: { Id: 'p-1', Arn: `${OA}:policy/o-x/service_control_policy/p-1`, Name: 'deny-leave', Type: 'SERVICE_CONTROL_POLICY' },
        Content: '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}}',
        Targets: [{ TargetId: 'r-1' }],
      },
      {
        PolicySummary: { Id: 'p-2', Arn: `${OA}:policy/o-x/resource_control_policy/p-2`, Name: 'rcp', Type: 'RESOURCE_CONTROL_POLICY' },
        Content: '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}',
        Targets: [{ TargetId: 'ou-1' }, { TargetId: ACCOUNT }],
      },
    ],
    delegatedAdministrators: [{ Id: member, DelegatedServices: [{ ServicePrincipal: 'guardduty.amazonaws.com' }] }],
  };
  if (spec.missing !== null) delete section[spec.missing];
  return section;
}

/** Writes the account spec as a raw snapshot v1 document (JSON data, AWS field names). */
export function snapshotOf(spec: AccountSpec): Record<string, unknown> {
  const capturedAt = Date.parse(spec.capturedAt);
  const date = (d: DateSpec): string => dateText(capturedAt, d);
  const deviceArn = (serial: string): string => `arn:aws:iam::${ACCOUNT}:mfa/${serial}`;
  const features = spec.organization === null ? null : spec.organization.features === 'none' ? undefined : { EnabledFeatures: spec.organization.features === 'both' ? ['RootCredentialsManagement', 'RootSessions'] : [] };
  const values: Record<IamSectionName, unknown> = {
    credentialReport: credentialReport(spec, capturedAt),
    authorizationDetails: authorizationDetails(spec, capturedAt),
    accountSummary: { Users: spec.users.length, ...spec.root.summary },
    passwordPolicy: spec.passwordPolicy,
    virtualMfaDevices: spec.virtualMfa.map((d) => ({
      SerialNumber: deviceArn(d.serial),
      ...(d.assignedTo === null
        ? {}
        : {
            User: d.assignedTo === 'root' ? { Arn: `arn:aws:iam::${ACCOUNT}:root` } : { UserName: d.assignedTo, Arn: `arn:aws:iam::${ACCOUNT}:user/${d.assignedTo}` },
            EnableDate: date(d.enabled),
          }),
    })),
    mfaDevices: spec.hardwareMfa.map((d) => ({ UserName: d.user, SerialNumber: d.serial, EnableDate: '2025-01-01T00:00:00Z' })),
    samlProviders: spec.samlProviders.map((name) => ({ Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`, CreateDate: '2024-01-01T00:00:00Z', ValidUntil: '2030-01-01T00:00:00Z' })),
    oidcProviders: spec.oidcProviders.map((host) => ({ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`, Url: host, ClientIDList: ['sts.amazonaws.com'], CreateDate: '2024-01-01T00:00:00+00:00' })),
    accountAliases: ['generated'],
    organizationsFeatures: features,
  };
  const iam: Record<string, unknown> = {};
  const errors: { section: string; code: string; message: string }[] = [];
  for (const name of IAM_SECTIONS) {
    const state = spec.sections[name];
    const value = values[name];
    if (state !== 'missing' && value !== undefined) iam[name] = value;
    if (state === 'errored') errors.push({ section: `iam.${name}`, code: 'AccessDenied', message: 'generated' });
  }
  const data: Record<string, unknown> = {
    format: 'guard-snapshot/v1',
    capturedAt: spec.capturedAt,
    account: { id: ACCOUNT, partition: 'aws' },
    iam,
    errors,
  };
  if (spec.organizationsSection !== 'missing') data['organizations'] = spec.organization === null ? null : organizationsSection(spec.organization);
  if (spec.organizationsSection === 'errored') errors.push({ section: 'organizations', code: 'AccessDenied', message: 'generated' });
  return data;
}

/** Raw snapshot documents, varied as `options` say. */
export function snapshotArbWith(options: SnapshotArbOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  return accountSpecArb(options).map(snapshotOf);
}

/** Raw snapshot documents with every default: sections present, missing or in `errors`; any organization state. */
export const snapshotArb: fc.Arbitrary<Record<string, unknown>> = snapshotArbWith();

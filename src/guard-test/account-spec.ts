/**
 * The account spec: one plain description of an AWS account, as data, from which
 * `snapshotOf` (write-snapshot-document.ts) writes the raw snapshot v1 document. Both generated
 * accounts (account-arbitraries.ts) and the example accounts of `guard test` (build-snapshot.ts)
 * are specs first, so the AWS shapes are written in one place.
 *
 * Dates are ages: `ago` milliseconds before `capturedAt` (negative: after it), in a written form.
 * Optional fields have the defaults generated accounts use, named where they are declared.
 */

/** The account id of generated snapshots. */
export const GENERATED_ACCOUNT = '123456789012';
/** The organization's management account and another member, when there is an organization. */
export const GENERATED_ORGANIZATION_ACCOUNTS = ['999988887777', '210987654321'] as const;
/** Accounts outside the organization that trust policies may name. */
export const GENERATED_FOREIGN_ACCOUNTS = ['444455556666', '777788889999'] as const;
/** `capturedAt` of generated snapshots unless `options.capturedAt` says otherwise. */
export const GENERATED_CAPTURED_AT = '2026-11-27T10:00:00Z';

/**
 * The forms AWS tools write dates in: `Z`, `+00:00`, fractional seconds, boto3's space form
 * (all to the second); `exact` is guard's own (`Z`, milliseconds only when there are some).
 */
export type DateForm = 'Z' | '+00:00' | 'micro' | 'boto' | 'exact';

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
  /** `Allow` or `Deny`; an example may write anything else, which loading then reports. */
  readonly Effect: string;
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
  /** Leave `Version` out (documents AWS accepts without one). */
  readonly noVersion?: boolean;
  /** Write the document as exactly this text instead (an example's `document = "<JSON>"`). */
  readonly text?: string;
}

export interface InlinePolicySpec {
  readonly name: string;
  readonly document: DocumentSpec;
}

export interface TagSpec {
  readonly Key: string;
  readonly Value: string;
}

export interface KeySpec {
  readonly active: boolean;
  readonly rotated: DateSpec;
  readonly lastUsed: ReportDateSpec;
  /** The report's `last_used_region` and `last_used_service` (default `us-east-1` and `s3` when used, `N/A` when not). */
  readonly lastUsedRegion?: string;
  readonly lastUsedService?: string;
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
  /** Default `N/A`. */
  readonly passwordNextRotation?: ReportDateSpec;
  readonly mfa: boolean;
  /** Slots 1 and 2; null is an empty slot (`false,N/A,...`). */
  readonly keys: readonly [KeySpec | null, KeySpec | null];
  readonly certificates: readonly [CertificateSpec | null, CertificateSpec | null];
  readonly upper: boolean;
}

export interface UserSpec {
  readonly name: string;
  /** Default `/`. */
  readonly path?: string;
  /** Default `AIDA` and the name in capitals. */
  readonly id?: string;
  readonly created: DateSpec;
  /** Group names; a name no group has is a dangling reference, which real dumps never hold but hand-made ones may. */
  readonly groups: readonly string[];
  /** Managed policy ARNs. */
  readonly attached: readonly string[];
  readonly inline: readonly InlinePolicySpec[];
  readonly boundary: string | null;
  /** Default `team` = the name. */
  readonly tags?: readonly TagSpec[];
  /** Null: the user is missing from the credential report (created after it was generated). */
  readonly report: ReportRowSpec | null;
}

export interface GroupSpec {
  readonly name: string;
  /** Default `/`. */
  readonly path?: string;
  /** Default `AGPA` and the name in capitals. */
  readonly id?: string;
  /** Default 2024-01-01. */
  readonly created?: DateSpec;
  readonly attached: readonly string[];
  readonly inline: readonly InlinePolicySpec[];
}

export interface RoleSpec {
  readonly name: string;
  readonly path: string;
  /** Default `AROA` and the name in capitals. */
  readonly id?: string;
  readonly created: DateSpec;
  /** `RoleLastUsed`: a date, `{}` (null: not used in the tracking window), or the field absent (old dumps). */
  readonly lastUsed: DateSpec | null | 'absent';
  /** `RoleLastUsed.Region`, default `us-east-1`; null writes `null`. */
  readonly lastUsedRegion?: string | null;
  readonly trust: DocumentSpec;
  readonly attached: readonly string[];
  readonly inline: readonly InlinePolicySpec[];
  /** These are left out of the document when not given. */
  readonly description?: string;
  /** Seconds. */
  readonly maxSessionDuration?: number;
  readonly instanceProfiles?: readonly string[];
  readonly boundary?: string;
  readonly tags?: readonly TagSpec[];
}

/** A managed policy in the snapshot's `Policies` list (AWS managed ones are listed when attached, as GAAD does). */
export interface ManagedPolicySpec {
  readonly arn: string;
  /** Default `ANPA` and the name in capitals. */
  readonly id?: string;
  /** Default `/`. */
  readonly path?: string;
  /** The default version's document. */
  readonly document: DocumentSpec;
  /** AttachmentCount as AWS reports it; null leaves the field out (guard counts the attachments then). */
  readonly attachmentCount: number | null;
  readonly boundaryUsageCount: number | null;
  /** Default 2024-01-01 and 2024-02-01; the default version was created at the update. */
  readonly created?: DateSpec;
  readonly updated?: DateSpec;
  /** The default version's id, default `v2`. */
  readonly versionId?: string;
  /** The versions that are not the default; by default a `v1` granting everything (only the default version counts). */
  readonly olderVersions?: readonly { readonly id: string; readonly document: DocumentSpec }[];
}

/** GetAccountSummary keys (flags 0 or 1, and counts); a missing key is not in the summary. */
export type SummaryKey = 'AccountMFAEnabled' | 'AccountAccessKeysPresent' | 'AccountPasswordPresent' | 'AccountSigningCertificatesPresent' | 'Groups' | 'Roles' | 'Policies';

export interface RootSpec {
  /** The credential-report root row; null: the report has none (moto's reports). */
  readonly report: ReportRowSpec | null;
  /** The root row's creation date, default 3000 days before `capturedAt`. */
  readonly created?: DateSpec;
  /** The account summary besides `Users` (always the number of users). */
  readonly summary: Readonly<Partial<Record<SummaryKey, number>>>;
}

export interface PasswordPolicySpec {
  readonly MinimumPasswordLength: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly AllowUsersToChangePassword?: boolean;
  readonly ExpirePasswords?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

export interface MfaDeviceSpec {
  /** The serial without `arn:...:mfa/`. */
  readonly serial: string;
  /** `root`, a user name, or null (unassigned). */
  readonly assignedTo: string | null;
  readonly enabled: DateSpec;
}

export interface HardwareMfaSpec {
  readonly user: string;
  readonly serial: string;
  /** Default 2025-01-01. */
  readonly enabled?: DateSpec;
}

export interface SamlProviderSpec {
  readonly name: string;
  /** Default 2024-01-01 and 2030-01-01. */
  readonly created?: DateSpec;
  readonly validUntil?: DateSpec;
  readonly tags?: readonly TagSpec[];
}

export interface OidcProviderSpec {
  readonly host: string;
  /** Default the host. */
  readonly url?: string;
  /** Default `sts.amazonaws.com`. */
  readonly clientIds?: readonly string[];
  /** Left out when not given. */
  readonly thumbprints?: readonly string[];
  /** Default 2024-01-01. */
  readonly created?: DateSpec;
  readonly tags?: readonly TagSpec[];
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

export interface OrganizationAccountSpec {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
  /** Left out when not given. */
  readonly email?: string;
  readonly status?: string;
  readonly joinedMethod?: string;
  readonly joined?: DateSpec;
}

export interface OrganizationPolicySpec {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  /** Left out when not given. */
  readonly description?: string;
  readonly awsManaged?: boolean;
  /** Written as a string (JSON or the text itself), as Organizations returns it. */
  readonly content: DocumentSpec;
  /** `type` and `name` are left out when not given. */
  readonly targets: readonly { readonly id: string; readonly type?: string; readonly name?: string }[];
}

export interface OrganizationSpec {
  readonly id: string;
  readonly managementAccountId: string;
  /** Left out when not given. */
  readonly managementAccountEmail?: string;
  readonly featureSet: string;
  readonly root: { readonly id: string; readonly policyTypes: readonly { readonly Type: string; readonly Status: string }[] };
  readonly units: readonly { readonly id: string; readonly name: string; readonly parentId: string }[];
  readonly accounts: readonly OrganizationAccountSpec[];
  readonly policies: readonly OrganizationPolicySpec[];
  readonly delegatedAdministrators: readonly { readonly accountId: string; readonly services: readonly string[] }[];
  /** A sub-section left out of the file (not collected), if any. */
  readonly missing: OrganizationSubsection | null;
  /** `iam.organizationsFeatures`: `none` leaves it out (not collected); `organizationId` is left out when not given. */
  readonly features: 'none' | { readonly organizationId?: string; readonly enabled: readonly string[] };
}

export interface AccountSpec {
  readonly capturedAt: string;
  /** Default `GENERATED_ACCOUNT` in partition `aws`. */
  readonly account?: { readonly id: string; readonly partition: string };
  readonly root: RootSpec;
  readonly users: readonly UserSpec[];
  readonly groups: readonly GroupSpec[];
  readonly roles: readonly RoleSpec[];
  readonly policies: readonly ManagedPolicySpec[];
  readonly passwordPolicy: PasswordPolicySpec | null;
  readonly virtualMfa: readonly MfaDeviceSpec[];
  /** Hardware devices, by user name (`iam.mfaDevices`). */
  readonly hardwareMfa: readonly HardwareMfaSpec[];
  readonly samlProviders: readonly SamlProviderSpec[];
  readonly oidcProviders: readonly OidcProviderSpec[];
  /** Default `generated`. */
  readonly aliases?: readonly string[];
  /** `null`: the account is in no organization (`organizations: null`). */
  readonly organization: OrganizationSpec | null;
  readonly sections: Readonly<Record<IamSectionName, SectionState>>;
  readonly organizationsSection: SectionState;
  /** `identityCenter`: null writes `null` (no instance); left out when not given (not collected). */
  readonly identityCenter?: IdentityCenterSpec | null;
  /** Default `present` (when there is a section to write). */
  readonly identityCenterSection?: SectionState;
  /** `accessAnalyzer`: left out when not given (not collected). */
  readonly accessAnalyzer?: AccessAnalyzerSpec;
  readonly accessAnalyzerSection?: SectionState;
  /** Key paths listed in `errors` as not collected, their data left in (an example's `missing` lines). */
  readonly notCollected?: readonly string[];
  /** The snapshot's `collector` block, left out when not given. */
  readonly collector?: Readonly<Record<string, unknown>>;
  readonly crlf: boolean;
}

// IAM Identity Center and IAM Access Analyzer: what write-identity-center.ts writes as the
// snapshot's `identityCenter` and `accessAnalyzer` sections. Ids and ARNs are derived from names
// where the spec does not give them.

export interface PermissionSetSpec {
  readonly name: string;
  /** The `ps-...` id in the ARN; default derived from the name. */
  readonly id?: string;
  /** Left out when not given. */
  readonly description?: string;
  /** ISO 8601 (`PT1H`); left out when not given (AWS's default is one hour). */
  readonly sessionDuration?: string;
  readonly relayState?: string;
  readonly created?: DateSpec;
  /** The inline policy; null for none. */
  readonly inline: DocumentSpec | null;
  /** AWS managed policy ARNs. */
  readonly managed: readonly string[];
  readonly customer: readonly { readonly name: string; readonly path?: string }[];
  readonly boundary: { readonly arn: string } | { readonly name: string; readonly path?: string } | null;
}

export interface AssignmentSpec {
  readonly accountId: string;
  /** The permission set's name. */
  readonly permissionSet: string;
  readonly principalType: 'USER' | 'GROUP';
  readonly principalId: string;
}

export interface IdentityCenterSpec {
  /** The instance's `ssoins-...` id; the owner is the snapshot account unless given. */
  readonly instanceId: string;
  readonly identityStoreId: string;
  readonly ownerAccountId?: string;
  readonly permissionSets: readonly PermissionSetSpec[];
  readonly assignments: readonly AssignmentSpec[];
  readonly users: readonly { readonly id: string; readonly userName: string; readonly displayName?: string }[];
  readonly groups: readonly { readonly id: string; readonly displayName: string; readonly description?: string }[];
  readonly memberships: readonly { readonly groupId: string; readonly userId: string }[];
}

export interface AnalyzerSpec {
  readonly name: string;
  /** `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, ... */
  readonly type: string;
  readonly status: string;
  readonly created?: DateSpec;
}

export interface FindingSpec {
  readonly id: string;
  /** The analyzer's name, in the finding's region. */
  readonly analyzer: string;
  readonly type: string;
  readonly resource?: string;
  readonly resourceType?: string;
  readonly resourceOwnerAccount?: string;
  /** External access: `{ AWS: "111122223333" }`. */
  readonly principal?: Readonly<Record<string, string>>;
  readonly actions?: readonly string[];
  readonly isPublic?: boolean;
  readonly created?: DateSpec;
}

export interface AnalyzerRegionSpec {
  readonly region: string;
  /** `errored`: the region's errors name the part (AccessDenied), its facts unknown. */
  readonly analyzers: readonly AnalyzerSpec[] | 'errored';
  readonly findings: readonly FindingSpec[] | 'errored';
}

export interface AccessAnalyzerSpec {
  readonly regions: readonly AnalyzerRegionSpec[];
}

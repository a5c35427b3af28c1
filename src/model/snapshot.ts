/**
 * The snapshot file, v1, as parseSnapshot returns it after validation: AWS's own field names and
 * shapes (the SDK's and the AWS CLI's output), so a snapshot can be assembled from `aws iam ...`
 * output by hand. docs/snapshot-format.md describes it for people; docs/snapshot.schema.json is the
 * JSON Schema that parseSnapshot enforces (generated from snapshot-json-schema.ts), and
 * test/model/snapshot-types.test.ts holds these interfaces equal to that schema read as a type.
 *
 * Optional fields are those AWS itself omits. Fields not listed here are allowed inside AWS shapes
 * (AWS adds fields over time) and ignored.
 */
import type { AccessAnalyzerSection, IdentityCenterSection } from './snapshot-identity-center.ts';

export type * from './snapshot-identity-center.ts';

export const SNAPSHOT_FORMAT = 'guard-snapshot/v1';

export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** ISO 8601, any form parseInstant accepts. */
  readonly capturedAt: string;
  readonly account: SnapshotAccount;
  readonly iam?: IamSection;
  /** null: the account is in no organization (known). Missing: not collected. */
  readonly organizations?: OrganizationsSection | null;
  /** null: no Identity Center instance (known). Missing: not collected. */
  readonly identityCenter?: IdentityCenterSection | null;
  readonly accessAnalyzer?: AccessAnalyzerSection;
  readonly errors?: readonly SnapshotError[];
  /** Free-form information about the tool that wrote the file. */
  readonly collector?: Readonly<Record<string, unknown>>;
}

export interface SnapshotAccount {
  readonly id: string;
  readonly partition: string;
}

export interface SnapshotError {
  /** Key path of the section that could not be collected: `organizations`, `iam.credentialReport`. */
  readonly section: string;
  readonly code?: string;
  readonly message?: string;
}

export interface IamSection {
  /** The CSV text of GetCredentialReport, decoded from base64. */
  readonly credentialReport?: string;
  readonly authorizationDetails?: AuthorizationDetails;
  /** GetAccountSummary SummaryMap. */
  readonly accountSummary?: Readonly<Record<string, number>>;
  /** GetAccountPasswordPolicy PasswordPolicy; null when the account has none (NoSuchEntity). */
  readonly passwordPolicy?: PasswordPolicy | null;
  /** ListVirtualMFADevices VirtualMFADevices (assignment status Any). */
  readonly virtualMfaDevices?: readonly VirtualMfaDevice[];
  /** ListMFADevices MFADevices of every user, concatenated (optional: adds hardware devices). */
  readonly mfaDevices?: readonly MfaDevice[];
  /** ListSAMLProviders SAMLProviderList (GetSAMLProvider fields may be merged in). */
  readonly samlProviders?: readonly SamlProvider[];
  /** GetOpenIDConnectProvider output of every provider, with its Arn. */
  readonly oidcProviders?: readonly OidcProvider[];
  /** ListAccountAliases AccountAliases (optional). */
  readonly accountAliases?: readonly string[];
  /** ListOrganizationsFeatures (centralized root access; optional); null when the account is in no organization. */
  readonly organizationsFeatures?: OrganizationsFeatures | null;
}

export interface OrganizationsFeatures {
  readonly OrganizationId?: string;
  /** `RootCredentialsManagement`, `RootSessions`. */
  readonly EnabledFeatures: readonly string[];
}

/** A policy document as AWS may hand it out: a decoded object, a JSON string, or a URL-encoded JSON string. */
export type PolicyDocumentInput = Readonly<Record<string, unknown>> | string;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface AttachedPolicy {
  readonly PolicyName?: string;
  readonly PolicyArn: string;
}

export interface InlinePolicy {
  readonly PolicyName: string;
  readonly PolicyDocument: PolicyDocumentInput;
}

export interface PermissionsBoundary {
  readonly PermissionsBoundaryType?: string;
  readonly PermissionsBoundaryArn: string;
}

export interface AuthorizationDetails {
  readonly UserDetailList?: readonly UserDetail[];
  readonly GroupDetailList?: readonly GroupDetail[];
  readonly RoleDetailList?: readonly RoleDetail[];
  readonly Policies?: readonly ManagedPolicyDetail[];
}

export interface UserDetail {
  readonly Path?: string;
  readonly UserName: string;
  readonly UserId?: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly UserPolicyList?: readonly InlinePolicy[];
  readonly GroupList?: readonly string[];
  readonly AttachedManagedPolicies?: readonly AttachedPolicy[];
  readonly PermissionsBoundary?: PermissionsBoundary;
  readonly Tags?: readonly Tag[];
}

export interface GroupDetail {
  readonly Path?: string;
  readonly GroupName: string;
  readonly GroupId?: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly GroupPolicyList?: readonly InlinePolicy[];
  readonly AttachedManagedPolicies?: readonly AttachedPolicy[];
}

export interface RoleDetail {
  readonly Path?: string;
  readonly RoleName: string;
  readonly RoleId?: string;
  readonly Arn: string;
  readonly CreateDate: string;
  readonly AssumeRolePolicyDocument: PolicyDocumentInput;
  readonly Description?: string;
  readonly MaxSessionDuration?: number;
  readonly InstanceProfileList?: readonly { readonly InstanceProfileName: string }[];
  readonly RolePolicyList?: readonly InlinePolicy[];
  readonly AttachedManagedPolicies?: readonly AttachedPolicy[];
  readonly PermissionsBoundary?: PermissionsBoundary;
  readonly Tags?: readonly Tag[];
  /** `{}` when not used in the tracking window; absent in dumps from before AWS added it (then unknown). */
  readonly RoleLastUsed?: { readonly LastUsedDate?: string | null; readonly Region?: string | null };
}

export interface ManagedPolicyDetail {
  readonly PolicyName: string;
  readonly PolicyId?: string;
  readonly Arn: string;
  readonly Path?: string;
  readonly DefaultVersionId?: string;
  readonly AttachmentCount?: number | null;
  readonly PermissionsBoundaryUsageCount?: number | null;
  readonly IsAttachable?: boolean;
  readonly Description?: string;
  readonly CreateDate?: string;
  readonly UpdateDate?: string;
  readonly PolicyVersionList?: readonly PolicyVersion[];
}

export interface PolicyVersion {
  readonly Document?: PolicyDocumentInput;
  readonly VersionId?: string;
  readonly IsDefaultVersion?: boolean;
  readonly CreateDate?: string;
}

export interface PasswordPolicy {
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

export interface VirtualMfaDevice {
  readonly SerialNumber: string;
  readonly User?: { readonly UserName?: string; readonly Arn: string; readonly UserId?: string };
  readonly EnableDate?: string;
  readonly Tags?: readonly Tag[];
}

export interface MfaDevice {
  readonly UserName: string;
  readonly SerialNumber: string;
  readonly EnableDate?: string;
}

export interface SamlProvider {
  readonly Arn: string;
  readonly ValidUntil?: string;
  readonly CreateDate?: string;
  readonly Tags?: readonly Tag[];
}

export interface OidcProvider {
  readonly Arn: string;
  readonly Url?: string;
  readonly ClientIDList?: readonly string[];
  readonly ThumbprintList?: readonly string[];
  readonly CreateDate?: string;
  readonly Tags?: readonly Tag[];
}

export interface OrganizationsSection {
  /** DescribeOrganization Organization. */
  readonly organization?: Organization;
  /** ListRoots Roots. */
  readonly roots?: readonly OrganizationRoot[];
  /** Every OU of the tree (ListOrganizationalUnitsForParent, recursively), with its ParentId. */
  readonly organizationalUnits?: readonly OrganizationalUnit[];
  /** ListAccounts Accounts, each with its ParentId (ListParents). */
  readonly accounts?: readonly OrganizationAccount[];
  /** SCPs and RCPs: DescribePolicy Policy (PolicySummary + Content) with ListTargetsForPolicy Targets. */
  readonly policies?: readonly OrganizationPolicy[];
  /** ListDelegatedAdministrators DelegatedAdministrators, each with ListDelegatedServicesForAccount DelegatedServices (optional). */
  readonly delegatedAdministrators?: readonly DelegatedAdministrator[];
}

export interface DelegatedAdministrator {
  readonly Id: string;
  readonly DelegatedServices?: readonly { readonly ServicePrincipal: string; readonly DelegationEnabledDate?: string }[];
}

export interface Organization {
  readonly Id: string;
  readonly Arn: string;
  readonly FeatureSet?: string;
  readonly MasterAccountArn?: string;
  readonly MasterAccountId: string;
  readonly MasterAccountEmail?: string;
}

export interface OrganizationRoot {
  readonly Id: string;
  readonly Arn: string;
  readonly Name?: string;
  readonly PolicyTypes?: readonly { readonly Type: string; readonly Status: string }[];
}

export interface OrganizationalUnit {
  readonly Id: string;
  readonly Arn: string;
  readonly Name: string;
  /** Not in ListOrganizationalUnitsForParent's shape: the id of the parent OU or root. */
  readonly ParentId: string;
}

export interface OrganizationAccount {
  readonly Id: string;
  readonly Arn?: string;
  readonly Email?: string;
  readonly Name?: string;
  readonly Status?: string;
  readonly State?: string;
  readonly JoinedMethod?: string;
  readonly JoinedTimestamp?: string;
  /** Not in ListAccounts' shape: the id of the parent OU or root. */
  readonly ParentId: string;
}

export interface OrganizationPolicy {
  readonly PolicySummary: {
    readonly Id: string;
    readonly Arn: string;
    readonly Name: string;
    readonly Description?: string;
    readonly Type: string;
    readonly AwsManaged?: boolean;
  };
  /** The policy document, usually a JSON string. */
  readonly Content: PolicyDocumentInput;
  readonly Targets: readonly OrganizationPolicyTarget[];
}

export interface OrganizationPolicyTarget {
  readonly TargetId: string;
  readonly Arn?: string;
  readonly Name?: string;
  readonly Type?: string;
}

/**
 * The snapshot's IAM Identity Center and IAM Access Analyzer sections (part of Snapshot, snapshot.ts):
 * AWS's field names as sso-admin and identitystore (PascalCase) and accessanalyzer (camelCase) return
 * them. snapshot-json-schema-identity-center.ts is their JSON Schema; docs/snapshot-format.md
 * describes them.
 */

export interface IdentityCenterSection {
  /** ListInstances Instances. */
  readonly instances?: readonly IdentityCenterInstance[];
  /** Every permission set of every instance: DescribePermissionSet PermissionSet plus its policies. */
  readonly permissionSets?: readonly PermissionSet[];
  /** ListAccountAssignments AccountAssignments of every (account, permission set) pair provisioned, plus InstanceArn. */
  readonly accountAssignments?: readonly AccountAssignment[];
  /** identitystore ListUsers Users (names only, never credentials), plus IdentityStoreId. */
  readonly users?: readonly IdentityStoreUser[];
  /** identitystore ListGroups Groups. */
  readonly groups?: readonly IdentityStoreGroup[];
  /** identitystore ListGroupMemberships GroupMemberships of every group. */
  readonly groupMemberships?: readonly GroupMembership[];
}

export interface IdentityCenterInstance {
  readonly InstanceArn: string;
  readonly IdentityStoreId: string;
  readonly OwnerAccountId?: string;
  readonly Name?: string;
  readonly Status?: string;
  readonly CreatedDate?: string;
}

export interface PermissionSet {
  readonly PermissionSetArn: string;
  readonly Name: string;
  readonly Description?: string;
  /** ISO 8601 duration (`PT1H`). */
  readonly SessionDuration?: string;
  readonly RelayState?: string;
  readonly CreatedDate?: string;
  /** Not in DescribePermissionSet's shape: the instance the set belongs to. */
  readonly InstanceArn: string;
  /** GetInlinePolicyForPermissionSet InlinePolicy; null when the set has none. */
  readonly InlinePolicy: string | null;
  /** ListManagedPoliciesInPermissionSet AttachedManagedPolicies. */
  readonly AttachedManagedPolicies: readonly { readonly Name?: string; readonly Arn: string }[];
  /** ListCustomerManagedPolicyReferencesInPermissionSet CustomerManagedPolicyReferences. */
  readonly CustomerManagedPolicyReferences: readonly CustomerManagedPolicyReference[];
  /** GetPermissionsBoundaryForPermissionSet PermissionsBoundary; null when the set has none. */
  readonly PermissionsBoundary: PermissionSetBoundary | null;
}

export interface CustomerManagedPolicyReference {
  readonly Name: string;
  /** `/` when absent. */
  readonly Path?: string;
}

/** Exactly one of the two, as AWS returns it. */
export type PermissionSetBoundary = { readonly ManagedPolicyArn: string } | { readonly CustomerManagedPolicyReference: CustomerManagedPolicyReference };

export interface AccountAssignment {
  readonly InstanceArn: string;
  readonly AccountId: string;
  readonly PermissionSetArn: string;
  readonly PrincipalType: 'USER' | 'GROUP';
  readonly PrincipalId: string;
}

export interface IdentityStoreUser {
  readonly IdentityStoreId: string;
  readonly UserId: string;
  readonly UserName: string;
  readonly DisplayName?: string;
}

export interface IdentityStoreGroup {
  readonly IdentityStoreId: string;
  readonly GroupId: string;
  /** Optional in identitystore's own shape. */
  readonly DisplayName?: string;
  readonly Description?: string;
}

export interface GroupMembership {
  readonly IdentityStoreId: string;
  readonly GroupId: string;
  readonly MembershipId: string;
  readonly MemberId: { readonly UserId: string };
}

export interface AccessAnalyzerSection {
  /** One entry per region queried, in the order asked for. */
  readonly regions?: readonly AccessAnalyzerRegion[];
}

/**
 * One region's analyzers and their active findings. A part that is missing, or named in the
 * region's `errors`, is unknown for that region only (AccessDenied, a region not enabled).
 */
export interface AccessAnalyzerRegion {
  readonly region: string;
  /** ListAnalyzers analyzers. */
  readonly analyzers?: readonly Analyzer[];
  /** The ACTIVE findings of every analyzer of the region. */
  readonly findings?: readonly AnalyzerFinding[];
  readonly errors?: readonly AccessAnalyzerRegionError[];
}

export interface AccessAnalyzerRegionError {
  readonly part: 'analyzers' | 'findings';
  readonly code?: string;
  readonly message?: string;
}

export interface Analyzer {
  readonly arn: string;
  readonly name: string;
  /** ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS, ACCOUNT_INTERNAL_ACCESS, ... */
  readonly type: string;
  /** ACTIVE, CREATING, DISABLED, FAILED. */
  readonly status: string;
  readonly createdAt?: string;
  readonly lastResourceAnalyzed?: string;
  readonly lastResourceAnalyzedAt?: string;
  readonly statusReason?: { readonly code?: string };
  /** `{ unusedAccess: { unusedAccessAge, analysisRule } }` for unused-access analyzers. */
  readonly configuration?: Readonly<Record<string, unknown>>;
}

export interface AnalyzerFinding {
  readonly id: string;
  /** Not in the findings' shape: the analyzer that reported it. */
  readonly analyzerArn: string;
  /** ListFindingsV2's findingType (`ExternalAccess`, `UnusedIAMRole`, `UnusedPermission`, ...); ListFindings' are `ExternalAccess`. */
  readonly findingType: string;
  readonly resource?: string;
  readonly resourceType?: string;
  readonly resourceOwnerAccount?: string;
  readonly status: string;
  /** External access only (ListFindings): who gets access, to what, under which condition. */
  readonly principal?: Readonly<Record<string, string>>;
  readonly action?: readonly string[];
  readonly condition?: Readonly<Record<string, string>>;
  readonly isPublic?: boolean;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly analyzedAt?: string;
}

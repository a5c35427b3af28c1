import type { DateSpec, DocumentSpec } from './account-spec.ts';

/**
 * The IAM Identity Center and IAM Access Analyzer part of the account spec (account-spec.ts): what
 * write-identity-center.ts writes as the snapshot's `identityCenter` and `accessAnalyzer` sections.
 * Ids and ARNs are derived from names where the spec does not give them.
 */

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

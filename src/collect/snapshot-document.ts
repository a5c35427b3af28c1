import type { JsonObject } from './json-value.ts';

export const SNAPSHOT_FORMAT = 'guard-snapshot/v1';

/**
 * A section that could not be read, by its key path in the snapshot (`iam.credentialReport`,
 * `organizations.policies`, ...). Rules that depend on it evaluate to unknown, never to pass.
 */
export interface SectionError {
  readonly section: string;
  readonly code: string;
  readonly message: string;
}

export interface AuthorizationDetails {
  readonly UserDetailList: readonly JsonObject[];
  readonly GroupDetailList: readonly JsonObject[];
  readonly RoleDetailList: readonly JsonObject[];
  readonly Policies: readonly JsonObject[];
}

/** The `iam` section: each key present only when collected (a missing key is unknown, not empty). */
export interface IamSection {
  readonly credentialReport?: string;
  readonly authorizationDetails?: AuthorizationDetails;
  readonly accountSummary?: JsonObject;
  /** null: no password policy is set (known). */
  readonly passwordPolicy?: JsonObject | null;
  readonly virtualMfaDevices?: readonly JsonObject[];
  readonly samlProviders?: readonly JsonObject[];
  readonly oidcProviders?: readonly JsonObject[];
  readonly accountAliases?: readonly string[];
  /** ListOrganizationsFeatures (centralized root access); null: the account is in no organization. */
  readonly organizationsFeatures?: JsonObject | null;
}

/** The `organizations` section; sub-lists are present only when collected. */
export interface OrganizationsSection {
  readonly organization: JsonObject;
  readonly roots?: readonly JsonObject[];
  /** Each OU carries `ParentId` (a root or OU id) so the tree can be rebuilt. */
  readonly organizationalUnits?: readonly JsonObject[];
  /** Each account carries `ParentId`. */
  readonly accounts?: readonly JsonObject[];
  /** SCPs (and RCPs where enabled): `{ PolicySummary, Content, Targets }`. */
  readonly policies?: readonly JsonObject[];
  /** ListDelegatedAdministrators entries, each with its `DelegatedServices`. */
  readonly delegatedAdministrators?: readonly JsonObject[];
}

/** The `identityCenter` section; sub-lists are present only when collected. */
export interface IdentityCenterSection {
  readonly instances: readonly JsonObject[];
  /** DescribePermissionSet output plus InstanceArn and the set's policies. */
  readonly permissionSets?: readonly JsonObject[];
  readonly accountAssignments?: readonly JsonObject[];
  readonly users?: readonly JsonObject[];
  readonly groups?: readonly JsonObject[];
  readonly groupMemberships?: readonly JsonObject[];
}

/** One region of the `accessAnalyzer` section: a part that failed is absent and named in the region's `errors`. */
export interface AccessAnalyzerRegion {
  readonly region: string;
  readonly analyzers?: readonly JsonObject[];
  readonly findings?: readonly JsonObject[];
  readonly errors?: readonly { readonly part: 'analyzers' | 'findings'; readonly code: string; readonly message: string }[];
}

/** A snapshot v1 file as the collector writes it (DESIGN.md "Contracts", docs/snapshot-format.md). */
export interface SnapshotDocument {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** Which tool wrote the file (free-form in the format). */
  readonly collector?: JsonObject;
  readonly capturedAt: string;
  readonly account: { readonly id: string; readonly partition: string };
  readonly iam: IamSection;
  /** null: the account is in no organization (known); absent: not collected (see `errors`). */
  readonly organizations?: OrganizationsSection | null;
  /** null: no Identity Center instance in the regions asked (known); absent: not collected. */
  readonly identityCenter?: IdentityCenterSection | null;
  readonly accessAnalyzer?: { readonly regions: readonly AccessAnalyzerRegion[] };
  readonly errors: readonly SectionError[];
}

/**
 * What a run reports as not collected: the `errors` entries, and each Access Analyzer region part that
 * failed (recorded in its region's entry, so that the other regions stay known), by its key path.
 */
export function sectionsNotCollected(snapshot: SnapshotDocument): SectionError[] {
  const regional = (snapshot.accessAnalyzer?.regions ?? []).flatMap((r) => (r.errors ?? []).map((e) => ({ section: `accessAnalyzer.regions[${r.region}].${e.part}`, code: e.code, message: e.message })));
  return [...snapshot.errors, ...regional];
}

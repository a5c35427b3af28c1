/**
 * The snapshot sections, by key path. A section is the unit of "collected or not": when one is
 * missing from the file or named in `errors` (itself or a containing section), every attribute that
 * reads it is unknown. `errors` may name a container (`iam`, `organizations`) for all its sections.
 */
export const SECTIONS = {
  credentialReport: 'iam.credentialReport',
  authorizationDetails: 'iam.authorizationDetails',
  accountSummary: 'iam.accountSummary',
  passwordPolicy: 'iam.passwordPolicy',
  virtualMfaDevices: 'iam.virtualMfaDevices',
  mfaDevices: 'iam.mfaDevices',
  samlProviders: 'iam.samlProviders',
  oidcProviders: 'iam.oidcProviders',
  accountAliases: 'iam.accountAliases',
  organizationsFeatures: 'iam.organizationsFeatures',
  organization: 'organizations.organization',
  roots: 'organizations.roots',
  organizationalUnits: 'organizations.organizationalUnits',
  accounts: 'organizations.accounts',
  policies: 'organizations.policies',
  delegatedAdministrators: 'organizations.delegatedAdministrators',
  identityCenterInstances: 'identityCenter.instances',
  permissionSets: 'identityCenter.permissionSets',
  accountAssignments: 'identityCenter.accountAssignments',
  identityStoreUsers: 'identityCenter.users',
  identityStoreGroups: 'identityCenter.groups',
  identityStoreGroupMemberships: 'identityCenter.groupMemberships',
  accessAnalyzerRegions: 'accessAnalyzer.regions',
} as const;

export type SectionPath = (typeof SECTIONS)[keyof typeof SECTIONS];

export const SECTION_PATHS: readonly SectionPath[] = Object.values(SECTIONS);

/**
 * Container sections: `errors` may name them, and `organizations: null` (or `identityCenter: null`)
 * makes all of its sections known and empty.
 */
export const SECTION_CONTAINERS = ['iam', 'organizations', 'identityCenter', 'accessAnalyzer'] as const;

/**
 * Sections whose absence is not "not collected" but "not used": older collectors and hand-built
 * snapshots often lack them, and they only add detail. A missing optional section still makes the
 * attributes that read it unknown, but is not listed in Model.missingSections.
 */
export const OPTIONAL_SECTIONS: ReadonlySet<SectionPath> = new Set<SectionPath>([
  SECTIONS.mfaDevices,
  SECTIONS.accountAliases,
  SECTIONS.organizationsFeatures,
  SECTIONS.delegatedAdministrators,
  // Identity Center and Access Analyzer came later than v1's first collectors.
  SECTIONS.identityCenterInstances,
  SECTIONS.permissionSets,
  SECTIONS.accountAssignments,
  SECTIONS.identityStoreUsers,
  SECTIONS.identityStoreGroups,
  SECTIONS.identityStoreGroupMemberships,
  SECTIONS.accessAnalyzerRegions,
]);

/** Whether an `errors[].section` value names a known section, a container, or something inside a section. */
export function sectionForErrorPath(path: string): SectionPath | (typeof SECTION_CONTAINERS)[number] | null {
  for (const container of SECTION_CONTAINERS) if (path === container) return container;
  for (const section of SECTION_PATHS) {
    if (path === section || path.startsWith(`${section}.`) || path.startsWith(`${section}[`)) return section;
  }
  return null;
}

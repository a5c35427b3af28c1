import type { Collection, Entity, Model } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { AttributeReads } from '../entity-attributes.ts';
import type { ParsedParts } from '../parsed-parts.ts';
import { COLLECTIONS } from '../schema.ts';
import { SECTIONS } from '../sections.ts';
import type { Snapshot } from '../snapshot.ts';
import { normalizeAccessAnalyzer } from './access-analyzer.ts';
import { normalizeIdentityProviders, normalizePasswordPolicy } from './account-settings.ts';
import { createContext, has, reportedMissingSections } from './context.ts';
import { indexReport } from './credentials.ts';
import { normalizeIam } from './iam.ts';
import { normalizeIdentityCenter } from './identity-center.ts';
import type { MutableEntity } from './new-entity.ts';
import { normalizeOrganizations } from './organizations.ts';
import { fillRoot, newRootEntity } from './root.ts';

export interface NormalizeOptions {
  /** Evaluation time, epoch ms; defaults to the snapshot's capturedAt. */
  readonly now?: number;
  /** What validation parsed of this snapshot (`parseValidSnapshot`), so it is not parsed again. */
  readonly parsed?: ParsedParts;
  /**
   * Only these attributes are computed (engine `programReads`); without, all of them. Entities,
   * collections and identity fields are always complete.
   */
  readonly reads?: AttributeReads;
}

/**
 * Turns a validated snapshot into the entity model: every attribute of every entity computed
 * (derived ones included), links resolved, unknown where a section was not collected. Pure: the
 * same snapshot and `now` give the same model.
 */
export function normalizeSnapshot(snapshot: Snapshot, options: NormalizeOptions = {}): Model {
  const ctx = createContext(snapshot, options.now, options.parsed, options.reads ?? null);
  const report = indexReport(ctx);
  const root = newRootEntity(ctx);
  const iam = normalizeIam(ctx, report, root);
  fillRoot(ctx, root, report, iam.mfaDevices, { accessKeys: iam.accessKeys, certificates: iam.certificates });
  const passwordPolicy = normalizePasswordPolicy(ctx);
  const providers = normalizeIdentityProviders(ctx, iam.rolesByFederatedPrincipal);
  const orgs = normalizeOrganizations(ctx);

  const details = has(ctx, SECTIONS.authorizationDetails);
  const managementId = orgs.organization.attrs['management_account_id'];
  const idc = normalizeIdentityCenter(ctx, {
    accounts: orgs.accounts.includes(orgs.account) ? orgs.accounts : [orgs.account, ...orgs.accounts],
    managementAccountId: ctx.notInOrganization ? null : typeof managementId === 'string' ? managementId : UNKNOWN,
    policies: details ? iam.policies : UNKNOWN,
    roles: details ? iam.roles : UNKNOWN,
  });
  const analyzer = normalizeAccessAnalyzer(ctx);
  const reportKnown = report !== null;
  const orgKnown = (...sections: Parameters<typeof has>[1][]): boolean => ctx.notInOrganization || sections.every((s) => has(ctx, s));
  const built: Record<string, { known: boolean; entities: readonly MutableEntity[] }> = {
    root: { known: true, entities: [root] },
    account: { known: true, entities: [orgs.account] },
    password_policy: { known: true, entities: [passwordPolicy] },
    // The report lists only users that existed when it was generated (up to hours earlier): without
    // authorizationDetails a newer user would be missing, and the list presented as complete.
    users: { known: details, entities: iam.users },
    groups: { known: details, entities: iam.groups },
    roles: { known: details, entities: iam.roles },
    identities: { known: details, entities: [...iam.users, ...iam.groups, ...iam.roles] },
    policies: { known: details, entities: iam.policies },
    customer_policies: { known: details, entities: iam.policies.filter((p) => p.attrs['customer'] === true) },
    // Root's keys are part of the collection: when neither the report nor the summary says, it is incomplete.
    access_keys: { known: reportKnown && root.attrs['access_keys'] !== UNKNOWN, entities: iam.accessKeys },
    mfa_devices: { known: has(ctx, SECTIONS.virtualMfaDevices), entities: iam.mfaDevices },
    signing_certificates: { known: reportKnown && root.attrs['signing_certificates'] !== UNKNOWN, entities: iam.certificates },
    identity_providers: { known: has(ctx, SECTIONS.samlProviders) && has(ctx, SECTIONS.oidcProviders), entities: providers },
    organization: { known: true, entities: [orgs.organization] },
    accounts: { known: orgKnown(SECTIONS.accounts), entities: orgs.accounts },
    organizational_units: { known: orgKnown(SECTIONS.roots, SECTIONS.organizationalUnits), entities: orgs.units },
    scps: { known: orgKnown(SECTIONS.policies), entities: orgs.scps },
    rcps: { known: orgKnown(SECTIONS.policies), entities: orgs.rcps },
    identity_center: { known: true, entities: [idc.identityCenter] },
    permission_sets: { known: idc.known.permissionSets, entities: idc.permissionSets },
    account_assignments: { known: idc.known.assignments, entities: idc.assignments },
    identity_center_users: { known: idc.known.users, entities: idc.users },
    identity_center_groups: { known: idc.known.groups, entities: idc.groups },
    analyzer_regions: { known: analyzer.regionsKnown, entities: analyzer.regions },
    analyzers: { known: analyzer.analyzersKnown, entities: analyzer.analyzers },
    analyzer_findings: { known: analyzer.findingsKnown, entities: analyzer.findings },
  };

  // The snapshot account's own IAM resources; member accounts keep them unknown (another snapshot's).
  // Sorted by name, so the lists do not depend on the order of the snapshot's lists.
  const account = orgs.account.attrs;
  const byName = (list: readonly MutableEntity[]): readonly MutableEntity[] => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Links to the snapshot account's singletons; other accounts' root users are in their own snapshots.
  account['root_user'] = root;
  for (const a of orgs.accounts) a.attrs['organization'] = orgs.organization;
  account['organization'] = ctx.notInOrganization ? null : orgs.organization;
  account['users'] = details ? byName(iam.users) : UNKNOWN;
  account['groups'] = details ? byName(iam.groups) : UNKNOWN;
  account['roles'] = details ? byName(iam.roles) : UNKNOWN;
  account['analyzers'] = analyzer.accountAnalyzers;

  const collections: Record<string, Collection> = {};
  for (const spec of COLLECTIONS) {
    const entry = built[spec.name];
    // INVARIANT: every collection of the schema is built above; a new one must be added there.
    if (entry === undefined) throw new Error(`normalizeSnapshot: collection ${spec.name} is not built`);
    collections[spec.name] = { name: spec.name, known: entry.known, entities: entry.entities as readonly Entity[] };
  }
  return {
    account: { id: ctx.accountId, partition: ctx.partition },
    now: ctx.now,
    capturedAt: ctx.capturedAt,
    collections,
    missingSections: reportedMissingSections(ctx),
  };
}

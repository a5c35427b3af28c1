import type { Entity } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { SECTIONS } from '../sections.ts';
import type { NormalizeContext } from './context.ts';
import { has } from './context.ts';
import type { ReportIndex } from './credentials.ts';
import { unknownAccessKey, unknownCertificate } from './credentials.ts';
import { addManagedPolicy, linkAttachments } from './iam-policies.ts';
import { addGroup, addRole, addUser, addUserFromReport } from './iam-principals.ts';
import { type IamState, newState } from './iam-state.ts';
import { mfaDevices } from './mfa-devices.ts';
import type { MutableEntity } from './new-entity.ts';

export interface IamModel {
  readonly users: readonly MutableEntity[];
  readonly groups: readonly MutableEntity[];
  readonly roles: readonly MutableEntity[];
  /** Managed (listed, then stubs for attached ones the snapshot lacks) and inline policies. */
  readonly policies: readonly MutableEntity[];
  readonly accessKeys: MutableEntity[];
  readonly certificates: MutableEntity[];
  readonly mfaDevices: readonly MutableEntity[];
  /** Roles by the federated principals (provider ARNs) their trust policies allow. */
  readonly rolesByFederatedPrincipal: ReadonlyMap<string, MutableEntity[]>;
}

/** Builds users, groups, roles, policies (managed and inline), their keys, certificates and MFA devices. */
export function normalizeIam(ctx: NormalizeContext, report: ReportIndex | null, root: Entity): IamModel {
  const details = has(ctx, SECTIONS.authorizationDetails) ? ctx.snapshot.iam?.authorizationDetails : undefined;
  const s = newState(ctx, report, root);
  if (details !== undefined) {
    for (const p of details.Policies ?? []) addManagedPolicy(s, p);
    for (const g of details.GroupDetailList ?? []) addGroup(s, g);
    for (const u of details.UserDetailList ?? []) addUser(s, u);
    for (const r of details.RoleDetailList ?? []) addRole(s, r);
    linkAttachments(s);
  } else if (report !== null) {
    // Without authorization details the report's users are built so their keys and certificates count;
    // the users collection itself is unknown (normalize.ts): the report may predate the newest user.
    for (const row of report.userOrder) addUserFromReport(s, row.values[report.positions.user ?? 0] ?? '', row.values[report.positions.arn ?? 1] ?? '');
    // A user newer than the report is in neither: one key and one certificate of an unknown user stand for theirs.
    s.accessKeys.push(unknownAccessKey(null, UNKNOWN, 'user/?/access-key/?', '?/?'));
    s.certificates.push(unknownCertificate(null, UNKNOWN, 'user/?/signing-certificate/?', '?/?'));
  }
  mfaDevices(s);
  return iamModel(s);
}

function iamModel(s: IamState): IamModel {
  return {
    users: s.users,
    groups: s.groups,
    roles: s.roles,
    policies: s.policies,
    accessKeys: s.accessKeys,
    certificates: s.certificates,
    mfaDevices: s.devices,
    rolesByFederatedPrincipal: s.rolesByFederatedPrincipal,
  };
}

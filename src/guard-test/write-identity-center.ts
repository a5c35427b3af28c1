import type { AccessAnalyzerSpec, AccountSpec, DateSpec, IdentityCenterSpec, PermissionSetSpec } from './account-spec.ts';
import { accountOf } from './write-credential-report.ts';

/**
 * The snapshot's `identityCenter` and `accessAnalyzer` sections from the account spec, in AWS's
 * shapes (sso-admin and identitystore PascalCase, accessanalyzer camelCase); part of the one
 * writer (write-snapshot-document.ts).
 */

type Json = Record<string, unknown>;

/** The `ps-...` id of a permission set's ARN, from its name unless the spec gives one. */
export function permissionSetId(p: Pick<PermissionSetSpec, 'name' | 'id'>): string {
  if (p.id !== undefined) return p.id;
  let h = 0;
  for (const c of p.name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `ps-${h.toString(16).padStart(16, '0').slice(-16)}`;
}

export function identityCenterSection(spec: AccountSpec, idc: IdentityCenterSpec, at: (d: DateSpec | undefined, fallback: string) => string, document: (d: NonNullable<PermissionSetSpec['inline']>) => string): Json {
  const { id: accountId, partition } = accountOf(spec);
  const instanceArn = `arn:${partition}:sso:::instance/${idc.instanceId}`;
  const setArn = (p: Pick<PermissionSetSpec, 'name' | 'id'>): string => `arn:${partition}:sso:::permissionSet/${idc.instanceId}/${permissionSetId(p)}`;
  const arnOfSet = new Map(idc.permissionSets.map((p) => [p.name, setArn(p)]));
  const store = idc.identityStoreId;
  return {
    instances: [{ InstanceArn: instanceArn, IdentityStoreId: store, OwnerAccountId: idc.ownerAccountId ?? accountId, Status: 'ACTIVE', CreatedDate: '2024-01-01T00:00:00Z' }],
    permissionSets: idc.permissionSets.map((p) => ({
      PermissionSetArn: setArn(p),
      Name: p.name,
      ...(p.description === undefined ? {} : { Description: p.description }),
      ...(p.sessionDuration === undefined ? {} : { SessionDuration: p.sessionDuration }),
      ...(p.relayState === undefined ? {} : { RelayState: p.relayState }),
      CreatedDate: at(p.created, '2024-01-01T00:00:00Z'),
      InstanceArn: instanceArn,
      InlinePolicy: p.inline === null ? null : document(p.inline),
      AttachedManagedPolicies: p.managed.map((arn) => ({ Name: arn.slice(arn.lastIndexOf('/') + 1), Arn: arn })),
      CustomerManagedPolicyReferences: p.customer.map((c) => ({ Name: c.name, Path: c.path ?? '/' })),
      PermissionsBoundary: p.boundary === null ? null : 'arn' in p.boundary ? { ManagedPolicyArn: p.boundary.arn } : { CustomerManagedPolicyReference: { Name: p.boundary.name, Path: p.boundary.path ?? '/' } },
    })),
    accountAssignments: idc.assignments.map((a) => ({
      InstanceArn: instanceArn,
      AccountId: a.accountId,
      // A set the spec does not declare is a dangling reference, as hand-made snapshots may hold.
      PermissionSetArn: arnOfSet.get(a.permissionSet) ?? setArn({ name: a.permissionSet }),
      PrincipalType: a.principalType,
      PrincipalId: a.principalId,
    })),
    users: idc.users.map((u) => ({ IdentityStoreId: store, UserId: u.id, UserName: u.userName, ...(u.displayName === undefined ? {} : { DisplayName: u.displayName }) })),
    groups: idc.groups.map((g) => ({ IdentityStoreId: store, GroupId: g.id, DisplayName: g.displayName, ...(g.description === undefined ? {} : { Description: g.description }) })),
    groupMemberships: idc.memberships.map((m, i) => ({ IdentityStoreId: store, GroupId: m.groupId, MembershipId: `m-${i + 1}`, MemberId: { UserId: m.userId } })),
  };
}

export function accessAnalyzerSection(spec: AccountSpec, aa: AccessAnalyzerSpec, at: (d: DateSpec | undefined, fallback: string) => string): Json {
  const { id: accountId, partition } = accountOf(spec);
  return {
    regions: aa.regions.map((r) => {
      const arnOf = (name: string): string => `arn:${partition}:access-analyzer:${r.region}:${accountId}:analyzer/${name}`;
      const errors: Json[] = [];
      if (r.analyzers === 'errored') errors.push({ part: 'analyzers', code: 'AccessDeniedException', message: 'generated' });
      if (r.findings === 'errored') errors.push({ part: 'findings', code: 'AccessDeniedException', message: 'generated' });
      return {
        region: r.region,
        ...(r.analyzers === 'errored' ? {} : { analyzers: r.analyzers.map((a) => ({ arn: arnOf(a.name), name: a.name, type: a.type, status: a.status, createdAt: at(a.created, '2024-01-01T00:00:00Z') })) }),
        ...(r.findings === 'errored'
          ? {}
          : {
              findings: r.findings.map((f) => ({
                id: f.id,
                analyzerArn: arnOf(f.analyzer),
                findingType: f.type,
                ...(f.resource === undefined ? {} : { resource: f.resource }),
                ...(f.resourceType === undefined ? {} : { resourceType: f.resourceType }),
                resourceOwnerAccount: f.resourceOwnerAccount ?? accountId,
                status: 'ACTIVE',
                ...(f.principal === undefined ? {} : { principal: f.principal }),
                ...(f.actions === undefined ? {} : { action: f.actions }),
                ...(f.isPublic === undefined ? {} : { isPublic: f.isPublic }),
                createdAt: at(f.created, '2024-01-01T00:00:00Z'),
                updatedAt: at(f.created, '2024-01-01T00:00:00Z'),
              })),
            }),
        ...(errors.length === 0 ? {} : { errors }),
      };
    }),
  };
}

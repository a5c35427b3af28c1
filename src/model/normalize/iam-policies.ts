/** Policies of one IAM normalization: managed ones, stubs for attached ones the snapshot lacks, inline ones, and the links between them and their principals. */
import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { EMPTY, exactList } from '../lists.ts';
import { actionCatalog } from '../permissions/catalog.ts';
import { unknownActions } from '../permissions/unknown-actions.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import type { AttachedPolicy, InlinePolicy, ManagedPolicyDetail, PolicyVersion } from '../snapshot.ts';
import type { IamState, PrincipalKind } from './iam-state.ts';
import type { MutableEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { document } from './policy-documents.ts';
import { date } from './raw-values.ts';
import { statementEntities } from './statements.ts';

export function addManagedPolicy(s: IamState, p: ManagedPolicyDetail): void {
  const ctx = s.ctx;
  const w = s.policyWants;
  const version = defaultVersion(p);
  const doc = version === undefined ? null : document(ctx, version, version.Document);
  const docs = doc === null ? UNKNOWN : [doc];
  const awsManaged = isAwsManagedArn(p.Arn);
  const entity = newEntity('policy', p.Arn, p.PolicyName, p.Arn, null, {
    name: p.PolicyName,
    arn: p.Arn,
    id: p.PolicyId ?? UNKNOWN,
    path: p.Path ?? pathOfArn(p.Arn),
    customer: !awsManaged,
    aws_managed: awsManaged,
    inline: false,
    attached: UNKNOWN,
    attachment_count: p.AttachmentCount ?? UNKNOWN,
    boundary_usage_count: p.PermissionsBoundaryUsageCount ?? UNKNOWN,
    attached_users: EMPTY,
    attached_groups: EMPTY,
    attached_roles: EMPTY,
    attached_to: EMPTY,
    document: docs,
    permissions: docs,
    statements: UNKNOWN,
    unknown_actions: UNKNOWN,
    default_version: p.DefaultVersionId ?? UNKNOWN,
    versions: p.PolicyVersionList?.length ?? UNKNOWN,
    // Two parses per policy: only when the program reads them.
    created: w.created ? date(p.CreateDate) : UNKNOWN,
    updated: w.updated ? date(p.UpdateDate) : UNKNOWN,
  });
  if (doc !== null && w.statements) entity.attrs['statements'] = statementEntities(ctx, doc, entity, entity.key);
  if (doc !== null && w.unknown_actions) entity.attrs['unknown_actions'] = exactList(unknownActions([doc], actionCatalog()));
  s.policyByArn.set(p.Arn, entity);
  s.policies.push(entity);
}

/** A managed policy attached somewhere but absent from the snapshot's policy list: known name and ARN, unknown content. */
function addStubPolicy(s: IamState, attached: AttachedPolicy): MutableEntity {
  const arn = attached.PolicyArn;
  const name = attached.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1);
  const awsManaged = isAwsManagedArn(arn);
  const entity = newEntity('policy', arn, name, arn, null, {
    name,
    arn,
    id: UNKNOWN,
    path: pathOfArn(arn),
    customer: !awsManaged,
    aws_managed: awsManaged,
    inline: false,
    attached: UNKNOWN,
    attachment_count: UNKNOWN,
    boundary_usage_count: UNKNOWN,
    attached_users: EMPTY,
    attached_groups: EMPTY,
    attached_roles: EMPTY,
    attached_to: EMPTY,
    document: UNKNOWN,
    permissions: UNKNOWN,
    statements: UNKNOWN,
    unknown_actions: UNKNOWN,
    default_version: UNKNOWN,
    versions: UNKNOWN,
    created: UNKNOWN,
    updated: UNKNOWN,
  });
  s.policyByArn.set(arn, entity);
  s.stubs.push(entity);
  return entity;
}

export function inlinePolicies(s: IamState, principal: MutableEntity, kind: PrincipalKind, principalName: string, list: readonly InlinePolicy[] | undefined): readonly MutableEntity[] {
  const out: MutableEntity[] = [];
  for (const p of list ?? []) {
    const doc = document(s.ctx, p, p.PolicyDocument);
    const docs = doc === null ? UNKNOWN : [doc];
    const key = `${kind}/${principalName}/inline/${p.PolicyName}`;
    const entity = newEntity('policy', key, `${principalName}/${p.PolicyName}`, null, principal, {
      name: p.PolicyName,
      arn: null,
      id: null,
      path: null,
      customer: false,
      aws_managed: false,
      inline: true,
      attached: true,
      attachment_count: 1,
      boundary_usage_count: 0,
      attached_users: kind === 'user' ? [principal] : EMPTY,
      attached_groups: kind === 'group' ? [principal] : EMPTY,
      attached_roles: kind === 'role' ? [principal] : EMPTY,
      attached_to: principal.arn === null ? EMPTY : [principal.arn],
      document: docs,
      permissions: docs,
      statements: UNKNOWN,
      unknown_actions: UNKNOWN,
      default_version: null,
      versions: 1,
      created: null,
      updated: null,
    });
    if (doc !== null && s.policyWants.statements) entity.attrs['statements'] = statementEntities(s.ctx, doc, entity, key);
    if (doc !== null && s.policyWants.unknown_actions) entity.attrs['unknown_actions'] = exactList(unknownActions([doc], actionCatalog()));
    s.policies.push(entity);
    out.push(entity);
  }
  return exactList(out);
}

export function attachedPolicies(s: IamState, principal: MutableEntity, kind: PrincipalKind, list: readonly AttachedPolicy[] | undefined): readonly MutableEntity[] {
  const out: MutableEntity[] = [];
  for (const a of list ?? []) {
    const policy = s.policyByArn.get(a.PolicyArn) ?? addStubPolicy(s, a);
    if (out.includes(policy)) continue;
    out.push(policy);
    s.attachments.push({ principal, kind, policy });
  }
  return exactList(out);
}

export function useBoundary(s: IamState, arn: string | undefined): string | null {
  if (arn === undefined) return null;
  s.boundaryUse.set(arn, (s.boundaryUse.get(arn) ?? 0) + 1);
  return arn;
}

/** Reverse links (policy → principals, group → users) and attachment counts. */
export function linkAttachments(s: IamState): void {
  const byPolicy = new Map<MutableEntity, { users: Entity[]; groups: Entity[]; roles: Entity[]; arns: string[] }>();
  for (const { principal, kind, policy } of s.attachments) {
    let entry = byPolicy.get(policy);
    if (entry === undefined) {
      entry = { users: [], groups: [], roles: [], arns: [] };
      byPolicy.set(policy, entry);
    }
    entry[kind === 'user' ? 'users' : kind === 'group' ? 'groups' : 'roles'].push(principal);
    if (principal.arn !== null) entry.arns.push(principal.arn);
  }
  for (const policy of [...s.policies, ...s.stubs]) {
    if (policy.attrs['inline'] === true) continue;
    const entry = byPolicy.get(policy);
    const a = policy.attrs;
    const found = entry === undefined ? 0 : entry.users.length + entry.groups.length + entry.roles.length;
    if (entry !== undefined) {
      a['attached_users'] = exactList(entry.users);
      a['attached_groups'] = exactList(entry.groups);
      a['attached_roles'] = exactList(entry.roles);
      a['attached_to'] = exactList(entry.arns);
    }
    // The snapshot lists every principal, so the attachments found are complete when AWS's count is absent.
    if (a['attachment_count'] === UNKNOWN) a['attachment_count'] = found;
    if (a['boundary_usage_count'] === UNKNOWN) a['boundary_usage_count'] = s.boundaryUse.get(policy.key) ?? 0;
    a['attached'] = (a['attachment_count'] as number) > 0;
  }
  s.policies.push(...s.stubs);

  for (const group of s.groups) group.attrs['users'] = exactList(s.members.get(group) ?? EMPTY);
}

/** The documents of a principal's inline and attached policies, then its groups'; unknown when one is unknown. */
export function permissionsOf(principal: Entity, groups: readonly Entity[]): readonly PolicyDocument[] | Unknown {
  const docs: PolicyDocument[] = [];
  if (!addDocuments(docs, principal)) return UNKNOWN;
  for (const group of groups) if (!addDocuments(docs, group)) return UNKNOWN;
  return exactList(docs);
}

/** Appends the documents of a principal's inline, then attached policies; false at an unknown one. */
function addDocuments(docs: PolicyDocument[], principal: Entity): boolean {
  for (const attribute of POLICY_ATTRIBUTES) {
    for (const policy of principal.attrs[attribute] as readonly Entity[]) {
      // A policy entity's `document` is its one document, or unknown.
      const document = policy.attrs['document'];
      if (document === UNKNOWN || !Array.isArray(document)) return false;
      for (const doc of document as readonly PolicyDocument[]) docs.push(doc);
    }
  }
  return true;
}

const POLICY_ATTRIBUTES = ['inline_policies', 'attached_policies'] as const;

function defaultVersion(p: ManagedPolicyDetail): PolicyVersion | undefined {
  const versions = p.PolicyVersionList ?? [];
  const chosen = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => v.VersionId !== undefined && v.VersionId === p.DefaultVersionId) ?? (versions.length === 1 ? versions[0] : undefined);
  return chosen;
}

/** `arn:<partition>:iam::aws:policy/...`: the account field of AWS managed policies is `aws`. */
function isAwsManagedArn(arn: string): boolean {
  return arn.includes(':iam::aws:policy/');
}

/** The IAM path in a policy ARN: `arn:aws:iam::aws:policy/service-role/X` → `/service-role/`. */
function pathOfArn(arn: string): string {
  const start = arn.indexOf(':policy/');
  if (start < 0) return '/';
  const rest = arn.slice(start + ':policy'.length);
  return rest.slice(0, rest.lastIndexOf('/') + 1) || '/';
}

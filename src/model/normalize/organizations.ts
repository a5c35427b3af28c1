import type { Entity, Unknown, Value } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { EntityAttributes } from '../entity-attributes.ts';
import { EMPTY } from '../lists.ts';
import { SECTIONS } from '../sections.ts';
import type { OrganizationAccount, OrganizationPolicy } from '../snapshot.ts';
import type { NormalizeContext } from './context.ts';
import { has, wants } from './context.ts';
import type { MutableEntity, TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { document } from './policy-documents.ts';
import { date } from './raw-values.ts';
import { statementEntities } from './statements.ts';

export interface OrganizationsModel {
  readonly organization: MutableEntity;
  /** The organization roots, then every OU. */
  readonly units: readonly MutableEntity[];
  readonly accounts: readonly MutableEntity[];
  readonly scps: readonly MutableEntity[];
  readonly rcps: readonly MutableEntity[];
  /** The snapshot account: the same entity as its entry in `accounts` when listed there. */
  readonly account: MutableEntity;
}

const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';

/**
 * The organization, its OU tree (roots are OU entities with `root` true, so `parent` has one
 * type), member accounts, SCPs and RCPs, and the snapshot's own account. `organizations: null`
 * makes everything known and empty; a missing sub-section makes what depends on it unknown.
 */
export function normalizeOrganizations(ctx: NormalizeContext): OrganizationsModel {
  const notIn = ctx.notInOrganization;
  const section = ctx.snapshot.organizations ?? undefined;
  const org = has(ctx, SECTIONS.organization) ? section?.organization : undefined;
  const anyOrgSection = [SECTIONS.organization, SECTIONS.roots, SECTIONS.organizationalUnits, SECTIONS.accounts, SECTIONS.policies].some((p) => has(ctx, p) && section !== undefined);
  const inOrganization: boolean | Unknown = notIn ? false : anyOrgSection ? true : UNKNOWN;
  const treeKnown = notIn || (has(ctx, SECTIONS.roots) && has(ctx, SECTIONS.organizationalUnits));
  const accountsKnown = notIn || has(ctx, SECTIONS.accounts);
  const policiesKnown = notIn || has(ctx, SECTIONS.policies);
  const roots = has(ctx, SECTIONS.roots) ? (section?.roots ?? []) : [];

  // The organization singleton.
  const policyTypeEnabled = (type: string): boolean | null | Unknown => {
    if (notIn) return null;
    const root = roots[0];
    if (!has(ctx, SECTIONS.roots) || root === undefined || root.PolicyTypes === undefined) return UNKNOWN;
    return root.PolicyTypes.some((t) => t.Type === type && t.Status === 'ENABLED');
  };
  const orgValue = <V extends Value>(value: V): V | null | Unknown => (notIn ? null : org === undefined ? UNKNOWN : value);
  const features = has(ctx, SECTIONS.organizationsFeatures) ? ctx.snapshot.iam?.organizationsFeatures : undefined;
  const rootFeature = (name: string): boolean | null | Unknown => (notIn || features === null ? null : features === undefined ? UNKNOWN : features.EnabledFeatures.includes(name));
  const organization = newEntity('organization', org?.Arn ?? 'organization', org?.Id ?? 'organization', org?.Arn ?? null, null, {
    exists: inOrganization,
    id: orgValue(org?.Id ?? null),
    arn: orgValue(org?.Arn ?? null),
    management_account_id: orgValue(org?.MasterAccountId ?? null),
    management_account_email: orgValue(org?.MasterAccountEmail ?? UNKNOWN),
    feature_set: orgValue(org?.FeatureSet ?? UNKNOWN),
    all_features: orgValue(org?.FeatureSet === undefined ? UNKNOWN : org.FeatureSet === 'ALL'),
    scp_enabled: policyTypeEnabled(SCP),
    rcp_enabled: policyTypeEnabled(RCP),
    root_credentials_management: rootFeature('RootCredentialsManagement'),
    root_sessions: rootFeature('RootSessions'),
  });

  // The OU tree.
  const units: TypedEntity<'organizational-unit'>[] = [];
  const unitById = new Map<string, TypedEntity<'organizational-unit'>>();
  const parentIdOf = new Map<MutableEntity, string | null>();
  const treeAttrs = (): Pick<EntityAttributes<'organizational-unit'>, 'parent' | 'children' | 'accounts' | 'scps' | 'effective_scps' | 'rcps'> => ({
    parent: UNKNOWN,
    children: UNKNOWN,
    accounts: UNKNOWN,
    scps: UNKNOWN,
    effective_scps: UNKNOWN,
    rcps: UNKNOWN,
  });
  for (const r of roots) {
    const name = r.Name ?? 'Root';
    const entity = newEntity('organizational-unit', r.Arn, name, r.Arn, null, { id: r.Id, name, arn: r.Arn, root: true, path: name, ...treeAttrs() });
    units.push(entity);
    unitById.set(r.Id, entity);
    parentIdOf.set(entity, null);
  }
  for (const ou of has(ctx, SECTIONS.organizationalUnits) ? (section?.organizationalUnits ?? []) : []) {
    const entity = newEntity('organizational-unit', ou.Arn, ou.Name, ou.Arn, null, { id: ou.Id, name: ou.Name, arn: ou.Arn, root: false, path: UNKNOWN, ...treeAttrs() });
    units.push(entity);
    unitById.set(ou.Id, entity);
    parentIdOf.set(entity, ou.ParentId);
  }
  const childrenOf = new Map<Entity, MutableEntity[]>();
  for (const unit of units) {
    const parentId = parentIdOf.get(unit) ?? null;
    const parent = parentId === null ? null : (unitById.get(parentId) ?? null);
    if (treeKnown || parentId === null) unit.attrs['parent'] = parent;
    if (parent !== null) {
      const list = childrenOf.get(parent);
      if (list === undefined) childrenOf.set(parent, [unit]);
      else list.push(unit);
    }
  }
  for (const unit of units) {
    if (!treeKnown) continue;
    unit.attrs['children'] = childrenOf.get(unit) ?? EMPTY;
    unit.attrs['path'] = unitPath(unit);
  }

  // Accounts.
  const aliases = has(ctx, SECTIONS.accountAliases) ? ctx.snapshot.iam?.accountAliases : undefined;
  const alias: string | null | Unknown = aliases === undefined ? UNKNOWN : (aliases[0] ?? null);
  const summary = has(ctx, SECTIONS.accountSummary) ? ctx.snapshot.iam?.accountSummary : undefined;
  const mfaEnabled: boolean | Unknown = summary?.['AccountMFAEnabled'] === undefined ? UNKNOWN : summary['AccountMFAEnabled'] > 0;
  const managementId: string | null | Unknown = notIn ? null : org === undefined ? UNKNOWN : org.MasterAccountId;
  const isManagement = (id: string): boolean | Unknown => (notIn ? false : managementId === UNKNOWN ? UNKNOWN : managementId === id);

  const delegatedList = has(ctx, SECTIONS.delegatedAdministrators) ? section?.delegatedAdministrators : undefined;
  const delegated = new Map((delegatedList ?? []).map((d) => [d.Id, (d.DelegatedServices ?? []).map((s) => s.ServicePrincipal)]));
  const delegation = (id: string): Delegation => {
    if (notIn) return { delegated_administrator: false, delegated_services: EMPTY };
    if (delegatedList === undefined) return { delegated_administrator: UNKNOWN, delegated_services: UNKNOWN };
    const services = delegated.get(id);
    return { delegated_administrator: services !== undefined, delegated_services: services ?? EMPTY };
  };
  const accounts: TypedEntity<'account'>[] = [];
  const accountById = new Map<string, TypedEntity<'account'>>();
  const accountsByParent = new Map<string, MutableEntity[]>();
  for (const a of has(ctx, SECTIONS.accounts) ? (section?.accounts ?? []) : []) {
    const entity = memberAccount(ctx, a, alias, mfaEnabled, isManagement(a.Id), delegation(a.Id));
    if (treeKnown) entity.attrs['parent'] = unitById.get(a.ParentId) ?? null;
    accounts.push(entity);
    accountById.set(a.Id, entity);
    const list = accountsByParent.get(a.ParentId);
    if (list === undefined) accountsByParent.set(a.ParentId, [entity]);
    else list.push(entity);
  }
  if (accountsKnown) {
    for (const unit of units) unit.attrs['accounts'] = accountsByParent.get(unit.attrs['id'] as string) ?? EMPTY;
  }

  // SCPs and RCPs, and where they apply.
  const scps: MutableEntity[] = [];
  const rcps: MutableEntity[] = [];
  const direct = { [SCP]: new Map<string, MutableEntity[]>(), [RCP]: new Map<string, MutableEntity[]>() };
  for (const p of has(ctx, SECTIONS.policies) ? (section?.policies ?? []) : []) {
    const type = p.PolicySummary.Type;
    if (type !== SCP && type !== RCP) continue;
    const entity = organizationPolicy(ctx, p, accountsKnown ? accountById : null, treeKnown ? unitById : null);
    (type === SCP ? scps : rcps).push(entity);
    for (const t of p.Targets) {
      const list = direct[type].get(t.TargetId);
      if (list === undefined) direct[type].set(t.TargetId, [entity]);
      else if (!list.includes(entity)) list.push(entity);
    }
  }
  if (policiesKnown) {
    for (const unit of units) {
      unit.attrs['scps'] = direct[SCP].get(unit.attrs['id'] as string) ?? EMPTY;
      unit.attrs['rcps'] = direct[RCP].get(unit.attrs['id'] as string) ?? EMPTY;
    }
    if (treeKnown) {
      const memo = new Map<Entity, readonly Entity[]>();
      for (const unit of units) unit.attrs['effective_scps'] = effective(unit, direct[SCP], memo);
      const rcpMemo = new Map<Entity, readonly Entity[]>();
      for (const account of accounts) {
        const parent = account.attrs['parent'];
        const id = account.attrs['id'] as string;
        const above = (type: typeof SCP | typeof RCP, m: Map<Entity, readonly Entity[]>): readonly Entity[] => (parent === null || parent === UNKNOWN ? EMPTY : effective(parent as Entity, direct[type], m));
        account.attrs['effective_scps'] = merge(above(SCP, memo), direct[SCP].get(id) ?? EMPTY);
        account.attrs['effective_rcps'] = merge(above(RCP, rcpMemo), direct[RCP].get(id) ?? EMPTY);
      }
    }
    for (const account of accounts) {
      const id = account.attrs['id'] as string;
      account.attrs['scps'] = direct[SCP].get(id) ?? EMPTY;
      account.attrs['rcps'] = direct[RCP].get(id) ?? EMPTY;
    }
  }

  const account = accountById.get(ctx.accountId) ?? currentAccountOutsideList(ctx, notIn, alias, mfaEnabled, isManagement(ctx.accountId), inOrganization, delegation(ctx.accountId));
  return { organization, units, accounts, scps, rcps, account };
}

type Delegation = Pick<EntityAttributes<'account'>, 'delegated_administrator' | 'delegated_services'>;

function memberAccount(ctx: NormalizeContext, a: OrganizationAccount, alias: string | null | Unknown, mfaEnabled: boolean | Unknown, management: boolean | Unknown, delegation: Delegation): TypedEntity<'account'> {
  const current = a.Id === ctx.accountId;
  const key = a.Arn ?? `account/${a.Id}`;
  const name = a.Name ?? (current && typeof alias === 'string' ? alias : a.Id);
  return newEntity('account', key, name, a.Arn ?? null, null, {
    exists: true,
    id: a.Id,
    arn: a.Arn ?? null,
    name: a.Name ?? (current ? alias : null),
    alias: current ? alias : UNKNOWN,
    partition: ctx.partition,
    current,
    email: a.Email ?? UNKNOWN,
    status: a.State ?? a.Status ?? UNKNOWN,
    joined: date(a.JoinedTimestamp),
    joined_method: a.JoinedMethod ?? UNKNOWN,
    in_organization: true,
    management_account: management,
    mfa_enabled: current ? mfaEnabled : UNKNOWN,
    parent: UNKNOWN,
    scps: UNKNOWN,
    effective_scps: UNKNOWN,
    rcps: UNKNOWN,
    effective_rcps: UNKNOWN,
    ...delegation,
    organization: UNKNOWN,
    root_user: UNKNOWN,
    users: UNKNOWN,
    groups: UNKNOWN,
    roles: UNKNOWN,
    // Filled in by normalizeSnapshot from Identity Center and Access Analyzer.
    assignments: UNKNOWN,
    analyzers: UNKNOWN,
  });
}

/** The snapshot account when the organization's account list does not include it (none, or not collected). */
function currentAccountOutsideList(
  ctx: NormalizeContext,
  notIn: boolean,
  alias: string | null | Unknown,
  mfaEnabled: boolean | Unknown,
  management: boolean | Unknown,
  inOrganization: boolean | Unknown,
  delegation: Delegation,
): TypedEntity<'account'> {
  const orgValue = <V extends Value>(value: V): V | Unknown => (notIn ? value : UNKNOWN);
  return newEntity('account', `account/${ctx.accountId}`, typeof alias === 'string' ? alias : ctx.accountId, null, null, {
    exists: true,
    id: ctx.accountId,
    arn: orgValue(null),
    name: notIn ? alias : UNKNOWN,
    alias,
    partition: ctx.partition,
    current: true,
    email: orgValue(null),
    status: orgValue(null),
    joined: orgValue(null),
    joined_method: orgValue(null),
    in_organization: inOrganization,
    management_account: management,
    mfa_enabled: mfaEnabled,
    parent: orgValue(null),
    scps: orgValue(EMPTY),
    effective_scps: orgValue(EMPTY),
    rcps: orgValue(EMPTY),
    effective_rcps: orgValue(EMPTY),
    ...delegation,
    organization: UNKNOWN,
    root_user: UNKNOWN,
    users: UNKNOWN,
    groups: UNKNOWN,
    roles: UNKNOWN,
    // Filled in by normalizeSnapshot from Identity Center and Access Analyzer.
    assignments: UNKNOWN,
    analyzers: UNKNOWN,
  });
}

function organizationPolicy(ctx: NormalizeContext, p: OrganizationPolicy, accountById: ReadonlyMap<string, Entity> | null, unitById: ReadonlyMap<string, Entity> | null): MutableEntity {
  const s = p.PolicySummary;
  const doc = document(ctx, p, p.Content);
  const docs = doc === null ? UNKNOWN : [doc];
  const targets = p.Targets.map((t) => t.TargetId);
  const pick = (map: ReadonlyMap<string, Entity> | null): readonly Entity[] | Unknown => {
    if (map === null) return UNKNOWN;
    const out: Entity[] = [];
    for (const id of targets) {
      const e = map.get(id);
      if (e !== undefined && !out.includes(e)) out.push(e);
    }
    return out;
  };
  const entity = newEntity('scp', s.Arn, s.Name, s.Arn, null, {
    id: s.Id,
    name: s.Name,
    arn: s.Arn,
    description: s.Description === undefined || s.Description === '' ? null : s.Description,
    policy_type: s.Type,
    aws_managed: s.AwsManaged ?? s.Arn.includes('::aws:policy/'),
    attached: targets.length > 0,
    targets,
    target_accounts: pick(accountById),
    target_ous: pick(unitById),
    document: docs,
    permissions: docs,
    statements: UNKNOWN,
  });
  if (doc !== null && wants(ctx, 'scp', 'statements')) entity.attrs['statements'] = statementEntities(ctx, doc, entity, s.Arn);
  return entity;
}

/** Policies attached to a unit or any unit above it, from the root down; memoized per unit. */
function effective(unit: Entity, direct: ReadonlyMap<string, readonly Entity[]>, memo: Map<Entity, readonly Entity[]>, depth = 0): readonly Entity[] {
  const cached = memo.get(unit);
  if (cached !== undefined) return cached;
  const parent = unit.attrs['parent'];
  // A cycle in ParentId links (only in a malformed snapshot) stops at an arbitrary depth.
  const above = parent === null || parent === UNKNOWN || depth > 64 ? EMPTY : effective(parent as Entity, direct, memo, depth + 1);
  const result = merge(above, direct.get(unit.attrs['id'] as string) ?? EMPTY);
  memo.set(unit, result);
  return result;
}

function merge(first: readonly Entity[], second: readonly Entity[]): readonly Entity[] {
  if (second.length === 0) return first;
  if (first.length === 0) return second;
  const out = [...first];
  for (const e of second) if (!out.includes(e)) out.push(e);
  return out;
}

function unitPath(unit: Entity): string {
  const names: string[] = [];
  let node: Entity | null = unit;
  for (let depth = 0; node !== null && depth <= 64; depth++) {
    names.push(node.attrs['name'] as string);
    const parent: Value | undefined = node.attrs['parent'];
    node = parent === null || parent === UNKNOWN || parent === undefined ? null : (parent as Entity);
  }
  return names.reverse().join('/');
}

import type { Entity } from '../../entities.ts';
import { UNKNOWN } from '../../entities.ts';
import type { ActionIndex, ActionMask, PermissionAnalysis, PermissionSet } from '../types.ts';
import type { PathRule } from './path-table.ts';
import { buildRoleIndex, type RoleIndex, rolesForServices, type TrustLookup, trustDocuments, trustLookup } from './trust.ts';

/**
 * What one analysis's escalation search shares across questions: the entity lists, the role
 * indexes (by trusting principal and by service, built on first use), each principal's admin
 * status and settled escalation status, and candidate lists narrowed by those statuses.
 */

/** A principal's privilege as a target: admin, escalating, neither, or unknown. */
export type Status = 'admin' | 'escalates' | 'none' | 'unknown';

export interface SearchContext {
  readonly analysis: PermissionAnalysis;
  readonly users: readonly Entity[];
  readonly roles: readonly Entity[];
  readonly groups: readonly Entity[];
  readonly order: ReadonlyMap<Entity, number>;
  index: RoleIndex | undefined;
  trusting: TrustLookup | undefined;
  /** By services key, and by rule: rules of the same services share one list. */
  readonly byServices: Map<string | PathRule, readonly Entity[]>;
  readonly admins: Map<Entity, 'admin' | 'unknown' | null>;
  readonly narrowed: WeakMap<readonly Entity[], Map<Purpose, Narrowed>>;
  /** Settled escalation status of each principal whose strongly connected component is complete. */
  readonly settled: Map<Entity, 'escalates' | 'none' | 'unknown'>;
  /** The rules' gates over an index of their actions (rules.ts rulesToTry), built on first use. */
  gates: Gates | undefined;
}

export interface Gates {
  readonly index: ActionIndex;
  /** Per rule, the actions its gate asks (all it requires but sts:AssumeRole of an assumable role). */
  readonly required: ReadonlyMap<PathRule, ActionMask>;
  /** The rules a set's mask lets through: principals sharing a set share its mask. */
  readonly byMask: WeakMap<ActionMask, readonly PathRule[]>;
}

export function newSearchContext(analysis: PermissionAnalysis): SearchContext {
  const entitiesOf = (collection: string): readonly Entity[] => analysis.model.collections[collection]?.entities ?? [];
  const roles = entitiesOf('roles');
  return {
    analysis,
    users: entitiesOf('users'),
    roles,
    groups: entitiesOf('groups'),
    order: new Map(roles.map((r, i) => [r, i])),
    index: undefined,
    trusting: undefined,
    byServices: new Map(),
    admins: new Map(),
    narrowed: new WeakMap(),
    settled: new Map(),
    gates: undefined,
  };
}

function roleIndex(ctx: SearchContext): RoleIndex {
  ctx.index ??= buildRoleIndex(ctx.roles);
  return ctx.index;
}

/** The roles whose trust policy may let the principal in (to be confirmed by assumeGrant), in model order. */
export function trusting(ctx: SearchContext, p: Entity, perms: PermissionSet): readonly Entity[] {
  ctx.trusting ??= trustLookup(roleIndex(ctx), ctx.analysis.model.account.id, ctx.order);
  return ctx.trusting(p, perms.query({ action: 'sts:AssumeRole', resource: null }).level !== 'none');
}

/** The roles a rule's services can assume (in an instance profile when the rule needs one): one list per analysis. */
export function serviceRoles(ctx: SearchContext, rule: PathRule): readonly Entity[] {
  const services = rule.services ?? [];
  let roles = ctx.byServices.get(rule);
  if (roles !== undefined) return roles;
  const key = `${rule.instanceProfile === true}:${services.join(' ')}`;
  roles = ctx.byServices.get(key);
  if (roles === undefined) {
    roles = rolesForServices(roleIndex(ctx), services).filter((r) => rule.instanceProfile !== true || hasInstanceProfile(r));
    ctx.byServices.set(key, roles);
  }
  ctx.byServices.set(rule, roles);
  return roles;
}

export function hasInstanceProfile(role: Entity): boolean {
  const v = role.attrs.instance_profiles;
  return Array.isArray(v) && v.length > 0;
}

export function adminStatus(ctx: SearchContext, e: Entity): 'admin' | 'unknown' | null {
  let held = ctx.admins.get(e);
  if (held === undefined) {
    const perms = ctx.analysis.of(e);
    held = perms === UNKNOWN ? 'unknown' : perms.admin() !== 'none' ? 'admin' : null;
    ctx.admins.set(e, held);
  }
  return held;
}

/** The status when it is settled; null while the principal's component is not complete. */
function knownStatus(ctx: SearchContext, e: Entity): Status | null {
  return adminStatus(ctx, e) ?? ctx.settled.get(e) ?? null;
}

/**
 * Why a list is narrowed: to targets that may be more privileged (`escalates`), that may be admin
 * (`admin`, sts-001), or whose paths a chain may borrow (`chain`). A target is dropped only when
 * the full check would reject it with no trace (known trust and permissions, settled status), so
 * the narrowed list gives the same answers as the whole one.
 */
export type Purpose = 'escalates' | 'admin' | 'chain';

interface Narrowed {
  readonly entities: readonly Entity[];
  readonly unsettled: boolean;
  /** How many statuses were settled when it was narrowed. */
  readonly at: number;
}

function mayMatter(ctx: SearchContext, e: Entity, purpose: Purpose): boolean | null {
  if (e.type === 'role' && trustDocuments(e) === null) return true;
  if (purpose === 'admin') return adminStatus(ctx, e) !== null;
  const status = knownStatus(ctx, e);
  if (status === null) return null;
  return purpose === 'chain' ? status === 'escalates' || status === 'unknown' : status !== 'none';
}

export function narrowed(ctx: SearchContext, list: readonly Entity[], purpose: Purpose): readonly Entity[] {
  let byPurpose = ctx.narrowed.get(list);
  const held = byPurpose?.get(purpose);
  // An unsettled list is narrowed again once enough new statuses are known (an eighth of its length):
  // each list costs linear time overall, and meanwhile its extra entries only get the full check.
  if (held !== undefined && (!held.unsettled || ctx.settled.size - held.at < Math.max(8, held.entities.length >> 3))) return held.entities;
  const entities: Entity[] = [];
  let unsettled = false;
  for (const e of held?.entities ?? list) {
    const keep = mayMatter(ctx, e, purpose);
    if (keep === null) unsettled = true;
    if (keep !== false) entities.push(e);
  }
  if (byPurpose === undefined) {
    byPurpose = new Map();
    ctx.narrowed.set(list, byPurpose);
  }
  byPurpose.set(purpose, { entities, unsettled, at: ctx.settled.size });
  return entities;
}

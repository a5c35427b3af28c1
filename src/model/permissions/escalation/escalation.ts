import type { Entity, Unknown } from '../../entities.ts';
import { UNKNOWN } from '../../entities.ts';
import type { Escalation, GrantLevel, PermissionAnalysis, PermissionSet, StatementRef } from '../types.ts';
import { pathCatalogue } from './catalogue.ts';
import { type ConstraintKind, PATH_RULES, type PathRule, type RequiredPermission } from './path-table.ts';
import { type AssumeGrant, assumeGrant, buildRoleIndex, type RoleIndex, rolesForServices, type TrustLookup, trustDocuments, trustLookup } from './trust.ts';

/**
 * Which known escalation paths apply to a principal (issue 13, docs/permissions.md).
 *
 * A path applies when the principal can (perhaps) do each required action on a resource of the
 * required kind (path-table.ts). Paths that reach another principal (pass a role, assume one, take
 * a user's credentials, join a group) count only when that principal is *more privileged*: it is an
 * administrator (`admin()` not none) or has an escalation path itself (recursively, cycles cut).
 * That is "it leads to admin", a fixed point guard can compute without comparing whole permission
 * sets pairwise. sts:AssumeRole is followed transitively: a role the principal can assume that is
 * not admin contributes its own paths, with the hops listed.
 *
 * A principal that is unconditionally admin already has everything: it has no escalation (the admin
 * rules report it). One that is admin only under conditions is evaluated like any other.
 *
 * Computed lazily per principal and cached per analysis; the shared indexes (roles by trusting
 * principal and by service) are built once per analysis on first use. So is each principal's
 * privilege status, and from it the candidate lists narrowed to targets that can qualify: a
 * principal then looks only at roles that may matter, not at every role of the account.
 */

type Level = Exclude<GrantLevel, 'none'>;
type Result = readonly Escalation[] | Unknown;

interface Context {
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
  readonly results: Map<Entity, Result>;
  readonly inProgress: Set<Entity>;
  /** Principals computed for the current top-level question (see STEP_LIMIT). */
  steps: number;
}

/**
 * How much one top-level question may search: each principal computed (the asked one and those it
 * passes to or assumes, recursively) and each candidate target or role tried counts one step.
 * Answers that lean on a principal of a cycle still in progress are not cached (compute), and every
 * principal tries every role that trusts the account, so in a large, dense role graph the search
 * grows without bound. Past the limit a principal's answer is what was found, or UNKNOWN when
 * nothing was: an unknown verdict, never a silent pass. The iam-vulnerable account (116 principals)
 * stays far below it; the 15 MB benchmark account does not (issue 13's closing note).
 */
const STEP_LIMIT = 2_000;

/** Spends one step of the current question; false (and the trace marked) once the limit is passed. */
function spend(ctx: Context, trace: Trace): boolean {
  if (++ctx.steps <= STEP_LIMIT) return true;
  trace.unknown = true;
  trace.truncated = true;
  return false;
}

/** What one computation leaned on: principals still being computed (their answer was taken as "none"), and unknown data. */
interface Trace {
  readonly open: Set<Entity>;
  unknown: boolean;
  /** The step limit cut the search short: the answer is not cached, since a fresh question may decide it. */
  truncated?: boolean;
}

const CONTEXTS = new WeakMap<PermissionAnalysis, Context>();

function entitiesOf(analysis: PermissionAnalysis, collection: string): readonly Entity[] {
  return analysis.model.collections[collection]?.entities ?? [];
}

function contextOf(analysis: PermissionAnalysis): Context {
  let ctx = CONTEXTS.get(analysis);
  if (ctx === undefined) {
    const roles = entitiesOf(analysis, 'roles');
    ctx = {
      analysis,
      users: entitiesOf(analysis, 'users'),
      roles,
      groups: entitiesOf(analysis, 'groups'),
      order: new Map(roles.map((r, i) => [r, i])),
      index: undefined,
      trusting: undefined,
      byServices: new Map(),
      admins: new Map(),
      narrowed: new WeakMap(),
      results: new Map(),
      inProgress: new Set(),
      steps: 0,
    };
    CONTEXTS.set(analysis, ctx);
  }
  return ctx;
}

function roleIndex(ctx: Context): RoleIndex {
  ctx.index ??= buildRoleIndex(ctx.roles);
  return ctx.index;
}

function trusting(ctx: Context, p: Entity): readonly Entity[] {
  ctx.trusting ??= trustLookup(roleIndex(ctx), ctx.analysis.model.account.id, ctx.order);
  return ctx.trusting(p);
}

/** The roles a rule's services can assume (in an instance profile when the rule needs one): one list per analysis. */
function serviceRoles(ctx: Context, rule: PathRule): readonly Entity[] {
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

/**
 * A principal's privilege as a target: admin, escalating, neither, or unknown; null while its
 * escalations are not computed (narrowing never computes them: eager computation inside a
 * computation meets open cycles and repeats work).
 */
type Status = 'admin' | 'escalates' | 'none' | 'unknown';

function adminStatus(ctx: Context, e: Entity): 'admin' | 'unknown' | null {
  let held = ctx.admins.get(e);
  if (held === undefined) {
    const perms = ctx.analysis.of(e);
    held = perms === UNKNOWN ? 'unknown' : perms.admin() !== 'none' ? 'admin' : null;
    ctx.admins.set(e, held);
  }
  return held;
}

function knownStatus(ctx: Context, e: Entity): Status | null {
  const held = adminStatus(ctx, e);
  if (held !== null) return held;
  const r = ctx.results.get(e);
  if (r === undefined) return null;
  return r === UNKNOWN ? 'unknown' : r.length > 0 ? 'escalates' : 'none';
}

/**
 * Why a list is narrowed: to targets that may be more privileged (`escalates`), that may be admin
 * (`admin`, sts-001), or whose paths a chain may borrow (`chain`). A target is dropped only when
 * the full check would reject it with no trace (known trust and permissions, settled status), so
 * the narrowed list gives the same answers as the whole one.
 */
type Purpose = 'escalates' | 'admin' | 'chain';

interface Narrowed {
  readonly entities: readonly Entity[];
  readonly unsettled: boolean;
  /** How many results were known when it was narrowed. */
  readonly at: number;
}

function mayMatter(ctx: Context, e: Entity, purpose: Purpose): boolean | null {
  if (e.type === 'role' && trustDocuments(e) === null) return true;
  if (purpose === 'admin') return adminStatus(ctx, e) !== null;
  const status = knownStatus(ctx, e);
  if (status === null) return null;
  return purpose === 'chain' ? status === 'escalates' || status === 'unknown' : status !== 'none';
}

function narrowed(ctx: Context, list: readonly Entity[], purpose: Purpose): readonly Entity[] {
  let byPurpose = ctx.narrowed.get(list);
  const held = byPurpose?.get(purpose);
  // An unsettled list is narrowed again once enough new results are known (an eighth of its length):
  // each list costs linear time overall, and meanwhile its extra entries only get the full check.
  if (held !== undefined && (!held.unsettled || ctx.results.size - held.at < Math.max(8, held.entities.length >> 3))) return held.entities;
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
  byPurpose.set(purpose, { entities, unsettled, at: ctx.results.size });
  return entities;
}

/**
 * The escalation paths that apply to a user or role: [] when none does (or it is already
 * unconditionally admin); UNKNOWN when its own permissions are unknown, or when no path was found
 * but one might apply through data the snapshot lacks.
 */
export function escalationsOf(analysis: PermissionAnalysis, principal: Entity): Result {
  const ctx = contextOf(analysis);
  ctx.steps = 0;
  return compute(ctx, principal, { open: new Set(), unknown: false });
}

function compute(ctx: Context, p: Entity, outer: Trace): Result {
  const cached = ctx.results.get(p);
  if (cached !== undefined) return cached;
  if (ctx.inProgress.has(p)) {
    outer.open.add(p);
    return [];
  }
  if (p.type !== 'user' && p.type !== 'role') return [];
  if (!spend(ctx, outer)) return [];
  const perms = ctx.analysis.of(p);
  if (perms === UNKNOWN) {
    ctx.results.set(p, UNKNOWN);
    return UNKNOWN;
  }
  if (perms.admin() === 'unconditional') {
    ctx.results.set(p, []);
    return [];
  }
  ctx.inProgress.add(p);
  const trace: Trace = { open: new Set(), unknown: false };
  const found: Escalation[] = [];
  for (const rule of PATH_RULES) {
    const e = evaluateRule(ctx, rule, p, perms, trace);
    if (e !== null) found.push(e);
  }
  found.push(...chains(ctx, p, perms, trace));
  ctx.inProgress.delete(p);
  trace.open.delete(p);
  const result: Result = found.length === 0 && trace.unknown ? UNKNOWN : found;
  // An answer that took a principal still in progress as "none" may be short: only the outermost
  // computation of a cycle is complete, so only answers independent of open ones are kept.
  if (trace.open.size === 0 && trace.truncated !== true) ctx.results.set(p, result);
  for (const o of trace.open) outer.open.add(o);
  if (trace.truncated === true) outer.truncated = true;
  return result;
}

/** Is the target more privileged than the principal (see the module comment)? Unknown counts as no, noted in the trace. */
function privileged(ctx: Context, target: Entity, mode: 'admin' | 'escalates', trace: Trace): boolean {
  const perms = ctx.analysis.of(target);
  if (perms === UNKNOWN) {
    trace.unknown = true;
    return false;
  }
  if (perms.admin() !== 'none') return true;
  if (mode === 'admin') return false;
  const r = compute(ctx, target, trace);
  if (r === UNKNOWN) {
    trace.unknown = true;
    return false;
  }
  return r.length > 0;
}

/** The thing a path's targeted permissions act on: a user, group, role or policy, and for a policy the role it is attached to. */
interface Target {
  readonly entity: Entity;
  readonly role: Entity | null;
}

const USER_KINDS: ReadonlySet<ConstraintKind> = new Set(['other-user', 'any-user']);

function linked(e: Entity, attr: string): readonly Entity[] {
  const v = e.attrs[attr];
  return Array.isArray(v) ? (v as readonly Entity[]) : [];
}

function customerPolicies(holders: readonly Entity[], severalVersions: boolean, trace: Trace): Entity[] {
  const out: Entity[] = [];
  for (const h of holders) {
    for (const policy of linked(h, 'attached_policies')) {
      if (policy.attrs.customer !== true || out.includes(policy)) continue;
      const versions = policy.attrs.versions;
      if (severalVersions && typeof versions !== 'number') trace.unknown = true;
      if (severalVersions && !(typeof versions === 'number' && versions > 1)) continue;
      out.push(policy);
    }
  }
  return out;
}

/** Candidate targets of a rule for the principal, before grants and privilege are checked. */
function* candidates(ctx: Context, rule: PathRule, p: Entity, kinds: ReadonlySet<ConstraintKind>, trace: Trace): Generator<Target> {
  if (kinds.has('self')) {
    yield { entity: p, role: null };
    return;
  }
  if (kinds.has('policy-attached-to-self')) {
    for (const policy of customerPolicies([p, ...linked(p, 'groups')], rule.severalVersions === true, trace)) yield { entity: policy, role: null };
    return;
  }
  if (kinds.has('own-group')) {
    for (const g of linked(p, 'groups')) yield { entity: g, role: null };
    return;
  }
  if (kinds.has('group-of-account')) {
    const own = linked(p, 'groups');
    for (const g of ctx.groups) if (!own.includes(g)) yield { entity: g, role: null };
    return;
  }
  const purpose: Purpose | null = rule.privileged === undefined ? null : rule.privileged;
  const narrow = (list: readonly Entity[]): readonly Entity[] => (purpose === null ? list : narrowed(ctx, list, purpose));
  if ([...kinds].some((k) => USER_KINDS.has(k))) {
    for (const u of narrow(ctx.users)) if (u !== p) yield { entity: u, role: null };
    return;
  }
  let roles: readonly Entity[];
  if (kinds.has('pass-role')) roles = narrow(serviceRoles(ctx, rule));
  else if (kinds.has('assumable-role')) roles = narrow(trusting(ctx, p));
  else roles = narrow(ctx.roles);
  for (const r of roles) {
    if (r === p) continue;
    if (rule.instanceProfile === true && !hasInstanceProfile(r)) continue;
    if (kinds.has('policy-attached-to-role')) {
      for (const policy of customerPolicies([r], false, trace)) yield { entity: policy, role: r };
    } else yield { entity: r, role: r };
  }
}

function hasInstanceProfile(role: Entity): boolean {
  const v = role.attrs.instance_profiles;
  return Array.isArray(v) && v.length > 0;
}

interface Enabling {
  level: Level;
  readonly statements: StatementRef[];
}

function add(acc: Enabling, level: Level, refs: readonly StatementRef[]): void {
  if (level === 'conditional') acc.level = 'conditional';
  for (const r of refs) if (!acc.statements.some((s) => sameRef(s, r))) acc.statements.push(r);
}

function sameRef(a: StatementRef, b: StatementRef): boolean {
  return a.policy === b.policy && a.via === b.via && a.index === b.index && a.policyArn === b.policyArn;
}

/** The grant of one targeted permission on a target, or null. */
function grantOn(ctx: Context, req: RequiredPermission, target: Target, p: Entity, perms: PermissionSet, trace: Trace): AssumeGrant | null {
  const role = target.role ?? target.entity;
  if (req.kind === 'assumable-role') {
    const g = assumeGrant(role, p, perms, ctx.analysis.model.account.id);
    if (g === UNKNOWN) {
      trace.unknown = true;
      return null;
    }
    return g;
  }
  const resource = req.kind === 'role' ? role.arn : target.entity.arn;
  if (resource === null) return null;
  const g = perms.query({ action: req.action, resource });
  return g.level === 'none' ? null : { level: g.level, statements: g.allowedBy };
}

function evaluateRule(ctx: Context, rule: PathRule, p: Entity, perms: PermissionSet, trace: Trace): Escalation | null {
  if (rule.principal !== undefined && rule.principal !== p.type) return null;
  // The cheap gate: each required action on some resource at all, before any target is searched.
  const enabling: Enabling = { level: 'unconditional', statements: [] };
  for (const req of rule.requires) {
    if (req.kind === 'assumable-role') continue;
    const g = perms.query({ action: req.action, resource: null });
    if (g.level === 'none') return null;
    if (req.kind === 'any') add(enabling, g.level, g.allowedBy);
  }
  if (rule.existingRole === true && !existingRole(ctx, rule, p, trace)) return null;
  const targeted = rule.requires.filter((r) => r.kind !== 'any');
  if (targeted.length === 0) return escalation(rule, enabling, null, []);
  const kinds = new Set(targeted.map((r) => r.kind));
  let best: { enabling: Enabling; target: Target } | null = null;
  for (const target of candidates(ctx, rule, p, kinds, trace)) {
    if (!spend(ctx, trace)) break;
    const here: Enabling = { level: enabling.level, statements: [...enabling.statements] };
    let ok = true;
    for (const req of targeted) {
      const g = grantOn(ctx, req, target, p, perms, trace);
      if (g === null) {
        ok = false;
        break;
      }
      add(here, g.level, g.statements);
    }
    if (!ok || !targetQualifies(ctx, rule, p, target, kinds, trace)) continue;
    if (best === null || (best.enabling.level === 'conditional' && here.level === 'unconditional')) best = { enabling: here, target };
    if (best.enabling.level === 'unconditional') break;
  }
  if (best === null) return null;
  const hops = kinds.has('assumable-role') && best.target.role !== null ? [p.arn ?? p.key, best.target.role.arn ?? best.target.role.key] : [];
  return escalation(rule, best.enabling, best.target.entity.arn, hops);
}

/** The privilege condition of a rule on a target whose grants hold. */
function targetQualifies(ctx: Context, rule: PathRule, p: Entity, target: Target, kinds: ReadonlySet<ConstraintKind>, trace: Trace): boolean {
  if (rule.privileged === undefined) return true;
  if (kinds.has('group-of-account')) return groupPrivileged(ctx, p, target.entity, trace);
  return privileged(ctx, target.role ?? target.entity, rule.privileged, trace);
}

/**
 * A group is more privileged for a user when it is admin, or when the user, holding only the
 * group's permissions, would have a direct path (joining adds them to the user's own).
 */
function groupPrivileged(ctx: Context, user: Entity, group: Entity, trace: Trace): boolean {
  const perms = ctx.analysis.of(group);
  if (perms === UNKNOWN) {
    trace.unknown = true;
    return false;
  }
  if (perms.admin() !== 'none') return true;
  return PATH_RULES.some((rule) => !rule.requires.some((r) => r.kind === 'group-of-account') && evaluateRule(ctx, rule, user, perms, trace) !== null);
}

/** Some role other than the principal, trusting the rule's services, more privileged: the role of the existing resource the path takes over. */
function existingRole(ctx: Context, rule: PathRule, p: Entity, trace: Trace): boolean {
  for (const r of narrowed(ctx, serviceRoles(ctx, rule), 'escalates')) {
    if (r === p) continue;
    if (privileged(ctx, r, 'escalates', trace)) return true;
  }
  return false;
}

function escalation(rule: PathRule, enabling: Enabling, target: string | null, hops: readonly string[]): Escalation {
  const path = pathCatalogue().get(rule.id);
  return {
    pathId: rule.id,
    pathName: path?.name ?? rule.id,
    actions: rule.requires.map((r) => r.action),
    statements: enabling.statements,
    hops,
    level: enabling.level,
    ...(target === null ? {} : { target }),
  };
}

/**
 * Transitive sts:AssumeRole: every role the principal can assume that is not admin (admin ones are
 * sts-001) lends its own paths, each with the hop to it prepended. Chains through the principal
 * itself are dropped; of several chains to the same path through the same first role, the first
 * (shortest, by recursion order) is kept.
 */
function chains(ctx: Context, p: Entity, perms: PermissionSet, trace: Trace): Escalation[] {
  const out: Escalation[] = [];
  const start = p.arn ?? p.key;
  for (const role of narrowed(ctx, trusting(ctx, p), 'chain')) {
    if (role === p) continue;
    if (!spend(ctx, trace)) break;
    const assume = assumeGrant(role, p, perms, ctx.analysis.model.account.id);
    if (assume === UNKNOWN) {
      trace.unknown = true;
      continue;
    }
    if (assume === null) continue;
    const rolePerms = ctx.analysis.of(role);
    if (rolePerms === UNKNOWN) {
      trace.unknown = true;
      continue;
    }
    if (rolePerms.admin() !== 'none') continue;
    const theirs = compute(ctx, role, trace);
    if (theirs === UNKNOWN) {
      trace.unknown = true;
      continue;
    }
    const seen = new Set<string>();
    for (const e of theirs) {
      if (e.hops.includes(start) || seen.has(e.pathId)) continue;
      seen.add(e.pathId);
      const enabling: Enabling = { level: assume.level, statements: [...assume.statements] };
      add(enabling, e.level, e.statements);
      out.push({
        pathId: e.pathId,
        pathName: e.pathName,
        actions: e.actions.includes('sts:AssumeRole') ? e.actions : ['sts:AssumeRole', ...e.actions],
        statements: enabling.statements,
        hops: [start, ...(e.hops.length > 0 ? e.hops : [role.arn ?? role.key])],
        level: enabling.level,
        ...(e.target === undefined ? {} : { target: e.target }),
      });
    }
  }
  return out;
}

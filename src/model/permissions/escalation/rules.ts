import type { Entity } from '../../entities.ts';
import { UNKNOWN } from '../../entities.ts';
import { EMPTY } from '../../lists.ts';
import { actionIndex, holdsAll, maskOf } from '../action-index.ts';
import type { Escalation, GrantLevel, PermissionSet, StatementRef } from '../types.ts';
import { pathCatalogue } from './catalogue.ts';
import { type Gates, hasInstanceProfile, narrowed, type Purpose, type SearchContext, serviceRoles, trusting } from './context.ts';
import { type ConstraintKind, PATH_RULES, type PathRule, type RequiredPermission } from './path-table.ts';
import { type AssumeGrant, assumeGrant } from './trust.ts';

/**
 * One path rule against one principal's permissions: the cheap gate (each required action on some
 * resource), then the candidate targets, the grants on each and the privilege condition. Whether a
 * target is more privileged is asked of the search (escalation.ts), which settles it once per
 * analysis; so is what counts as a step of the search.
 */

export type Level = Exclude<GrantLevel, 'none'>;

/** What rule evaluation asks of the search that runs it. */
export interface Asker {
  /** Is the target more privileged than the asking principal: admin, or (mode `escalates`) escalating. */
  privileged(target: Entity, mode: 'admin' | 'escalates'): boolean;
  /** Something the answer depends on is not in the snapshot. */
  unknown(): void;
  /** One step of the search (a candidate tried); throws past the limit. */
  spend(): void;
}

function linked(e: Entity, attr: string): readonly Entity[] {
  const v = e.attrs[attr];
  return Array.isArray(v) ? (v as readonly Entity[]) : [];
}

function customerPolicies(holders: readonly Entity[], severalVersions: boolean, ask: Asker): Entity[] {
  const out: Entity[] = [];
  for (const h of holders) {
    for (const policy of linked(h, 'attached_policies')) {
      if (policy.attrs.customer !== true || out.includes(policy)) continue;
      const versions = policy.attrs.versions;
      if (severalVersions && typeof versions !== 'number') ask.unknown();
      if (severalVersions && !(typeof versions === 'number' && versions > 1)) continue;
      out.push(policy);
    }
  }
  return out;
}

/** Called with each candidate target (and for a policy the role it is attached to); true stops the walk. */
type Visit = (entity: Entity, role: Entity | null) => boolean;

/**
 * The candidate targets of a rule for the principal, before grants and privilege are checked: a
 * callback rather than a generator, which would make a generator object and a result per target
 * for each of the large account's 57,000 rule evaluations.
 */
function eachCandidate(ctx: SearchContext, rule: PathRule, p: Entity, perms: PermissionSet, kinds: ReadonlySet<ConstraintKind>, ask: Asker, visit: Visit): void {
  if (kinds.has('self')) {
    visit(p, null);
    return;
  }
  if (kinds.has('policy-attached-to-self')) {
    for (const policy of customerPolicies([p, ...linked(p, 'groups')], rule.severalVersions === true, ask)) if (visit(policy, null)) return;
    return;
  }
  if (kinds.has('own-group')) {
    for (const g of linked(p, 'groups')) if (visit(g, null)) return;
    return;
  }
  if (kinds.has('group-of-account')) {
    const own = linked(p, 'groups');
    for (const g of ctx.groups) if (!own.includes(g) && visit(g, null)) return;
    return;
  }
  const purpose: Purpose | null = rule.privileged === undefined ? null : rule.privileged;
  const narrow = (list: readonly Entity[]): readonly Entity[] => (purpose === null ? list : narrowed(ctx, list, purpose));
  if (kinds.has('other-user') || kinds.has('any-user')) {
    for (const u of narrow(ctx.users)) if (u !== p && visit(u, null)) return;
    return;
  }
  let roles: readonly Entity[];
  if (kinds.has('pass-role')) roles = narrow(serviceRoles(ctx, rule));
  else if (kinds.has('assumable-role')) roles = narrow(trusting(ctx, p, perms));
  else roles = narrow(ctx.roles);
  for (const r of roles) {
    if (r === p) continue;
    if (rule.instanceProfile === true && !hasInstanceProfile(r)) continue;
    if (kinds.has('policy-attached-to-role')) {
      for (const policy of customerPolicies([r], false, ask)) if (visit(policy, r)) return;
    } else if (visit(r, r)) return;
  }
}

export interface Enabling {
  level: Level;
  readonly statements: StatementRef[];
}

export function addEnabling(acc: Enabling, level: Level, refs: readonly StatementRef[]): void {
  if (level === 'conditional') acc.level = 'conditional';
  for (const r of refs) if (!acc.statements.some((s) => sameRef(s, r))) acc.statements.push(r);
}

function sameRef(a: StatementRef, b: StatementRef): boolean {
  return a.policy === b.policy && a.via === b.via && a.index === b.index && a.policyArn === b.policyArn;
}

/** Can the principal assume the role: the grant, or null; unknown trust is noted and counts as no. */
export function assumes(ctx: SearchContext, role: Entity, p: Entity, perms: PermissionSet, ask: Asker | null): AssumeGrant | null {
  const g = assumeGrant(role, p, perms, ctx.analysis.model.account.id);
  if (g !== UNKNOWN) return g;
  ask?.unknown();
  return null;
}

/** The grant of one targeted permission on a target, or null. */
function grantOn(ctx: SearchContext, req: RequiredPermission, entity: Entity, targetRole: Entity | null, p: Entity, perms: PermissionSet, ask: Asker): AssumeGrant | null {
  const role = targetRole ?? entity;
  if (req.kind === 'assumable-role') return assumes(ctx, role, p, perms, ask);
  const resource = req.kind === 'role' ? role.arn : entity.arn;
  if (resource === null) return null;
  const g = perms.query({ action: req.action, resource });
  return g.level === 'none' ? null : { level: g.level, statements: g.allowedBy };
}

interface Shape {
  /** The required permissions on a target (all but `any`), and their kinds. */
  readonly targeted: readonly RequiredPermission[];
  readonly kinds: ReadonlySet<ConstraintKind>;
}

const SHAPES = new WeakMap<PathRule, Shape>();

/** Each rule is asked of every principal: its shape is worked out once. */
function shapeOf(rule: PathRule): Shape {
  let shape = SHAPES.get(rule);
  if (shape === undefined) {
    const targeted = rule.requires.filter((r) => r.kind !== 'any');
    shape = { targeted, kinds: new Set(targeted.map((r) => r.kind)) };
    SHAPES.set(rule, shape);
  }
  return shape;
}

function gateActions(rule: PathRule): string[] {
  return rule.requires.filter((r) => r.kind !== 'assumable-role').map((r) => r.action);
}

function gatesOf(ctx: SearchContext): Gates {
  if (ctx.gates === undefined) {
    const index = actionIndex(PATH_RULES.flatMap(gateActions), ctx.analysis.catalog);
    ctx.gates = { index, required: new Map(PATH_RULES.map((rule) => [rule, maskOf(index, gateActions(rule))])), byMask: new WeakMap() };
  }
  return ctx.gates;
}

/**
 * The rules worth evaluating for a set, in table order: those left out stop at the gate of
 * evaluateRule, as some action it asks is named by no identity Allow on a resource of its types.
 */
export function rulesToTry(ctx: SearchContext, perms: PermissionSet): readonly PathRule[] {
  const gates = gatesOf(ctx);
  const mask = perms.grantable(gates.index);
  let rules = gates.byMask.get(mask);
  if (rules === undefined) {
    rules = PATH_RULES.filter((rule) => holdsAll(mask, gates.required.get(rule) as Uint32Array));
    gates.byMask.set(mask, rules);
  }
  return rules;
}

/** The rule's escalation for the principal with these permissions (its own, or a group's it could join), or null. */
export function evaluateRule(ctx: SearchContext, rule: PathRule, p: Entity, perms: PermissionSet, ask: Asker): Escalation | null {
  if (rule.principal !== undefined && rule.principal !== p.type) return null;
  // The cheap gate: each required action on some resource at all, before any target is searched.
  const enabling: Enabling = { level: 'unconditional', statements: [] };
  for (const req of rule.requires) {
    if (req.kind === 'assumable-role') continue;
    const g = perms.query({ action: req.action, resource: null });
    if (g.level === 'none') return null;
    if (req.kind === 'any') addEnabling(enabling, g.level, g.allowedBy);
  }
  if (rule.existingRole === true && !existingRole(ctx, rule, p, ask)) return null;
  const { targeted, kinds } = shapeOf(rule);
  // A direct path has no hops: the one shared empty list, kept to the end of the evaluation.
  if (targeted.length === 0) return escalation(rule, enabling, null, EMPTY);
  // Set by the callback (typed wide: assignments in a callback do not widen what the checker narrowed).
  let best = null as Enabling | null;
  let bestEntity = null as Entity | null;
  let bestRole = null as Entity | null;
  eachCandidate(ctx, rule, p, perms, kinds, ask, (entity, role) => {
    ask.spend();
    // Copied from the gate's only once a grant on the target holds: most candidates fail the first.
    let here: Enabling | null = null;
    for (const req of targeted) {
      const g = grantOn(ctx, req, entity, role, p, perms, ask);
      if (g === null) return false;
      here ??= { level: enabling.level, statements: [...enabling.statements] };
      addEnabling(here, g.level, g.statements);
    }
    if (here === null || !targetQualifies(ctx, rule, p, entity, role, kinds, ask)) return false;
    if (best === null || (best.level === 'conditional' && here.level === 'unconditional')) {
      best = here;
      bestEntity = entity;
      bestRole = role;
    }
    return best.level === 'unconditional';
  });
  if (best === null || bestEntity === null) return null;
  const hops = kinds.has('assumable-role') && bestRole !== null ? [p.arn ?? p.key, bestRole.arn ?? bestRole.key] : EMPTY;
  return escalation(rule, best, bestEntity.arn, hops);
}

/** The privilege condition of a rule on a target whose grants hold. */
function targetQualifies(ctx: SearchContext, rule: PathRule, p: Entity, entity: Entity, role: Entity | null, kinds: ReadonlySet<ConstraintKind>, ask: Asker): boolean {
  if (rule.privileged === undefined) return true;
  if (kinds.has('group-of-account')) return groupPrivileged(ctx, p, entity, ask);
  return ask.privileged(role ?? entity, rule.privileged);
}

/**
 * A group is more privileged for a user when it is admin, or when the user, holding only the
 * group's permissions, would have a direct path (joining adds them to the user's own).
 */
function groupPrivileged(ctx: SearchContext, user: Entity, group: Entity, ask: Asker): boolean {
  const perms = ctx.analysis.of(group);
  if (perms === UNKNOWN) {
    ask.unknown();
    return false;
  }
  if (perms.admin() !== 'none') return true;
  return rulesToTry(ctx, perms).some((rule) => !rule.requires.some((r) => r.kind === 'group-of-account') && evaluateRule(ctx, rule, user, perms, ask) !== null);
}

/** Some role other than the principal, trusting the rule's services, more privileged: the role of the existing resource the path takes over. */
function existingRole(ctx: SearchContext, rule: PathRule, p: Entity, ask: Asker): boolean {
  for (const r of narrowed(ctx, serviceRoles(ctx, rule), 'escalates')) {
    if (r === p) continue;
    if (ask.privileged(r, 'escalates')) return true;
  }
  return false;
}

const ACTIONS = new WeakMap<PathRule, readonly string[]>();

/** A rule's required actions: one list, shared by every escalation it finds (read-only). */
function actionsOf(rule: PathRule): readonly string[] {
  let actions = ACTIONS.get(rule);
  if (actions === undefined) {
    actions = rule.requires.map((r) => r.action);
    ACTIONS.set(rule, actions);
  }
  return actions;
}

function escalation(rule: PathRule, enabling: Enabling, target: string | null, hops: readonly string[]): Escalation {
  const pathName = pathCatalogue().get(rule.id)?.name ?? rule.id;
  const actions = actionsOf(rule);
  // Kept at its exact size (grown by push it keeps room for 17): escalations live to the end of the evaluation.
  const statements = enabling.statements.slice();
  const level = enabling.level;
  // Two literals rather than a spread: the same keys in the same order, without the intermediate objects.
  return target === null ? { pathId: rule.id, pathName, actions, statements, hops, level } : { pathId: rule.id, pathName, actions, statements, hops, level, target };
}

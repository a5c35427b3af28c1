import type { Entity, Unknown } from '../../entities.ts';
import { UNKNOWN } from '../../entities.ts';
import { EMPTY } from '../../lists.ts';
import type { Escalation, PermissionAnalysis, PermissionSet } from '../types.ts';
import { adminStatus, narrowed, newSearchContext, type SearchContext, trusting } from './context.ts';
import { PATH_RULES } from './path-table.ts';
import { type Asker, addEnabling, assumes, type Enabling, evaluateRule, type Level, rulesToTry } from './rules.ts';
import { type AssumeGrant, trustDocuments } from './trust.ts';

/**
 * Which known escalation paths apply to a principal (issue 13, docs/permissions.md, docs/escalation.md).
 *
 * A path applies when the principal can (perhaps) do each required action on a resource of the
 * required kind (path-table.ts, rules.ts). Paths that reach another principal (pass a role, assume
 * one, take a user's credentials, join a group) count only when that principal is *more
 * privileged*: it is an administrator (`admin()` not none) or has an escalation path itself. That
 * is "it leads to admin": a least fixed point over the graph of "whether p escalates depends on
 * whether t does" (p has the grants on t), with sts:AssumeRole chains as edges too (a role the
 * principal can assume that is not admin lends its own paths, with the hops listed).
 *
 * The fixed point is computed once per analysis with Tarjan's strongly connected components: every
 * edge is an implication (t escalates, so p does), so the members of one component share one
 * status, and a principal asked later reads it. A member that took another member as "not yet"
 * while the component was open is evaluated again once the component is complete, until nothing
 * changes (statuses only grow). Which paths each principal reaches, with the best level, is
 * propagated along the chain edges the same way; the list of one principal then holds its own
 * paths and, per path it reaches only through roles (or reaches at a better level), one witness
 * chain: the shortest, found by a breadth-first search when that principal is asked.
 *
 * A principal that is unconditionally admin already has everything: it has no escalation (the admin
 * rules report it). One that is admin only under conditions is evaluated like any other.
 */

type Result = readonly Escalation[] | Unknown;

/**
 * A safety bound on how much one question may search anew: each principal visited and each
 * candidate target or role tried counts one step. Settled answers are kept across questions, so
 * the whole evaluation costs each principal's candidates once; the bound only stops a single
 * question that would search an enormous component, whose principals then answer UNKNOWN (an
 * unknown verdict, never a silent pass). The 15 MB benchmark account's largest question takes
 * about 11,000 steps, all its principals together 73,000.
 */
export const STEP_LIMIT = 2_000_000;

const TRUNCATED = Symbol('truncated');

interface Node {
  readonly entity: Entity;
  readonly perms: PermissionSet;
  readonly index: number;
  lowlink: number;
  /** Its own paths (rules matched directly). */
  direct: Escalation[];
  /** Best level of each path it reaches: its own and through the roles it can assume. */
  reach: Map<string, Level>;
  /** What roles of completed components lend (their reach is final), with the level of the hop to them: folded in by propagate. */
  external: { readonly reach: ReadonlyMap<string, Level>; readonly level: Level }[];
  /** Chain edges to roles of its own component, still open when scanned. */
  internal: { readonly role: Entity; readonly level: Level }[];
  /** Members of its own component it took as not escalating while they were open. */
  consulted: Entity[];
  unknownDirect: boolean;
  unknownChain: boolean;
}

interface Search {
  readonly ctx: SearchContext;
  readonly nodes: Map<Entity, Node>;
  readonly stack: Node[];
  readonly lists: Map<Entity, Result>;
  counter: number;
  /** Steps of the current question (see STEP_LIMIT). */
  steps: number;
  /** Steps counted over the analysis, for tests. */
  total: number;
  /** Principals whose last question passed STEP_LIMIT (for the message; they are asked afresh next time). */
  readonly truncated: Set<Entity>;
}

const SEARCHES = new WeakMap<PermissionAnalysis, Search>();

function searchOf(analysis: PermissionAnalysis): Search {
  let s = SEARCHES.get(analysis);
  if (s === undefined) {
    s = { ctx: newSearchContext(analysis), nodes: new Map(), stack: [], lists: new Map(), counter: 0, steps: 0, total: 0, truncated: new Set() };
    SEARCHES.set(analysis, s);
  }
  return s;
}

/**
 * The escalation paths that apply to a user or role: [] when none does (or it is already
 * unconditionally admin); UNKNOWN when its own permissions are unknown, when no path was found but
 * one might apply through data the snapshot lacks, or when the question passed STEP_LIMIT.
 */
export function escalationsOf(analysis: PermissionAnalysis, asked: Entity): Result {
  // A permission set escalates as the role it provisions in the snapshot account.
  const principal = asked.type === 'permission-set' ? provisionedRole(asked) : asked;
  if (principal === null) return UNKNOWN;
  const s = searchOf(analysis);
  const held = s.lists.get(principal);
  if (held !== undefined) return held;
  if (!s.ctx.settled.has(principal)) {
    s.steps = 0;
    try {
      statusOf(s, principal, null);
    } catch (e) {
      if (e !== TRUNCATED) throw e;
      // Completed components stay settled; the open ones are searched afresh by a later question.
      for (const [entity] of s.nodes) if (!s.ctx.settled.has(entity)) s.nodes.delete(entity);
      s.stack.length = 0;
      s.truncated.add(principal);
      return UNKNOWN;
    }
  }
  s.truncated.delete(principal);
  const list = listOf(s, principal);
  s.lists.set(principal, list);
  return list;
}

/** Why escalationsOf is UNKNOWN for the principal, as a clause for messages; null when it is known. */
export function whyEscalationUnknown(analysis: PermissionAnalysis, asked: Entity): string | null {
  const principal = asked.type === 'permission-set' ? provisionedRole(asked) : asked;
  if (principal === null) return `the snapshot does not hold exactly one role that Identity Center provisioned for permission set ${asked.name} in its account`;
  // Not asked again: a truncated question would search as far once more.
  if (searchOf(analysis).truncated.has(principal)) return `the escalation search stopped at its bound of ${STEP_LIMIT.toLocaleString('en-US')} steps`;
  if (escalationsOf(analysis, asked) !== UNKNOWN) return null;
  return analysis.whyUnknown(principal) ?? 'no known path was found, but one may apply through a user or role it can act on or assume whose permissions (or a role whose trust policy) the snapshot lacks';
}

/** The one role Identity Center provisioned for a permission set in the snapshot account; null when not exactly one is known. */
function provisionedRole(set: Entity): Entity | null {
  const roles = set.attrs['roles'];
  return Array.isArray(roles) && roles.length === 1 ? (roles[0] as Entity) : null;
}

/** Steps the analysis's escalation search has taken so far: for tests that hold it near-linear. */
export function escalationSteps(analysis: PermissionAnalysis): number {
  return searchOf(analysis).total;
}

function spend(s: Search): void {
  s.total++;
  if (++s.steps > STEP_LIMIT) throw TRUNCATED;
}

function settle(s: Search, e: Entity, status: 'escalates' | 'none' | 'unknown', list?: Result): void {
  s.ctx.settled.set(e, status);
  if (list !== undefined) s.lists.set(e, list);
  // Only an escalating principal's node is read again (what it lends, its witnesses); the others' would be kept to the end for nothing.
  if (status !== 'escalates') s.nodes.delete(e);
}

/**
 * Whether the principal escalates: settled, or for a member of a component still open its answer so
 * far ("escalates" is final, "none" provisional and noted). Updates the asker's low link (Tarjan).
 */
function statusOf(s: Search, e: Entity, from: Node | null): 'escalates' | 'none' | 'unknown' {
  const settled = s.ctx.settled.get(e);
  if (settled !== undefined) return settled;
  let node = s.nodes.get(e);
  if (node === undefined) {
    visit(s, e);
    const now = s.ctx.settled.get(e);
    if (now !== undefined) return now;
    node = s.nodes.get(e) as Node;
    if (from !== null) from.lowlink = Math.min(from.lowlink, node.lowlink);
  } else if (from !== null) from.lowlink = Math.min(from.lowlink, node.index);
  if (node.reach.size > 0) return 'escalates';
  from?.consulted.push(e);
  return 'none';
}

function visit(s: Search, e: Entity): void {
  if (e.type !== 'user' && e.type !== 'role') return settle(s, e, 'none', []);
  spend(s);
  const perms = s.ctx.analysis.of(e);
  if (perms === UNKNOWN) return settle(s, e, 'unknown', UNKNOWN);
  if (perms.admin() === 'unconditional') return settle(s, e, 'none', []);
  const index = s.counter++;
  const node: Node = { entity: e, perms, index, lowlink: index, direct: [], reach: new Map(), external: [], internal: [], consulted: [], unknownDirect: false, unknownChain: false };
  s.nodes.set(e, node);
  s.stack.push(node);
  evaluateDirect(s, node);
  scanChains(s, node);
  if (node.lowlink === node.index) complete(s, node);
}

function raise(map: Map<string, Level>, pathId: string, level: Level): boolean {
  const held = map.get(pathId);
  if (held === level || held === 'unconditional') return false;
  map.set(pathId, level);
  return true;
}

const weaker = (a: Level, b: Level): Level => (a === 'conditional' ? a : b);

function askerFor(s: Search, node: Node, chain: boolean): Asker {
  const unknown = (): void => {
    if (chain) node.unknownChain = true;
    else node.unknownDirect = true;
  };
  return {
    privileged(target, mode) {
      const perms = s.ctx.analysis.of(target);
      if (perms === UNKNOWN) {
        unknown();
        return false;
      }
      if (perms.admin() !== 'none') return true;
      if (mode === 'admin') return false;
      const status = statusOf(s, target, node);
      if (status === 'unknown') unknown();
      return status === 'escalates';
    },
    unknown,
    spend: () => spend(s),
  };
}

/** The paths the principal's own permissions open, given what is known of the targets' statuses. */
function evaluateDirect(s: Search, node: Node): void {
  node.direct = [];
  node.consulted = [];
  node.unknownDirect = false;
  const ask = askerFor(s, node, false);
  for (const rule of rulesToTry(s.ctx, node.perms)) {
    const found = evaluateRule(s.ctx, rule, node.entity, node.perms, ask);
    if (found === null) continue;
    node.direct.push(found);
    raise(node.reach, found.pathId, found.level);
  }
}

/** Does `held` already hold every path of `lent` unconditionally: then a chain through that role adds nothing. */
function holdsAll(held: ReadonlyMap<string, Level>, lent: ReadonlyMap<string, Level>): boolean {
  for (const id of lent.keys()) if (held.get(id) !== 'unconditional') return false;
  return true;
}

interface Lent {
  /** The paths every role of the list lends together, or null while some is unsettled or unknown. */
  readonly union: ReadonlyMap<string, Level> | null;
  readonly at: number;
}

const LENT = new WeakMap<readonly Entity[], Lent>();

/**
 * What the roles of a candidate list could lend at most. Most principals share one list (the roles
 * trusting the account): once its roles are settled, a principal that already holds all of it
 * unconditionally skips the list, so a dense role graph costs each principal a constant, not a scan.
 */
function lentBy(s: Search, list: readonly Entity[]): ReadonlyMap<string, Level> | null {
  const held = LENT.get(list);
  if (held !== undefined && (held.union !== null || s.ctx.settled.size - held.at < Math.max(8, list.length >> 3))) return held.union;
  let union: Map<string, Level> | null = new Map();
  for (const role of list) {
    const admin = adminStatus(s.ctx, role);
    if (admin === 'admin') continue;
    const status = s.ctx.settled.get(role);
    if (admin === 'unknown' || status === undefined || status === 'unknown' || trustDocuments(role) === null) {
      union = null;
      break;
    }
    if (status === 'escalates') {
      const into = union;
      s.nodes.get(role)?.reach.forEach((level, id) => {
        raise(into, id, level);
      });
    }
  }
  LENT.set(list, { union, at: s.ctx.settled.size });
  return union;
}

/** The roles the principal can assume that are not admin (those are sts-001): their paths become its chains. */
function scanChains(s: Search, node: Node): void {
  const { ctx } = s;
  const p = node.entity;
  const ask = askerFor(s, node, true);
  const list = trusting(ctx, p, node.perms);
  const lent = lentBy(s, list);
  if (lent !== null && holdsAll(node.reach, lent)) return;
  for (const role of narrowed(ctx, list, 'chain')) {
    if (role === p) continue;
    spend(s);
    const settled = ctx.settled.get(role);
    if (settled === 'none') continue;
    const held = settled === 'escalates' ? s.nodes.get(role) : undefined;
    if (held !== undefined && holdsAll(node.reach, held.reach)) continue;
    const assume = assumes(ctx, role, p, node.perms, ask);
    if (assume === null) continue;
    const status = adminStatus(ctx, role);
    if (status === 'unknown') node.unknownChain = true;
    if (status !== null) continue;
    const theirs = statusOf(s, role, node);
    if (theirs === 'unknown') node.unknownChain = true;
    if (theirs !== 'escalates' && ctx.settled.has(role)) continue;
    const roleNode = s.nodes.get(role);
    if (roleNode === undefined) continue;
    if (!ctx.settled.has(role)) node.internal.push({ role, level: assume.level });
    else {
      // forEach: a for-of over the entries makes an [id, level] pair per entry, and this merges hundreds of thousands.
      const through = assume.level;
      node.external.push({ reach: roleNode.reach, level: through });
      roleNode.reach.forEach((level, id) => {
        raise(node.reach, id, weaker(through, level));
      });
      if (lent !== null && holdsAll(node.reach, lent)) return;
    }
  }
}

/** What a settled node's `external` becomes: it is read only while its component is open, never added to after. */
const NO_LENT: Node['external'] = [];

/** A component is complete: settle its members' statuses and reached paths (see the module comment). */
function complete(s: Search, root: Node): void {
  if (s.stack[s.stack.length - 1] === root && root.internal.length === 0) {
    // Most components are one principal with no chain edge inside: its reach is already its own
    // paths and what settled roles lend, and it consulted no open member (never itself), so there is nothing to redo.
    s.stack.pop();
    settle(s, root.entity, root.reach.size > 0 ? 'escalates' : root.unknownDirect || root.unknownChain ? 'unknown' : 'none');
    root.external = NO_LENT;
    root.consulted = [];
    return;
  }
  const members: Node[] = [];
  for (;;) {
    const m = s.stack.pop() as Node;
    members.push(m);
    if (m === root) break;
  }
  for (;;) {
    propagate(s, members);
    const again = members.filter((m) => m.consulted.some((c) => (s.nodes.get(c)?.reach.size ?? 0) > 0));
    if (again.length === 0) break;
    for (const m of again) evaluateDirect(s, m);
  }
  const unknown = members.some((m) => m.unknownDirect || m.unknownChain);
  for (const m of members) {
    settle(s, m.entity, m.reach.size > 0 ? 'escalates' : unknown ? 'unknown' : 'none');
    m.external = NO_LENT;
    m.internal = [];
    m.consulted = [];
  }
}

/** Each member's reached paths: its own, what completed components lend, then along the chain edges inside the component. */
function propagate(s: Search, members: readonly Node[]): void {
  const into = new Map<Node, { readonly from: Node; readonly level: Level }[]>();
  for (const m of members) {
    const reach = new Map<string, Level>();
    for (const lent of m.external) {
      lent.reach.forEach((l, id) => {
        raise(reach, id, weaker(lent.level, l));
      });
    }
    m.reach = reach;
    for (const e of m.direct) raise(m.reach, e.pathId, e.level);
    for (const edge of m.internal) {
      const r = s.nodes.get(edge.role);
      if (r === undefined) continue;
      const list = into.get(r);
      if (list === undefined) into.set(r, [{ from: m, level: edge.level }]);
      else list.push({ from: m, level: edge.level });
    }
  }
  const work = members.filter((m) => m.reach.size > 0);
  while (work.length > 0) {
    const r = work.pop() as Node;
    for (const { from, level } of into.get(r) ?? []) {
      let changed = false;
      r.reach.forEach((l, id) => {
        changed = raise(from.reach, id, weaker(level, l)) || changed;
      });
      if (changed) work.push(from);
    }
  }
}

/** The settled principal's list: its own paths, then one witness chain per path it reaches only (or better) through roles. */
function listOf(s: Search, e: Entity): Result {
  const status = s.ctx.settled.get(e);
  if (status === 'unknown') return UNKNOWN;
  const node = s.nodes.get(e);
  if (status !== 'escalates' || node === undefined) return [];
  const wanted: Record<Level, string[]> = { unconditional: [], conditional: [] };
  for (const rule of PATH_RULES) {
    const level = node.reach.get(rule.id);
    if (level === undefined) continue;
    if (!holdsOwn(node.direct, rule.id, level)) wanted[level].push(rule.id);
  }
  if (wanted.unconditional.length === 0 && wanted.conditional.length === 0) return node.direct;
  const found = new Map<string, Escalation>();
  if (wanted.unconditional.length > 0) witnesses(s, node, wanted.unconditional, 'unconditional', found);
  if (wanted.conditional.length > 0) witnesses(s, node, wanted.conditional, 'conditional', found);
  const out = [...node.direct];
  for (const rule of PATH_RULES) {
    const chain = found.get(rule.id);
    if (chain !== undefined) out.push(chain);
  }
  // Kept (escalationsOf holds every principal's list) at its exact size, not with a pushed list's spare room.
  return out.slice();
}

/** Does one of its own paths hold the path at that level: then the list needs no chain for it. */
function holdsOwn(direct: readonly Escalation[], pathId: string, level: Level): boolean {
  for (const d of direct) if (d.pathId === pathId && (d.level === 'unconditional' || level === 'conditional')) return true;
  return false;
}

interface Hop {
  readonly node: Node;
  readonly grant: AssumeGrant;
  readonly before: Hop | null;
  /** The ARNs from the principal to this hop's role: made once, shared by every chain ending on the role's own direct paths. */
  arns: readonly string[] | null;
}

/**
 * For each wanted path, the shortest chain of roles from the principal to one whose own path holds
 * at `level`, every hop at least that level: one breadth-first search for all of them.
 */
function witnesses(s: Search, start: Node, wanted: readonly string[], level: Level, found: Map<string, Escalation>): void {
  const { ctx } = s;
  const enough = (l: Level | undefined): boolean => l !== undefined && (level === 'conditional' || l === 'unconditional');
  const pending = new Set(wanted);
  const seen = new Set<Node>([start]);
  let frontier: { readonly node: Node; readonly hop: Hop | null }[] = [{ node: start, hop: null }];
  while (frontier.length > 0 && pending.size > 0) {
    const next: typeof frontier = [];
    // Indexed loops: the search runs per escalating principal, and for-of's iterators were not optimised away here.
    for (let f = 0; f < frontier.length; f++) {
      const { node: q, hop } = frontier[f] as (typeof frontier)[number];
      const roles = narrowed(ctx, trusting(ctx, q.entity, q.perms), 'chain');
      for (let i = 0; i < roles.length; i++) {
        const role = roles[i] as Entity;
        const r = s.nodes.get(role);
        if (role === q.entity || r === undefined || seen.has(r) || ctx.settled.get(role) !== 'escalates' || adminStatus(ctx, role) !== null) continue;
        let lends = false;
        for (let w = 0; w < wanted.length; w++) {
          const id = wanted[w] as string;
          if (!pending.has(id) || !enough(r.reach.get(id))) continue;
          lends = true;
          break;
        }
        if (!lends) continue;
        const grant = assumes(ctx, role, q.entity, q.perms, null);
        if (grant === null || !enough(grant.level)) continue;
        seen.add(r);
        const here: Hop = { node: r, grant, before: hop, arns: null };
        // The role's own list read once (its first path of each pending id), not searched once per wanted id.
        for (let d = 0; d < r.direct.length; d++) {
          const own = r.direct[d] as Escalation;
          if (!pending.has(own.pathId) || !enough(own.level)) continue;
          found.set(own.pathId, chained(start, here, own));
          pending.delete(own.pathId);
        }
        if (pending.size === 0) return;
        next.push({ node: r, hop: here });
      }
    }
    frontier = next;
  }
}

function chained(start: Node, last: Hop, own: Escalation): Escalation {
  const hops: Hop[] = [];
  for (let h: Hop | null = last; h !== null; h = h.before) hops.push(h);
  hops.reverse();
  const first = hops[0] as Hop;
  const enabling: Enabling = { level: first.grant.level, statements: [...first.grant.statements] };
  for (let i = 1; i < hops.length; i++) addEnabling(enabling, (hops[i] as Hop).grant.level, (hops[i] as Hop).grant.statements);
  addEnabling(enabling, own.level, own.statements);
  last.arns ??= arnsOf(start, hops, EMPTY);
  const arns = own.hops.length <= 1 ? last.arns : arnsOf(start, hops, own.hops);
  const { pathId, pathName, target } = own;
  const actions = assumingFirst(own.actions);
  // The lists kept at their exact size: one grown by push (or spread) keeps room for 17, and the
  // large account keeps 44,000 chains to the end of the evaluation.
  const statements = enabling.statements.slice();
  const level = enabling.level;
  // Two literals rather than a spread: the same keys in the same order, without the intermediate objects.
  return target === undefined ? { pathId, pathName, actions, statements, hops: arns, level } : { pathId, pathName, actions, statements, hops: arns, level, target };
}

/** The principal, each role assumed, then the own path's hops after its first (its role): kept at its exact size. */
function arnsOf(start: Node, hops: readonly Hop[], ownHops: readonly string[]): readonly string[] {
  const arns = [start.entity.arn ?? start.entity.key];
  for (const h of hops) arns.push(h.node.entity.arn ?? h.node.entity.key);
  for (let i = 1; i < ownHops.length; i++) arns.push(ownHops[i] as string);
  return arns.slice();
}

const ASSUMING_FIRST = new WeakMap<readonly string[], readonly string[]>();

/** A chain's actions: sts:AssumeRole, then the path's own; one list per path's list (rules.ts shares those per rule). */
function assumingFirst(actions: readonly string[]): readonly string[] {
  if (actions.includes('sts:AssumeRole')) return actions;
  let held = ASSUMING_FIRST.get(actions);
  if (held === undefined) {
    held = ['sts:AssumeRole', ...actions];
    ASSUMING_FIRST.set(actions, held);
  }
  return held;
}

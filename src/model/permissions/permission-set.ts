/**
 * A principal's PermissionSet: its prepared statements (built once), queries over action globs,
 * and `admin()` (relative to the account's guardrails), decided with globs rather than by expanding every catalog action.
 */

import { EMPTY } from '../lists.ts';
import { globCovers, globMatches, globsIntersect, hasWildcard } from '../policy-document/glob.ts';
import { grantableBy } from './action-index.ts';
import { FALSE, not, TRUE, type Tri, UNDECIDED } from './context-keys.ts';
import { actionApplies, decideAction, type Evidence, levelOf, minTri, NO_GRANT, serviceOf } from './decide.ts';
import { decideFixedMany } from './decide-many.ts';
import { type PreparedPolicies, type PreparedStatement, serviceView } from './prepare.ts';
import type { ActionCatalog, ActionIndex, ActionMask, CatalogAction, Grant, GrantLevel, PermissionQuery, PermissionSet, StatementRef } from './types.ts';

export function permissionSet(pp: PreparedPolicies, catalog: ActionCatalog): PermissionSet {
  // Rules ask the same question of every principal, and several rules the same one.
  // Questions without a resource or on `*` (most of them) are keyed by action alone: no key string is built.
  // Made on first use: a large account holds thousands of sets, many never asked about `*` or an ARN.
  const onSome = new Map<string, Grant>();
  let onStar: Map<string, Grant> | null = null;
  let answers: Map<string, Grant> | null = null;
  let uniform: Map<string, boolean> | null = null;
  let adminLevel: GrantLevel | null = null;
  let masked: { readonly index: ActionIndex; readonly mask: ActionMask } | null = null;
  return {
    principal: pp.principal,
    query(q: PermissionQuery, keep = true): Grant {
      let held: Map<string, Grant>;
      let key: string;
      if (q.resource === null || q.resource === '*') {
        if (q.resource === '*') onStar ??= new Map();
        held = q.resource === null ? onSome : (onStar as Map<string, Grant>);
        key = q.action;
      } else {
        uniform ??= new Map();
        answers ??= new Map();
        held = answers;
        key = resourceKey(pp, catalog, uniform, q.action, q.resource);
      }
      let grant = held.get(key);
      if (grant === undefined) {
        grant = query(pp, catalog, q);
        if (keep) held.set(key, grant);
      }
      return grant;
    },
    admin(): GrantLevel {
      adminLevel ??= levelOf(admin(pp));
      return adminLevel;
    },
    grantable(index: ActionIndex): ActionMask {
      if (masked?.index !== index) masked = { index, mask: grantableBy(index, pp.identity.allows) };
      return masked.mask;
    },
    grantsOn(index: ActionIndex, only: ActionMask, resource: string): readonly Grant[] {
      return decideFixedMany(pp, index, only, resource, (position, level, refs, refCount, conditions, conditionCount) => {
        const action = index.actions[position] as string;
        return grantOf(catalog.lookup(action)?.name ?? action, level, refs, refCount, conditions, conditionCount);
      });
    },
  };
}

/**
 * The answer key of a question about one resource. Escalation asks the same action of every role
 * or user of the account; when none of the principal's statements for the action tells the
 * resources of its type in this account apart (each pattern covers them all or none), the answer is
 * the same for all of them, and one answer per region is kept instead of one per ARN.
 */
function resourceKey(pp: PreparedPolicies, catalog: ActionCatalog, uniform: Map<string, boolean>, action: string, resource: string): string {
  const key = hasWildcard(resource) || hasWildcard(action) ? null : regionKey(catalog.lookup(action), action, resource);
  if (key === null) return `${action}\u0000${resource}`;
  let same = uniform.get(key);
  if (same === undefined) {
    same = uniformOn(pp, action, key.slice(key.indexOf('\u0001') + 1));
    uniform.set(key, same);
  }
  return same ? key : `${action}\u0000${resource}`;
}

interface ResourceTypes {
  readonly parts: readonly { readonly pattern: string; readonly part: string }[];
  /** The region key of each resource asked about: resources are shared by every principal asked. */
  readonly keys: Map<string, string | null>;
}

const RESOURCE_TYPES = new WeakMap<CatalogAction, ResourceTypes>();

/**
 * `action NUL SOH region`, the region being the resource's type in its own partition, region and
 * account (`arn:aws:iam::111122223333:role/*`); null when no type of the action matches.
 */
function regionKey(info: CatalogAction | undefined, action: string, resource: string): string | null {
  if (info === undefined) return null;
  let types = RESOURCE_TYPES.get(info);
  if (types === undefined) {
    const parts = info.resourceArns.flatMap((pattern) => {
      const at = fifthColon(pattern);
      return at < 0 ? [] : [{ pattern, part: pattern.slice(at + 1) }];
    });
    types = { parts, keys: new Map() };
    RESOURCE_TYPES.set(info, types);
  }
  let key = types.keys.get(resource);
  if (key === undefined) {
    key = null;
    const at = fifthColon(resource);
    const found = at < 0 ? undefined : types.parts.find(({ pattern }) => globMatches(pattern, resource, false));
    if (found !== undefined) key = `${action}\u0000\u0001${resource.slice(0, at + 1)}${found.part}`;
    types.keys.set(resource, key);
  }
  return key;
}

function fifthColon(s: string): number {
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = s.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** Does every pattern of every statement that names the action cover the region or miss it entirely. */
function uniformOn(pp: PreparedPolicies, action: string, region: string): boolean {
  const view = serviceView(pp, serviceOf(action));
  const layers = [view.identity, view.boundary ?? [], ...view.bounds, view.denies];
  for (const layer of layers) {
    for (const s of layer) {
      if (!actionApplies(s, action, false, s.deny)) continue;
      for (const r of s.resources ?? []) if (!globCovers(r.text, region, false) && globsIntersect(r.text, region, false)) return false;
      for (const r of s.notResources ?? []) if (!globCovers(r.text, region, false) && globsIntersect(r.text, region, false)) return false;
    }
  }
  return true;
}

/** The concrete actions a query names: the catalog's, and those the principal's statements name that the catalog does not know. */
function queryActions(pp: PreparedPolicies, catalog: ActionCatalog, pattern: string): readonly string[] {
  if (!hasWildcard(pattern)) return [catalog.lookup(pattern)?.name ?? pattern];
  const out = catalog.expand(pattern).map((a) => a.name);
  for (const named of pp.namedActions) {
    if (catalog.lookup(named) === undefined && globMatches(pattern, named, true) && !out.includes(named)) out.push(named);
  }
  return out;
}

function query(pp: PreparedPolicies, catalog: ActionCatalog, q: PermissionQuery): Grant {
  // One concrete action (most questions, and nearly all of escalation's): the loop below for one
  // action, without its lists; a large account asks this of every distinct set, hundreds of thousands of times.
  if (!hasWildcard(q.action)) return queryOne(pp, catalog, catalog.lookup(q.action)?.name ?? q.action, q.resource);
  const actions = queryActions(pp, catalog, q.action);
  if (actions.length === 0) {
    // A glob no known action matches (a service newer than the catalog): asked of the glob itself.
    const evidence: Evidence = { allowedBy: [], conditions: [] };
    const t = decideAction(pp, q.action, true, q.resource, catalog, null);
    if (t === FALSE) return NO_GRANT;
    decideAction(pp, q.action, true, q.resource, catalog, evidence);
    return { level: levelOf(t), actions: [q.action], allowedBy: evidence.allowedBy, conditions: t === TRUE ? [] : evidence.conditions };
  }
  let best: Tri = FALSE;
  const granted: string[] = [];
  const levels: Tri[] = [];
  for (const a of actions) {
    const t = decideAction(pp, a, false, q.resource, catalog, null);
    if (t === FALSE) continue;
    granted.push(a);
    levels.push(t);
    if (t > best) best = t;
  }
  if (granted.length === 0) return NO_GRANT;
  const evidence: Evidence = { allowedBy: [], conditions: [] };
  const throwaway: Evidence = { allowedBy: evidence.allowedBy, conditions: [] };
  for (let i = 0; i < granted.length; i++) {
    // Conditions are those of the best grants only: an unconditional one needs none.
    decideAction(pp, granted[i] ?? '', false, q.resource, catalog, levels[i] === best && best === UNDECIDED ? evidence : throwaway);
  }
  return { level: levelOf(best), actions: granted, allowedBy: evidence.allowedBy, conditions: best === TRUE ? [] : evidence.conditions };
}

/** A granted decision as a grant, from the first refCount refs and conditionCount conditions (copied: decide-many.ts passes scratch lists). */
function grantOf(action: string, level: Tri, refs: readonly StatementRef[], refCount: number, conditions: readonly string[], conditionCount: number): Grant {
  const allowedBy = refCount === 1 ? soleRef(refs[0] as StatementRef) : refs.slice(0, refCount);
  return { level: levelOf(level), actions: oneAction(action), allowedBy, conditions: level === TRUE || conditionCount === 0 ? EMPTY : conditions.slice(0, conditionCount) };
}

function queryOne(pp: PreparedPolicies, catalog: ActionCatalog, action: string, resource: string | null): Grant {
  // One pass that gathers the evidence as it decides: gathering changes no level (it only records,
  // and a refused request records nothing), where a pass without it and then one with it decided
  // every granted request twice (most of escalation's questions are granted).
  const evidence: Evidence = { allowedBy: [], conditions: [] };
  const t = decideAction(pp, action, false, resource, catalog, evidence);
  // An unconditional grant shows no conditions: those noted on the way are dropped.
  return t === FALSE ? NO_GRANT : grantOf(action, t, evidence.allowedBy, evidence.allowedBy.length, evidence.conditions, evidence.conditions.length);
}

// Most grants rest on one statement, and every set granting an action answers with the same
// one-action list: one read-only list per statement and per action name asked (the rules' and the
// escalation table's, a bounded few), instead of a list grown by push (room for 17) in every answer kept.
const SOLE_REF = new WeakMap<StatementRef, readonly StatementRef[]>();
const ONE_ACTION = new Map<string, readonly string[]>();

const soleRef = (ref: StatementRef): readonly StatementRef[] => singleton(SOLE_REF, ref);
const oneAction = (action: string): readonly string[] => singleton(ONE_ACTION, action);

function singleton<T>(held: { get(item: T): readonly T[] | undefined; set(item: T, list: readonly T[]): unknown }, item: T): readonly T[] {
  let list = held.get(item);
  if (list === undefined) {
    list = [item];
    held.set(item, list);
  }
  return list;
}

/**
 * `*` on `*` within the account's guardrails: the identity policies and the boundary (when set)
 * have Allows with Resource `*` whose actions together cover every action, and none of their live
 * Denies applies to anything. The bounds (SCP and RCP levels) and their Denies are left out: they
 * bound everyone in the account alike, so a principal that can do all they let anyone do is that
 * account's administrator (docs/permissions.md, "Admin"); `can` still honours them. A Deny on any
 * action (`iam:*`) takes admin away; one whose conditions are undecided makes it conditional.
 * Action coverage is recognised from one statement (`*`, `*:*`) or a NotAction statement whose
 * excluded patterns other statements' Actions cover (NotAction `iam:*` beside Action `iam:*`).
 */
export function admin(pp: PreparedPolicies): Tri {
  let level = layerCovers(pp.identity.allows);
  if (pp.boundary !== null) level = minTri(level, layerCovers(pp.boundary.allows));
  if (level === FALSE) return FALSE;
  for (const d of pp.ownDenies) {
    level = minTri(level, not(minTri(d.condition, denyTouchesAnything(d))));
    if (level === FALSE) return FALSE;
  }
  return level;
}

function layerCovers(allows: readonly PreparedStatement[]): Tri {
  // Without NotAction only an Action covering every action can: one pass, nothing built (every set is asked).
  let best: Tri = FALSE;
  for (const s of allows) {
    if (s.notActions !== null) return coversEverything(allows, TRUE) ? TRUE : coversEverything(allows, UNDECIDED) ? UNDECIDED : FALSE;
    if (s.condition > best && s.actions?.some(coversAllActions) === true && onEveryResource(s)) best = s.condition;
  }
  return best;
}

const coversAllActions = (a: string): boolean => globCovers(a, '*:*', true);

function onEveryResource(s: PreparedStatement): boolean {
  return s.resources?.some((r) => r.exact && globCovers(r.text, '*', false)) === true;
}

function coversEverything(allows: readonly PreparedStatement[], atLeast: Tri): boolean {
  const usable = allows.filter((s) => s.condition >= atLeast && onEveryResource(s));
  const actionPatterns = usable.flatMap((s) => s.actions ?? []);
  if (actionPatterns.some((a) => globCovers(a, '*:*', true))) return true;
  return usable.some((s) => s.notActions?.every((n) => actionPatterns.some((a) => globCovers(a, n, true))) === true);
}

function denyTouchesAnything(d: PreparedStatement): Tri {
  if (d.actions !== null ? d.actions.length === 0 : d.notActions === null || d.notActions.some((n) => globCovers(n, '*:*', true))) return FALSE;
  if (d.resources !== null) return d.resources.length === 0 ? FALSE : TRUE;
  if (d.notResources !== null) {
    let covered: Tri = FALSE;
    for (const n of d.notResources) {
      if (!globCovers(n.text, '*', false)) continue;
      if (n.exact) return FALSE;
      covered = UNDECIDED;
    }
    return not(covered);
  }
  return FALSE;
}

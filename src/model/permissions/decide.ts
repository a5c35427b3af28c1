/**
 * One request against a principal's policies, by AWS's evaluation logic for identity policies in
 * the principal's own account (docs/permissions.md): an applicable explicit Deny in any
 * policy wins; otherwise some identity Allow must apply, and the permissions boundary (when set)
 * and each bound must allow the request too. "Applies" is three-valued: conditions and policy
 * variables the snapshot cannot decide make a statement apply only perhaps.
 *
 * Resources are asked in one of three modes (types.ts `PermissionQuery`):
 * - `concrete`: one resource, matched as IAM does (globs in the policy, case-sensitive);
 * - `every`: a glob, asking about every resource it covers: an Allow must cover it, a Deny
 *   cancels when it touches some of it;
 * - `some`: a glob (a resource type's ARN pattern), asking about some resource of it: an Allow
 *   must touch it, and a Deny cancels when it covers the region the Allow grants. That region is
 *   the narrower of the Allow's pattern and the type's when one covers the other (exact), else the
 *   Allow's pattern (then a Deny that covers only the intersection does not cancel: the answer
 *   may say "can" where IAM allows nothing; a guardrail asking "can" errs toward reporting). The
 *   boundary and bounds must touch that region; a union of several Deny patterns covering it
 *   together is not recognised either.
 */
import { globCovers, globMatches, globsIntersect, hasWildcard } from '../policy-document/glob.ts';
import { arnFields, fieldsAgree } from './arn-fields.ts';
import { FALSE, not, TRUE, type Tri, UNDECIDED } from './context-keys.ts';
import { type PreparedPolicies, type PreparedStatement, preparePolicies, type ServiceView, serviceView } from './prepare.ts';
import type { ActionCatalog, Grant, GrantLevel, PrincipalPolicies, StatementRef } from './types.ts';

export type ResourceMode = 'concrete' | 'every' | 'some';

const LEVELS: readonly GrantLevel[] = ['none', 'conditional', 'unconditional'];

export function levelOf(t: Tri): GrantLevel {
  return LEVELS[t] ?? 'none';
}

export const NO_GRANT: Grant = { level: 'none', actions: [], allowedBy: [], conditions: [] };

/** What a granted request rests on, gathered only once a request is known to be granted. */
export interface Evidence {
  readonly allowedBy: StatementRef[];
  readonly conditions: string[];
}

/** `decide` for one concrete action (or, with `symbolic`, an action glob no catalog action matches). */
export function decide(policies: PrincipalPolicies, action: string, resource: string | null, catalog: ActionCatalog): Grant {
  const pp = preparePolicies(policies);
  const evidence: Evidence = { allowedBy: [], conditions: [] };
  const t = decideAction(pp, action, false, resource, catalog, evidence);
  if (t === FALSE) return NO_GRANT;
  return { level: levelOf(t), actions: [catalog.lookup(action)?.name ?? action], allowedBy: evidence.allowedBy, conditions: t === TRUE ? [] : evidence.conditions };
}

export function serviceOf(action: string): string {
  let service = SERVICES.get(action);
  if (service === undefined) {
    const colon = action.indexOf(':');
    const prefix = (colon < 0 ? action : action.slice(0, colon)).toLowerCase();
    service = colon < 0 || hasWildcard(prefix) ? '*' : prefix;
    if (SERVICES.size >= CACHE_LIMIT) SERVICES.clear();
    SERVICES.set(action, service);
  }
  return service;
}

// Every decision asks its action's service (256,000 on the large account, two strings each): kept per
// action name, of which an evaluation asks a few thousand, rather than sliced and lowered each time.
const SERVICES = new Map<string, string>();

/**
 * The decision for one action: FALSE, UNDECIDED or TRUE. With `evidence`, also the statements it
 * rests on (call without first: gathering costs a second pass).
 */
export function decideAction(pp: PreparedPolicies, action: string, symbolic: boolean, resource: string | null, catalog: ActionCatalog, evidence: Evidence | null): Tri {
  const view = serviceView(pp, symbolic ? '*' : serviceOf(action));
  if (resource !== null) return decideFixed(view, action, symbolic, hasWildcard(resource) ? 'every' : 'concrete', resource, evidence);
  const info = symbolic ? undefined : catalog.lookup(action);
  // An action with no resource type is asked about the resource `*` (IAM's request resource for it).
  if (info !== undefined && info.resourceArns.length === 0) return decideFixed(view, action, symbolic, 'concrete', '*', evidence);
  let best: Tri = FALSE;
  const regions = info === undefined ? ANY_RESOURCE : info.resourceArns;
  for (let i = 0; i < regions.length; i++) {
    const t = decideSome(view, action, symbolic, regions[i] as string, evidence);
    if (t > best) best = t;
    if (best === TRUE && evidence === null) break;
  }
  return best;
}

const ANY_RESOURCE: readonly string[] = ['*'];

// The loops of the decision functions are indexed, not for-of: they run for every statement of every
// decision (millions on the large account) over lists of two shapes (grown and the frozen shared EMPTY),
// where for-of's iterator is not optimised away and allocated about 100 MB of the theme's 555 MB.
type Layer = readonly PreparedStatement[];
type Pattern = { readonly text: string; readonly exact: boolean };

function decideFixed(view: ServiceView, action: string, symbolic: boolean, mode: ResourceMode, g: string, evidence: Evidence | null): Tri {
  const identity = layerTri(view.identity, action, symbolic, mode, g, null);
  if (identity === FALSE) return FALSE;
  let level = identity;
  if (view.boundary !== null) level = minTri(level, layerTri(view.boundary, action, symbolic, mode, g, null));
  for (let i = 0; i < view.bounds.length; i++) level = minTri(level, layerTri(view.bounds[i] as Layer, action, symbolic, mode, g, null));
  if (level === FALSE) return FALSE;
  level = minTri(level, not(denyTri(view.denies, action, symbolic, mode, g, null)));
  if (level !== FALSE && evidence !== null) {
    layerTri(view.identity, action, symbolic, mode, g, evidence, identity);
    if (view.boundary !== null) layerTri(view.boundary, action, symbolic, mode, g, conditionsOnly(evidence));
    for (let i = 0; i < view.bounds.length; i++) layerTri(view.bounds[i] as Layer, action, symbolic, mode, g, conditionsOnly(evidence));
    denyTri(view.denies, action, symbolic, mode, g, evidence);
  }
  return level;
}

function decideSome(view: ServiceView, action: string, symbolic: boolean, region: string, evidence: Evidence | null): Tri {
  let best: Tri = FALSE;
  for (let i = 0; i < view.identity.length; i++) {
    const s = view.identity[i] as PreparedStatement;
    if (!actionApplies(s, action, symbolic, false)) continue;
    if (s.resources !== null) {
      for (let j = 0; j < s.resources.length; j++) {
        const r = s.resources[j] as Pattern;
        if (!regionIntersects(r.text, region)) continue;
        const g = globCovers(region, r.text, false) ? r.text : globCovers(r.text, region, false) ? region : r.text;
        const t = regionTri(view, action, symbolic, minTri(s.condition, r.exact ? TRUE : UNDECIDED), g, s, evidence, best);
        if (t > best) best = t;
      }
    } else if (s.notResources !== null) {
      const t = regionTri(view, action, symbolic, minTri(s.condition, not(patternsTri(s.notResources, 'covers', region))), region, s, evidence, best);
      if (t > best) best = t;
    }
    if (best === TRUE && evidence === null) return TRUE;
  }
  return best;
}

/** An identity Allow granting `start` on region `g`: after the boundary, bounds and Denies. With evidence, records it when it reaches `atLeast`. */
function regionTri(view: ServiceView, action: string, symbolic: boolean, start: Tri, g: string, s: PreparedStatement, evidence: Evidence | null, atLeast: Tri): Tri {
  let level = start;
  if (level === FALSE) return FALSE;
  if (view.boundary !== null) level = minTri(level, layerTri(view.boundary, action, symbolic, 'some', g, null));
  for (let i = 0; i < view.bounds.length; i++) level = minTri(level, layerTri(view.bounds[i] as Layer, action, symbolic, 'some', g, null));
  if (level === FALSE) return FALSE;
  level = minTri(level, not(denyTri(view.denies, action, symbolic, 'some', g, null)));
  if (level !== FALSE && evidence !== null && level >= atLeast) {
    record(evidence, s, level);
    if (view.boundary !== null) layerTri(view.boundary, action, symbolic, 'some', g, conditionsOnly(evidence));
    for (let i = 0; i < view.bounds.length; i++) layerTri(view.bounds[i] as Layer, action, symbolic, 'some', g, conditionsOnly(evidence));
    denyTri(view.denies, action, symbolic, 'some', g, evidence);
  }
  return level;
}

const conditionsOnlyCache = new WeakMap<Evidence, Evidence>();

/** The same conditions list with a throwaway statement list: a boundary's statements are not what grants. */
function conditionsOnly(e: Evidence): Evidence {
  let c = conditionsOnlyCache.get(e);
  if (c === undefined) {
    c = { allowedBy: [], conditions: e.conditions };
    conditionsOnlyCache.set(e, c);
  }
  return c;
}

function record(e: Evidence, s: PreparedStatement, level: Tri): void {
  if (!e.allowedBy.includes(s.ref)) e.allowedBy.push(s.ref);
  if (level === UNDECIDED) for (const c of s.conditions) if (!e.conditions.includes(c)) e.conditions.push(c);
}

/** The best an Allow of the layer grants; with evidence, records the statements that reach `atLeast` (default: the best). */
function layerTri(allows: readonly PreparedStatement[], action: string, symbolic: boolean, mode: ResourceMode, g: string, evidence: Evidence | null, atLeast?: Tri): Tri {
  let best: Tri = FALSE;
  for (let i = 0; i < allows.length; i++) {
    const s = allows[i] as PreparedStatement;
    if (!actionApplies(s, action, symbolic, false)) continue;
    const t = minTri(s.condition, resourceTri(s, mode, g, false));
    if (t > best) best = t;
    if (evidence !== null && t !== FALSE && t >= (atLeast ?? TRUE)) record(evidence, s, t);
    if (best === TRUE && evidence === null) return TRUE;
  }
  if (evidence !== null && atLeast === undefined && best === UNDECIDED) {
    // A conditional layer (a boundary): its conditional Allows are what the grant depends on.
    for (const s of allows) if (actionApplies(s, action, symbolic, false) && minTri(s.condition, resourceTri(s, mode, g, false)) === UNDECIDED) record(evidence, s, UNDECIDED);
  }
  return best;
}

/** The strongest Deny; with evidence, lists the conditions of those that apply only perhaps (`unless ...`). */
function denyTri(denies: readonly PreparedStatement[], action: string, symbolic: boolean, mode: ResourceMode, g: string, evidence: Evidence | null): Tri {
  let worst: Tri = FALSE;
  for (let i = 0; i < denies.length; i++) {
    const s = denies[i] as PreparedStatement;
    if (!actionApplies(s, action, symbolic, true)) continue;
    const t = minTri(s.condition, resourceTri(s, mode, g, true));
    if (t > worst) worst = t;
    if (worst === TRUE) return TRUE;
    if (t === UNDECIDED && evidence !== null) {
      for (const c of s.conditions) {
        const text = `unless ${c}`;
        if (!evidence.conditions.includes(text)) evidence.conditions.push(text);
      }
    }
  }
  return worst;
}

/**
 * Can pattern `p` name some resource of a type whose ARN pattern is `region`? Real ARNs hold no
 * colon in their first five fields, so when both have them, they are compared field by field and
 * the rest as a whole: `arn:aws:sagemaker:*:*:model/*` names no training job, though as plain
 * globs (a `*` ending a field may span colons, reference_policies_elements_resource.html) the
 * two share strings such as `arn:aws:sagemaker:r:a:training-job/x:model/y`.
 */
export function regionIntersects(p: string, region: string): boolean {
  // Asked for every statement resource and resource type of every principal: a few hundred
  // distinct patterns meet a few hundred types, so each pair is worked out once.
  let byRegion = INTERSECTS.get(p);
  if (byRegion === undefined) {
    if (INTERSECTS.size >= CACHE_LIMIT) INTERSECTS.clear();
    byRegion = new Map();
    INTERSECTS.set(p, byRegion);
  }
  let hit = byRegion.get(region);
  if (hit === undefined) {
    hit = fieldsIntersect(p, region);
    byRegion.set(region, hit);
  }
  return hit;
}

// Bounded like glob.ts's compiled patterns: dropping everything is crude, and real accounts stay far below.
const CACHE_LIMIT = 65_536;
const INTERSECTS = new Map<string, Map<string, boolean>>();

function fieldsIntersect(p: string, region: string): boolean {
  const pf = arnFields(p);
  const rf = arnFields(region);
  if (pf === null || rf === null) return globsIntersect(p, region, false);
  return fieldsAgree(pf, rf, (x, y) => globsIntersect(x, y, false));
}

export function minTri(a: Tri, b: Tri): Tri {
  return a < b ? a : b;
}

/**
 * Does the statement name the action. For a symbolic action (a glob asking about some action it
 * matches) an Allow must touch it and a Deny must cover it.
 */
export function actionApplies(s: PreparedStatement, action: string, symbolic: boolean, deny: boolean): boolean {
  const positive = !symbolic ? globMatches : deny ? globCovers : globsIntersect;
  const dual = !symbolic ? globMatches : deny ? globsIntersect : globCovers;
  if (s.actions !== null) {
    for (let i = 0; i < s.actions.length; i++) if (positive(s.actions[i] as string, action, true)) return true;
    return false;
  }
  if (s.notActions !== null) {
    for (let i = 0; i < s.notActions.length; i++) if (dual(s.notActions[i] as string, action, true)) return false;
    return true;
  }
  return false;
}

/**
 * How the statement's Resource or NotResource meets target `g` in `mode`. An Allow asked about
 * every resource of `g` must cover it, about some resource touch it; a Deny the other way round.
 * A statement with neither element grants nothing on resources (not an identity-policy statement).
 */
export function resourceTri(s: PreparedStatement, mode: ResourceMode, g: string, deny: boolean): Tri {
  const relation: Relation = mode === 'concrete' ? 'matches' : (mode === 'every') !== deny ? 'covers' : 'intersects';
  if (s.resources !== null) return patternsTri(s.resources, relation, g);
  if (s.notResources !== null) return not(patternsTri(s.notResources, relation === 'matches' ? 'matches' : relation === 'covers' ? 'intersects' : 'covers', g));
  return FALSE;
}

type Relation = 'matches' | 'covers' | 'intersects';

/** The best of the patterns: TRUE when an exact one relates to `g`, UNDECIDED when only one with an unresolved variable does. */
function patternsTri(list: readonly { readonly text: string; readonly exact: boolean }[], relation: Relation, g: string): Tri {
  let best: Tri = FALSE;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Pattern;
    const hit = relation === 'matches' ? globMatches(r.text, g, false) : relation === 'covers' ? globCovers(r.text, g, false) : globsIntersect(r.text, g, false);
    if (!hit) continue;
    if (r.exact) return TRUE;
    best = UNDECIDED;
  }
  return best;
}

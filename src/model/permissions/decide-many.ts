/**
 * decide.ts's decision on one fixed resource (a concrete ARN, or a glob asked about every resource
 * it covers) for many actions of an index at once. What does not depend on the action, how each
 * statement's Resource or NotResource meets the resource and its conditions, is worked out once per
 * statement instead of once per action, and whether a statement names an action is read from the
 * index's masks (action-index.ts), which match action patterns as `actionApplies` does. A long
 * list's question (the credential-returning actions on `*`) is asked of thousands of sets.
 *
 * The result is decideFixed's, level and evidence alike (held to it by a property test).
 */
import { hasWildcard } from '../policy-document/glob.ts';
import { actionsNamedBy } from './action-index.ts';
import { FALSE, not, type Tri, UNDECIDED } from './context-keys.ts';
import { minTri, type ResourceMode, resourceTri } from './decide.ts';
import { type PreparedPolicies, type PreparedStatement, serviceView } from './prepare.ts';
import type { ActionIndex, ActionMask, StatementRef } from './types.ts';

/**
 * Makes a granted action's answer from the first `refCount` statement refs and `conditionCount`
 * conditions of scratch lists (to be copied if kept).
 */
export type MakeGrant<T> = (position: number, level: Tri, refs: readonly StatementRef[], refCount: number, conditions: readonly string[], conditionCount: number) => T;

// The statements that meet the resource at all, of every layer, with their level there, the actions
// they name and their layer: IDENTITY, BOUNDARY, DENY, or BOUND + j for bound level j. Scratch lists
// reused by every call (nothing here re-enters) and filled by count, never truncated (an emptied
// array gives up its storage and grows again): a call makes only its answers.
const IDENTITY = 0;
const BOUNDARY = 1;
const DENY = 2;
const BOUND = 3;
const statements: (PreparedStatement | null)[] = [];
const levels: Tri[] = [];
const masks: ActionMask[] = [];
const layers: number[] = [];
let gathered = 0;
const best: Tri[] = [];
const refs: StatementRef[] = [];
let refCount = 0;
const conditions: string[] = [];
let conditionCount = 0;

function gather(index: ActionIndex, list: readonly PreparedStatement[], layer: number, mode: ResourceMode, resource: string, deny: boolean): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i] as PreparedStatement;
    const level = minTri(s.condition, resourceTri(s, mode, resource, deny));
    if (level === FALSE) continue;
    statements[gathered] = s;
    levels[gathered] = level;
    masks[gathered] = actionsNamedBy(index, s);
    layers[gathered] = layer;
    gathered++;
  }
}

function addRef(ref: StatementRef): void {
  for (let i = 0; i < refCount; i++) if (refs[i] === ref) return;
  refs[refCount++] = ref;
}

function addConditions(of: readonly string[], prefix: string): void {
  for (const c of of) {
    const text = prefix === '' ? c : prefix + c;
    let held = false;
    for (let i = 0; i < conditionCount && !held; i++) held = conditions[i] === text;
    if (!held) conditions[conditionCount++] = text;
  }
}

const names = (k: number, w: number, bit: number): boolean => (((masks[k] as ActionMask)[w] ?? 0) & bit) !== 0;

/**
 * For each action of the index whose bit `only` has, in the index's order: `make` of its decision
 * when granted; nothing when not.
 */
export function decideFixedMany<T>(pp: PreparedPolicies, index: ActionIndex, only: ActionMask, resource: string, make: MakeGrant<T>): T[] {
  const mode: ResourceMode = hasWildcard(resource) ? 'every' : 'concrete';
  // Every statement: the per-service views are filters of it, in its order, and the masks say which name an action.
  const view = serviceView(pp, '*');
  gathered = 0;
  gather(index, view.identity, IDENTITY, mode, resource, false);
  if (view.boundary !== null) gather(index, view.boundary, BOUNDARY, mode, resource, false);
  for (let j = 0; j < view.bounds.length; j++) gather(index, view.bounds[j] as readonly PreparedStatement[], BOUND + j, mode, resource, false);
  gather(index, view.denies, DENY, mode, resource, true);
  const layerCount = BOUND + view.bounds.length;
  const out: T[] = [];
  for (let i = 0; i < index.actions.length; i++) {
    const w = i >> 5;
    const bit = 1 << (i & 31);
    if (((only[w] ?? 0) & bit) === 0) continue;
    // Each layer's best level for the action: an Allow layer grants the best of its statements naming it, Denies the worst.
    for (let l = 0; l < layerCount; l++) best[l] = FALSE;
    for (let k = 0; k < gathered; k++) {
      const layer = layers[k] as number;
      if ((levels[k] as Tri) > (best[layer] as Tri) && names(k, w, bit)) best[layer] = levels[k] as Tri;
    }
    const identity = best[IDENTITY] as Tri;
    let level = identity;
    if (view.boundary !== null) level = minTri(level, best[BOUNDARY] as Tri);
    for (let j = 0; j < view.bounds.length; j++) level = minTri(level, best[BOUND + j] as Tri);
    if (level !== FALSE) level = minTri(level, not(best[DENY] as Tri));
    if (level === FALSE) continue;
    // As decideFixed's evidence pass: the identity statements at its best level, then the
    // boundary's and bounds' conditions when they grant only perhaps, then the undecided Denies'.
    refCount = conditionCount = 0;
    for (let k = 0; k < gathered; k++) {
      if (layers[k] !== IDENTITY || (levels[k] as Tri) < identity || !names(k, w, bit)) continue;
      const s = statements[k] as PreparedStatement;
      addRef(s.ref);
      if (levels[k] === UNDECIDED) addConditions(s.conditions, '');
    }
    for (let l = BOUNDARY; l < layerCount; l++) {
      if (l === DENY || best[l] !== UNDECIDED) continue;
      for (let k = 0; k < gathered; k++) if (layers[k] === l && levels[k] === UNDECIDED && names(k, w, bit)) addConditions((statements[k] as PreparedStatement).conditions, '');
    }
    for (let k = 0; k < gathered; k++) {
      if (layers[k] === DENY && levels[k] === UNDECIDED && names(k, w, bit)) addConditions((statements[k] as PreparedStatement).conditions, 'unless ');
    }
    out.push(make(i, level, refs, refCount, conditions, conditionCount));
  }
  // The scratch lists would otherwise keep this set's statements and refs after its analysis is
  // done (once a call, where emptying them for every action made them grow again each time).
  for (let k = 0; k < gathered; k++) statements[k] = null;
  refs.length = 0;
  return out;
}

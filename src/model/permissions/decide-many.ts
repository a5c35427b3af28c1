/**
 * decide.ts's decision on one fixed resource (a concrete ARN, or a glob asked about every resource
 * it covers) for every action of an index at once. What does not depend on the action, how each
 * statement's Resource or NotResource meets the resource and its conditions, is worked out once per
 * statement instead of once per action, and whether a statement names an action is read from the
 * index's masks (action-index.ts), which match action patterns as `actionApplies` does. A long
 * list's question (the credential-returning actions on `*`) is asked of thousands of sets, every
 * action of it twice (the level, then the evidence) when each is decided alone.
 *
 * The result is decideFixed's, level and evidence alike (held to it by a property test).
 */
import { hasWildcard } from '../policy-document/glob.ts';
import { actionsNamedBy } from './action-index.ts';
import { FALSE, not, TRUE, type Tri, UNDECIDED } from './context-keys.ts';
import { minTri, type ResourceMode, resourceTri } from './decide.ts';
import { type PreparedPolicies, type PreparedStatement, serviceView } from './prepare.ts';
import type { ActionIndex, ActionMask, StatementRef } from './types.ts';

/** A granted action's decision: its level and what it rests on, as decideFixed gathers it. */
export interface FixedDecision {
  readonly level: Tri;
  readonly allowedBy: readonly StatementRef[];
  /** The conditions the grant depends on; read only when the level is UNDECIDED. */
  readonly conditions: readonly string[];
}

/** One layer's statements that meet the resource at all, each with its level there and the actions it names. */
interface Layer {
  readonly statements: readonly PreparedStatement[];
  readonly levels: readonly Tri[];
  readonly masks: readonly ActionMask[];
  /** The actions some statement grants unconditionally, and those some grants only perhaps. */
  readonly sure: Uint32Array;
  readonly perhaps: Uint32Array;
}

function layerOf(index: ActionIndex, words: number, list: readonly PreparedStatement[], mode: ResourceMode, resource: string, deny: boolean): Layer {
  const statements: PreparedStatement[] = [];
  const levels: Tri[] = [];
  const masks: ActionMask[] = [];
  const sure = new Uint32Array(words);
  const perhaps = new Uint32Array(words);
  for (let i = 0; i < list.length; i++) {
    const s = list[i] as PreparedStatement;
    const level = minTri(s.condition, resourceTri(s, mode, resource, deny));
    if (level === FALSE) continue;
    const mask = actionsNamedBy(index, s);
    statements.push(s);
    levels.push(level);
    masks.push(mask);
    const into = level === TRUE ? sure : perhaps;
    for (let w = 0; w < words; w++) into[w] = (into[w] ?? 0) | (mask[w] ?? 0);
  }
  return { statements, levels, masks, sure, perhaps };
}

/** The layer's best level for the action at bit `bit` of word `w`. */
function levelIn(layer: Layer, w: number, bit: number): Tri {
  if (((layer.sure[w] ?? 0) & bit) !== 0) return TRUE;
  return ((layer.perhaps[w] ?? 0) & bit) !== 0 ? UNDECIDED : FALSE;
}

const names = (mask: ActionMask, w: number, bit: number): boolean => ((mask[w] ?? 0) & bit) !== 0;

function addConditions(into: string[], conditions: readonly string[], prefix: string): void {
  for (const c of conditions) {
    const text = prefix + c;
    if (!into.includes(text)) into.push(text);
  }
}

/** A conditional layer (boundary, bound): the conditions of its statements that grant the action only perhaps. */
function layerConditions(layer: Layer, w: number, bit: number, into: string[]): void {
  if (levelIn(layer, w, bit) !== UNDECIDED) return;
  for (let k = 0; k < layer.statements.length; k++) {
    if (layer.levels[k] === UNDECIDED && names(layer.masks[k] as ActionMask, w, bit)) addConditions(into, (layer.statements[k] as PreparedStatement).conditions, '');
  }
}

/** Per action of the index (in its order): the decision when granted, null when not. */
export function decideFixedMany(pp: PreparedPolicies, index: ActionIndex, resource: string): readonly (FixedDecision | null)[] {
  const mode: ResourceMode = hasWildcard(resource) ? 'every' : 'concrete';
  const words = (index.actions.length + 31) >> 5;
  // Every statement: the per-service views are filters of it, in its order, and the masks say which name an action.
  const view = serviceView(pp, '*');
  const identity = layerOf(index, words, view.identity, mode, resource, false);
  const boundary = view.boundary === null ? null : layerOf(index, words, view.boundary, mode, resource, false);
  const bounds = view.bounds.map((b) => layerOf(index, words, b, mode, resource, false));
  const denies = layerOf(index, words, view.denies, mode, resource, true);
  const out: (FixedDecision | null)[] = [];
  for (let i = 0; i < index.actions.length; i++) {
    const w = i >> 5;
    const bit = 1 << (i & 31);
    const best = levelIn(identity, w, bit);
    let level = best;
    if (boundary !== null) level = minTri(level, levelIn(boundary, w, bit));
    for (const b of bounds) level = minTri(level, levelIn(b, w, bit));
    if (level !== FALSE) level = minTri(level, not(levelIn(denies, w, bit)));
    if (level === FALSE) {
      out.push(null);
      continue;
    }
    // As decideFixed's evidence pass: the identity statements at its best level, then the
    // boundary's and bounds' conditions when they grant only perhaps, then the undecided Denies'.
    const allowedBy: StatementRef[] = [];
    const conditions: string[] = [];
    for (let k = 0; k < identity.statements.length; k++) {
      const t = identity.levels[k] as Tri;
      if (t < best || !names(identity.masks[k] as ActionMask, w, bit)) continue;
      const s = identity.statements[k] as PreparedStatement;
      if (!allowedBy.includes(s.ref)) allowedBy.push(s.ref);
      if (t === UNDECIDED) addConditions(conditions, s.conditions, '');
    }
    if (boundary !== null) layerConditions(boundary, w, bit, conditions);
    for (const b of bounds) layerConditions(b, w, bit, conditions);
    for (let k = 0; k < denies.statements.length; k++) {
      if (denies.levels[k] === UNDECIDED && names(denies.masks[k] as ActionMask, w, bit)) addConditions(conditions, (denies.statements[k] as PreparedStatement).conditions, 'unless ');
    }
    out.push({ level, allowedBy, conditions });
  }
  return out;
}

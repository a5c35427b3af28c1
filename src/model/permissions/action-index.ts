/**
 * A cheap necessary condition for many questions about a fixed list of concrete actions (the
 * actions escalation paths require): for one permission set, which of the actions some identity
 * Allow names on some resource of the action's types. An action it rules out is granted on nothing,
 * so a question about it answers none without being evaluated; one it keeps may still be refused
 * (Denies, the boundary and bounds, conditions are not read here).
 *
 * A set's answer is the union of its statements', and a statement's is built from the answers of
 * its pattern strings, which repeat across principals and policies: each pattern is matched
 * against the list once.
 */
import { globMatches } from '../policy-document/glob.ts';
import { regionIntersects } from './decide.ts';
import type { PreparedStatement, ResourcePattern } from './prepare.ts';
import type { ActionCatalog, ActionIndex, ActionMask } from './types.ts';

interface Index {
  readonly words: number;
  readonly position: ReadonlyMap<string, number>;
  /** The empty mask, shared (masks are read-only once made): most statements and sets name none of the actions. */
  readonly none: ActionMask;
  maskWhere(test: (action: string) => boolean): ActionMask;
  statementMask(s: PreparedStatement): ActionMask;
  /** The actions the statement's Action (or NotAction) names, whatever its resources. */
  actionMask(s: PreparedStatement): ActionMask;
  /** One mask object per distinct content: thousands of sets and statements hold a few dozen distinct masks, kept to the end of the analysis. */
  intern(mask: ActionMask): ActionMask;
}

const INDEXES = new WeakMap<ActionIndex, Index>();

/** An index over these actions (duplicates dropped). */
export function actionIndex(list: readonly string[], catalog: ActionCatalog): ActionIndex {
  const actions = [...new Set(list)];
  const words = (actions.length + 31) >> 5;
  const maskWhere = (test: (action: string) => boolean): ActionMask => {
    const mask = new Uint32Array(words);
    for (let i = 0; i < actions.length; i++) if (test(actions[i] as string)) mask[i >> 5] = (mask[i >> 5] ?? 0) | (1 << (i & 31));
    return mask;
  };
  const all = maskWhere(() => true);
  const none = new Uint32Array(words);
  const byPattern = new Map<string, ActionMask>();
  const byResource = new Map<string, ActionMask>();
  const byStatement = new WeakMap<PreparedStatement, ActionMask>();

  // Case-insensitive, so the catalog's spelling of an action (what queries ask) matches as well.
  const patternMask = (pattern: string): ActionMask => {
    let mask = byPattern.get(pattern);
    if (mask === undefined) {
      mask = maskWhere((a) => globMatches(pattern, a, true));
      byPattern.set(pattern, mask);
    }
    return mask;
  };
  // As decide.ts asks a question without a resource: some resource of one of the action's types,
  // the resource `*` for an action with none, any resource for an action the catalog does not know.
  const touches = (pattern: string, action: string): boolean => {
    const info = catalog.lookup(action);
    if (info === undefined) return regionIntersects(pattern, '*');
    if (info.resourceArns.length === 0) return globMatches(pattern, '*', false);
    return info.resourceArns.some((region) => regionIntersects(pattern, region));
  };
  const resourceMask = (pattern: string): ActionMask => {
    let mask = byResource.get(pattern);
    if (mask === undefined) {
      mask = maskWhere((a) => touches(pattern, a));
      byResource.set(pattern, mask);
    }
    return mask;
  };
  // Scratch space for one statement's mask at a time (nothing here re-enters): only the result is kept.
  const on = new Uint32Array(words);
  const byActions = new WeakMap<PreparedStatement, ActionMask>();
  const actionMask = (s: PreparedStatement): ActionMask => {
    let mask = byActions.get(s);
    if (mask !== undefined) return mask;
    const acting = new Uint32Array(words);
    if (s.actions !== null) for (const a of s.actions) or(acting, patternMask(a));
    else if (s.notActions !== null) {
      // NotAction names every action none of its patterns matches.
      or(acting, all);
      for (const n of s.notActions) {
        const m = patternMask(n);
        for (let i = 0; i < words; i++) acting[i] = (acting[i] ?? 0) & ~(m[i] ?? 0);
      }
    }
    mask = grantsNothing(acting) ? none : intern(acting);
    byActions.set(s, mask);
    return mask;
  };
  // Most statements name one action pattern on one resource pattern, and the pairs repeat across
  // policies and principals: their mask is found by the two strings, with nothing made per statement.
  const byPair = new Map<string, Map<string, ActionMask>>();
  const pairMask = (action: string, resource: string): ActionMask => {
    let byRes = byPair.get(action);
    if (byRes === undefined) {
      byRes = new Map();
      byPair.set(action, byRes);
    }
    let mask = byRes.get(resource);
    if (mask === undefined) {
      const acting = patternMask(action);
      const on = resourceMask(resource);
      const both = new Uint32Array(words);
      for (let i = 0; i < words; i++) both[i] = (acting[i] ?? 0) & (on[i] ?? 0);
      mask = grantsNothing(both) ? none : intern(both);
      byRes.set(resource, mask);
    }
    return mask;
  };
  const statementMask = (s: PreparedStatement): ActionMask => {
    // (A1 | A2) & (R1 | R2) is the union of the pairs' masks: interned, so when at most one distinct
    // one names anything (most statements) it is the statement's, and nothing is made or kept.
    if (s.actions !== null && s.resources !== null) {
      let only: ActionMask = none;
      let several = false;
      // Indexed: run for every statement of every set, where for-of's iterators were not optimised away.
      for (let i = 0; i < s.actions.length; i++) {
        for (let j = 0; j < s.resources.length; j++) {
          const m = pairMask(s.actions[i] as string, (s.resources[j] as ResourcePattern).text);
          if (m === none || m === only) continue;
          if (only !== none) several = true;
          only = m;
        }
      }
      if (!several) return only;
    }
    let mask = byStatement.get(s);
    if (mask !== undefined) return mask;
    const acting = actionMask(s);
    // NotResource may name nearly anything: kept whole. Neither element grants nothing.
    on.set(s.resources === null && s.notResources !== null ? all : none);
    if (s.resources !== null) for (const r of s.resources) or(on, resourceMask(r.text));
    mask = new Uint32Array(words);
    for (let i = 0; i < words; i++) mask[i] = (acting[i] ?? 0) & (on[i] ?? 0);
    mask = grantsNothing(mask) ? none : intern(mask);
    byStatement.set(s, mask);
    return mask;
  };
  const interned = new Map<string, ActionMask>();
  const intern = (mask: ActionMask): ActionMask => {
    const key = mask.join(',');
    const held = interned.get(key);
    if (held !== undefined) return held;
    interned.set(key, mask);
    return mask;
  };
  const index: ActionIndex = { actions };
  INDEXES.set(index, { words, position: new Map(actions.map((a, i) => [a, i])), none, maskWhere, statementMask, actionMask, intern });
  return index;
}

function internals(index: ActionIndex): Index {
  const found = INDEXES.get(index);
  if (found === undefined) throw new Error('an ActionIndex not made by actionIndex()');
  return found;
}

function or(into: ActionMask, mask: ActionMask): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) | (mask[i] ?? 0);
}

/** The mask with the bits of these actions, each of which must be in the index. */
export function maskOf(index: ActionIndex, actions: readonly string[]): ActionMask {
  return internals(index).maskWhere((a) => actions.includes(a));
}

/** The actions some of these Allow statements name on some resource of the action's types. */
export function grantableBy(index: ActionIndex, allows: readonly PreparedStatement[]): ActionMask {
  const { words, none, statementMask, intern } = internals(index);
  // Statements' masks are the index's own (interned): when at most one distinct one names anything
  // (most sets), it is the set's, and nothing is made.
  let only: ActionMask = none;
  let several = false;
  for (const s of allows) {
    const m = statementMask(s);
    if (m === none || m === only) continue;
    if (only !== none) several = true;
    only = m;
  }
  if (!several) return only;
  const mask = new Uint32Array(words);
  for (const s of allows) or(mask, statementMask(s));
  return intern(mask);
}

/** The actions of the index that the statement's Action (or NotAction) names, on whatever resources: shared, read-only. */
export function actionsNamedBy(index: ActionIndex, s: PreparedStatement): ActionMask {
  return internals(index).actionMask(s);
}

/** Is the action's bit set: false says the set grants the action on nothing (true promises nothing). */
export function mayGrant(index: ActionIndex, mask: ActionMask, action: string): boolean {
  const i = internals(index).position.get(action);
  return i === undefined || ((mask[i >> 5] ?? 0) & (1 << (i & 31))) !== 0;
}

/** Is no bit set: the set grants none of the index's actions on anything. */
export function grantsNothing(mask: ActionMask): boolean {
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) return false;
  return true;
}

/** Does `mask` hold every bit of `required`. */
export function holdsAll(mask: ActionMask, required: ActionMask): boolean {
  for (let i = 0; i < required.length; i++) {
    const r = required[i] ?? 0;
    if (((mask[i] ?? 0) & r) !== r) return false;
  }
  return true;
}

/**
 * Lists that the model keeps for a whole run. An array grown by push (or made by filter) keeps
 * spare room for more elements: V8 reserves over a dozen slots at the first push, about a hundred
 * bytes per list. A large snapshot's model holds hundreds of thousands of short lists (a user's
 * keys, a policy's statements), so those are stored at their exact size: less memory to build,
 * copy and collect, and closer together for evaluation to read.
 */

/** The shared empty list (frozen). */
export const EMPTY: readonly never[] = Object.freeze([]);

/** The list at its exact size, as the model stores it; EMPTY when there is nothing in it. */
export function exactList<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? EMPTY : list.slice();
}

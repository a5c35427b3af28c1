/**
 * Kleene's three-valued logic, encoded so that the connectives are arithmetic:
 * false < unknown < true, `and` is min, `or` is max, `not` is 2 − x. The one implementation of
 * the connectives: compiled closures (compile.ts) and the reference evaluator both call these.
 */
export const FALSE = 0;
export const UNKNOWN_TRI = 1;
export const TRUE = 2;
export type Tri = typeof FALSE | typeof UNKNOWN_TRI | typeof TRUE;

export function and(a: Tri, b: Tri): Tri {
  return a < b ? a : b;
}

export function or(a: Tri, b: Tri): Tri {
  return a > b ? a : b;
}

export function not(a: Tri): Tri {
  return (2 - a) as Tri;
}

export function fromBoolean(b: boolean): Tri {
  return b ? TRUE : FALSE;
}

import { describe, expect, it } from 'vitest';
import { and, FALSE, fromBoolean, not, or, TRUE, type Tri, UNKNOWN_TRI } from '../../src/engine/tri.ts';

// Kleene's strong three-valued logic, written out as truth tables rather than computed.
const VALUES: readonly Tri[] = [FALSE, UNKNOWN_TRI, TRUE];
const F = FALSE;
const U = UNKNOWN_TRI;
const T = TRUE;
const AND: readonly (readonly Tri[])[] = [
  [F, F, F],
  [F, U, U],
  [F, U, T],
];
const OR: readonly (readonly Tri[])[] = [
  [F, U, T],
  [U, U, T],
  [T, T, T],
];

describe('the Kleene connectives', () => {
  it('encode false < unknown < true as 0, 1, 2', () => {
    expect([FALSE, UNKNOWN_TRI, TRUE]).toEqual([0, 1, 2]);
  });

  it('and, or and not follow the truth tables on every pair', () => {
    for (const a of VALUES) {
      expect([a, not(a)]).toEqual([a, [T, U, F][a]]);
      for (const b of VALUES) {
        expect([a, b, and(a, b)]).toEqual([a, b, AND[a]?.[b]]);
        expect([a, b, or(a, b)]).toEqual([a, b, OR[a]?.[b]]);
      }
    }
  });

  it('fromBoolean maps true and false to TRUE and FALSE', () => {
    expect([fromBoolean(true), fromBoolean(false)]).toEqual([TRUE, FALSE]);
  });
});

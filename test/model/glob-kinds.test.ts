import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globCovers, globMatches, globsIntersect } from '../../src/model/policy-document/glob.ts';
import { oracleCovers, oracleIntersect, regexMatches } from '../support/glob-oracle.ts';

// Cases found by mutation testing (docs/mutation.md): each pins a branch of glob.ts that the
// other unit tests left free — the compiled kinds of multi-star patterns, the pieces of
// matchGeneral, the no-star `?` runs of globCovers, and the edges of the product grid of
// globsIntersect. Expected values are checked against the oracles too.

type Case = readonly [string, string, boolean];

function check(name: string, f: (p: string, q: string) => boolean, oracle: (p: string, q: string) => boolean, cases: readonly Case[]): void {
  for (const [p, q, expected] of cases) {
    expect([name, p, q, f(p, q)]).toEqual([name, p, q, expected]);
    expect([name, p, q, oracle(p, q)]).toEqual([name, p, q, expected]);
  }
}

const small = (letters: readonly string[], maxLength: number) => fc.array(fc.constantFrom(...letters, '*', '?'), { maxLength }).map((cs) => cs.join(''));

describe('globMatches on multi-star patterns', () => {
  it('keeps every piece of a pattern with several stars', () => {
    check(
      'matches',
      (p, t) => globMatches(p, t, false),
      (p, t) => regexMatches(p, t, false),
      [
        // Two pieces, open end: not a prefix pattern of its first piece.
        ['x*y*', 'xz', false],
        ['x*y*', 'xzy', true],
        // A middle piece may not overlap the anchored last piece, nor the middle piece before it.
        ['*b*b', 'xb', false],
        ['*b*b', 'bb', true],
        ['*ab*ab*', 'xab', false],
        ['*ab*ab*', 'abab', true],
        ['*ab*ab*', 'xaba', false],
        ['*ab*ab*', 'abxab', true],
        ['a*', 'ab', true],
        ['ab*', 'a', false],
        ['abc', 'ab', false],
        ['**', '', true],
        ['***', 'x?', true],
        ['a**b', 'ab', true],
        ['a**b', 'a', false],
        // The empty pattern matches only the empty string, whatever the text (also the texts a
        // mutated constant would hold).
        ['', 'Stryker was here!', false],
        ['', '*', false],
      ],
    );
  });
});

describe('globCovers on each compiled kind', () => {
  it('answers all-star, prefix and no-star `?` patterns exactly', () => {
    check('covers', (p, q) => globCovers(p, q, false), oracleCovers, [
      // All-star patterns compile to 'any' (only a lone `*` takes the fast path).
      ['**', '*', true],
      ['**', 'a?', true],
      ['***', '', true],
      // A prefix pattern covers a query of its own length.
      ['ab*', 'ab', true],
      ['ab*', 'a', false],
      // A run of `?` without a star takes exactly as many query symbols, none of them a star.
      ['??', 'a?', true],
      ['??', '?b', true],
      ['??', '*', false],
      ['???', '?*?', false],
      ['???', '???', true],
      ['?', '*a', false],
      ['?', 'a*', false],
      ['a??', 'a*?', false],
      ['a*??', 'a??', true],
      ['*??*', '?*?', true],
      ['x*y*', 'x?*', false],
      ['x*y*', 'x?y', true],
    ]);
  });

  it('starts every symbolic comparison from cleared state', () => {
    // A comparison that ends with its second buffer reaching position 2, then one of length 3
    // whose answer is false: left-over marks past the first positions would make it true.
    expect(globCovers('a*?', 'a?', false)).toBe(true);
    expect(globCovers('?', '*?a', false)).toBe(false);
    expect(globCovers('a*??', 'a?b', false)).toBe(true);
    expect(globCovers('?', '**a', false)).toBe(false);
    expect(globCovers('??', '*?a', false)).toBe(false);
  });

  it('agrees with the automaton oracle on short globs', () => {
    fc.assert(
      fc.property(small(['a', 'b'], 5), small(['a', 'b'], 5), (p, q) => globCovers(p, q, false) === oracleCovers(p, q)),
      { numRuns: 400 },
    );
  });
});

describe('globsIntersect at the edges of its product grid', () => {
  it('does not step past the end of either glob', () => {
    check('intersect', (a, b) => globsIntersect(a, b, false), oracleIntersect, [
      ['??', 'a*', true],
      ['???', '*a', true],
      ['?a', '*?', true],
      ['a?', '?', false],
      ['?', 'a?', false],
      ['??a', '?', false],
      ['?', '??a', false],
      ['a*b', '?', false],
      ['?', 'a*b', false],
      ['*a?', 'b', false],
      ['b', '*a?', false],
      ['a*', '?b?', true],
      ['??*', 'a', false],
    ]);
  });

  it('agrees with the automaton oracle on short globs', () => {
    fc.assert(
      fc.property(small(['a', 'b'], 5), small(['a', 'b'], 5), (a, b) => globsIntersect(a, b, false) === oracleIntersect(a, b)),
      { numRuns: 400 },
    );
  });
});

// These two must stay the largest comparisons of this file: each test file gets fresh modules, so
// the scratch buffers (shared by both searches, 64 entries at first) grow when they run.
describe('scratch buffers at their first growth', () => {
  it('grows the symbolic buffers to hold position n of a 64-symbol query', () => {
    const query = `a${'?'.repeat(62)}*`;
    expect(globCovers('a*?', query, false)).toBe(true);
    expect(oracleCovers('a*?', query)).toBe(true);
  });

  it("grows the product states past the symbolic search's size to reach the goal", () => {
    const [a, b] = [`${'a'.repeat(16)}*`, `*${'a'.repeat(16)}`];
    expect(globsIntersect(a, b, false)).toBe(true);
    expect(globsIntersect(`${a}b`, b, false)).toBe(false);
  });
});

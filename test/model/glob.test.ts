import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globCovers, globMatches, globsIntersect, hasWildcard } from '../../src/model/policy-document/glob.ts';
import { oracleCovers, oracleIntersect, regexMatches } from '../support/glob-oracle.ts';

// Unit tests of glob.ts at the edges the property tests of policy-match-properties.test.ts do not
// reach: globs long enough to grow the scratch buffers, the ASCII letters at both ends of the
// case fold, and each compiled pattern kind on its own.

const glob = (letters: readonly string[], minLength: number, maxLength: number) => fc.array(fc.constantFrom(...letters, '*', '?'), { minLength, maxLength }).map((cs) => cs.join(''));

describe('globMatches', () => {
  it('matches each pattern kind: any, exact, prefix and general', () => {
    const cases: [string, string, boolean][] = [
      ['*', '', true],
      ['**', 'abc', true],
      ['', '', true],
      ['', 'a', false],
      ['abc', 'abc', true],
      ['abc', 'abd', false],
      ['abc', 'ab', false],
      ['ab*', 'ab', true],
      ['ab*', 'abzzz', true],
      ['ab*', 'a', false],
      ['ab*', 'ac', false],
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['a?c', 'abbc', false],
      ['*c', 'abc', true],
      ['*c', 'abd', false],
      ['*b*', 'abc', true],
      ['*b*', 'acd', false],
      ['a*b*c', 'aXbYc', true],
      ['a*b*c', 'acb', false],
      ['a*bc*bc', 'abcbc', true],
      ['a*bc*bc', 'abc', false],
      ['a*a', 'a', false],
      ['a*?', 'a', false],
      ['a*?', 'ab', true],
      ['?*', '', false],
      ['*?*', 'x', true],
      ['x*y*', 'xy', true],
      ['*x*y', 'yx', false],
    ];
    for (const [pattern, text, expected] of cases) {
      expect([pattern, text, globMatches(pattern, text, false)]).toEqual([pattern, text, expected]);
      expect([pattern, text, regexMatches(pattern, text, false)]).toEqual([pattern, text, expected]);
    }
  });

  it('folds exactly the ASCII letters A to Z, the ends included, when case-insensitive', () => {
    const cases: [string, string, boolean][] = [
      ['Z', 'z', true],
      ['z', 'Z', true],
      ['A', 'a', true],
      ['a', 'A', true],
      ['Z*', 'zoo', true],
      ['A*', 'apple', true],
      ['*z', 'QUIZ', true],
      ['?a', 'XA', true],
      ['a?Z', 'AbZ', true],
      ['s3:getz*', 'S3:GETZ', true],
      // The neighbours of A-Z in ASCII fold to nothing: '@' 64, '[' 91 and their +32 '`' 96, '{' 123.
      ['@', '`', false],
      ['`', '@', false],
      ['[', '{', false],
      ['{', '[', false],
      ['@*', '`x', false],
      ['[*', '{x', false],
      ['*[', 'x{', false],
      ['?{', 'x[', false],
    ];
    for (const [pattern, text, expected] of cases) {
      expect([pattern, text, globMatches(pattern, text, true)]).toEqual([pattern, text, expected]);
      expect([pattern, text, globMatches(pattern, text, false)]).toEqual([pattern, text, pattern === text]);
    }
  });

  it('agrees with a regular expression on the letters around the fold', () => {
    const letters = ['@', 'A', 'Z', '[', '`', 'a', 'z', '{'];
    fc.assert(
      fc.property(glob(letters, 0, 6), fc.string({ unit: fc.constantFrom(...letters), maxLength: 6 }), fc.boolean(), (p, t, ci) => globMatches(p, t, ci) === regexMatches(p, t, ci)),
      { numRuns: 1500 },
    );
  });
});

describe('globCovers', () => {
  it('answers each pattern kind for wildcard queries', () => {
    const cases: [string, string, boolean][] = [
      ['abc', 'abc', true],
      ['abc', 'ab?', false],
      ['abc', 'ab*', false],
      ['ab*', 'ab?*', true],
      ['ab*', 'a?', false],
      ['ab*', 'a', false],
      ['ab*', 'a*', false],
      ['ab*', 'abc*', true],
      ['a?c', 'a?c', true],
      ['a?c', 'a*c', false],
      ['a*c', 'a*c', true],
      ['a*c', 'a*', false],
      ['*b', '*', false],
      ['?*', '*', false],
      ['*?', '?*', true],
      ['a*?', 'a?', true],
      ['a*??', 'a?', false],
      ['a*', '*', false],
    ];
    for (const [pattern, query, expected] of cases) {
      expect([pattern, query, globCovers(pattern, query, false)]).toEqual([pattern, query, expected]);
      expect([pattern, query, oracleCovers(pattern, query)]).toEqual([pattern, query, expected]);
    }
    expect(globCovers('IAM:Get*', 'iam:getrole', true)).toBe(true);
    expect(globCovers('iam:get*', 'IAM:GetRo*', true)).toBe(true);
    expect(globCovers('iam:get*', 'IAM:G?tRole', true)).toBe(false);
    expect(globCovers('IAM:GETROLE', 'iam:GetRole', true)).toBe(true);
    expect(globCovers('IAM:GETROLE', 'iam:GetRole', false)).toBe(false);
    expect(globCovers('iam:*role', 'IAM:Get*ROLE', true)).toBe(true);
    expect(globCovers('iam:*role', 'IAM:Get*ROLE', false)).toBe(false);
  });

  it('stays exact for wildcard queries longer than its scratch buffers (64 symbols)', () => {
    const long = `${'a'.repeat(40)}*${'b'.repeat(40)}?${'a'.repeat(30)}`;
    expect(globCovers('a*?a', long, false)).toBe(true);
    expect(globCovers('a*b?*a', long, false)).toBe(true);
    expect(globCovers('a*b*c', long, false)).toBe(false);
    expect(globCovers(`a*${'?'.repeat(111)}`, long, false)).toBe(false);
    expect(globCovers(`a*${'?'.repeat(109)}`, long, false)).toBe(true);
    // A small query afterwards still sees clean buffers.
    expect(globCovers('a*?b', 'a*b', false)).toBe(false);
    fc.assert(
      fc.property(glob(['a', 'b'], 0, 8), glob(['a', 'b'], 65, 75), (p, q) => globCovers(p, q, false) === oracleCovers(p, q)),
      { numRuns: 25 },
    );
  });
});

describe('globsIntersect', () => {
  it('agrees with the automaton oracle on globs whose product has more than 256 states', () => {
    const a = `${'a'.repeat(20)}*b?`;
    expect(globsIntersect(a, `*${'a'.repeat(25)}?b`, false)).toBe(true);
    expect(globsIntersect(a, `*${'a'.repeat(25)}bb?`, false)).toBe(true);
    expect(globsIntersect(a, `${'a'.repeat(25)}*cc`, false)).toBe(false);
    fc.assert(
      fc.property(glob(['a', 'b'], 16, 30), glob(['a', 'b'], 16, 30), (x, y) => globsIntersect(x, y, false) === oracleIntersect(x, y)),
      { numRuns: 40 },
    );
    // Small products afterwards still start from cleared states.
    expect(globsIntersect('a*', '*b', false)).toBe(true);
    expect(globsIntersect('a?', '*bb', false)).toBe(false);
  });

  it('folds case on both sides when asked', () => {
    expect(globsIntersect('IAM:Pass*', 'iam:*ROLE', true)).toBe(true);
    expect(globsIntersect('IAM:Pass*', 'iam:*ROLE', false)).toBe(false);
    expect(globsIntersect('Z?', '*z', true)).toBe(true);
    expect(globsIntersect('[?', '{*', true)).toBe(false);
    expect(globsIntersect('@?', '`*', true)).toBe(false);
    expect(globsIntersect('iam:pass*', 'IAM:PASSROLE', true)).toBe(true);
    expect(globsIntersect('IAM:PASSROLE', 'iam:pass*', true)).toBe(true);
    expect(globsIntersect('IAM:PASSROLE', 'iam:get*', true)).toBe(false);
  });
});

describe('hasWildcard', () => {
  it('finds a star or a question mark anywhere', () => {
    expect(['', 'abc', 'a*', '?b', 'a?b', '*'].map(hasWildcard)).toEqual([false, false, true, true, true, true]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentsAllow, globCovers, globMatches, globsIntersect } from '../../src/model/policy-document/match.ts';
import type { PolicyDocument, PolicyStatement } from '../../src/model/policy-document/types.ts';
import { instances, oracleCovers, oracleIntersect, regexMatches, stringsUpTo } from '../support/glob-oracle.ts';

// ---------------------------------------------------------------------------------------------

const glob = (letters: readonly string[], maxLength: number) => fc.array(fc.constantFrom(...letters, '*', '?'), { maxLength }).map((cs) => cs.join(''));
const small = glob(['a', 'b'], 8);

/** A glob that covers `q` by construction: replace a piece with `*`, or one symbol with `?`. */
const generalize = (q: string) =>
  fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 3 }).map((edits) => {
    let s = q;
    for (const [i0, len, toStar] of edits) {
      const i = i0 % (s.length + 1);
      if (toStar) s = `${s.slice(0, i)}*${s.slice(Math.min(s.length, i + (len % 4)))}`;
      else if (i < s.length && s[i] !== '*') s = `${s.slice(0, i)}?${s.slice(i + 1)}`;
    }
    return s;
  });

describe('glob properties', () => {
  it('globCovers and globsIntersect equal the automaton oracle on every pair up to length 3', () => {
    const all = stringsUpTo(['a', 'b', '*', '?'], 3);
    for (const p of all) {
      for (const q of all) {
        expect([p, q, globCovers(p, q, false)]).toEqual([p, q, oracleCovers(p, q)]);
        expect([p, q, globsIntersect(p, q, false)]).toEqual([p, q, oracleIntersect(p, q)]);
      }
    }
  });

  it('globCovers equals the automaton oracle on random globs', () => {
    fc.assert(
      fc.property(small, small, (p, q) => globCovers(p, q, false) === oracleCovers(p, q)),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        small.chain((q) => fc.tuple(generalize(q), fc.constant(q))),
        ([p, q]) => {
          expect(oracleCovers(p, q)).toBe(true);
          return globCovers(p, q, false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('globsIntersect equals the oracle and is symmetric', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        const r = globsIntersect(a, b, false);
        return r === oracleIntersect(a, b) && r === globsIntersect(b, a, false);
      }),
      { numRuns: 3000 },
    );
  });

  it('folds case for actions: the same answers as on lower-cased globs', () => {
    const mixed = glob(['a', 'A', 'b', 'B'], 7);
    fc.assert(
      fc.property(mixed, mixed, (p, q) => {
        const lp = p.toLowerCase();
        const lq = q.toLowerCase();
        return globCovers(p, q, true) === oracleCovers(lp, lq) && globsIntersect(p, q, true) === oracleIntersect(lp, lq) && globMatches(p, q, true) === globMatches(lp, lq, false);
      }),
      { numRuns: 2000 },
    );
  });

  it('globCovers is sound on concrete strings: every instance of a covered query is matched', () => {
    fc.assert(
      fc.property(glob(['a', 'b'], 6), glob(['a', 'b'], 4), (p, q) => {
        if (!globCovers(p, q, false)) return true;
        return instances(q, ['a', 'b', 'c'], 3).every((s) => globMatches(p, s, false));
      }),
      { numRuns: 1500 },
    );
  });

  it('globMatches agrees with a regular expression on every short string', () => {
    const texts = stringsUpTo(['a', 'b', 'c', '*'], 5);
    fc.assert(
      fc.property(glob(['a', 'b'], 7), fc.boolean(), (p, ci) => texts.every((t) => globMatches(p, t, ci) === regexMatches(p, t, ci))),
      { numRuns: 300 },
    );
    fc.assert(fc.property(glob(['a', 'B'], 6), glob(['A', 'b'], 6), (p, t) => globMatches(p, t.replaceAll(/[*?]/g, 'c'), true) === regexMatches(p, t.replaceAll(/[*?]/g, 'c'), true)));
  });

  it('globCovers equals globMatches on wildcard-free queries', () => {
    fc.assert(
      fc.property(small, fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 }), fc.boolean(), (p, s, ci) => globCovers(p, s, ci) === globMatches(p, s, ci)),
      { numRuns: 3000 },
    );
  });

  it('globCovers is reflexive and transitive', () => {
    fc.assert(fc.property(small, (p) => globCovers(p, p, false)));
    fc.assert(
      fc.property(
        small.chain((c) => generalize(c).chain((b) => fc.tuple(generalize(b), fc.constant(b), fc.constant(c)))),
        ([a, b, c]) => globCovers(a, b, false) && globCovers(b, c, false) && globCovers(a, c, false),
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(glob(['a', 'b'], 5), glob(['a', 'b'], 5), glob(['a', 'b'], 5), (a, b, c) => !(globCovers(a, b, false) && globCovers(b, c, false)) || globCovers(a, c, false)),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const actionPool = ['*', 'iam:*', 'iam:Get*', 'iam:PassRole', 'IAM:pass*', 's3:*', 's3:GetObject', 's3:?etObject'];
const resourcePool = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/k', 'arn:aws:s3:::B/k', 'arn:aws:iam::1:role/*'];
const patterns = (pool: readonly string[]) => fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 });

const statement: fc.Arbitrary<PolicyStatement> = fc
  .record({
    sid: fc.constant(null),
    effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    action: fc.tuple(fc.boolean(), patterns(actionPool)),
    resource: fc.tuple(fc.constantFrom('resources', 'notResources', 'absent'), patterns(resourcePool)),
    conditional: fc.boolean(),
  })
  .map(({ sid, effect, action: [not, actions], resource: [rkind, resources], conditional }) => ({
    sid,
    effect,
    actions: not ? null : actions,
    notActions: not ? actions : null,
    resources: rkind === 'resources' ? resources : null,
    notResources: rkind === 'notResources' ? resources : null,
    principal: null,
    notPrincipal: null,
    conditions: conditional ? [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }] : [],
  }));

const documents = fc.array(fc.array(statement, { maxLength: 4 }), { maxLength: 3 }).map((docs) => docs.map((statements): PolicyDocument => ({ version: '2012-10-17', statements })));
const actionQuery = fc.constantFrom('*', 'iam:*', 'iam:PassRole', 'iam:GetUser', 's3:GetObject', 's3:*', 'ec2:RunInstances');
const resourceQuery = fc.constantFrom('*', 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/*', 'arn:aws:iam::1:role/x', 'arn:aws:s3:::c');

/** Reference for concrete queries, straight from the IAM evaluation rules, with regex matching. */
function referenceAllow(docs: readonly PolicyDocument[], action: string, resource: string): boolean {
  const applies = (s: PolicyStatement): boolean => {
    const a = s.actions !== null ? s.actions.some((p) => regexMatches(p, action, true)) : !(s.notActions ?? []).some((p) => regexMatches(p, action, true));
    const r = s.resources !== null ? s.resources.some((p) => regexMatches(p, resource, false)) : !(s.notResources ?? []).some((p) => regexMatches(p, resource, false));
    return a && r;
  };
  const all = docs.flatMap((d) => d.statements);
  return all.some((s) => s.effect === 'Allow' && applies(s)) && !all.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && applies(s));
}

describe('documentsAllow properties', () => {
  it('matches the IAM reference on concrete queries', () => {
    const concreteAction = fc.constantFrom('iam:PassRole', 'iam:GetUser', 's3:GetObject', 's3:PutObject', 'ec2:RunInstances');
    const concreteResource = fc.constantFrom('arn:aws:s3:::b/k', 'arn:aws:s3:::B/k', 'arn:aws:iam::1:role/x', 'arn:aws:s3:::c');
    fc.assert(
      fc.property(documents, concreteAction, concreteResource, (docs, a, r) => documentsAllow(docs, a, r) === referenceAllow(docs, a, r)),
      { numRuns: 2000 },
    );
  });

  it('adding a Deny statement never turns a refusal into an allow', () => {
    fc.assert(
      fc.property(documents, statement, fc.nat(), actionQuery, resourceQuery, (docs, extra, at, a, r) => {
        const denyStatement: PolicyStatement = { ...extra, effect: 'Deny' };
        const target = docs.length === 0 ? 0 : at % docs.length;
        const withDeny = docs.length === 0 ? [{ version: null, statements: [denyStatement] }] : docs.map((d, i) => (i === target ? { ...d, statements: [...d.statements, denyStatement] } : d));
        return !documentsAllow(withDeny, a, r) || documentsAllow(docs, a, r);
      }),
      { numRuns: 2000 },
    );
  });

  it('is invariant under statement and document order, and under merging documents', () => {
    fc.assert(
      fc.property(
        documents.chain((docs) => {
          const all = docs.flatMap((d) => d.statements);
          return fc.tuple(fc.constant(docs), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
        }),
        actionQuery,
        resourceQuery,
        ([docs, shuffled], a, r) => {
          const expected = documentsAllow(docs, a, r);
          return documentsAllow([...docs].reverse(), a, r) === expected && documentsAllow([{ version: null, statements: shuffled }], a, r) === expected;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

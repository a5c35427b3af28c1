/**
 * guard against iam-simulate on generated principals and requests (differential-harness.ts has the
 * comparison and the named exclusions, each with its reason).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Case, caseArb, EXCLUSIONS, guardVerdict, simulate, type Verdict } from './differential-harness.ts';

interface Tally {
  agree: number;
  excluded: Record<string, number>;
  disagree: { c: Case; guard: number; sim: Verdict; mode: string }[];
}

async function compare(c: Case, t: Tally): Promise<void> {
  const g = guardVerdict(c);
  const mode = g.decided ? 'Strict' : 'Discovery';
  const sim = await simulate(c, mode);
  const guardAllows = g.decided ? g.level === 2 : g.level >= 1;
  if (sim !== 'error' && guardAllows === (sim === 'allowed')) {
    t.agree++;
    return;
  }
  const exclusion = EXCLUSIONS.find((e) => e.fits(c));
  if (exclusion !== undefined) {
    t.excluded[exclusion.name] = (t.excluded[exclusion.name] ?? 0) + 1;
    return;
  }
  t.disagree.push({ c, guard: g.level, sim, mode });
}

describe('guard against iam-simulate on generated principals', () => {
  it.each([
    ['decided conditions only', false],
    ['with request-time conditions', true],
  ] as const)(
    '%s',
    async (_name, undecided) => {
      const cases = fc.sample(caseArb(undecided), { numRuns: 1000, seed: undecided ? 13 : 12 });
      const t: Tally = { agree: 0, excluded: {}, disagree: [] };
      for (const c of cases) await compare(c, t);
      console.log(`differential (${_name}): ${t.agree}/${cases.length} agree; excluded ${JSON.stringify(t.excluded)}; ${t.disagree.length} disagree`);
      expect(t.disagree.slice(0, 3).map((d) => JSON.stringify(d))).toEqual([]);
    },
    60_000,
  );
});

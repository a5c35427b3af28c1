import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_SEED } from './fuzz.ts';

// Every property test replays: fc.assert, fc.check and fc.sample calls that give no seed of their
// own (compiled-vs-reference.test.ts among them) draw from PROPERTY_SEED, set once for all test
// files by fast-check-setup.ts, and a failure prints it.
describe('the global property seed', () => {
  it('is the one every unseeded run uses', () => {
    expect(fc.readConfigureGlobal().seed).toBe(PROPERTY_SEED);
    expect(
      fc.check(
        fc.property(fc.nat(), () => true),
        { numRuns: 1 },
      ).seed,
    ).toBe(PROPERTY_SEED);
    expect(fc.sample(fc.string(), 20)).toEqual(fc.sample(fc.string(), 20));
    expect(fc.sample(fc.string(), 20)).toEqual(fc.sample(fc.string(), { seed: PROPERTY_SEED, numRuns: 20 }));
  });

  it('is printed when a property fails, with the path that replays it', () => {
    expect(() => fc.assert(fc.property(fc.nat(), (n) => n < 5))).toThrow(new RegExp(`seed: ${PROPERTY_SEED}, path: "[0-9:]+"`));
  });
});

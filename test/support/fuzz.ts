import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^-?\d+$/.test(text)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The seed of every property test: fixed so CI failures replay, overridable to explore. */
export const PROPERTY_SEED = intFromEnv('GUARD_FC_SEED', 20261202);

/**
 * Runs a fuzz property: `defaultRuns` cases inside `npm test`, `GUARD_FUZZ_RUNS` under `npm run fuzz`.
 * The case count is appended to `GUARD_FUZZ_REPORT` (when set) so the fuzz script can total them.
 */
export function fuzzAssert<Ts>(name: string, property: fc.IProperty<Ts>, defaultRuns: number): void {
  const numRuns = intFromEnv('GUARD_FUZZ_RUNS', defaultRuns);
  fc.assert(property, { seed: PROPERTY_SEED, numRuns });
  record(name, numRuns);
}

/** The async form of {@link fuzzAssert}. */
export async function fuzzAssertAsync<Ts>(name: string, property: fc.IAsyncProperty<Ts>, defaultRuns: number): Promise<void> {
  const numRuns = intFromEnv('GUARD_FUZZ_RUNS', defaultRuns);
  await fc.assert(property, { seed: PROPERTY_SEED, numRuns });
  record(name, numRuns);
}

function record(name: string, runs: number): void {
  const report = process.env['GUARD_FUZZ_REPORT'];
  if (report !== undefined && report !== '') appendFileSync(report, `${JSON.stringify({ name, runs })}\n`);
}

// `npm run fuzz -- [--seed N] [--runs N] [test/fuzz/FILE…]`: the fuzz properties under test/fuzz (or the files named)
// with many more cases than `npm test` gives them, then a total of the cases that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { seed: { type: 'string', default: '20261202' }, runs: { type: 'string', default: '2000' } },
  allowPositionals: true,
});
for (const [flag, text] of [
  ['--seed', values.seed],
  ['--runs', values.runs],
] as const) {
  if (!/^\d+$/.test(text)) {
    console.error(`fuzz: ${flag} takes a non-negative integer, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'guard-fuzz-'));
const report = join(dir, 'cases.jsonl');
const vitest = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', ...(positionals.length > 0 ? positionals : ['test/fuzz/'])], {
  stdio: 'inherit',
  env: { ...process.env, GUARD_FC_SEED: values.seed, GUARD_FUZZ_RUNS: values.runs, GUARD_FUZZ_REPORT: report },
});
const lines = existsSync(report)
  ? readFileSync(report, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
  : [];
const cases = lines.map((l) => JSON.parse(l) as { name: string; runs: number });
for (const c of cases) console.log(`fuzz: ${c.name}: ${c.runs} cases`);
console.log(`fuzz: seed ${values.seed}, ${cases.length} properties, ${cases.reduce((n, c) => n + c.runs, 0)} cases in all`);
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 2);

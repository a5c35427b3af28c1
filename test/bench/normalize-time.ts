// Median CPU time of validate and normalize (all attributes, and what the built-in library reads) of one snapshot, in-process (not a test: timings vary).
// Run: node test/bench/normalize-time.ts <snapshot.json> [runs]
import { readFileSync } from 'node:fs';
import { loadRules } from '../../src/cli/load-rules.ts';
import { programReads } from '../../src/engine/index.ts';
import { normalizeSnapshot, parseJson, type Snapshot } from '../../src/model/index.ts';
import { validateSnapshot } from '../../src/model/validate-snapshot.ts';

const [file, runsText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: node test/bench/normalize-time.ts <snapshot.json> [runs]');
const runs = Number(runsText ?? 7);
const parsed = parseJson(readFileSync(file, 'utf8'));
if (!parsed.ok) throw new Error('bad JSON');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const time = (f: () => unknown): number => {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    // CPU time, not wall time: the machine is shared, and waiting for a core is not the code's cost.
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    out.push((used.user + used.system) / 1000);
  }
  return median(out);
};
const problems = validateSnapshot(parsed.value);
const validate = time(() => validateSnapshot(parsed.value));
const normalize = time(() => normalizeSnapshot(parsed.value as Snapshot, { parsed: problems.parsed }));
const library = await loadRules([], { cwd: process.cwd() });
if (library.program === null) throw new Error('the library does not check');
const reads = programReads(library.program);
const normalizeRead = time(() => normalizeSnapshot(parsed.value as Snapshot, { parsed: problems.parsed, reads }));
console.log(`validate ${validate.toFixed(0)} ms  normalize ${normalize.toFixed(0)} ms  normalize what the library reads ${normalizeRead.toFixed(0)} ms`);

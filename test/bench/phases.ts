// Splits a whole `guard eval` of one snapshot into its phases, with time and heap after each
// (not a test: timings vary). Run: node --expose-gc test/bench/phases.ts <snapshot.json> [--skip GLOB...] [rule paths...]
import { readFileSync } from 'node:fs';
import { loadRules } from '../../src/cli/load-rules.ts';
import { compileProgram, evaluate, programReads } from '../../src/engine/index.ts';
import { normalizeSnapshot, parseJson } from '../../src/model/index.ts';
import { validateSnapshot } from '../../src/model/validate-snapshot.ts';
import { renderJson } from '../../src/report/index.ts';

const [file, ...rest] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: node test/bench/phases.ts <snapshot.json> [--skip GLOB...] [rules...]');
// `--skip 'perm.*'` leaves a theme out, as `guard eval --skip` does.
const skip = rest.flatMap((a, i) => (rest[i - 1] === '--skip' ? [a] : []));
const rules = rest.filter((a, i) => a !== '--skip' && rest[i - 1] !== '--skip');
let last = performance.now();
let lastCpu = process.cpuUsage();
// Wall and CPU time: on a shared machine, CPU time is the steadier figure.
// Under `node --expose-gc`, heap is what is live after a full collection: what each phase keeps.
const collect = (globalThis as { gc?: () => void }).gc;
const mark = (phase: string): void => {
  const now = performance.now();
  collect?.();
  const cpu = process.cpuUsage(lastCpu);
  const { heapUsed, rss } = process.memoryUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${phase.padEnd(14)} ${(now - last).toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  heap ${(heapUsed / 2 ** 20).toFixed(0).padStart(4)} MB  rss ${(rss / 2 ** 20).toFixed(0).padStart(4)} MB`,
  );
  last = performance.now();
  lastCpu = process.cpuUsage();
};
mark('start');
const loaded = await loadRules(rules, { cwd: process.cwd(), select: { rule: [], skip } });
if (loaded.program === null) throw new Error('rules do not check');
mark('rules');
const text = readFileSync(file, 'utf8');
mark('read');
const parsed = parseJson(text);
if (!parsed.ok) throw new Error('bad JSON');
mark('parseJson');
const problems = validateSnapshot(parsed.value);
if (problems.errors.length > 0) throw new Error(problems.errors[0]?.message);
mark('validate');
const model = normalizeSnapshot(parsed.value as Parameters<typeof normalizeSnapshot>[0], { parsed: problems.parsed, reads: programReads(loaded.program) });
mark('normalize');
const prepared = compileProgram(loaded.program);
mark('compile');
const result = evaluate(prepared, model);
mark('evaluate');
const json = renderJson(result);
mark('render json');
console.log(`${result.findings.length} findings, ${(json.length / 1e6).toFixed(1)} MB of JSON, ${(text.length / 1e6).toFixed(1)} MB snapshot`);

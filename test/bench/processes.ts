/**
 * Timing whole processes for the benchmark: each command runs as a child of the pinned Node, the
 * commands of a part interleaved round by round (so a change in the machine's load hits them alike),
 * and the median of the rounds is reported. Peak memory is the child's maximum resident set size, and with it comes the child's CPU time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface NodeCommand {
  /** Arguments to the pinned Node (`process.execPath`). */
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Measured {
  /** Median wall-clock milliseconds, spawn to exit. */
  readonly ms: number;
  /** Median peak resident set size in bytes, when asked for. */
  readonly maxRss: number | null;
  /**
   * Median CPU milliseconds (user and system) of the child, when memory is asked for (the same report
   * gives both): on a shared machine wall time moves with other processes' load, CPU time much less.
   */
  readonly cpuMs: number | null;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const USAGE_FILE = join(tmpdir(), `guard-bench-usage-${process.pid}.txt`);

/** Where GNU time is installed, its `-v` report gives the peak RSS; otherwise the child reports its own. */
const GNU_TIME = '/usr/bin/time';
let gnuTime: boolean | undefined;
function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    gnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', '-o', USAGE_FILE, process.execPath, '-e', '0']).status === 0 && readUsage('gnu') !== null;
  }
  return gnuTime;
}

/** Written at exit by the child itself: `process.resourceUsage()` gives maxRSS in KiB and CPU times in microseconds. JavaScript, so nothing is type-stripped for it. */
const USAGE_HOOK = `data:text/javascript,${encodeURIComponent(`import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(${JSON.stringify(USAGE_FILE)}, [u.maxRSS, u.userCPUTime + u.systemCPUTime].join(' ')); });`)}`;

interface Usage {
  readonly maxRss: number;
  readonly cpuMs: number;
}

function readUsage(kind: 'gnu' | 'hook'): Usage | null {
  if (!existsSync(USAGE_FILE)) return null;
  const text = readFileSync(USAGE_FILE, 'utf8');
  rmSync(USAGE_FILE);
  if (kind === 'hook') {
    const [kib, micros] = text.trim().split(' ').map(Number);
    return kib === undefined || micros === undefined || Number.isNaN(kib) || Number.isNaN(micros) ? null : { maxRss: kib * 1024, cpuMs: micros / 1000 };
  }
  const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
  const user = /User time \(seconds\): ([\d.]+)/.exec(text)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(text)?.[1];
  return kib === undefined || user === undefined || system === undefined ? null : { maxRss: Number(kib) * 1024, cpuMs: (Number(user) + Number(system)) * 1000 };
}

/** How peak memory is measured here, for the report's heading. */
export function memorySource(): string {
  return hasGnuTime() ? '/usr/bin/time -v' : 'the child process.resourceUsage().maxRSS';
}

function runOnce(command: NodeCommand, memory: boolean): { ms: number; usage: Usage | null } {
  const gnu = memory && hasGnuTime();
  const [file, args] = gnu ? [GNU_TIME, ['-v', '-o', USAGE_FILE, process.execPath, ...command.args]] : [process.execPath, memory ? ['--import', USAGE_HOOK, ...command.args] : [...command.args]];
  const start = performance.now();
  const child = spawnSync(file, args, { cwd: command.cwd, env: { ...process.env, ...command.env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`\`node ${command.args.join(' ')}\` exited ${child.status ?? child.signal}: ${child.stderr.toString('utf8').slice(0, 2000)}`);
  return { ms, usage: memory ? readUsage(gnu ? 'gnu' : 'hook') : null };
}

/** Runs every command once per round, after one warm-up round (file caches), and returns their medians in order. */
export function measure(commands: readonly NodeCommand[], rounds: number, options: { memory?: boolean } = {}): Measured[] {
  const memory = options.memory === true;
  for (const command of commands) runOnce(command, memory);
  const samples = commands.map(() => ({ ms: [] as number[], rss: [] as number[], cpu: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    commands.forEach((command, i) => {
      const run = runOnce(command, memory);
      samples[i]?.ms.push(run.ms);
      if (run.usage !== null) {
        samples[i]?.rss.push(run.usage.maxRss);
        samples[i]?.cpu.push(run.usage.cpuMs);
      }
    });
  }
  return samples.map((s) => ({ ms: median(s.ms), maxRss: s.rss.length ? median(s.rss) : null, cpuMs: s.cpu.length ? median(s.cpu) : null }));
}

export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

/** `, cpu N ms (R)`: a command's CPU time and its ratio to a base's, or nothing where either was not measured. */
export const cpuRatio = (run: Measured, base: Measured): string => (run.cpuMs === null || base.cpuMs === null ? '' : `, cpu ${ms(run.cpuMs)} (${ratio(run.cpuMs, base.cpuMs)})`);
export const ms = (value: number): string => `${value.toFixed(0)} ms`;
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Issue 14's organization benchmark: a synthetic organization of N accounts (generate-snapshot.ts
 * accounts of 2,000 to 4,400 principals, about 1.3 to 2.8 MB each, every one with the organization
 * section listing all N accounts, plus the manifest `guard snapshot --org` writes), evaluated by one
 * `guard eval --snapshot dir/` against a process that reads and JSON.parses every file, the floor;
 * target within 2x of it. Peak memory is compared with one `guard eval` of the largest account:
 * streaming the accounts keeps the organization's peak near (workers times) that, not the total.
 * The rules are the benchmark's seven (run.ts), as in the per-size benchmark: the built-in library's
 * escalation search would measure that search, not the run. Files go to a temporary directory that
 * is removed afterwards; N = 1,000 is about 2 GB.
 */

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSnapshot } from './generate-snapshot.ts';
import { mb, median, ms, type NodeCommand, ratio } from './processes.ts';

interface CpuMeasured {
  readonly wall: number;
  readonly cpu: number;
  readonly maxRss: number;
  /** Milliseconds the process's threads were runnable but had no core (Linux schedstat), summed over threads; null where unknown. */
  readonly queued: number | null;
  /** The share of the machine's core time that was idle during the run (Linux /proc/stat), whoever ran; null where unknown. */
  readonly idle: number | null;
  /** CPU time by thread name (Linux /proc), a lower bound; null where unknown. */
  readonly threads: ThreadCpu | null;
}

/** The machine's idle and total core time so far, in clock ticks (the first line of /proc/stat). */
function coreTicks(): { readonly idle: number; readonly total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are cores with nothing to run.
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc's CPU times: 100 on Linux (USER_HZ), which Node cannot ask sysconf for. */
const USER_HZ = 100;

/**
 * Run-queue wait of a process's threads (the second field of /proc/PID/task/TID/schedstat, in ns),
 * read every 100 ms while it runs: on a shared machine wall time exceeds CPU time by this much times
 * the threads, which says whether a run's cores sat idle (then it stays low) or were taken by others.
 * With it, each thread's CPU time (/proc/PID/task/TID/stat) summed by thread name: the main thread,
 * the organization workers (`WorkerThread`), V8's helpers (`V8Worker`: garbage collection and
 * compilation), libuv's pool. Threads that end between two reads are missed, so both are lower bounds.
 */
function watchRunQueue(pid: number): { readonly stop: () => { readonly queued: number | null; readonly threads: ThreadCpu | null } } {
  const waits = new Map<string, number>();
  const cpu = new Map<string, { readonly name: string; readonly ms: number }>();
  let read = false;
  const poll = (): void => {
    try {
      // The command runs under /usr/bin/time: Node is its child.
      const node = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0];
      if (!node) return;
      for (const tid of readdirSync(`/proc/${node}/task`)) {
        const task = `/proc/${node}/task/${tid}`;
        const wait = Number(readFileSync(`${task}/schedstat`, 'utf8').split(' ')[1]);
        if (Number.isFinite(wait)) {
          waits.set(tid, wait);
          read = true;
        }
        // Fields after the parenthesised name: state is the 3rd of stat, utime and stime the 14th and 15th.
        const stat = readFileSync(`${task}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        if (Number.isFinite(ticks)) cpu.set(tid, { name: readFileSync(`${task}/comm`, 'utf8').trim(), ms: (ticks * 1000) / USER_HZ });
      }
    } catch {
      // Not Linux, or the process (or a thread) is gone between two reads.
    }
  };
  const timer = setInterval(poll, 100);
  return {
    stop: () => {
      clearInterval(timer);
      let total = 0;
      for (const wait of waits.values()) total += wait;
      const threads: Record<string, number> = {};
      for (const { name, ms } of cpu.values()) threads[name] = (threads[name] ?? 0) + ms;
      return { queued: read ? total / 1e6 : null, threads: cpu.size > 0 ? threads : null };
    },
  };
}

/** CPU milliseconds by thread name. */
type ThreadCpu = Readonly<Record<string, number>>;

async function timeOnce(command: NodeCommand): Promise<CpuMeasured> {
  const before = coreTicks();
  const child = spawn('/usr/bin/time', ['-f', 'GUARD-BENCH %e %U %S %M', process.execPath, ...command.args], { cwd: command.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const watch = child.pid === undefined ? null : watchRunQueue(child.pid);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const { queued, threads } = watch?.stop() ?? { queued: null, threads: null };
  const after = coreTicks();
  const idle = before && after && after.total > before.total ? (after.idle - before.idle) / (after.total - before.total) : null;
  const match = /GUARD-BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (status !== 0 || !match) throw new Error(`\`node ${command.args.join(' ')}\` failed: ${stderr.slice(0, 2000)}`);
  return { wall: Number(match[1]) * 1000, cpu: (Number(match[2]) + Number(match[3])) * 1000, maxRss: Number(match[4]) * 1024, queued, idle, threads };
}

/** Each command once per round (after a warm-up round if asked), interleaved, under GNU time: medians of wall, user+sys, peak RSS and run-queue wait. */
async function measureCpu(commands: readonly NodeCommand[], rounds: number, warmUp: boolean): Promise<CpuMeasured[]> {
  if (warmUp) for (const command of commands) await timeOnce(command);
  const samples = commands.map(() => [] as CpuMeasured[]);
  for (let round = 0; round < rounds; round++) for (const [i, command] of commands.entries()) samples[i]?.push(await timeOnce(command));
  return samples.map((list) => {
    const known = (values: readonly (number | null)[]): number | null => (values.every((v) => v !== null) ? median(values as number[]) : null);
    return {
      wall: median(list.map((m) => m.wall)),
      cpu: median(list.map((m) => m.cpu)),
      maxRss: median(list.map((m) => m.maxRss)),
      queued: known(list.map((m) => m.queued)),
      idle: known(list.map((m) => m.idle)),
      threads: threadMedians(list.map((m) => m.threads)),
    };
  });
}

/** Each thread name's median over the rounds; null unless every round was read. */
function threadMedians(rounds: readonly (ThreadCpu | null)[]): ThreadCpu | null {
  if (rounds.length === 0 || rounds.some((r) => r === null)) return null;
  const names = new Set(rounds.flatMap((r) => Object.keys(r ?? {})));
  return Object.fromEntries([...names].map((name) => [name, median(rounds.map((r) => r?.[name] ?? 0))]));
}

/** `main 0.6 s, workers 7.1 s, V8 helpers 3.3 s, ...`: where a run's CPU went, by thread name. */
function threadsText(threads: ThreadCpu): string {
  const label: Readonly<Record<string, string>> = { MainThread: 'main', WorkerThread: 'workers', V8Worker: 'V8 helpers (GC, compiler)', 'libuv-worker': 'libuv pool' };
  return Object.entries(threads)
    .filter(([, ms]) => ms >= 50)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${label[name] ?? name} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
}

const PLACEHOLDER = '111122223333';
/** Distinct account shapes; each account is one of them under its own id (generating 1,000 distinct ones takes longer than evaluating them). */
const SHAPES = 8;

const accountId = (i: number): string => String(100_000_000_000 + i * 7_919);

function organizationSection(ids: readonly string[]): unknown {
  const management = ids[0] ?? '100000000000';
  const org = 'o-bench00001';
  return {
    organization: {
      Id: org,
      Arn: `arn:aws:organizations::${management}:organization/${org}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${management}:account/${org}/${management}`,
      MasterAccountId: management,
      MasterAccountEmail: 'management@example.com',
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
    roots: [{ Id: 'r-bnch', Arn: `arn:aws:organizations::${management}:root/${org}/r-bnch`, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    organizationalUnits: [],
    accounts: ids.map((id, i) => ({
      Id: id,
      Arn: `arn:aws:organizations::${management}:account/${org}/${id}`,
      Email: `account-${i}@example.com`,
      Name: `account-${i}`,
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: '2020-01-01T00:00:00+00:00',
      ParentId: 'r-bnch',
    })),
    policies: [],
    delegatedAdministrators: [],
  };
}

/** Writes the organization; returns its total and largest file sizes and the largest file. */
export async function writeOrganization(dir: string, count: number): Promise<{ total: number; largest: number; largestFile: string }> {
  await mkdir(dir, { recursive: true });
  const ids = Array.from({ length: count }, (_, i) => accountId(i));
  const organizations = organizationSection(ids);
  const shapes = Array.from({ length: SHAPES }, (_, s) => {
    const snapshot = generateSnapshot(2_000 + Math.round((2_400 * s) / (SHAPES - 1))) as Record<string, unknown>;
    return JSON.stringify({ ...snapshot, organizations });
  });
  let total = 0;
  let largest = 0;
  let largestFile = '';
  const entries: unknown[] = [];
  for (const [i, id] of ids.entries()) {
    const text = (shapes[(i * 5) % SHAPES] ?? '').replaceAll(PLACEHOLDER, id);
    const file = `${id}.json`;
    await writeFile(join(dir, file), text);
    const size = Buffer.byteLength(text);
    total += size;
    if (size > largest) {
      largest = size;
      largestFile = join(dir, file);
    }
    entries.push({ id, name: `account-${i}`, status: 'written', file, sectionsNotCollected: [], apiCalls: 12 });
  }
  const manifest = { format: 'guard-collection/v1', startedAt: '2026-11-27T10:00:00Z', organizationId: 'o-bench00001', roleName: 'OrganizationAccountAccessRole', accounts: entries };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { total, largest, largestFile };
}

export async function benchOrganization(root: string, dir: string, rules: string, count: number): Promise<void> {
  const org = join(dir, 'org');
  const started = Date.now();
  const { total, largest, largestFile } = await writeOrganization(org, count);
  const rulesFile = join(dir, 'org-bench.guard');
  await writeFile(rulesFile, rules);
  const generated = Date.now() - started;
  const bin = join(root, 'bin/guard.js');
  const floor: NodeCommand = {
    args: [
      '-e',
      `const fs = require('node:fs'), path = require('node:path'); const dir = ${JSON.stringify(org)}; for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));`,
    ],
  };
  const run = (extra: readonly string[], snapshot = org): NodeCommand => ({ args: [bin, 'eval', rulesFile, '--snapshot', snapshot, '--format', 'json', '--fail-on', 'none', ...extra], cwd: dir });
  // Large organizations take minutes a run: then one round, no warm-up (the files were just written, so they are cached), and no --jobs 1 run.
  const large = count >= 500;
  const rounds = large ? 1 : 3;
  const commands = [floor, run(['--jobs', '2']), ...(large ? [] : [run(['--jobs', '1'])]), run([], largestFile)];
  const measured = await measureCpu(commands, rounds, !large);
  const [read, twoJobs] = measured;
  const oneJob = large ? undefined : measured[2];
  const single = measured[measured.length - 1];
  if (read === undefined || twoJobs === undefined || single === undefined) return;
  const bound = (m: CpuMeasured): string => ` (${ratio(m.maxRss, single.maxRss)} one largest account's run)`;
  // Cores used (CPU over wall) and the threads' wait for a core tell a loaded machine from idle cores.
  const cores = (m: CpuMeasured): string =>
    `  on ${(m.cpu / m.wall).toFixed(2)} cores${m.queued === null ? '' : `, waited ${ms(m.queued)} for one`}${m.idle === null ? '' : `, machine idle ${(m.idle * 100).toFixed(0)}%`}`;
  const line = (name: string, m: CpuMeasured, target: string): string =>
    `  ${name.padEnd(28)} wall ${ms(m.wall)} ratio ${ratio(m.wall, read.wall)}${target}  cpu ${ms(m.cpu)} ratio ${ratio(m.cpu, read.cpu)}${cores(m)}  peak ${mb(m.maxRss)}${m === read || m === single ? '' : bound(m)}`;
  console.log(
    [
      `organization of ${count} accounts, ${mb(total)} of snapshots (largest ${mb(largest)}; generated in ${ms(generated)}), the 7 bench rules, medians of ${rounds}; wall and CPU (user+sys) time and peak memory by /usr/bin/time`,
      line('read+JSON.parse every file', read, ''),
      line('guard eval dir/ --jobs 2', twoJobs, ' (target ≤ 2x)'),
      ...(twoJobs.threads ? [`    CPU by thread: ${threadsText(twoJobs.threads)}`] : []),
      ...(oneJob ? [line('guard eval dir/ --jobs 1', oneJob, ''), ...(oneJob.threads ? [`    CPU by thread: ${threadsText(oneJob.threads)}`] : [])] : []),
      line('guard eval largest account', single, ''),
      `  (CPU time is the fairer ratio on a loaded machine: wall time there is mostly waiting for a core, the threads' run-queue wait summed)`,
    ].join('\n'),
  );
  await rm(org, { recursive: true, force: true });
}

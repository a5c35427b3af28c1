/**
 * Issue 12's whole-process target: `guard eval` of the built-in library on the large benchmark
 * account (about 15 MB of JSON), against a process that only reads the file and JSON.parses it, and
 * the peak memory of both against the file's size.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSnapshot, LARGE_ACCOUNT } from './generate-snapshot.ts';
import type { Installed } from './installed.ts';
import { cpuRatio, type Measured, mb, measure, median, memorySource, ms, type NodeCommand, ratio } from './processes.ts';

const ROUNDS = 5;

export async function benchWholeEval(root: string, installed: Installed, dir: string): Promise<void> {
  const file = join(dir, 'large-account.json');
  const text = JSON.stringify(generateSnapshot(LARGE_ACCOUNT));
  await writeFile(file, text);
  const size = Buffer.byteLength(text);

  const layouts: { name: string; bin: string }[] = [];
  if (installed.kind === 'installed') layouts.push({ name: 'installed', bin: installed.bin });
  layouts.push({ name: 'from source', bin: join(root, 'bin/guard.js') });
  const parse: NodeCommand = { args: ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`] };
  // The report goes to /dev/null: JSON, as CI would keep it; no rule paths, so the built-in library.
  const evalArgs = (bin: string): string[] => [bin, 'eval', '--snapshot', file, '--format', 'json', '--fail-on', 'none'];
  const evals = layouts.map((l): NodeCommand => ({ args: evalArgs(l.bin), cwd: dir }));
  // The library without its effective-permissions theme (issue 13's, measured in permissions.ts): the rest of the pipeline's own cost.
  const withoutPermissions: NodeCommand = { args: [...evalArgs(join(root, 'bin/guard.js')), '--skip', 'perm.*'], cwd: dir };
  const [read, noPerm, ...runs] = measure([parse, withoutPermissions, ...evals], ROUNDS, { memory: true });
  if (read === undefined || noPerm === undefined) return;

  const { users, roles, policies } = LARGE_ACCOUNT;
  const lines = [
    `whole process, ${mb(size)} account (${users} users, ${roles} roles, ${policies} policies), built-in library, medians of ${ROUNDS}; peak memory by ${memorySource()}`,
    `  read+JSON.parse  ${ms(read.ms)}${read.cpuMs === null ? '' : `, cpu ${ms(read.cpuMs)}`}  peak ${read.maxRss === null ? '?' : `${mb(read.maxRss)} (${ratio(read.maxRss, size)} the file)`}`,
  ];
  layouts.forEach((layout, i) => {
    const run = runs[i];
    if (run === undefined) return;
    const memory = run.maxRss === null ? 'peak ?' : `peak ${mb(run.maxRss)}, ${ratio(run.maxRss, size)} the file (target < 8x)`;
    lines.push(`  ${layout.name.padEnd(16)} guard eval ${ms(run.ms)}  ratio ${ratio(run.ms, read.ms)} (target ≤ 3x)${cpuRatio(run, read)}  ${memory}`);
  });
  const noPermMemory = noPerm.maxRss === null ? 'peak ?' : `peak ${mb(noPerm.maxRss)}, ${ratio(noPerm.maxRss, size)} the file`;
  lines.push(`  without perm.*   guard eval ${ms(noPerm.ms)}  ratio ${ratio(noPerm.ms, read.ms)}${cpuRatio(noPerm, read)}  ${noPermMemory}`);
  if (installed.kind === 'skipped') lines.push(`  installed        skipped: ${installed.reason}`);
  const sourceRun = runs[runs.length - 1];
  if (sourceRun !== undefined) lines.push(...outputFloor(evalArgs(join(root, 'bin/guard.js')), dir, read, sourceRun));
  console.log(lines.join('\n'));
}

/**
 * What the targets leave once the work every `-f json` run must do is counted: the report itself,
 * JSON.stringify(report, null, 2) of the object guard's report parses back to, timed in this process
 * (no parse, no model, no rule: a floor under any renderer of these bytes), against read+JSON.parse;
 * and guard's peak against the floor process's own, which is most of the 8x before any model exists.
 */
function outputFloor(args: readonly string[], dir: string, read: Measured, run: Measured): string[] {
  const reportFile = join(dir, 'large-account-report.json');
  const fd = openSync(reportFile, 'w');
  try {
    const child = spawnSync(process.execPath, args, { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
    if (child.status !== 0) return [`  output floor     skipped: guard eval exited ${child.status ?? child.signal}`];
  } finally {
    closeSync(fd);
  }
  const report: unknown = JSON.parse(readFileSync(reportFile, 'utf8'));
  let bytes = 0;
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    bytes = JSON.stringify(report, null, 2).length;
    samples.push(performance.now() - start);
  }
  const stringify = median(samples);
  const peak = run.maxRss !== null && read.maxRss !== null ? `; guard's peak ${ratio(run.maxRss, read.maxRss)} the floor process's` : '';
  return [`  output floor     JSON.stringify of the ${mb(bytes)} report alone ${ms(stringify)} = ${ratio(stringify, read.ms)} read+JSON.parse (in this process, warm)${peak}`];
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/collect/write-snapshot.ts';
import { type MotoServer, requireMoto, startMoto } from '../support/moto.ts';
import { REPO } from '../support/run-guard.ts';
import { runSnapshot } from './run-snapshot.ts';
import { seedAccount, TEST_ENV } from './seed.ts';

const motoAvailable = requireMoto('test/collect/snapshot-interrupts.test.ts');
const HOLD_WRITES = join(REPO, 'test/collect/hold-writes.ts');
// What hold-writes.ts prints when it holds a write (importing it here would hold this process's writes).
const HELD_MARKER = 'guard-test: write held before sync';

interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts `node [--import hold-writes.ts] bin/guard.js ARGS` against moto. */
function startGuard(args: readonly string[], options: { holdWrites: boolean }): Running {
  const node = [...(options.holdWrites ? ['--import', HOLD_WRITES] : []), join(REPO, 'bin/guard.js'), ...args];
  const child = spawn(process.execPath, node, {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...TEST_ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, pid: child.pid ?? 0, exited, stderr: () => stderr };
}

/** Waits (polling, at most ~30 s) until the held write has started. */
async function heldMidWrite(run: Running): Promise<void> {
  for (let i = 0; i < 600 && !run.stderr().includes(HELD_MARKER); i++) {
    if (run.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(run.stderr()).toContain(HELD_MARKER);
}

const temporaries = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

describe.skipIf(!motoAvailable)('guard snapshot killed while writing, and a full disk', () => {
  let moto: MotoServer;
  let dir: string;

  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'guard-interrupts-'));
    await seedAccount(moto.endpoint);
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const snapshotArgs = (out: string): string[] => ['snapshot', '--endpoint-url', moto.endpoint, '--out', out, '--quiet'];

  it('SIGTERM mid-write: exit 143, the previous file intact, no temporary file', async () => {
    const target = join(dir, 'term', 'account.json');
    await mkdir(join(dir, 'term'));
    await writeFile(target, 'previous');
    const run = startGuard(snapshotArgs(target), { holdWrites: true });
    await heldMidWrite(run);
    expect(await temporaries(join(dir, 'term'))).toHaveLength(1);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(143);
    expect(run.stderr()).toMatch(/^guard: interrupted \(SIGTERM\)/m);
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await temporaries(join(dir, 'term'))).toEqual([]);
  }, 60_000);

  it('SIGKILL mid-write: the previous file intact; the next run removes the full-size temporary file', async () => {
    const where = join(dir, 'kill');
    const target = join(where, 'account.json');
    await mkdir(where);
    await writeFile(target, 'previous');
    const run = startGuard(snapshotArgs(target), { holdWrites: true });
    await heldMidWrite(run);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    expect(await readFile(target, 'utf8')).toBe('previous');
    const [left] = await temporaries(where);
    expect(left).toMatch(new RegExp(`^\\.account\\.json\\.${run.pid}\\.[0-9a-f]{8}\\.tmp$`));
    const leftSize = (await stat(join(where, left ?? ''))).size;

    const next = await runSnapshot(moto.endpoint, ['--out', target, '--quiet']);
    expect(next.code).toBe(0);
    expect(await temporaries(where)).toEqual([]);
    // The killed run's file was the whole snapshot, not a stub: what the issue saw pile up.
    expect(leftSize).toBeGreaterThan(1000);
    expect(JSON.parse(await readFile(target, 'utf8'))).toHaveProperty('format', 'guard-snapshot/v1');
  }, 60_000);

  it('removes only stale temporary files of its own naming, never a running guard’s or anything else', async () => {
    const where = join(dir, 'mixed');
    await mkdir(where);
    const exited = spawnSync('true');
    const deadPid = exited.pid ?? 999_999;
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    const busy = join(dir, 'busy');
    await mkdir(busy);
    const writer = startGuard(snapshotArgs(join(busy, 'account.json')), { holdWrites: true });
    try {
      await heldMidWrite(writer);
      const stale = [`.a.json.${deadPid}.0123abcd.tmp`, `.b.json.gz.${sleeper.pid}.89abcdef.tmp`];
      const kept = [
        `.c.json.${writer.pid}.01234567.tmp`, // a guard that is still writing
        `.d.json.${deadPid}.0123abcd.tmp.bak`,
        `e.json.${deadPid}.0123abcd.tmp`,
        `.f.json.${deadPid}.tmp`,
        'notes.tmp',
      ];
      for (const name of [...stale, ...kept]) await writeFile(join(where, name), 'x');
      await mkdir(join(where, `.g.json.${deadPid}.0123abcd.tmp`));
      await writeFileAtomically(join(where, 'account.json'), Buffer.from('new'));
      expect((await readdir(where)).sort()).toEqual([...kept, `.g.json.${deadPid}.0123abcd.tmp`, 'account.json'].sort());
    } finally {
      sleeper.kill('SIGKILL');
      writer.child.kill('SIGKILL');
      await writer.exited;
    }
  }, 60_000);

  const canMount = spawnSync('unshare', ['-Urm', 'sh', '-c', `mount -t tmpfs -o size=8k tmpfs ${tmpdir()}`], { stdio: 'ignore' }).status === 0;

  it.skipIf(!canMount)(
    'a full disk (ENOSPC on a tiny tmpfs): exit 2, the reason, no partial or temporary file',
    async () => {
      const mount = join(dir, 'full');
      await mkdir(mount);
      // A private mount namespace: the 8 KiB tmpfs exists only for this shell and the guard it runs.
      const script = `mount -t tmpfs -o size=8k tmpfs "$1" && "$2" "$3" snapshot --endpoint-url "$4" --out "$1/account.json" --quiet; echo "exit=$?"; ls -A "$1"`;
      const run = spawnSync('unshare', ['-Urm', 'sh', '-c', script, 'sh', mount, process.execPath, join(REPO, 'bin/guard.js'), moto.endpoint], {
        cwd: REPO,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...TEST_ENV },
        encoding: 'utf8',
      });
      expect(run.stderr).toMatch(/^guard: cannot write `.*account\.json`: ENOSPC: no space left on device/m);
      // The exit code, then what the directory holds: nothing.
      expect(run.stdout.trim().split('\n')).toEqual(['exit=2']);
    },
    60_000,
  );
});

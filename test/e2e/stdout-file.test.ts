import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, runGuard } from '../support/run-guard.ts';
import { writeOrgDir } from './org-fixtures.ts';

/** The real binary with stdout redirected to `target` (a file or a device), as `guard … > target` does. */
function runToFile(args: readonly string[], target: string): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(target, 'w');
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO}bin/guard.js`, ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1' },
      stdio: ['ignore', fd, 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  }).finally(() => closeSync(fd));
}

const EXAMPLE = 'examples/snapshots/example-account.json';

// stdout as a file or a device is written straight to its descriptor, a pipe through the stream: the bytes are the same.
describe('stdout redirected to a file or a device', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guard-stdout-'));
    await writeOrgDir(join(dir, 'org'));
  });

  const cases: (readonly string[])[] = [
    ['eval', '--snapshot', EXAMPLE, '--fail-on', 'none'],
    ['eval', '--snapshot', EXAMPLE, '-f', 'json'],
    ['eval', '--snapshot', EXAMPLE, '-f', 'sarif'],
    ['eval', '--snapshot', EXAMPLE, '-f', 'junit'],
    ['eval', '--snapshot', EXAMPLE, '-f', 'markdown'],
    ['eval', '--snapshot', '<org>', '--jobs', '2', '-f', 'json'],
  ];
  for (const template of cases) {
    it(`guard ${template.join(' ')} writes the piped bytes to a file and exits as piped`, async () => {
      const args = template.map((a) => (a === '<org>' ? join(dir, 'org') : a));
      const piped = await runGuard(args);
      expect(piped.stdout.length).toBeGreaterThan(0);
      const file = join(dir, 'out');
      const toFile = await runToFile(args, file);
      expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
      expect(toFile.stderr).toBe(piped.stderr);
      expect(toFile.code).toBe(piped.code);
      const toNull = await runToFile(args, '/dev/null');
      expect(toNull.stderr).toBe(piped.stderr);
      expect(toNull.code).toBe(piped.code);
    });
  }

  it.runIf(existsSync('/dev/full'))('says a write error once on stderr, without a stack trace, and keeps the exit code', async () => {
    const run = await runToFile(['eval', '--snapshot', EXAMPLE, '-f', 'json'], '/dev/full');
    expect(run.stderr).toBe('guard: cannot write to stdout: ENOSPC: no space left on device, write\n');
    expect(run.code).toBe(1);
  });
});

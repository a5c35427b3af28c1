import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/run-guard.ts';

/** `guard ... | head`: a reader that closes stdout early ends the output quietly, never with an EPIPE stack trace. */
function runWithStdoutClosed(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO}bin/guard.js`, ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closing our end before the child writes: every write to its stdout fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const EXAMPLE = 'examples/snapshots/example-account.json';
// Not in canonical form, so `guard fmt` prints it.
const UNFORMATTED = join(mkdtempSync(join(tmpdir(), 'guard-epipe-')), 'rules.guard');
writeFileSync(UNFORMATTED, 'rule r: root must have mfa\n');

describe('a closed stdout', () => {
  const cases: [string[], number][] = [
    [['eval', '--snapshot', EXAMPLE], 1],
    [['eval', '--snapshot', EXAMPLE, '-f', 'json'], 1],
    [['eval', '--snapshot', EXAMPLE, '-f', 'sarif', '--fail-on', 'none'], 0],
    [['check'], 0],
    [['schema'], 0],
    [['fmt', UNFORMATTED], 0],
    [['test', 'policies/root.test.guard', '--runs', '1', '--seed', '1', '--no-checks'], 0],
    [['--help'], 0],
  ];
  for (const [args, code] of cases) {
    it(`guard ${args.join(' ')} exits ${code} without a word`, async () => {
      const run = await runWithStdoutClosed(args);
      expect(run.stderr).not.toMatch(/EPIPE|Error|internal error|at /);
      expect(run.code).toBe(code);
    });
  }
});

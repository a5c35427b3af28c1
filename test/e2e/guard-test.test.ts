import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';

describe('guard test, from the binary', () => {
  it('passes on the built-in library and its test files', async () => {
    const run = await runGuard(['test', 'policies', '--seed', '7']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\d+ tests: \d+ passed, 0 failed/);
    // The whole library's examples and properties: about 20 s on an idle 2-core machine, past 60 s under load.
  }, 180_000);

  it('exits 1 with the failing expectation and a vacuity report for a wrong rule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-test-'));
    await writeFile(join(dir, 'keys.guard'), 'rule stale severity high:\n  access keys where active and age > 9000d denied\n');
    await writeFile(join(dir, 'keys.test.guard'), 'example "old key":\n  access key "alice/1" with active and age = 120d\n  expect stale fails on access key "alice/1"\n');
    const run = await runGuard(['test', dir, '--seed', '7']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('but stale passes on access key alice/1');
    expect(run.stdout).toMatch(/stale never fails/);
  });

  it('exits 2 on a syntax error in a test file, with file:line:col', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-test-'));
    await writeFile(join(dir, 'keys.guard'), 'access keys where active and age > 90d denied\n');
    await writeFile(join(dir, 'keys.test.guard'), 'example "broken":\n  expect\n');
    const run = await runGuard(['test', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/keys\.test\.guard:2:\d+/);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { testCommand } from '../../src/cli/commands/test.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { REPO } from '../support/run-guard.ts';

/** Runs `guard test ...` in-process, as src/cli/main.ts runs its commands. */
async function guardTest(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { NO_COLOR: '1' },
    stderrIsTTY: false,
    stdoutIsTTY: false,
    cwd,
  };
  const command = testCommand(io, (c) => {
    code = c;
  });
  const program = new Command('guard').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(command);
  try {
    await program.parseAsync(['test', ...args], { from: 'user' });
  } catch (caught) {
    if (!(caught instanceof CommanderError)) throw caught;
    code = caught.exitCode === 0 ? 0 : 2;
  }
  return { code, stdout, stderr };
}

const ROOT = mkdtempSync(join(tmpdir(), 'guard-test-cli-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(ROOT, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const RULES = `rule stale-keys "Active access keys are rotated" severity high:
  access keys where active and age > 90d denied
`;
const TESTS = `example "old keys fail":
  access key "alice/1" with age = 120d
  expect stale-keys fails on access key "alice/1"

for all accounts where all access keys where age <= 90d, expect stale-keys passes
`;

describe('guard test', () => {
  it('exits 0 when every test and automatic check passes, with a per-file summary', async () => {
    const dir = project('ok', { 'keys.guard': RULES, 'keys.test.guard': TESTS });
    const run = await guardTest(['.', '--seed', '5', '--runs', '40'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('keys.test.guard  2 passed');
    expect(run.stdout).toContain('automatic checks  1 rule can fail and can pass');
    expect(run.stdout).toMatch(/2 tests: 2 passed, 0 failed; automatic checks: 0 problems in 1 rule; seed 5\n$/);
    expect(run.code).toBe(0);
    // Given the test file itself, the same.
    expect((await guardTest(['keys.test.guard', '--seed', '5', '--runs', '40'], dir)).code).toBe(0);
  });

  it('exits 1 on a failing test, printing the counterexample and the seed', async () => {
    const dir = project('fail', { 'keys.guard': RULES.replace('90d', '900d'), 'keys.test.guard': TESTS });
    const run = await guardTest(['.', '--seed', '5', '--runs', '40', '--no-checks'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ example "old keys fail"');
    expect(run.stdout).toContain('but stale-keys passes on access key alice/1');
    expect(run.stdout).toMatch(/seed 5/);
  });

  it('a failing property prints the Identity Center and Access Analyzer entities of its counterexample', async () => {
    const rules =
      'rule user-assignments "Assignments go to groups" severity low:\n  account assignments where principal type = "USER" denied\n\nrule no-public "No public findings" severity low:\n  analyzer findings where public denied\n';
    const tests = 'for all accounts where any account assignments where principal type = "USER", expect user-assignments passes\nfor all accounts where any analyzer findings where public, expect no-public passes\n';
    const dir = project('identity-center', { 'idc.guard': rules, 'idc.test.guard': tests });
    const run = await guardTest(['.', '--seed', '5', '--no-checks'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ +identity center$/m);
    expect(run.stdout).toMatch(/^ +permission set "[^"]+"/m);
    expect(run.stdout).toMatch(/^ +account assignment "[^"]+" with principal type = "USER"/m);
    expect(run.stdout).toMatch(/^ +analyzer region "[a-z0-9-]+"$/m);
    expect(run.stdout).toMatch(/^ +analyzer finding "arn:[^"]+" with .*\bpublic$/m);
    // Each printed counterexample, built again, still shows the failure: no note that it leaves details out.
    expect(run.stdout).not.toContain('leaves out details');
  });

  it('exits 1 when an automatic check fails, even with no test files', async () => {
    const dir = project('vacuous', { 'keys.guard': 'users unused > 9000d denied\n' });
    const run = await guardTest(['.', '--seed', '5', '--runs', '40'], dir);
    expect(run.stderr).toContain('no test files');
    expect(run.stdout).toContain('never fails');
    expect(run.code).toBe(1);
  });

  it('exits 2 on syntax errors in test files, with file:line:col, the line, a caret and a hint', async () => {
    const dir = project('syntax', { 'keys.guard': RULES, 'keys.test.guard': 'example "x":\n  usr "alice"\n  expect stale-key fails\n' });
    const run = await guardTest(['.'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`keys.test.guard:2:3: error: unknown kind of entity \`usr\` [check/unknown-collection]
2 |   usr "alice"
  |   ^^^
  hint: did you mean \`user\`?`);
    expect(run.stderr).toContain('keys.test.guard:3:10: error: no rule `stale-key` [check/unknown-name]');
    expect(run.stderr).toContain('hint: did you mean `stale-keys`?');
    expect(run.stderr).toMatch(/guard: 2 errors in 2 files\n$/);
  });

  it('exits 2 on errors in rule files, and on usage errors', async () => {
    const dir = project('rules', { 'keys.guard': 'access keys where actve denied\n', 'keys.test.guard': TESTS });
    const run = await guardTest(['.'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('keys.guard:1:19: error: access key has no attribute `actve`');
    expect((await guardTest(['no-such-dir'], dir)).code).toBe(2);
    expect((await guardTest(['.', '--runs', '0'], dir)).code).toBe(2);
    expect((await guardTest(['.', '--seed', 'x'], dir)).code).toBe(2);
  });

  it('--coverage reports rules without examples and lines not exercised', async () => {
    const dir = project('coverage', { 'keys.guard': `${RULES}root must have mfa\n`, 'keys.test.guard': TESTS });
    const run = await guardTest(['.', '--coverage', '--seed', '5', '--runs', '40', '--no-checks'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rules without an example test (1): root-must-have-mfa');
    expect(run.stdout).toContain('keys.guard:3  root must have mfa\n      root-must-have-mfa: `have mfa` was never true');
  });

  it('the built-in library passes its own test files (policies/*.test.guard)', async () => {
    const run = await guardTest([join(REPO, 'policies'), '--seed', '1', '--runs', '50'], REPO);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/tests: (\d+) passed, 0 failed; automatic checks: 0 problems/);
    expect(run.code).toBe(0);
  });
});

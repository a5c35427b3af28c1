import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, runGuard } from '../support/run-guard.ts';

/** `--rule` / `--skip` on `guard check` and `guard test`: eval's selection (src/cli/select-rules.ts), from the binary. */

const RULES = `rule mfa severity high:
  users must have mfa
rule keys severity low:
  access keys where active and age > 90d denied
`;

// The example's `keys` expectation is wrong on purpose: it fails unless the selection leaves `keys` out.
const ALL_TESTS = `example "alice has mfa and an old key":
  user "alice" with mfa
  access key "alice/1" with age = 120d
  expect mfa passes on user "alice"
  expect keys passes on access key "alice/1"

for all accounts where all users where mfa, expect mfa passes
`;

const KEY_TESTS = `example "an old key fails":
  access key "bob/1" with age = 120d
  expect keys fails
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-select-'));
  await writeFile(join(dir, 'rules.guard'), RULES);
  await writeFile(join(dir, 'all.test.guard'), ALL_TESTS);
  await writeFile(join(dir, 'keys.test.guard'), KEY_TESTS);
});

const test = (args: readonly string[]) => runGuard(['test', '.', '--seed', '1', '--runs', '10', ...args], { cwd: dir });

describe('guard test --rule / --skip', () => {
  it('runs only the tests of the rules kept: an example with only their expectations, no file without any', async () => {
    expect((await test([])).code).toBe(1);
    const only = await test(['--rule', 'mfa', '-v']);
    expect(only.stdout).toBe(
      'all.test.guard  2 passed\n' +
        '  ✓ example "alice has mfa and an old key" (1 expectation)\n' +
        '  ✓ for all accounts where all users where mfa, expect mfa passes (10 runs)\n' +
        'automatic checks  1 rule can fail and can pass\n' +
        '2 tests: 2 passed, 0 failed; automatic checks: 0 problems in 1 rule; seed 1\n',
    );
    expect(only.code).toBe(0);
    const skipped = await test(['--skip', 'm*']);
    expect(skipped.stdout).toContain('all.test.guard  1 failed, 0 passed\n');
    expect(skipped.stdout).toContain('keys.test.guard  1 passed\n');
    expect(skipped.stdout).toContain('2 tests: 1 passed, 1 failed; automatic checks: 0 problems in 1 rule; seed 1\n');
    expect(skipped.code).toBe(1);
  });

  it('still checks every test file whole, against every rule', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'guard-select-'));
    await writeFile(join(broken, 'rules.guard'), RULES);
    await writeFile(join(broken, 'keys.test.guard'), 'example "typo":\n  access key "bob/1" with age = 120d\n  expect kyes fails\n');
    const run = await runGuard(['test', '.', '--rule', 'mfa'], { cwd: broken });
    expect(run.stderr).toContain('no rule `kyes` [check/unknown-name]');
    expect(run.code).toBe(2);
  });

  it('says so when no test names the rules kept', async () => {
    const none = await runGuard(['test', 'rules.guard', 'keys.test.guard', '--rule', 'mfa', '--seed', '1', '--runs', '10'], { cwd: dir });
    expect(none.stderr).toBe('guard: no test names the rules --rule/--skip kept; running the automatic checks only\n');
    expect(none.stdout).toBe('automatic checks  1 rule can fail and can pass\n0 tests: 0 passed, 0 failed; automatic checks: 0 problems in 1 rule; seed 1\n');
  });
});

describe('guard check --rule / --skip', () => {
  it('counts the rules kept; the files are checked whole', async () => {
    const run = await runGuard(['check', '--rule', 'pwd.*', '--skip', 'pwd.max-age']);
    expect(run.stdout).toMatch(/^4 of \d+ rules in \d+ files: ok\n$/);
    expect(run.code).toBe(0);
    expect((await runGuard(['check', 'rules.guard', '--skip', 'keys'], { cwd: dir })).stdout).toBe('1 of 2 rules in 1 file: ok\n');
    expect((await runGuard(['check', 'rules.guard'], { cwd: dir })).stdout).toBe('2 rules in 1 file: ok\n');
  });
});

describe('a pattern that names no rule', () => {
  it('is the same usage/unknown-rule error, with did-you-mean, on eval, check and test', async () => {
    const expected =
      'guard: error: --rule `mfaa` names no rule [usage/unknown-rule]\n  hint: did you mean `mfa`?\n' + 'guard: error: --skip `zzz` names no rule [usage/unknown-rule]\n  hint: the rules here are `mfa`, `keys`\n';
    const snapshot = join(REPO, 'test/fixtures/snapshots/small.json');
    for (const args of [
      ['eval', 'rules.guard', '-s', snapshot],
      ['check', 'rules.guard'],
      ['test', '.'],
    ]) {
      const run = await runGuard([...args, '--rule', 'mfaa', '--skip', 'zzz'], { cwd: dir });
      expect(run.stderr.startsWith(expected), `${args[0]}: ${run.stderr}`).toBe(true);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(2);
    }
  });
});

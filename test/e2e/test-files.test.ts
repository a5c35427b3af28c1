import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';

/** `*.test.guard` files named among rule files (a glob such as `policies/*.guard`) are test files to every command. */

const EXAMPLE = 'examples/snapshots/example-account.json';
const LIBRARY_GLOB = readdirSync('policies')
  .filter((name) => name.endsWith('.guard'))
  .sort()
  .map((name) => `policies/${name}`);
const DIR = mkdtempSync(join(tmpdir(), 'guard-test-files-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(DIR, name), text);
  return join(DIR, name);
};
const RULES = file('rules.guard', 'rule r: root must have mfa\n');

describe('test files among rule files', () => {
  it('guard check policies/*.guard checks the test files as test files', async () => {
    expect(LIBRARY_GLOB.some((p) => p.endsWith('.test.guard'))).toBe(true);
    const run = await runMain(['check', ...LIBRARY_GLOB]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ rules in \d+ files and \d+ test files: ok\n$/);
  });

  it("guard check reports a test file's own diagnostics, against the rules named with it", async () => {
    const bad = file('bad.test.guard', 'for all accounts where root mfa, expect nope passes\n');
    const run = await runMain(['check', RULES, bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.test.guard:1:41: error: no rule `nope`');
    // A test file alone is checked against the rule files beside it, as guard test does.
    expect((await runMain(['check', 'policies/root.test.guard'])).code).toBe(0);
  });

  it('guard eval skips test files without a word, and refuses test files alone', async () => {
    const run = await runMain(['eval', ...LIBRARY_GLOB, '--snapshot', EXAMPLE, '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const library = await runMain(['eval', '--snapshot', EXAMPLE, '--fail-on', 'none']);
    expect(run.stdout).toBe(library.stdout);
    const onlyTests = join(DIR, 'only-tests');
    mkdirSync(onlyTests);
    writeFileSync(join(onlyTests, 'a.test.guard'), 'for all accounts where root mfa, expect r passes\n');
    const empty = await runMain(['eval', onlyTests, '--snapshot', EXAMPLE]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no rule files (.guard) in');
    const alone = await runMain(['eval', 'policies/root.test.guard', '--snapshot', EXAMPLE]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('only test files were given');
  });

  it('guard fmt formats a test file with the test-file printer, and never drops its comments', async () => {
    const messy = file('messy.test.guard', 'for all accounts where   root mfa,   expect r passes\n');
    const run = await runMain(['fmt', messy]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('for all accounts where root mfa, expect r passes\n');
    const commented = file('commented.test.guard', '# why\nfor all accounts where   root mfa,   expect r passes\n');
    const write = await runMain(['fmt', '--write', commented]);
    expect(write.code).toBe(0);
    expect(write.stderr).toContain('commented.test.guard left as is: formatting it would drop its comments');
    expect(readFileSync(commented, 'utf8')).toBe('# why\nfor all accounts where   root mfa,   expect r passes\n');
    const check = await runMain(['fmt', '--check', ...LIBRARY_GLOB]);
    expect(check.code).toBe(0);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';

/** A rule file using a named condition another file defines, through the real CLI. */

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-e2e-named-'));
  await writeFile(
    join(dir, 'definitions.guard'),
    'define pinning (key string) for statements:\n  condition keys matches key and not wildcard condition keys matches key\n\ndefine trusting github actions for statements:\n  effect = "Allow" and principal federated matches "*:oidc-provider/token.actions.githubusercontent.com*"\n',
  );
  await writeFile(
    join(dir, 'rules.guard'),
    'rule my.github "GitHub roles name their repositories":\n  roles must have no trust statements where trusting github actions and not pinning "token.actions.githubusercontent.com*:sub"\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const SNAPSHOT = 'examples/snapshots/example-account.json';

describe('named conditions across rule files', () => {
  it('check and evaluate as the library rule they restate, with the same findings', async () => {
    const check = await runGuard(['check', dir]);
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('1 rule in 2 files: ok');
    const mine = await runGuard(['eval', dir, '--snapshot', SNAPSHOT, '--fail-on', 'none', '-f', 'json']);
    const library = await runGuard(['eval', '--snapshot', SNAPSHOT, '--fail-on', 'none', '-f', 'json']);
    const failing = (stdout: string, rule: string): string[] =>
      (JSON.parse(stdout) as { findings: { rule: string; status: string; resource: { name: string } }[] }).findings.filter((f) => f.rule === rule && f.status === 'fail').map((f) => f.resource.name);
    expect(failing(mine.stdout, 'my.github')).toEqual(['github-actions-ci', 'github-sandbox']);
    expect(failing(mine.stdout, 'my.github')).toEqual(failing(library.stdout, 'trust.github-oidc-sub'));
  });

  it('say which definition a misspelt use meant, and exit 2 as for any rule that does not check', async () => {
    const file = join(dir, 'typo', 'rules.guard');
    await mkdir(join(dir, 'typo'));
    await writeFile(file, 'roles must have no trust statements where pinnin "x"\n');
    const run = await runGuard(['check', join(dir, 'definitions.guard'), file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no named condition `pinnin` [check/unknown-condition]');
    expect(run.stderr).toContain('did you mean `pinning`?');
  });
});

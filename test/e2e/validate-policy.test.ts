import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runGuard } from '../support/run-guard.ts';

describe('guard validate-policy', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'guard-validate-policy-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    writeFileSync(join(cwd, name), text);
    return name;
  };
  const denyLeave = { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' };

  it('exits 0 for a valid SCP and says so', async () => {
    const file = write('deny-leave.json', JSON.stringify({ Version: '2012-10-17', Statement: [denyLeave] }, null, 2));
    const run = await runGuard(['validate-policy', file], { cwd });
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe('guard: SCP file valid\n');
  });

  it('points at the line and column of each problem, the line quoted with a caret, and exits 2', async () => {
    const file = write('bad.json', '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*"}]\n}\n');
    const run = await runGuard(['validate-policy', file], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'bad.json:3:36: error: `Statement[0]` has `Principal`, which SCPs do not take [policy/invalid]',
      '3 |   "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*"}]',
      '  |                                    ^',
      '  hint: an SCP applies to the principals of the accounts it is attached to; narrow it with `aws:PrincipalArn` in a `Condition`',
      'guard: 1 of 1 SCP file invalid (1 error)',
      '',
    ]);
  });

  it('checks RCPs with --type rcp: a trailing comma is found at the comma', async () => {
    const file = write('rcp.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*",], "Resource": "*"}]}');
    const run = await runGuard(['validate-policy', '--type', 'rcp', file, 'deny-leave.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^rcp\.json:1:95: error: a trailing comma before `\]`: AWS rejects the policy \[policy\/invalid\]$/m);
    // deny-leave.json has no Principal: as an RCP it is invalid too.
    expect(run.stderr).toMatch(/^deny-leave\.json:4:5: error: `Statement\[0\]` has no `Principal`/m);
    expect(run.stderr).toMatch(/^guard: 2 of 2 RCP files invalid \(2 errors, 1 warning\)$/m);
  });

  it('reports a missing file and a bad --type plainly, exit 2, no stack', async () => {
    const missing = await runGuard(['validate-policy', 'nope.json'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^guard: error: cannot read policy file `nope\.json`/m);
    const badType = await runGuard(['validate-policy', '--type', 'tag', 'deny-leave.json'], { cwd });
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/argument 'tag' is invalid/);
    for (const run of [missing, badType]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('gives the output docs/snapshot-format.md shows for its example', async () => {
    const docs = readFileSync(join(REPO, 'docs/snapshot-format.md'), 'utf8');
    const shown = /```sh\nnpx (guard validate-policy [^\n]+)\n```\n\n```\n([\s\S]*?)```/.exec(docs);
    expect(shown).not.toBeNull();
    const [, command = '', output = ''] = shown ?? [];
    mkdirSync(join(cwd, 'policies'), { recursive: true });
    // The policy the example is about: an RCP whose action list ends in a trailing comma.
    const statement = '      "Sid": "EnforceTLS",\n      "Effect": "Deny",\n      "Principal": "*",\n      "Action": [\n        "s3:*",\n        "sqs:*",\n      ],';
    write('policies/rcp-tls.json', `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n${statement}\n      "Resource": "*"\n    }\n  ]\n}\n`);
    const run = await runGuard(command.split(' ').slice(1), { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(output);
  });
});

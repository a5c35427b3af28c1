import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';

// `scps deny` through the real binary: `guard check` and `guard eval` on the example organization,
// and a located error for misuse, never a stack trace.

const EXAMPLE = 'examples/snapshots/example-account.json';
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function ruleFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'guard-scp-'));
  dirs.push(dir);
  const path = join(dir, 'org.guard');
  await writeFile(path, text);
  return path;
}

describe('guard eval with scps deny', () => {
  it('fails only the management account of `accounts must have scps denying "organizations:LeaveOrganization"`, saying why', async () => {
    const path = await ruleFile('rule org.no-leave:\n  accounts must have scps denying "organizations:LeaveOrganization"\n');
    const run = await runGuard(['eval', path, '--snapshot', EXAMPLE, '-f', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { resource: { name: string }; evidence: Record<string, unknown> }[] }).findings;
    expect(findings.map((f) => f.resource.name)).toEqual(['example-management']);
    expect(findings[0]?.evidence['have scps denying "organizations:LeaveOrganization": note']).toBe('SCPs do not apply to the management account');
  });

  it('on a principal collection the predicate is not applicable: a located message, exit 2', async () => {
    const path = await ruleFile('users must have scps denying "iam:CreateUser"\n');
    const run = await runGuard(['check', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/org\.guard:1:\d+: error: `have scps denying` asks about an account's organization guardrails/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a malformed action is a located error', async () => {
    const path = await ruleFile('accounts must have scps denying "LeaveOrganization"\n');
    const run = await runGuard(['check', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/`LeaveOrganization` is not an action/);
  });
});

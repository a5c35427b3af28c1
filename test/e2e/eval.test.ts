import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';

const SMALL = 'test/fixtures/snapshots/small.json';
const RULES = 'test/fixtures/rules/basic.guard';

interface JsonFinding {
  rule: string;
  status: string;
  severity: string;
  resource: { type: string; name: string; arn: string | null };
  evidence: Record<string, unknown>;
  location: { file: string; line: number; column: number };
}

async function evalJson(args: string[]): Promise<{ code: number | null; report: { summary: Record<string, number>; findings: JsonFinding[]; format: string; snapshot: unknown }; stderr: string }> {
  const run = await runGuard(['eval', ...args, '--format', 'json']);
  return { code: run.code, report: JSON.parse(run.stdout), stderr: run.stderr };
}

const verdicts = (findings: JsonFinding[]): string[] => findings.map((f) => `${f.rule} ${f.status} ${f.resource.type}:${f.resource.name}`);

describe('guard eval, end to end', () => {
  it('reports the expected findings as findings JSON v1 and exits 1', async () => {
    const { code, report } = await evalJson([RULES, '--snapshot', SMALL]);
    expect(code).toBe(1);
    expect(report.format).toBe('guard-findings/v1');
    expect(report.snapshot).toEqual({ account: '111122223333', capturedAt: '2026-11-27T10:00:00.000Z' });
    expect(verdicts(report.findings)).toEqual([
      'root-mfa fail root:<root_account>',
      'console-mfa fail user:alice',
      'stale-keys fail access-key:<root_account>/1',
      'stale-keys fail access-key:alice/1',
      'stale-keys waived access-key:legacy-ci/1',
      'no-admin-star fail policy:AdministratorAccess',
      'no-admin-star fail policy:old/scratch',
      'public-trust fail role:public',
      'pwd-length fail password-policy:password-policy',
      'unused-users fail user:old',
    ]);
    const stale = report.findings.find((f) => f.rule === 'stale-keys' && f.status === 'fail');
    expect(stale?.evidence).toMatchObject({ active: true, age: expect.stringMatching(/^\d+d$/) });
    expect(stale?.location).toEqual({ file: RULES, line: 8, column: 1 });
    expect(report.summary).toMatchObject({ rules: 7, fail: 9, unknown: 0, waived: 1, pass: 8 });
  });

  it('prints text grouped by rule with source line, resource and evidence', async () => {
    const run = await runGuard(['eval', RULES, '--snapshot', SMALL]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('root-mfa');
    expect(run.stdout).toContain(`${RULES}:2`);
    expect(run.stdout).toContain('root must have mfa');
    expect(run.stdout).toMatch(/access-key alice\/1/);
    expect(run.stdout).toMatch(/waived until 2027-03-01 because "moving to OIDC"/);
    expect(run.stdout).toMatch(/7 rules, 9 failing, 0 unknown, 1 waived, 8 passed/);
  });

  it('--fail-on filters by severity; --now moves time and expires exceptions', async () => {
    expect((await runGuard(['eval', RULES, '--snapshot', SMALL, '--fail-on', 'none'])).code).toBe(0);
    const later = await evalJson([RULES, '--snapshot', SMALL, '--now', '2027-03-02T00:00:00Z']);
    expect(verdicts(later.report.findings)).toContain('stale-keys fail access-key:legacy-ci/1');
    const lastDay = await evalJson([RULES, '--snapshot', SMALL, '--now', '2027-03-01T23:59:59Z']);
    expect(verdicts(lastDay.report.findings)).toContain('stale-keys waived access-key:legacy-ci/1');
    const text = await runGuard(['eval', RULES, '--snapshot', SMALL, '--now', '2027-03-02T00:00:00Z']);
    expect(text.stdout).toContain('exception expired on 2027-03-01');
  });

  it('--param overrides a param, typed by its default', async () => {
    const { report } = await evalJson([RULES, '--snapshot', SMALL, '--param', 'min_length=8']);
    expect(verdicts(report.findings)).not.toContain('pwd-length fail password-policy:password-policy');
    const bad = await runGuard(['eval', RULES, '--snapshot', SMALL, '--param', 'min_length=long']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('min_length');
  });

  it('turns what depends on a section that was not collected into unknown, never pass', async () => {
    const { code, report } = await evalJson([RULES, '--snapshot', 'test/fixtures/snapshots/small-no-report.json', '--fail-on', 'none']);
    expect(code).toBe(0);
    const unknown = verdicts(report.findings.filter((f) => f.status === 'unknown'));
    expect(unknown.some((v) => v.startsWith('console-mfa unknown'))).toBe(true);
    expect(unknown.some((v) => v.startsWith('unused-users unknown'))).toBe(true);
    expect((await runGuard(['eval', RULES, '--snapshot', 'test/fixtures/snapshots/small-no-report.json', '--fail-on', 'unknown'])).code).toBe(1);
  });

  it('reads gzipped snapshots', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-e2e-'));
    const file = join(dir, 'small.json.gz');
    await writeFile(file, gzipSync(await readFile(SMALL)));
    const { report } = await evalJson([RULES, '--snapshot', file, '--fail-on', 'none']);
    expect(report.summary['fail']).toBe(9);
  });

  it('exits 2 with a clear message for a missing or invalid snapshot, without a stack trace', async () => {
    const missing = await runGuard(['eval', RULES, '--snapshot', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const dir = await mkdtemp(join(tmpdir(), 'guard-e2e-'));
    await writeFile(join(dir, 'bad.json'), '{"format": "guard-snapshot/v1", "capturedAt": "yesterday"');
    const bad = await runGuard(['eval', RULES, '--snapshot', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on rule-file diagnostics, reporting every file:line:col with a caret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-e2e-'));
    await writeFile(join(dir, 'a.guard'), 'users with consol access must have mfa\nroot must have\n');
    await writeFile(join(dir, 'b.guard'), 'access keys where age > "x" denied\n');
    const run = await runGuard(['check', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a\.guard:1:12: error: .*consol access/);
    expect(run.stderr).toContain('did you mean `console access`?');
    expect(run.stderr).toMatch(/a\.guard:2:\d+: error/);
    expect(run.stderr).toMatch(/b\.guard:1:19: error/);
    expect(run.stderr).toMatch(/\n\s+\|\s+\^+/);
    const evalRun = await runGuard(['eval', dir, '--snapshot', SMALL]);
    expect(evalRun.code).toBe(2);
  });

  it('usage errors exit 2', async () => {
    expect((await runGuard(['eval', RULES])).code).toBe(2);
    expect((await runGuard(['eval', RULES, '--snapshot', SMALL, '--format', 'yaml'])).code).toBe(2);
    expect((await runGuard(['eval', RULES, '--snapshot', SMALL, '--now', 'tomorrow'])).code).toBe(2);
    expect((await runGuard(['eval', RULES, '--snapshot', SMALL, '--fail-on', 'severe'])).code).toBe(2);
    expect((await runGuard(['frobnicate'])).code).toBe(2);
  });

  it('guard check passes clean files and guard schema lists collections and attributes', async () => {
    const check = await runGuard(['check', RULES]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('7 rules in 1 file: ok');
    const schema = await runGuard(['schema', 'users']);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toMatch(/console access/);
    const json = await runGuard(['schema', '--format', 'json']);
    expect(JSON.parse(json.stdout).collections.length).toBeGreaterThan(10);
    expect((await runGuard(['schema', 'usres'])).stderr).toContain('did you mean `users`?');
    // Statements have no collection of their own; their attributes are still one command away.
    const statements = await runGuard(['schema', 'statements']);
    expect(statements.code).toBe(0);
    expect(statements.stdout).toMatch(/^statement {2}\(reached through links\)/);
    expect(statements.stdout).toMatch(/required condition keys/);
  });
});

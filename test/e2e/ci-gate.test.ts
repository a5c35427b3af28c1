import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { parse as parseJunit } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';

/** issue 5 end to end: every format from the real binary, exceptions files, baselines, exit codes. */
const SMALL = 'test/fixtures/snapshots/small.json';
const RULES = 'test/fixtures/rules/basic.guard';

const Ajv = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(new URL('../report/sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-ci-'));
});

describe('reports from the guard binary', () => {
  it('writes several formats in one run, each valid for its consumer', async () => {
    const sarif = join(dir, 'guard.sarif');
    const junit = join(dir, 'guard.xml');
    const markdown = join(dir, 'guard.md');
    const run = await runGuard(['eval', RULES, '--snapshot', SMALL, '--output', `sarif=${sarif}`, '--output', `junit=${junit}`, '--output', `markdown=${markdown}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('root-mfa'); // text still on stdout

    const log = JSON.parse(await readFile(sarif, 'utf8')) as {
      runs: {
        tool: { driver: { version?: string } };
        results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      }[];
    };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBe(10);
    // Code scanning shows the tool version: the package's, as `guard --version` prints it.
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(log.runs[0]?.tool.driver.version).toBe(version);
    expect((await runGuard(['--version'])).stdout).toBe(`${version}\n`);
    const stale = results.find((r) => r.ruleId === 'stale-keys');
    expect(stale?.locations[0]?.physicalLocation).toMatchObject({ artifactLocation: { uri: RULES }, region: { startLine: 8 } });
    expect(Object.values(stale?.partialFingerprints ?? {})[0]).toMatch(/^[0-9a-f]{16,}$/);

    const xml = await parseJunit(await readFile(junit, 'utf8'));
    expect(JSON.stringify(xml)).toContain('stale-keys');
    expect(JSON.stringify(xml)).toContain('alice/1');

    const md = await readFile(markdown, 'utf8');
    expect(md).toMatch(/\|.*critical.*\|/i);
  });

  it('emits GitHub workflow annotations with text output under GitHub Actions', async () => {
    const run = await runGuard(['eval', RULES, '--snapshot', SMALL], { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.stdout).toMatch(/^::error file=test\/fixtures\/rules\/basic\.guard,line=2/m);
    const plain = await runGuard(['eval', RULES, '--snapshot', SMALL]);
    expect(plain.stdout).not.toContain('::error');
  });
});

describe('exceptions files', () => {
  const write = async (expires: string): Promise<string> => {
    const file = join(dir, `exceptions-${expires}.yaml`);
    await writeFile(file, `exceptions:\n  - rule: public-trust\n    resource: public\n    owner: platform-team\n    reason: vendor integration, see ticket\n    ticket: SEC-42\n    expires: ${expires}\n`);
    return file;
  };

  it('waives until the end of the expiry day (UTC), then fails again and says it expired', async () => {
    const file = await write('2026-11-27');
    const before = await runGuard(['eval', RULES, '--snapshot', SMALL, '--exceptions', file, '--format', 'json', '--now', '2026-11-27T23:59:59Z']);
    const waived = JSON.parse(before.stdout)
      .findings.filter((f: { status: string }) => f.status === 'waived')
      .map((f: { rule: string }) => f.rule);
    expect(waived).toContain('public-trust');
    const after = await runGuard(['eval', RULES, '--snapshot', SMALL, '--exceptions', file, '--format', 'json', '--now', '2026-11-28T00:00:00Z']);
    const statuses = JSON.parse(after.stdout)
      .findings.filter((f: { rule: string }) => f.rule === 'public-trust')
      .map((f: { status: string }) => f.status);
    expect(statuses).toEqual(['fail']);
    expect(after.stderr).toMatch(/expired/);
  });

  it('--fail-on-expiring fails ahead of expiry; stale entries are reported', async () => {
    const file = await write('2026-12-05');
    const soon = await runGuard(['eval', RULES, '--snapshot', SMALL, '--exceptions', file, '--fail-on', 'critical', '--fail-on-expiring', '14d']);
    const later = await runGuard(['eval', RULES, '--snapshot', SMALL, '--exceptions', file, '--fail-on', 'none', '--fail-on-expiring', '3d']);
    expect(soon.code).toBe(1);
    expect(later.code).toBe(0);
    const stale = join(dir, 'stale.yaml');
    await writeFile(stale, 'exceptions:\n  - rule: root-mfa\n    resource: nobody\n    owner: me\n    reason: r\n    expires: 2027-01-01\n');
    expect((await runGuard(['eval', RULES, '--snapshot', SMALL, '--exceptions', stale])).stderr).toMatch(/stale|matches no finding/);
  });

  it('an invalid exceptions file is exit 2 with the line and column', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'exceptions:\n  - rule: root-mfa\n    resource: root\n');
    const run = await runGuard(['eval', RULES, '--snapshot', SMALL, '--exceptions', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:2:\d+/);
  });
});

describe('baselines', () => {
  it('marks findings new or existing across two snapshots and gates on new ones only', async () => {
    const baseline = join(dir, 'baseline.json');
    const written = await runGuard(['baseline', 'write', RULES, '--snapshot', SMALL, '--output', baseline]);
    expect(written.code).toBe(0);
    // The next snapshot: bob lost his MFA device (a new finding); alice's key was rotated (resolved).
    const next = JSON.parse(await readFile(SMALL, 'utf8'));
    const setField = (report: string, user: string, index: number, value: string): string =>
      report
        .split('\n')
        .map((line) =>
          line.startsWith(`${user},`)
            ? line
                .split(',')
                .map((f, i) => (i === index ? value : f))
                .join(',')
            : line,
        )
        .join('\n');
    // Fields 7 and 9 of a credential report row: mfa_active, access_key_1_last_rotated.
    next.iam.credentialReport = setField(setField(next.iam.credentialReport, 'bob', 7, 'false'), 'alice', 9, '2026-11-01T00:00:00+00:00');
    next.iam.virtualMfaDevices = [];
    const nextFile = join(dir, 'next.json');
    await writeFile(nextFile, JSON.stringify(next));

    const run = await runGuard(['eval', RULES, '--snapshot', nextFile, '--baseline', baseline, '--format', 'json', '--fail-on', 'new']);
    const report = JSON.parse(run.stdout);
    const state = (rule: string, name: string) => report.findings.find((f: { rule: string; resource: { name: string } }) => f.rule === rule && f.resource.name === name)?.baseline;
    expect(state('console-mfa', 'bob')).toBe('new');
    expect(state('root-mfa', '<root_account>')).toBe('existing');
    expect(JSON.stringify(report.resolved)).toContain('alice/1');
    expect(run.code).toBe(1);

    const same = await runGuard(['eval', RULES, '--snapshot', SMALL, '--baseline', baseline, '--fail-on', 'new']);
    expect(same.code).toBe(0);
    expect((await runGuard(['eval', RULES, '--snapshot', SMALL, '--fail-on', 'new'])).code).toBe(2);
  });
});

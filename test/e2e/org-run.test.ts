import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';
import { ORG_ACCOUNTS, writeOrgDir } from './org-fixtures.ts';

/** Issue 14, one run for a whole organization: `guard eval --snapshot dir/`, shards and `guard merge`, from the real binary. */

interface OrgJson {
  summary: { fail: number; waived: number; new?: number; existing?: number };
  organization: { id: string | null; shard?: string; accounts: { id: string | null; name: string | null; status: string; error: string | null; summary: { fail: number; pass: number } }[] };
  findings: { rule: string; account: { id: string; name: string | null }; resource: { key: string }; fingerprint: string; status: string }[];
  exceptions?: { applied: { rule: string; account?: string; findings: string[] }[]; stale: { rule: string }[] };
}

const Ajv = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(new URL('../report/sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-org-'));
  await writeOrgDir(join(dir, 'org'));
  await writeOrgDir(join(dir, 'broken-org'), { broken: true, collectorFailed: true });
});

const eval_ = (args: readonly string[]) => runGuard(['eval', ...args], { cwd: dir });

describe('guard eval --snapshot dir/', () => {
  it('evaluates every account of the manifest, tags findings with the account, and exits over all of them', async () => {
    const run = await eval_(['--snapshot', 'org', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as OrgJson;
    expect(doc.organization.id).toBe('o-a1b2c3d4e5');
    // Account-id order, whatever order the manifest lists them in.
    expect(doc.organization.accounts.map((a) => [a.id, a.name, a.status])).toEqual(ORG_ACCOUNTS.map((a) => [a.id, a.name, 'evaluated']));
    for (const account of ORG_ACCOUNTS) {
      const mine = doc.findings.filter((f) => f.account.id === account.id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((f) => f.account.name === account.name)).toBe(true);
      expect(doc.organization.accounts.find((a) => a.id === account.id)?.summary.fail).toBe(mine.filter((f) => f.status === 'fail').length);
    }
    expect(doc.summary.fail).toBe(doc.findings.filter((f) => f.status === 'fail').length);
    const none = await eval_(['--snapshot', 'org', '--fail-on', 'none']);
    expect(none.code).toBe(0);
  });

  it('fingerprints include the account; a single snapshot keeps its fingerprints', async () => {
    const org = JSON.parse((await eval_(['--snapshot', 'org', '--format', 'json'])).stdout) as OrgJson;
    const single = JSON.parse((await eval_(['--snapshot', 'org/111122223333.json', '--format', 'json'])).stdout) as Omit<OrgJson, 'organization'> & { organization?: unknown };
    expect(single.organization).toBeUndefined();
    for (const f of single.findings) {
      expect(f.account).toBeUndefined();
      expect(f.fingerprint).toBe(hash('sha256', JSON.stringify(['guard/v1', f.rule, f.resource.key]), 'hex'));
    }
    // The password policy's key is the same in every account; its findings are not.
    const byKey = org.findings.filter((f) => f.rule === 'pwd.min-length');
    expect(new Set(byKey.map((f) => f.resource.key)).size).toBe(1);
    expect(new Set(byKey.map((f) => f.fingerprint)).size).toBe(ORG_ACCOUNTS.length);
    for (const f of org.findings) expect(f.fingerprint).toBe(hash('sha256', JSON.stringify(['guard/v1', f.rule, f.resource.key, f.account.id]), 'hex'));
  });

  it('reports an unreadable account and one the collector failed, evaluates the rest, and exits 2', async () => {
    const json = await eval_(['--snapshot', 'broken-org', '--format', 'json', '--output', 'text=broken.txt', '--output', 'markdown=broken.md', '--output', 'sarif=broken.sarif', '--output', 'junit=broken.xml']);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('broken-org/555566667777.json: error: snapshot `broken-org/555566667777.json` is not valid JSON');
    expect(json.stderr).toContain('guard: account example-sandbox (555566667777) not evaluated');
    expect(json.stderr).toContain('guard: account example-workloads (444455556666) not evaluated: not collected: AccessDenied: cannot assume the role');
    expect(json.stderr).toContain('guard: 2 of 5 accounts could not be evaluated');
    expect(json.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const doc = JSON.parse(json.stdout) as OrgJson;
    expect(doc.organization.accounts.map((a) => [a.id, a.status])).toEqual([
      ['111122223333', 'evaluated'],
      ['222233334444', 'evaluated'],
      ['333344445555', 'evaluated'],
      ['444455556666', 'failed'],
      ['555566667777', 'failed'],
    ]);
    expect(doc.organization.accounts[4]?.error).toContain('is not valid JSON');
    expect(new Set(doc.findings.map((f) => f.account.id))).toEqual(new Set(ORG_ACCOUNTS.map((a) => a.id)));

    const text = await readFile(join(dir, 'broken.txt'), 'utf8');
    expect(text).toMatch(/^accounts$/m);
    expect(text).toMatch(/✗ example-payments-prod \(111122223333\) {2}\d+ failing, \d+ unknown, 0 waived, \d+ passed/);
    expect(text).toContain('✗ example-sandbox (555566667777)  not evaluated: snapshot');
    expect(text).toMatch(/^rules$/m);
    expect(text).toMatch(/pwd\.min-length \[medium\] {2}3 failing, 0 unknown, 0 waived in 3 accounts/);
    expect(text).toContain('organization o-a1b2c3d4e5, 5 accounts (2 not readable)');
    expect(text).toContain('[example-log-archive (222233334444)] ');
    const markdown = await readFile(join(dir, 'broken.md'), 'utf8');
    expect(markdown).toContain('## guard: organization o-a1b2c3d4e5');
    expect(markdown).toContain('### Accounts');
    expect(markdown).toContain('| example-workloads (444455556666) | **not evaluated**: not collected: AccessDenied: cannot assume the role |');
    expect(markdown).toContain('### Rules across accounts');
    expect(markdown).toContain('| Status | Account | Resource |');
    const sarif = JSON.parse(await readFile(join(dir, 'broken.sarif'), 'utf8')) as { runs: { invocations: { executionSuccessful: boolean }[]; results: unknown[] }[] };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(sarif.runs[0]?.results).toHaveLength(doc.findings.length);
    const junit = await readFile(join(dir, 'broken.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="accounts not evaluated" tests="2" failures="0" errors="2"');
  });

  it('counts a file the manifest lists but that is missing, one that fails the schema, and one of another account', async () => {
    const org = join(dir, 'odd-org');
    await writeOrgDir(org);
    const manifest = JSON.parse(await readFile(join(org, 'manifest.json'), 'utf8')) as { accounts: Record<string, unknown>[] };
    const entry = (id: string, file: string): Record<string, unknown> => ({ id, name: `n-${id}`, status: 'written', file, sectionsNotCollected: [], apiCalls: 1 });
    manifest.accounts.push(entry('666677778888', 'gone.json'), entry('777788889999', 'schema.json'), entry('888899990000', 'other.json'));
    await writeFile(join(org, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(join(org, 'schema.json'), '{ "format": "guard-snapshot/v1" }');
    await copyFile(join(org, '111122223333.json'), join(org, 'other.json'));
    const run = await eval_(['--snapshot', 'odd-org', '--format', 'json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as OrgJson;
    const failed = doc.organization.accounts.filter((a) => a.status === 'failed');
    expect(failed.map((a) => [a.id, a.error])).toEqual([
      ['666677778888', 'snapshot `odd-org/gone.json` listed in the manifest but missing'],
      ['777788889999', expect.stringContaining('odd-org/schema.json')],
      ['888899990000', '`odd-org/other.json` holds account 111122223333, not account 888899990000 as its name or the manifest says'],
    ]);
    expect(run.stderr).toContain('guard: 3 of 6 accounts could not be evaluated');
    expect(doc.organization.accounts.filter((a) => a.status === 'evaluated')).toHaveLength(3);
  });

  it('takes a directory without a manifest, or several files, in any order', async () => {
    const loose = join(dir, 'loose');
    await mkdir(loose, { recursive: true });
    for (const a of ORG_ACCOUNTS) await copyFile(join(dir, 'org', `${a.id}.json`), join(loose, `${a.id}.json`));
    const fromDir = JSON.parse((await eval_(['--snapshot', 'loose', '--format', 'json'])).stdout) as OrgJson;
    expect(fromDir.organization.accounts.map((a) => a.id)).toEqual(ORG_ACCOUNTS.map((a) => a.id));
    // The organization id comes from the snapshots' organization section when there is no manifest.
    expect(fromDir.organization.id).toBe('o-a1b2c3d4e5');
    const files = ORG_ACCOUNTS.map((a) => `loose/${a.id}.json`);
    const forward = await eval_([...files.flatMap((f) => ['--snapshot', f]), '--shard', '1/2', '--format', 'json']);
    const backward = await eval_([...[...files].reverse().flatMap((f) => ['--snapshot', f]), '--shard', '1/2', '--format', 'json']);
    expect(forward.stdout).toBe(backward.stdout);
    expect((JSON.parse(forward.stdout) as OrgJson).organization.accounts.map((a) => a.id)).toEqual(['111122223333', '333344445555']);
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const none = await eval_(['--snapshot', 'empty']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('guard: `empty` holds no snapshots (no manifest.json, no *.json or *.json.gz files)\n');
    const bad = await eval_(['--snapshot', 'org', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard: expected i/n');
  });
});

describe('--shard i/n and guard merge', () => {
  it('shards cover every account once and merge into the unsharded JSON byte for byte, whatever the exit', async () => {
    const whole = await eval_(['--snapshot', 'broken-org', '--format', 'json']);
    const shards: string[] = [];
    const seen: (string | null)[] = [];
    for (const i of [1, 2, 3]) {
      const file = `shard-${i}.json`;
      const run = await eval_(['--snapshot', 'broken-org', '--shard', `${i}/3`, '--output', `json=${file}`, '--format', 'json']);
      const doc = JSON.parse(run.stdout) as OrgJson;
      expect(doc.organization.shard).toBe(`${i}/3`);
      seen.push(...doc.organization.accounts.map((a) => a.id));
      shards.push(file);
    }
    expect(seen.sort()).toEqual(['111122223333', '222233334444', '333344445555', '444455556666', '555566667777']);
    const merged = await runGuard(['merge', ...[...shards].reverse(), '--format', 'json'], { cwd: dir });
    expect(merged.stdout).toBe(whole.stdout);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('2 of 5 accounts could not be evaluated');
    const text = await runGuard(['merge', ...shards, '--format', 'markdown'], { cwd: dir });
    expect(text.stdout).toContain('### Accounts');
    const partial = await runGuard(['merge', 'shard-1.json', '--format', 'json'], { cwd: dir });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('shards 2/3, 3/3 not given');
    const single = await eval_(['--snapshot', 'org/111122223333.json', '--format', 'json', '--output', 'json=single.json']);
    expect(single.code).toBe(1);
    const refused = await runGuard(['merge', 'single.json'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is the findings JSON of one snapshot');
  });

  it('exceptions can name an account, baselines compare per account, and both survive sharding', async () => {
    await writeFile(
      join(dir, 'exceptions.yaml'),
      [
        'exceptions:',
        '  - rule: user.console-mfa',
        '    resource: "*"',
        '    account: example-log-archive   # by name',
        '    owner: platform',
        '    reason: break-glass users',
        '    expires: 2027-06-01',
        '  - rule: pwd.min-length',
        '    resource: "*"',
        '    account: 333344445555          # by id',
        '    owner: platform',
        '    reason: legacy password policy',
        '    expires: 2027-06-01',
        '  - rule: key.rotation',
        '    resource: "*"',
        '    account: 999999999999',
        '    owner: platform',
        '    reason: an account not in the organization',
        '    expires: 2027-06-01',
        '',
      ].join('\n'),
    );
    // A baseline of one shard's accounts: the other accounts' findings are new, none is resolved.
    const baseline = await eval_(['--snapshot', 'org', '--shard', '1/2', '--format', 'json', '--output', 'json=baseline.json', '--fail-on', 'none']);
    expect(baseline.code).toBe(0);
    const gate = ['--exceptions', 'exceptions.yaml', '--baseline', 'baseline.json', '--format', 'json'];
    const whole = await eval_(['--snapshot', 'org', ...gate]);
    const doc = JSON.parse(whole.stdout) as OrgJson & { resolved: unknown[] };
    const waived = doc.findings.filter((f) => f.status === 'waived');
    expect(new Set(waived.map((f) => `${f.rule} ${f.account.id}`))).toEqual(new Set(['user.console-mfa 222233334444', 'pwd.min-length 333344445555']));
    expect(doc.exceptions?.applied.map((a) => a.account)).toEqual(['example-log-archive', '333344445555']);
    expect(doc.exceptions?.stale.map((s) => s.rule)).toEqual(['key.rotation']);
    expect(whole.stderr).toContain('exception for rule `key.rotation` on `*` matches no finding');
    const open222 = doc.findings.filter((f) => f.account.id === '222233334444' && f.status !== 'waived').length;
    expect(doc.summary.new).toBe(open222);
    expect(doc.resolved).toEqual([]);

    const shards = [];
    for (const i of [1, 2]) {
      await eval_(['--snapshot', 'org', '--shard', `${i}/2`, ...gate, '--output', `gated-${i}.json`]);
      shards.push(`gated-${i}.json`);
    }
    const merged = await runGuard(['merge', ...shards, '--format', 'json'], { cwd: dir });
    expect(merged.stdout).toBe(whole.stdout);
    expect(merged.code).toBe(whole.code);
    const onlyNew = await runGuard(['merge', ...shards, '--fail-on', 'new', '--format', 'text'], { cwd: dir });
    expect(onlyNew.code).toBe(1);
  });
});

describe('docs/organization-runs.md', () => {
  it('its commands work as shown (the collector aside)', async () => {
    const { fencedBlocks, guardCommands, shellWords } = await import('../support/doc-blocks.ts');
    const text = await readFile(new URL('../../docs/organization-runs.md', import.meta.url), 'utf8');
    const blocks = fencedBlocks(text);
    const commands = blocks
      .filter((b) => b.info === 'sh')
      .flatMap((b) => guardCommands(b).map(shellWords))
      .filter((args) => args[0] !== 'snapshot');
    expect(commands.length).toBeGreaterThanOrEqual(6);
    const cwd = join(dir, 'docs-run');
    await writeOrgDir(join(cwd, 'snapshots'));
    await mkdir(join(cwd, 'rules'), { recursive: true });
    await copyFile(new URL('../fixtures/rules/basic.guard', import.meta.url), join(cwd, 'rules/basic.guard'));
    const exceptions = blocks.find((b) => b.info === 'yaml')?.body ?? '';
    await writeFile(join(cwd, 'exceptions.yaml'), exceptions);
    const checked = await runGuard(['eval', '--snapshot', 'snapshots', '--exceptions', 'exceptions.yaml', '--format', 'json'], { cwd });
    expect(checked.stderr).toBe('');
    expect((JSON.parse(checked.stdout) as OrgJson).exceptions?.applied).toHaveLength(2);
    for (const args of commands) {
      const run = await runGuard(args, { cwd });
      expect(run.stderr, args.join(' ')).not.toMatch(/error:|internal error/);
      // The example account breaks most rules on purpose: 1 unless told `--fail-on none`; never 2.
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(args.includes('none') ? 0 : 1);
    }
  });
});

import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, runGuard } from '../support/run-guard.ts';
import { runMain } from '../support/run-main.ts';
import { writeOrgDir } from './org-fixtures.ts';

/** Issue 15: no silent passes by typo (empty scopes in every report, `--fail-on empty`), selecting rules, and `--output` by extension. */

const Ajv = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(new URL('../report/sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object);

const SMALL = join(REPO, 'test/fixtures/snapshots/small.json');
const RULES = `rule typo severity high:
  users where name = "nobdy" must have mfa
rule alice-mfa severity low:
  users where name = "alice" must have mfa
rule in-one-account severity medium:
  roles where arn matches "*:222233334444:*" must not trust "*"
`;

const OFF = `param regions = []
let tier = "dev"
rule gated severity high:
  accounts where regions != [] must have mfa enabled
rule prod-only severity low:
  users where tier = "prod" and name = "alice" must have mfa
rule typo "A user named nobdy has MFA" severity medium:
  users where name = "nobdy" must have mfa
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-empty-'));
  await writeFile(join(dir, 'rules.guard'), RULES);
  await writeFile(join(dir, 'off.guard'), OFF);
  await writeOrgDir(join(dir, 'org'));
});

const guard = (args: readonly string[]) => runMain(args, { cwd: dir });

describe('empty scopes', () => {
  it('are said in text, JSON (on the rule), SARIF (a note tied to the rule, valid), JUnit and Markdown', async () => {
    const text = await guard(['eval', 'rules.guard', '-s', SMALL]);
    // One line per reason, listing the rules, so rules empty by design (management-only ones in a member account) take one line.
    expect(text.stdout).toContain('EMPTY scope matched nothing: its `where` filter matched none of the collection — typo (rules.guard:1), in-one-account (rules.guard:5)\n');
    expect(text.stdout).not.toContain('alice-mfa (');
    const json = JSON.parse((await guard(['eval', 'rules.guard', '-s', SMALL, '-f', 'json'])).stdout) as { rules: { id: string; emptyScope?: string }[] };
    expect(json.rules.map((r) => [r.id, r.emptyScope])).toEqual([
      ['typo', 'filter'],
      ['alice-mfa', undefined],
      ['in-one-account', 'filter'],
    ]);
    const sarif = JSON.parse((await guard(['eval', 'rules.guard', '-s', SMALL, '-f', 'sarif'])).stdout) as {
      runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string }; associatedRule?: { id: string; index: number } }[] }[] }[];
    };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const notes = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.filter((n) => n.associatedRule).map((n) => [n.level, n.associatedRule, n.message.text])).toEqual([
      ['note', { id: 'typo', index: 0 }, 'rule typo: scope matched nothing: its `where` filter matched none of the collection'],
      ['note', { id: 'in-one-account', index: 2 }, 'rule in-one-account: scope matched nothing: its `where` filter matched none of the collection'],
    ]);
    const junit = (await guard(['eval', 'rules.guard', '-s', SMALL, '-f', 'junit'])).stdout;
    expect(junit).toContain('<system-out>scope matched nothing: its `where` filter matched none of the collection</system-out>');
    const markdown = (await guard(['eval', 'rules.guard', '-s', SMALL, '-f', 'markdown'])).stdout;
    expect(markdown).toContain('> - `typo`: scope matched nothing: its \\`where\\` filter matched none of the collection\n');
  });

  it('fail the run only with --fail-on empty, at or above its severity threshold', async () => {
    const rules = join(dir, 'typo.guard');
    await writeFile(rules, 'rule typo severity high:\n  users where name = "nobdy" must have mfa\n');
    expect((await guard(['eval', rules, '-s', SMALL])).code).toBe(0);
    expect((await guard(['eval', rules, '-s', SMALL, '--fail-on', 'empty'])).code).toBe(1);
    expect((await guard(['eval', rules, '-s', SMALL, '--fail-on', 'high,empty'])).code).toBe(1);
    expect((await guard(['eval', rules, '-s', SMALL, '--fail-on', 'critical,empty'])).code).toBe(0);
    expect((await guard(['eval', rules, '-s', SMALL, '--fail-on', 'none,empty'])).code).toBe(0);
    const bad = await guard(['eval', rules, '-s', SMALL, '--fail-on', 'empy']);
    expect(bad.stderr).toContain('`unknown` or `empty` but found `empy`');
    expect(bad.code).toBe(2);
  });

  it('organization runs keep them per account: every account, or some of them, in every format and through guard merge', async () => {
    const text = (await guard(['eval', 'rules.guard', '-s', 'org', '--fail-on', 'none'])).stdout;
    expect(text).toContain('EMPTY scope matched nothing in every account (3): its `where` filter matched none of the collection — typo (rules.guard:1)\n');
    expect(text).toContain('EMPTY scope matched nothing in 2 of 3 accounts: its `where` filter matched none of the collection — in-one-account (rules.guard:5)\n');
    const run = await guard(['eval', 'rules.guard', '-s', 'org', '-f', 'json', '--fail-on', 'none']);
    const doc = JSON.parse(run.stdout) as { organization: { accounts: { id: string; emptyScopes?: { rule: string }[] }[] } };
    expect(doc.organization.accounts.map((a) => [a.id, (a.emptyScopes ?? []).map((e) => e.rule)])).toEqual([
      ['111122223333', ['typo', 'in-one-account']],
      ['222233334444', ['typo']],
      ['333344445555', ['typo', 'in-one-account']],
    ]);
    expect((await guard(['eval', 'rules.guard', '-s', 'org', '-f', 'json', '--fail-on', 'critical,empty'])).code).toBe(0);
    expect((await guard(['eval', 'rules.guard', '-s', 'org', '-f', 'json', '--fail-on', 'medium,empty'])).code).toBe(1);
    for (const i of [1, 2]) await writeFile(join(dir, `shard-${i}.json`), (await guard(['eval', 'rules.guard', '-s', 'org', '--shard', `${i}/2`, '-f', 'json', '--fail-on', 'none'])).stdout);
    const merged = await guard(['merge', 'shard-1.json', 'shard-2.json', '--fail-on', 'none']);
    expect(merged.stdout).toContain('EMPTY scope matched nothing in 2 of 3 accounts: its `where` filter matched none of the collection — in-one-account (rules.guard:5)\n');
    expect((await guard(['merge', 'shard-1.json', 'shard-2.json', '--fail-on', 'empty'])).code).toBe(1);
  });
});

describe('rules their params switch off', () => {
  const off = (args: readonly string[]) => runGuard(['eval', 'off.guard', '-s', SMALL, ...args], { cwd: dir });

  it('read as switched off, not as empty scopes, in text, JSON, SARIF (a disabled rule), JUnit (skipped) and Markdown', async () => {
    const text = await off([]);
    expect(text.stdout).toContain(
      'EMPTY scope matched nothing: its `where` filter matched none of the collection — typo (off.guard:7)\n' +
        'OFF gated (switched off: param regions is empty), prod-only (switched off: let tier is "dev", not "prod")\n',
    );
    const json = JSON.parse((await off(['-f', 'json'])).stdout) as { rules: { id: string; off?: string; emptyScope?: string }[]; summary: { pass: number } };
    expect(json.rules.map((r) => [r.id, r.off, r.emptyScope])).toEqual([
      ['gated', 'param regions is empty', undefined],
      ['prod-only', 'let tier is "dev", not "prod"', undefined],
      ['typo', undefined, 'filter'],
    ]);
    // Off rules are not evaluated, so they add no passes: the 4 are `typo`'s, whose empty scope passes every user.
    expect(json.summary.pass).toBe(4);
    const sarif = JSON.parse((await off(['-f', 'sarif'])).stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; defaultConfiguration: { enabled?: boolean } }[] } };
        invocations: { toolExecutionNotifications: { associatedRule?: { id: string }; message: { text: string } }[] }[];
      }[];
    };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0]?.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.enabled])).toEqual([
      ['gated', false],
      ['prod-only', false],
      ['typo', undefined],
    ]);
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications.filter((n) => n.associatedRule).map((n) => n.message.text)).toEqual([
      'rule typo: scope matched nothing: its `where` filter matched none of the collection',
      'rule gated: switched off: param regions is empty',
      'rule prod-only: switched off: let tier is "dev", not "prod"',
    ]);
    const junit = (await off(['-f', 'junit'])).stdout;
    expect(junit).toContain('<testsuites name="guard" tests="3" failures="0" errors="0" skipped="2" time="0">');
    expect(junit).toContain('<skipped message="switched off: param regions is empty"/>');
    expect((await off(['-f', 'markdown'])).stdout).toContain('Switched off by their params (not evaluated): `gated` (param regions is empty), `prod-only` (let tier is "dev", not "prod").\n');
  });

  it('never trip --fail-on empty, and a --param that switches the rule on makes it an ordinary rule', async () => {
    expect((await off(['--rule', 'gated', '--rule', 'prod-only', '--fail-on', 'empty'])).code).toBe(0);
    expect((await off(['--fail-on', 'empty'])).code).toBe(1);
    const on = await off(['-f', 'json', '-p', 'regions=["eu-west-1"]']);
    expect((JSON.parse(on.stdout) as { rules: { id: string; off?: string }[] }).rules.filter((r) => r.off).map((r) => r.id)).toEqual(['prod-only']);
  });

  it('the built-in library: org.region-guardrail is off on the example account, and management-only rules share one EMPTY line', async () => {
    const run = await runGuard(['eval', '-s', 'examples/snapshots/example-account.json', '--fail-on', 'none']);
    expect(run.stdout.split('\n').filter((l) => /^(EMPTY|OFF) /.test(l))).toEqual([
      'EMPTY scope matched nothing: its `where` filter matched none of the collection — org.management-no-users (policies/organizations.guard:28), org.management-no-workload-roles (policies/organizations.guard:38)',
      'OFF org.region-guardrail (switched off: param allowed_regions is empty)',
    ]);
  });
});

describe('GitHub annotations', () => {
  it('give a rule whose scope matched nothing a notice on its line, a warning when --fail-on empty fails the run on it', async () => {
    const annotations = async (failOn: string) =>
      (await runGuard(['eval', 'off.guard', '-s', SMALL, '--fail-on', failOn], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } })).stdout.split('\n').filter((l) => l.startsWith('::'));
    const notice = 'file=off.guard,line=7,col=1,title=guard typo [medium]%3A scope matched nothing::A user named nobdy has MFA: scope matched nothing: its `where` filter matched none of the collection';
    expect(await annotations('any')).toEqual([`::notice ${notice}`]);
    expect(await annotations('high,empty')).toEqual([`::notice ${notice}`]);
    expect(await annotations('medium,empty')).toEqual([`::warning ${notice} (fails the run: --fail-on empty)`]);
  });
});

describe('--rule and --skip', () => {
  it('keep the rules named by id or glob, less the skipped ones, in single and organization runs', async () => {
    const ids = async (args: readonly string[]) => (JSON.parse((await guard(['eval', ...args, '-f', 'json', '--fail-on', 'none'])).stdout) as { rules: { id: string }[] }).rules.map((r) => r.id);
    expect(await ids(['-s', SMALL, '--rule', 'pwd.*', '--skip', 'pwd.min-length', '--skip', 'pwd.reuse*'])).toEqual(['pwd.policy-exists', 'pwd.complexity', 'pwd.max-age']);
    expect(await ids(['rules.guard', '-s', SMALL, '--rule', 'typo', '--rule', 'alice-mfa'])).toEqual(['typo', 'alice-mfa']);
    expect(await ids(['rules.guard', '-s', 'org', '--jobs', '2', '--skip', '*-*'])).toEqual(['typo']);
  });

  it('a pattern that names no rule is an error with the closest id', async () => {
    const run = await guard(['eval', 'rules.guard', '-s', SMALL, '--rule', 'alice-mfaa', '--skip', 'zzz']);
    expect(run.stderr).toBe(
      'guard: error: --rule `alice-mfaa` names no rule [usage/unknown-rule]\n  hint: did you mean `alice-mfa`?\n' +
        'guard: error: --skip `zzz` names no rule [usage/unknown-rule]\n  hint: the rules here are `typo`, `alice-mfa`, `in-one-account`\n',
    );
    expect(run.code).toBe(2);
  });
});

describe('--output FILE', () => {
  it('takes the format from the extension; FORMAT=FILE still adds a report', async () => {
    const run = await guard(['eval', 'rules.guard', '-s', SMALL, '-o', 'guard.sarif', '-o', 'report.md', '--output', 'json=findings.out']);
    expect(run.stdout).toBe('');
    expect(JSON.parse(await readFile(join(dir, 'guard.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toMatch(/^## guard: account 111122223333\n/);
    expect(JSON.parse(await readFile(join(dir, 'findings.out'), 'utf8'))).toMatchObject({ format: 'guard-findings/v1' });
    await guard(['eval', 'rules.guard', '-s', SMALL, '-o', 'junit.xml', '-o', 'out.json', '-o', 'out.txt']);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'))).toMatchObject({ format: 'guard-findings/v1' });
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toContain('— typo (rules.guard:1)');
  });

  it('an extension it cannot tell is an error naming the choices; with --format given it takes that format, and a contradiction is an error', async () => {
    const html = await guard(['eval', 'rules.guard', '-s', SMALL, '-o', 'report.html']);
    expect(html.stderr).toBe(
      'guard: --output `report.html`: cannot tell the format from the extension `.html`; name it as FORMAT=FILE (text, json, sarif, junit, markdown) or use .sarif (sarif), .json (json), .xml (junit), .md (markdown), .txt (text)\n',
    );
    expect(html.code).toBe(2);
    await guard(['eval', 'rules.guard', '-s', SMALL, '-f', 'json', '-o', 'plain']);
    expect(JSON.parse(await readFile(join(dir, 'plain'), 'utf8'))).toMatchObject({ format: 'guard-findings/v1' });
    const clash = await guard(['eval', 'rules.guard', '-s', SMALL, '-f', 'json', '-o', 'x.sarif']);
    expect(clash.stderr).toBe('guard: --output `x.sarif` is a sarif file by its extension but --format is json: write `--output json=x.sarif` to mean it\n');
    expect(clash.code).toBe(2);
  });
});

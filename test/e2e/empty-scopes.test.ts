import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/run-guard.ts';
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

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-empty-'));
  await writeFile(join(dir, 'rules.guard'), RULES);
  await writeOrgDir(join(dir, 'org'));
});

const guard = (args: readonly string[]) => runMain(args, { cwd: dir });

describe('empty scopes', () => {
  it('are said in text, JSON (on the rule), SARIF (a note tied to the rule, valid), JUnit and Markdown', async () => {
    const text = await guard(['eval', 'rules.guard', '-s', SMALL]);
    expect(text.stdout).toContain('EMPTY typo rules.guard:1  scope matched nothing: its `where` filter matched none of the collection\n');
    expect(text.stdout).not.toContain('EMPTY alice-mfa');
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
    expect(text).toContain('EMPTY typo rules.guard:1  scope matched nothing in every account (3): its `where` filter matched none of the collection\n');
    expect(text).toContain('EMPTY in-one-account rules.guard:5  scope matched nothing in 2 of 3 accounts: its `where` filter matched none of the collection\n');
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
    expect(merged.stdout).toContain('EMPTY in-one-account rules.guard:5  scope matched nothing in 2 of 3 accounts');
    expect((await guard(['merge', 'shard-1.json', 'shard-2.json', '--fail-on', 'empty'])).code).toBe(1);
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
        'guard: error: --skip `zzz` names no rule [usage/unknown-rule]\n  hint: give a rule id as `guard eval -f json` lists them under `rules`, or a glob such as `pwd.*`\n',
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
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toContain('EMPTY typo');
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

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';

/** Flags are read exactly: the model's instant parser for --now, the rule language's literals for --param. */

const SMALL = 'test/fixtures/snapshots/small.json';
const RULES = 'test/fixtures/rules/basic.guard';
const DIR = mkdtempSync(join(tmpdir(), 'guard-flags-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const PARAMS = join(DIR, 'params.guard');
writeFileSync(
  PARAMS,
  [
    'param names = []',
    'rule named: users where name in names denied',
    'param max_age = 90d',
    'rule old-keys: access keys where active and age > max_age denied',
    'param owner = "nobody"',
    'rule owned: users where name = owner denied',
    '',
  ].join('\n'),
);

const evalJson = async (args: readonly string[]) => {
  const run = await runMain(['eval', ...args, '--snapshot', SMALL, '--format', 'json', '--fail-on', 'none']);
  const findings = run.code === 0 ? (JSON.parse(run.stdout) as { findings: { rule: string; resource: { name: string } }[] }).findings : [];
  return { ...run, found: findings.map((f) => `${f.rule} ${f.resource.name}`) };
};

describe('--now', () => {
  it('rejects days that do not exist and hour 24, as the snapshot loader does', async () => {
    for (const now of ['2026-02-30', '2026-11-27T24:00:00Z', '2026-13-01', 'yesterday']) {
      const run = await runMain(['eval', RULES, '--snapshot', SMALL, '--now', now]);
      expect(run.code, now).toBe(2);
      expect(run.stderr, now).toContain(`found \`${now}\``);
      expect(run.stdout).toBe('');
    }
  });

  it('accepts the forms snapshots use: a date, an offset, a space', async () => {
    for (const now of ['2027-03-02', '2027-03-02T01:00:00+01:00', '2027-03-02 00:00:00Z']) {
      const run = await runMain(['eval', RULES, '--snapshot', SMALL, '--now', now, '--format', 'json', '--fail-on', 'none']);
      expect(run.code, now).toBe(0);
      expect(JSON.parse(run.stdout).now, now).toBe('2027-03-02T00:00:00.000Z');
    }
  });
});

describe('--param reads the rule language literal', () => {
  it('takes a list as a list, as `param names = [...]` does', async () => {
    const run = await evalJson([PARAMS, '--param', 'names=["alice", "old"]']);
    expect(run.stderr).toBe('');
    expect(run.found.filter((f) => f.startsWith('named '))).toEqual(['named alice', 'named old']);
  });

  it('takes a quoted string with the language escapes', async () => {
    const run = await evalJson([PARAMS, '--param', 'owner="alice"']);
    expect(run.found).toContain('owned alice');
  });

  it('refuses what a rule file refuses: hex, exponents, huge durations, bare words, comma lists', async () => {
    const cases: [string, string][] = [
      ['min_length=0x10', 'expected a number'],
      ['min_length=1e3', 'expected a number'],
      ['min_length=99999999999999999', 'too large'],
      ['max_age=99999999999999999d', 'too large'],
      ['max_age=30', 'add a unit: `30d`'],
      ['owner=alice', 'expected a string'],
      ['names=alice,old', 'expected a list of strings'],
      ['names=[1, 2]', 'expected a list of strings'],
      ['names="alice"', 'expected a list of strings'],
    ];
    for (const [param, message] of cases) {
      const run = await runMain(['eval', RULES, PARAMS, '--snapshot', SMALL, '--param', param]);
      expect(run.code, param).toBe(2);
      expect(run.stderr, param).toContain(message);
      expect(run.stdout, param).toBe('');
    }
  });

  it('a param given twice is a usage error naming both', async () => {
    const run = await runMain(['eval', RULES, '--snapshot', SMALL, '--param', 'min_length=8', '-p', 'min_length=9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('`min_length=8`');
    expect(run.stderr).toContain('`min_length=9`');
    const check = await runMain(['check', RULES, '-p', 'min_length=8', '-p', 'min_length=8']);
    expect(check.code).toBe(2);
  });
});

describe('numeric flags of guard test', () => {
  it('take whole decimal numbers only', async () => {
    for (const [flag, value] of [
      ['--runs', '1e3'],
      ['--runs', '0x10'],
      ['--runs', '0'],
      ['--seed', '1.5'],
      ['--seed', '-1'],
      ['--seed', ' 7'],
    ] as const) {
      const run = await runMain(['test', RULES, flag, value]);
      expect(run.code, `${flag} ${value}`).toBe(2);
      expect(run.stderr, `${flag} ${value}`).toContain('expected a whole number');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { checkTestFiles, type PropertyResult, type RunOptions, renderTestReport, runTests, type TestReport } from '../../src/guard-test/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { type CheckedProgram, checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile, parseTestFile } from '../../src/syntax/index.ts';

const WRONG = `rule stale-keys "Active access keys are rotated" severity high:
  access keys where active and age > 900d denied
`;
const RIGHT = WRONG.replace('900d', '90d');

function program(text: string): CheckedProgram {
  const parsed = parseRuleFile(text, 'rules.guard');
  expect(parsed.diagnostics).toEqual([]);
  const checked = checkRuleFiles([{ ast: parsed.file, text }], { schema: SCHEMA });
  if (!checked.ok) throw new Error(checked.errors.map((e) => e.message).join('\n'));
  return checked.value;
}

function run(rules: string, tests: string, options: Partial<RunOptions> = {}): { report: TestReport; text: string } {
  const p = program(rules);
  const parsed = parseTestFile(tests, 'rules.test.guard');
  expect(parsed.diagnostics).toEqual([]);
  const checked = checkTestFiles([{ ast: parsed.file, text: tests }], p);
  expect(checked.diagnostics).toEqual([]);
  const report = runTests(checked.suite, p, { seed: 42, runs: 60, autoChecks: false, coverage: false, ...options, ruleSources: new Map([['rules.guard', rules]]) });
  return { report, text: renderTestReport(report, { color: false, verbose: true }) };
}

const EXAMPLE = `example "a key older than 90 days fails" at 2026-11-27:
  access key "alice/1" with age = 120d
  access key "alice/2" with age = 10d
  expect stale-keys fails on access key "alice/1"
  expect stale-keys passes on access key "alice/2"
`;

const PROPERTY = 'for all accounts where any access keys where active and age > 90d, expect stale-keys fails on access keys where active and age > 90d\n';

function property(report: TestReport): PropertyResult {
  const result = report.files[0]?.results.find((r) => r.kind === 'property');
  if (result?.kind !== 'property') throw new Error('no property result');
  return result;
}

describe('a deliberately wrong rule', () => {
  it('is caught by an example test, which says what happened', () => {
    const { report, text } = run(WRONG, EXAMPLE);
    expect(report.ok).toBe(false);
    const result = report.files[0]?.results[0];
    expect(result?.kind === 'example' && result.failures.map((f) => [f.expectation.text, f.detail])).toEqual([['expect stale-keys fails on access key "alice/1"', 'stale-keys passes on access key alice/1']]);
    expect(text).toContain('✗ example "a key older than 90 days fails" rules.test.guard:1:1');
    expect(run(RIGHT, EXAMPLE).report.ok).toBe(true);
  });

  it('is caught by a property test with a shrunk, minimal counterexample that pastes as a failing example', () => {
    const { report, text } = run(WRONG, PROPERTY);
    const result = property(report);
    expect(result.ok).toBe(false);
    const ce = result.counterexample;
    expect(ce?.reproduces).toBe(true);
    // Minimal: one key, one day over the threshold, nothing else.
    expect(ce?.text).toMatch(/^example "counterexample" at 2026-01-01:\n {2}access key "(\w+)\/1" with age = 91d\n {2}expect stale-keys fails on access key "\1\/1"\n$/);
    expect(text).toContain('rerun with `guard test --seed 42`');
    // Pasted into a test file, the counterexample is an example that fails the same way.
    const pasted = run(WRONG, ce?.text ?? '');
    expect(pasted.report.ok).toBe(false);
    expect(run(RIGHT, ce?.text ?? '').report.ok).toBe(true);
    expect(run(RIGHT, PROPERTY).report.ok).toBe(true);
  });

  it('a property over every account counts how many runs had something to check', () => {
    const result = property(run(RIGHT, PROPERTY).report);
    expect(result.runs).toBe(60);
    expect(result.meaningful).toBeGreaterThan(0);
    expect(result.meaningful).toBeLessThanOrEqual(60);
  });
});

describe('seeds', () => {
  it('the same seed gives the same run, counterexample included', () => {
    const a = run(WRONG, PROPERTY, { seed: 7 }).text;
    const b = run(WRONG, PROPERTY, { seed: 7 }).text;
    expect(a).toBe(b);
    expect(a).toContain('seed 7');
  });

  it('a property may fix its own seed and number of runs', () => {
    const tests = `property "pinned" runs 25 seed 99:\n  ${PROPERTY}`;
    const result = property(run(RIGHT, tests, { seed: 1 }).report);
    expect(result.seed).toBe(99);
    expect(result.runs).toBe(25);
  });
});

describe('automatic checks', () => {
  const RULES = `${RIGHT}
users unused > 9000d denied

rule everyone severity low:
  users denied
`;

  it('report a rule that never fires and one that always fires, each with an example account', () => {
    const { report, text } = run(RULES, '', { autoChecks: true });
    const byId = new Map(report.checks.map((c) => [c.rule.id, c]));
    expect(byId.get('stale-keys')?.ok).toBe(true);
    const vacuous = byId.get('users-unused-gt-9000d-denied');
    expect(vacuous).toMatchObject({ ok: false, fails: null });
    expect(vacuous?.illustration?.text).toMatch(/expect users-unused-gt-9000d-denied passes on user "\w+"/);
    const always = byId.get('everyone');
    expect(always).toMatchObject({ ok: false, passes: null });
    expect(always?.illustration?.text).toMatch(/^example "counterexample" at 2026-01-01:\n {2}user "\w+"\n {2}expect everyone fails on user "\w+"\n$/);
    expect(text).toContain('users-unused-gt-9000d-denied never fails');
    expect(text).toContain('everyone always fails');
    expect(report.ok).toBe(false);
  });

  it('report a must rule whose where filter no example or generated account matches, and not once an example matches it', () => {
    const rules = 'rule typo severity high:\n  users where name = "nobdy" must have mfa\n';
    const { report, text } = run(rules, '', { autoChecks: true });
    expect(report.checks[0]).toMatchObject({ ok: false, scopeNeverMatches: true, illustration: null });
    expect(text).toContain("typo's scope never matches: its `where` filter matched no entity of any example or generated account, so the rule checks nothing");
    expect(text).toContain('check the filter for a typo in a name or value');
    const tests = 'example "nobdy":\n  user "nobdy" with mfa\n  user "x"\n  expect typo passes on user "nobdy"\n';
    expect(run(rules, tests, { autoChecks: true }).report.checks[0]).toMatchObject({ scopeNeverMatches: false });
  });

  it('an example where the rule fails counts as a witness', () => {
    const rules = 'rule rare severity low:\n  users where path = "/very/rare/" denied\n';
    expect(run(rules, '', { autoChecks: true }).report.checks[0]).toMatchObject({ ok: false, fails: null });
    const tests = 'example "rare path":\n  user "x" with path = "/very/rare/"\n  user "y"\n  expect rare fails on user "x"\n';
    expect(run(rules, tests, { autoChecks: true }).report.checks[0]).toMatchObject({ ok: true, fails: 'example' });
  });
});

describe('outcomes', () => {
  it('unknown, waived and whole-rule expectations', () => {
    const rules = `root must have mfa
rule console-mfa severity high:
  users with console access must have mfa
  except user "break-glass" until 2099-01-01 because "sealed"
`;
    const tests = `example "outcomes":
  user "carol" with console access
  user "break-glass" with console access
  missing account summary
  expect console-mfa fails on user "carol"
  expect console-mfa waived on user "break-glass"
  expect console-mfa fails
  expect root-must-have-mfa fails

example "unknown without the report and the summary":
  user "dave"
  missing credential report
  missing account summary
  expect root-must-have-mfa unknown
  expect console-mfa unknown on user "dave"
  expect console-mfa unknown on users
`;
    const { report, text } = run(rules, tests);
    expect(text).not.toContain('✗');
    expect(report.ok).toBe(true);
  });

  it('an example naming an entity the account lacks fails and lists the ones it has', () => {
    const { report } = run(RIGHT, 'example "typo":\n  access key "alice/1"\n  expect stale-keys passes on access key "alcie/1"\n');
    const result = report.files[0]?.results[0];
    expect(result?.kind === 'example' && result.failures[0]?.detail).toBe('there is no access key `alcie/1` (there are: alice/1)');
  });

  it('a property whose scope is always empty is reported, not passed', () => {
    const { report } = run(RIGHT, 'for all accounts, expect stale-keys fails on access keys where active and age > 90000d\n', { runs: 20 });
    const result = property(report);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/no generated account had any access keys where active and age > 90000d \(collected\) to check/);
  });

  it('a condition no generated account meets is reported, not passed', () => {
    const { report } = run(RIGHT, 'for all accounts where root mfa and not root mfa, expect stale-keys passes\n', { runs: 20 });
    const result = property(report);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/too rare/);
  });
});

describe('targets of a rule over several kinds (identities)', () => {
  const ADMIN = `rule admin severity high:
  identities must have no attached policies where aws managed and name = "AdministratorAccess"
`;

  function diagnostics(rules: string, tests: string): string[] {
    const parsed = parseTestFile(tests, 'rules.test.guard');
    expect(parsed.diagnostics).toEqual([]);
    return checkTestFiles([{ ast: parsed.file, text: tests }], program(rules)).diagnostics.map((d) => `${d.code}: ${d.message}`);
  }

  it('a user, a group or a role, and scopes of each, name its findings', () => {
    const tests = `example "admins" at 2026-11-27:
  user "alice" with attached policies = "AdministratorAccess"
  user "bob"
  group "devs"
  role "ops" with attached policies = "AdministratorAccess"
  expect admin fails on user "alice"
  expect admin passes on user "bob"
  expect admin passes on group "devs"
  expect admin fails on role "ops"
  expect admin fails on roles
  expect admin passes on users where not console access and name = "bob"
  expect admin fails on identities where have attached policies
`;
    const { report, text } = run(ADMIN, tests);
    expect(text).not.toContain('✗');
    expect(report.ok).toBe(true);
    expect(run(ADMIN, tests.replace('fails on user "alice"', 'passes on user "alice"')).report.ok).toBe(false);
  });

  it('a kind that is not one of its members is still an error, and members do not widen other rules', () => {
    expect(diagnostics(ADMIN, 'example "e":\n  expect admin fails on policy "p"\n')).toEqual(['check/type-mismatch: rule `admin` is about identities: a policy is never one of its findings']);
    expect(diagnostics(WRONG, 'example "e":\n  expect stale-keys fails on user "alice"\n')).toEqual(['check/type-mismatch: rule `stale-keys` is about access keys: a user is never one of its findings']);
    expect(diagnostics(ADMIN, 'example "e":\n  expect admin fails on policies\n')).toEqual(['check/type-mismatch: rule `admin` is about identities, not policies']);
  });
});

describe('coverage', () => {
  it('lists rules without examples and rule lines no test exercised', () => {
    const rules = `${RIGHT}
rule console-mfa severity high:
  users with console access must have mfa
  except user "break-glass" until 2099-01-01 because "sealed"

root must have mfa
`;
    const tests = `example "keys":
  access key "alice/1" with age = 120d
  access key "alice/2" with age = 10d
  expect stale-keys fails on access key "alice/1"

example "console":
  user "carol" with console access and mfa
  expect console-mfa passes
`;
    const { report, text } = run(rules, tests, { coverage: true });
    const coverage = report.coverage;
    expect(coverage?.withoutExamples.map((r) => r.id)).toEqual(['root-must-have-mfa']);
    const lines = coverage?.lines.map((l) => [l.location.line, l.missing]) ?? [];
    // No inactive key; console users always had MFA; the exception never waived anything; root never had MFA.
    expect(lines).toEqual([
      [2, '`active` was never false'],
      [5, '`have mfa` was never false'],
      [6, 'this exception never waived a finding in any test'],
      [8, '`have mfa` was never true'],
    ]);
    expect(text).toContain('rules without an example test (1): root-must-have-mfa');
  });
});

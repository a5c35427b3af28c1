import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTestFiles, runTests } from '../../src/guard-test/index.ts';
import { type CheckedProgram, checkSources, parseTestSources } from '../../src/semantics/index.ts';

// Test files use the named conditions of the rule files under test, checked as rule files check them.

const LIBRARY = { path: 'policies/definitions.guard', text: readFileSync(new URL('../../policies/definitions.guard', import.meta.url), 'utf8') };

const RULES = {
  path: 'rules.guard',
  text: `param max_age = 90d

define secure login for users:
  not console access or mfa

define older than (limit duration) for access keys:
  age > limit

define overdue for access keys:
  age > max_age

rule console-mfa severity high:
  users must have secure login

rule stale severity low:
  access keys where overdue denied

rule gh severity high:
  roles must have no trust statements where trusting github actions and not pinning the github subject
`,
};

function program(params: Record<string, string> = {}): CheckedProgram {
  const checked = checkSources([LIBRARY, RULES], { params });
  if (checked.program === null) throw new Error(checked.diagnostics.map((d) => d.message).join('\n'));
  return checked.program;
}

function check(tests: string, p: CheckedProgram = program()) {
  const parsed = parseTestSources([{ path: 'rules.test.guard', text: tests }]);
  expect(parsed.diagnostics).toEqual([]);
  return { checked: checkTestFiles(parsed.tests, p), tests: parsed.tests };
}

const messages = (tests: string): string[] => check(tests).checked.diagnostics.map((d) => `${d.code}: ${d.message}${d.hint === undefined ? '' : ` (${d.hint})`}`);

describe('named conditions in test files', () => {
  it('a rule file definition and a library definition work in property conditions and in scopes', () => {
    const tests = `for all accounts where any users where not secure login, expect console-mfa fails
for all accounts, expect console-mfa passes on users where secure login
for all accounts where any access keys where older than 90d, expect console-mfa passes on users where not console access
for all accounts, expect gh passes on roles where have no trust statements where trusting github actions
for all accounts where have no roles where any trust statements where trusting github actions, expect gh passes
`;
    const { checked } = check(tests);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.suite.files[0]?.tests).toHaveLength(5);
    const report = runTests(checked.suite, program(), { seed: 7, runs: 40, autoChecks: false, coverage: false });
    expect(report.files[0]?.results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
  });

  it('a property written with a definition means what it says: the inverted expectation fails', () => {
    const { checked } = check('for all accounts where any users where not secure login, expect console-mfa passes\n');
    const report = runTests(checked.suite, program(), { seed: 7, runs: 40, autoChecks: false, coverage: false });
    expect(report.ok).toBe(false);
  });

  it('an unknown name is reported with the nearest definition', () => {
    expect(messages('for all accounts where any users where secure logn, expect console-mfa fails\n')).toEqual(['check/unknown-attribute: user has no attribute `secure logn` (did you mean `secure login`?)']);
    expect(messages('for all accounts, expect console-mfa passes on users where older thn 9d\n')).toEqual(['check/unknown-condition: no named condition `older thn` (did you mean `older than`?)']);
    expect(messages('for all accounts, expect console-mfa passes on users where secure logins "x"\n')).toEqual(['check/unknown-condition: no named condition `secure logins` (did you mean `secure login`?)']);
  });

  it('arguments are counted and typed, and a use on another entity type is refused', () => {
    expect(messages('for all accounts where any access keys where older than, expect console-mfa fails\n')).toEqual([
      'check/bad-arguments: `older than` takes 1 argument (limit duration), not 0 (write the values after the name: `older than 90d`)',
    ]);
    expect(messages('for all accounts where any access keys where older than "90", expect console-mfa fails\n')).toEqual([
      'check/type-mismatch: `older than` takes a duration for `limit`, not a string (for example `90d`)',
    ]);
    expect(messages('for all accounts where any users where older than 9d, expect console-mfa fails\n')).toEqual([
      'check/not-applicable: `older than` is defined for access keys, and used here on users (use it on access keys, for example inside `any <list> where older than`)',
    ]);
  });

  it("a definition sees its own file's params, with the run's --param values", () => {
    const tests = `example "a key of 60 days" at 2026-11-27:
  access key "alice/1" with age = 60d
  expect stale fails on access key "alice/1"
  expect stale fails on access keys where overdue
`;
    const run = (params: Record<string, string>): boolean => {
      const p = program(params);
      const { checked } = check(tests, p);
      expect(checked.diagnostics).toEqual([]);
      return runTests(checked.suite, p, { seed: 7, runs: 10, autoChecks: false, coverage: false }).ok;
    };
    expect(run({ max_age: '30d' })).toBe(true);
    expect(run({})).toBe(false);
  });

  it('a --param of a file without definitions is no concern of the test files', () => {
    const other = { path: 'other.guard', text: 'param team = "x"\nusers where name = team denied\n' };
    const checked = checkSources([LIBRARY, RULES, other], { params: { team: '"y"' } });
    if (checked.program === null) throw new Error(checked.diagnostics.map((d) => d.message).join('\n'));
    expect(check('for all accounts where any users where secure login, expect console-mfa passes on users where secure login\n', checked.program).checked.diagnostics).toEqual([]);
  });
});

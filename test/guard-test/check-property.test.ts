import { describe, expect, it } from 'vitest';
import { checkProperty, checkRules, compileRuleText, runProperty, snapshotArb } from '../../src/testing/index.ts';

const RULES = `rule stale-keys severity high:
  access keys where active and age > 90d denied
`;

describe('checkProperty (guard/testing)', () => {
  it('passes quietly when the property holds, and says how it ran', () => {
    const result = checkProperty(RULES, 'for all accounts where any access keys where active and age > 90d, expect stale-keys fails', { seed: 3, runs: 50 });
    expect(result.ok).toBe(true);
    expect(result.seed).toBe(3);
    expect(result.text).toContain('1 test: 1 passed, 0 failed; seed 3');
  });

  it('throws with the shrunk counterexample as an example test and the seed', () => {
    const wrong = RULES.replace('90d', '900d');
    expect(() => checkProperty(wrong, 'for all accounts where any access keys where active and age > 90d, expect stale-keys fails', { seed: 3, runs: 50 })).toThrow(
      /property failed \(seed 3\)[\s\S]*example "counterexample" at 2026-01-01:\n {10}access key "\w+\/1" with age = 91d/,
    );
  });

  it("runs on any arbitrary of raw snapshot documents, such as the library's", () => {
    const result = runProperty(RULES, 'for all accounts where all access keys where not active, expect stale-keys passes', { seed: 8, runs: 30, accounts: snapshotArb });
    expect(result.ok).toBe(true);
  });

  it('accepts several rule files, a checked program, and whole test files', () => {
    const program = checkRules([
      { path: 'a.guard', text: RULES },
      { path: 'b.guard', text: 'root must have mfa\n' },
    ]);
    const tests = `example "root without MFA":
  root with not mfa
  expect root-must-have-mfa fails

for all accounts where root mfa, expect root-must-have-mfa passes
`;
    expect(checkProperty(program, tests, { seed: 1, runs: 30 }).ok).toBe(true);
    expect(checkProperty(compileRuleText('root must have mfa\n'), tests, { seed: 1, runs: 30 }).ok).toBe(true);
  });

  it('throws on rules or properties that do not compile, with the diagnostics', () => {
    expect(() => checkRules('access keys where actve denied\n')).toThrow(/rules.guard:1:19: access key has no attribute `actve` \[check\/unknown-attribute\] \(did you mean `active`\?\)/);
    expect(() => runProperty(RULES, 'for all accounts, expect stale-key passes')).toThrow(/no rule `stale-key`.*did you mean `stale-keys`/);
    expect(() => runProperty(RULES, 'for all accounts expect stale-keys passes')).toThrow(/does not parse/);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES, loadRules } from '../../src/cli/load-rules.ts';
import { checkTestFiles, renderTestReport, runTests } from '../../src/guard-test/index.ts';
import { parseTestFile, type TestOutcome } from '../../src/syntax/index.ts';

/**
 * org.region-guardrail is off by default (policies/organizations.guard), and a test file's examples
 * set no params: its examples with allowed_regions set run here, as `guard test --param` runs them.
 */

const FIXTURE = fileURLToPath(new URL('fixtures/region-guardrail.test.guard', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function run(params: Record<string, string>) {
  const loaded = await loadRules([BUILTIN_POLICIES], { cwd: ROOT, params });
  if (loaded.program === null) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const text = readFileSync(FIXTURE, 'utf8');
  const parsed = parseTestFile(text, 'region-guardrail.test.guard');
  expect(parsed.diagnostics).toEqual([]);
  const checked = checkTestFiles([{ ast: parsed.file, text }], loaded.program);
  expect(checked.diagnostics).toEqual([]);
  return { suite: checked.suite, report: runTests(checked.suite, loaded.program, { seed: 1, runs: 5, autoChecks: false, coverage: false }) };
}

describe('org.region-guardrail with allowed_regions set', () => {
  it('passes its examples, which show it failing, passing and unknown', async () => {
    const { suite, report } = await run({ allowed_regions: '["us-east-1", "eu-west-1"]' });
    expect(report.ok, renderTestReport(report, { color: false, verbose: false })).toBe(true);
    const outcomes = new Set<TestOutcome>();
    for (const file of suite.files) for (const test of file.tests) if (test.kind === 'example') for (const e of test.expectations) if (e.rule.id === 'org.region-guardrail') outcomes.add(e.outcome);
    expect([...outcomes].sort()).toEqual(['fail', 'pass', 'unknown']);
  });

  it('with the param left empty, the same examples no longer fail: the rule is off', async () => {
    const { report } = await run({});
    // Exactly the examples expecting a failure or an unknown fail now: every account passes.
    const failed = report.files.flatMap((f) => f.results.filter((r) => !r.ok).map((r) => r.test.name));
    expect(failed).toEqual([
      'a member without a region Deny fails',
      'a Deny that admits a region outside the list fails',
      'a Deny of named regions lets the others through',
      'a Deny that exempts ec2 fails; a break-glass exemption counts',
      "without the organization's policies, the region guardrail is unknown",
    ]);
  });
});

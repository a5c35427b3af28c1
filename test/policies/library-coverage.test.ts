import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES, loadRules } from '../../src/cli/load-rules.ts';
import { offReason } from '../../src/engine/index.ts';
import { type CheckedSuite, checkTestFiles, renderTestReport, runTests, type TestReport, type TestSource } from '../../src/guard-test/index.ts';
import type { CheckedProgram } from '../../src/semantics/index.ts';
import { parseTestFile, type TestOutcome } from '../../src/syntax/index.ts';

/**
 * The built-in library's own test files (policies/*.test.guard), run as `guard test policies
 * --coverage` runs them: every test passes, every rule has an example test, and every rule line is
 * fully exercised, so that a new rule, or a new condition in a rule, cannot land untested.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// A fixed seed keeps the run reproducible; fewer runs than the CLI's 100 keep it fast, and the
// coverage comes from the examples alone (properties only add to it).
const SEED = 20261127;
const RUNS = 30;

let program: CheckedProgram;
let suite: CheckedSuite;
let report: TestReport;

beforeAll(async () => {
  const loaded = await loadRules([BUILTIN_POLICIES], { cwd: ROOT });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (loaded.program === null) throw new Error('the built-in library does not load');
  program = loaded.program;
  const files = readdirSync(BUILTIN_POLICIES)
    .filter((name) => name.endsWith('.test.guard'))
    .sort();
  const sources: TestSource[] = files.map((name) => {
    const text = readFileSync(join(BUILTIN_POLICIES, name), 'utf8');
    const parsed = parseTestFile(text, relative(ROOT, join(BUILTIN_POLICIES, name)));
    expect(parsed.diagnostics).toEqual([]);
    return { ast: parsed.file, text };
  });
  const checked = checkTestFiles(sources, program);
  expect(checked.diagnostics).toEqual([]);
  suite = checked.suite;
  report = runTests(suite, program, { seed: SEED, runs: RUNS, autoChecks: true, autoRuns: RUNS, coverage: true, ruleSources: loaded.sources });
});

describe('the built-in library tests (policies/*.test.guard)', () => {
  it('all pass, and every rule can fail and can pass', () => {
    // The rendered report names the failing test, the expectation and the counterexample.
    expect(report.ok, renderTestReport(report, { color: false, verbose: false })).toBe(true);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(0);
  });

  it('have an example test for every rule', () => {
    const coverage = report.coverage;
    if (coverage === null) throw new Error('coverage was not computed');
    expect(coverage.withoutExamples.map((r) => r.id)).toEqual([]);
    expect(coverage.untested.map((r) => r.id)).toEqual([]);
  });

  it('leave no rule line not fully exercised', () => {
    const coverage = report.coverage;
    if (coverage === null) throw new Error('coverage was not computed');
    expect(coverage.lines.map((l) => `${l.location.file}:${l.location.line} ${l.rule}: ${l.missing}`)).toEqual([]);
  });

  it('show every rule failing, passing and unknown in examples', () => {
    expect(program.rules.flatMap((r) => (offReason(r) === null ? [] : [[r.id, offReason(r)]]))).toEqual([['org.region-guardrail', 'param allowed_regions is empty']]);
    // The library's contract (issue 4): examples where each rule fails, passes, and is unknown
    // because a section was not collected.
    // A rule its default params switch off (org.region-guardrail) shows them in region-guardrail.test.ts, with the param set.
    const seen = new Map<string, Set<TestOutcome>>(program.rules.filter((r) => offReason(r) === null).map((r) => [r.id, new Set<TestOutcome>()]));
    for (const file of suite.files) {
      for (const test of file.tests) {
        if (test.kind !== 'example') continue;
        for (const e of test.expectations) seen.get(e.rule.id)?.add(e.outcome);
      }
    }
    const lacking = [...seen].flatMap(([id, outcomes]) => (['fail', 'pass', 'unknown'] as const).filter((o) => !outcomes.has(o)).map((o) => `${id}: no example where it is ${o}`));
    expect(lacking).toEqual([]);
  });
});

import fc from 'fast-check';
import { compileProgram, type EvaluationResult, evaluate, TRUE } from '../engine/index.ts';
import type { Model } from '../model/index.ts';
import type { CheckedProgram, CheckedRule } from '../semantics/index.ts';
import { accountView } from './account-view.ts';
import { automaticChecks } from './automatic-checks.ts';
import type { CheckedExample, CheckedProperty, CheckedSuite } from './check-tests.ts';
import { expectationFor, isExampleDocument, makeCounterexample } from './counterexample.ts';
import { coverageReport } from './coverage-report.ts';
import { defaultAccounts, exampleAccounts, modelOf } from './generated-accounts.ts';
import { judge } from './judge.ts';
import { newObserver } from './observer.ts';
import type { ExampleResult, ExpectationFailure, FileResult, PropertyResult, RunOptions, TestReport, TestResult } from './test-report.ts';

type Prepared = ReturnType<typeof compileProgram>;

/**
 * Runs a checked suite: example tests on their accounts, property tests with fast-check on
 * generated accounts (shrinking a failure to a small account printed as an example test), the
 * automatic checks (every rule can fail and can pass), and, when asked, coverage.
 */
export function runTests(suite: CheckedSuite, program: CheckedProgram, options: RunOptions): TestReport {
  const prepared = compileProgram(program);
  const byRule = new Map(prepared.map((p) => [p.info.id, p]));
  const only = (rule: CheckedRule): Prepared => {
    const p = byRule.get(rule.id);
    return p === undefined ? [] : [p];
  };
  const accounts = options.accounts ?? defaultAccounts();
  const observer = newObserver(program, options.coverage);
  const evaluateObserved = (rules: Prepared, model: Model): EvaluationResult => {
    const result = evaluate(rules, model, { onVerdict: observer.onVerdict });
    observer.noteResult(result);
    return result;
  };

  const files: FileResult[] = [];
  for (const file of suite.files) {
    const results: TestResult[] = [];
    for (const test of file.tests) {
      if (test.kind === 'example') {
        observer.source = 'example';
        results.push(runExample(test, prepared, evaluateObserved));
      } else {
        observer.source = 'property';
        results.push(runProperty(test, only(test.expectation.rule), accounts, options, evaluateObserved));
      }
    }
    files.push({ path: file.path, results });
  }

  observer.source = 'generated';
  const checks = options.autoChecks ? automaticChecks(program, prepared, accounts, options, observer) : [];
  const coverage = options.coverage ? coverageReport(suite, program, observer, options.ruleSources ?? new Map()) : null;
  const all = files.flatMap((f) => f.results);
  const failed = all.filter((r) => !r.ok).length + checks.filter((c) => !c.ok).length;
  return { files, checks, coverage, seed: options.seed, passed: all.filter((r) => r.ok).length, failed, ok: failed === 0 };
}

function runExample(test: CheckedExample, prepared: Prepared, evaluateObserved: (rules: Prepared, model: Model) => EvaluationResult): ExampleResult {
  const result = evaluateObserved(prepared, test.model);
  const failures: ExpectationFailure[] = [];
  for (const e of test.expectations) {
    const verdict = judge(e, test.model, result, false);
    if (!verdict.ok) failures.push({ expectation: e, detail: verdict.detail });
  }
  return { kind: 'example', test, ok: failures.length === 0, failures };
}

/** Whether a property holds on one model; null when the model does not meet the condition. */
function holds(test: CheckedProperty, model: Model, rules: Prepared, evaluateWith: (rules: Prepared, model: Model) => EvaluationResult): ReturnType<typeof judge> | null {
  if (test.where !== null && test.where(accountView(model)) !== TRUE) return null;
  // A scope over a collection the account did not collect has nothing known to check.
  const target = test.expectation.target;
  if (target?.kind === 'scope' && model.collections[target.scope.collection]?.known !== true) return null;
  return judge(test.expectation, model, evaluateWith(rules, model), true);
}

function runProperty(test: CheckedProperty, rules: Prepared, accounts: fc.Arbitrary<unknown>, options: RunOptions, evaluateObserved: (rules: Prepared, model: Model) => EvaluationResult): PropertyResult {
  const seed = test.seed ?? options.seed;
  const numRuns = test.runs ?? options.runs;
  let meaningful = 0;
  let failing = false;
  const details = fc.check(
    fc.property(accounts, (document) => {
      const verdict = holds(test, modelOf(document), rules, failing ? (r, m) => evaluate(r, m) : evaluateObserved);
      fc.pre(verdict !== null);
      if (verdict === null) return true;
      if (!failing && verdict.checked > 0) meaningful++;
      if (!verdict.ok) failing = true;
      return verdict.ok;
    }),
    // A rare condition skips many accounts; fast-check gives up after runs × maxSkipsPerRun.
    { numRuns, seed, maxSkipsPerRun: 20 },
  );
  const base = { kind: 'property' as const, test, seed, skipped: details.numSkips, meaningful };
  if (!details.failed) {
    // A property no account gave anything to check proves nothing: say so rather than pass.
    if (meaningful > 0) return { ...base, ok: true, runs: details.numRuns, counterexample: null, problem: null };
    const target = test.expectation.target;
    const what = target === null ? 'an account to judge' : target.kind === 'scope' ? `any ${target.text} (collected) to check` : `the resource ${target.text}`;
    return { ...base, ok: false, runs: details.numRuns, counterexample: null, problem: `in ${details.numRuns} runs no generated account had ${what}: the property proves nothing; loosen its scope, or write examples` };
  }
  const found = details.counterexample?.[0];
  if (found === undefined) {
    const problem = details.errorInstance instanceof Error && !/skip|pre-?condition/i.test(details.errorInstance.message) ? details.errorInstance.message : null;
    return {
      ...base,
      ok: false,
      runs: details.numRuns,
      counterexample: null,
      problem: problem ?? `only ${details.numRuns} of ${details.numRuns + details.numSkips} generated accounts met \`${test.whereText ?? ''}\`: the condition is too rare for the generator; loosen it or write examples`,
    };
  }
  const model = modelOf(found);
  const verdict = holds(test, model, rules, (r, m) => evaluate(r, m));
  if (details.errorInstance instanceof Error && verdict?.ok !== false) {
    return { ...base, ok: false, runs: details.numRuns, counterexample: null, problem: `the property failed with an error: ${details.errorInstance.message}` };
  }
  const stillFails = (m: Model): boolean => {
    const again = holds(test, m, rules, (r, x) => evaluate(r, x));
    return again !== null && !again.ok;
  };
  let counterexample = makeCounterexample(model, found, details.numShrinks, verdict?.detail ?? '', expectationFor(test.expectation, verdict?.entity ?? null), stillFails);
  if (options.accounts === undefined && !isExampleDocument(found)) {
    // The raw arbitrary found it; its accounts carry what the property does not need (fixed
    // providers, every AWS form) or what examples cannot write: look for one that prints exactly.
    const exact = fc.check(
      fc.property(exampleAccounts(), (document) => {
        const v = holds(test, modelOf(document), rules, (r, m) => evaluate(r, m));
        return v === null || v.ok;
      }),
      { numRuns: numRuns * 2, seed },
    );
    const other = exact.counterexample?.[0];
    if (exact.failed && other !== undefined) {
      const otherModel = modelOf(other);
      const v = holds(test, otherModel, rules, (r, m) => evaluate(r, m));
      counterexample = makeCounterexample(otherModel, other, exact.numShrinks, v?.detail ?? '', expectationFor(test.expectation, v?.entity ?? null), stillFails);
    }
  }
  return { ...base, ok: false, runs: details.numRuns, counterexample, problem: null };
}

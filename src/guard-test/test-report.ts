/** What a `guard test` run reports: per test file, per rule's automatic check, and coverage. */
import type fc from 'fast-check';
import type { CheckedRule } from '../semantics/index.ts';
import type { CheckedExample, CheckedExpectation, CheckedProperty, Location } from './check-tests.ts';

export interface RunOptions {
  /** The run's seed: properties without their own seed and the automatic checks use it. */
  readonly seed: number;
  /** Runs per property without its own `runs`. */
  readonly runs: number;
  /** Whether to run the automatic checks on every rule. */
  readonly autoChecks: boolean;
  /** Generated accounts per automatic check (default: twice `runs`). */
  readonly autoRuns?: number;
  readonly coverage: boolean;
  /** Generated accounts as raw snapshot documents (default: defaultAccounts()). */
  readonly accounts?: fc.Arbitrary<unknown>;
  /** Rule-file texts by path, for coverage lines. */
  readonly ruleSources?: ReadonlyMap<string, string>;
}

export interface Counterexample {
  /** An example test (test-file syntax) that reproduces the failure, ready to paste. */
  readonly text: string;
  /** Whether that example, built again, still shows the failure (false: it lost something examples cannot say). */
  readonly reproduces: boolean;
  /** What went wrong on it. */
  readonly detail: string;
  readonly shrinks: number;
  /** The generated snapshot document itself. */
  readonly document: unknown;
}

export interface ExpectationFailure {
  readonly expectation: CheckedExpectation;
  readonly detail: string;
}

export interface ExampleResult {
  readonly kind: 'example';
  readonly test: CheckedExample;
  readonly ok: boolean;
  readonly failures: readonly ExpectationFailure[];
}

export interface PropertyResult {
  readonly kind: 'property';
  readonly test: CheckedProperty;
  readonly ok: boolean;
  readonly runs: number;
  readonly skipped: number;
  /** Runs whose account met the condition and had something to check. */
  readonly meaningful: number;
  readonly seed: number;
  readonly counterexample: Counterexample | null;
  /** A failure without a counterexample: the condition was too rare, or the property threw. */
  readonly problem: string | null;
}

export type TestResult = ExampleResult | PropertyResult;

export interface FileResult {
  readonly path: string;
  readonly results: readonly TestResult[];
}

export interface RuleCheck {
  readonly rule: CheckedRule;
  /** Where the rule was seen to fail (resp. pass) on some entity; null when never. */
  readonly fails: 'example' | 'property' | 'generated' | null;
  readonly passes: 'example' | 'property' | 'generated' | null;
  /**
   * A `must` rule with a `where` filter that no entity of any example or generated account
   * matched: the rule checks nothing (for a `denied` rule that is "never fails", said as such).
   */
  readonly scopeNeverMatches: boolean;
  readonly ok: boolean;
  /** An account showing the problem: where it passes (never fails) or fails (always fails). */
  readonly illustration: Counterexample | null;
}

export interface CoverageLine {
  readonly location: Location;
  readonly text: string;
  readonly rule: string;
  readonly missing: string;
}

export interface CoverageReport {
  /** Rules no example test names. */
  readonly withoutExamples: readonly CheckedRule[];
  /** Rules no test (example or property) names. */
  readonly untested: readonly CheckedRule[];
  /** Rule lines whose conditions no test made both true and false, exceptions never applied, rules never evaluated. */
  readonly lines: readonly CoverageLine[];
}

export interface TestReport {
  readonly files: readonly FileResult[];
  readonly checks: readonly RuleCheck[];
  readonly coverage: CoverageReport | null;
  readonly seed: number;
  readonly passed: number;
  readonly failed: number;
  readonly ok: boolean;
}

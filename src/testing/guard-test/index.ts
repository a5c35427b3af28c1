/**
 * `guard test`: example and property tests of rule files, written in test files (`*.test.guard`,
 * docs/guard-test.md). The pipeline: parseTestFile (syntax) → checkTestFiles → runTests →
 * renderTestReport; the CLI command is src/cli/commands/test.ts.
 */
export { checkTestFiles, type CheckedSuite, type CheckedTestFile, type CheckedExample, type CheckedProperty, type CheckedExpectation, type TestSource, type Location } from './check-tests.ts';
export { runTests, type RunOptions, type TestReport, type FileResult, type TestResult, type ExampleResult, type PropertyResult, type RuleCheck, type Counterexample, type CoverageReport, type CoverageLine } from './run-tests.ts';
export { renderTestReport, type RenderOptions } from './render-report.ts';
export { exampleAccounts, modelOf } from './generated-accounts.ts';
export { exampleAccountArb, type ExampleAccountOptions } from './example-arbitrary.ts';
export { buildSnapshot, type BuiltSnapshot, type BuildProblem } from './build-snapshot.ts';
export { describeModel, exampleOfModel } from './describe-model.ts';
export { resolveExample, type ResolvedExample } from './resolve-example.ts';
export { accountView, ACCOUNT_VIEW_SCHEMA } from './account-view.ts';
export { EXAMPLE_TYPES, type ExampleType, type SettableSpec, type SettingType } from './settable.ts';
export type { ExampleAccount, DeclaredEntity, SettingValue } from './example-account.ts';
export { DEFAULT_NOW, DEFAULT_ACCOUNT_ID } from './example-account.ts';

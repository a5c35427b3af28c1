/**
 * `guard test`: example and property tests of rule files, written in test files (`*.test.guard`,
 * docs/guard-test.md). The pipeline: parseTestFile (syntax) → checkTestFiles → runTests →
 * renderTestReport; the CLI command is src/cli/commands/test.ts.
 */

export {
  accountSpecArb,
  dateSpecArb,
  documentSpecArb,
  policyDocumentInputArb,
  policyDocumentSpecArb,
  reportDateArb,
  reportRowArb,
  rootReportRowArb,
  type SnapshotArbOptions,
  snapshotArb,
  snapshotArbWith,
  statementArb,
  trustDocumentSpecArb,
  trustStatementArb,
} from './account-arbitraries.ts';
export {
  type AccountSpec,
  type CertificateSpec,
  type DateSpec,
  type DocumentForm,
  type DocumentSpec,
  GENERATED_ACCOUNT,
  GENERATED_CAPTURED_AT,
  GENERATED_FOREIGN_ACCOUNTS,
  GENERATED_ORGANIZATION_ACCOUNTS,
  type GroupSpec,
  type HardwareMfaSpec,
  IAM_SECTIONS,
  type InlinePolicySpec,
  type KeySpec,
  type ManagedPolicySpec,
  type MfaDeviceSpec,
  type OidcProviderSpec,
  type OrganizationAccountSpec,
  type OrganizationPolicySpec,
  type OrganizationSpec,
  type PasswordPolicySpec,
  type ReportDateSpec,
  type ReportRowSpec,
  type RoleSpec,
  type RootSpec,
  type SamlProviderSpec,
  type SectionState,
  type StatementSpec,
  type TagSpec,
  type UserSpec,
} from './account-spec.ts';
export { ACCOUNT_VIEW_SCHEMA, accountView } from './account-view.ts';
export { type BuildProblem, type BuiltSnapshot, buildSnapshot } from './build-snapshot.ts';
export { type CheckedExample, type CheckedExpectation, type CheckedProperty, type CheckedSuite, type CheckedTestFile, checkTestFiles, type Location, suiteFor, type TestSource } from './check-tests.ts';
export { describeModel, exampleOfModel } from './describe-model.ts';
export type { DeclaredEntity, ExampleAccount, SettingValue } from './example-account.ts';
export { DEFAULT_ACCOUNT_ID, DEFAULT_NOW } from './example-account.ts';
export { type ExampleAccountOptions, exampleAccountArb } from './example-arbitrary.ts';
export { exampleAccounts, modelOf } from './generated-accounts.ts';
export { type RenderOptions, renderTestReport } from './render-report.ts';
export { type ResolvedExample, resolveExample } from './resolve-example.ts';
export { runTests } from './run-tests.ts';
export { EXAMPLE_TYPES, type ExampleType, type SettableSpec, type SettingType } from './settable.ts';
export type {
  Counterexample,
  CoverageLine,
  CoverageReport,
  ExampleResult,
  FileResult,
  PropertyResult,
  RuleCheck,
  RunOptions,
  TestReport,
  TestResult,
} from './test-report.ts';
/** The account spec, its one writer to raw snapshot documents, and its fast-check arbitraries: for `for all accounts` and guard/testing. */
export { documentInput, encodeDocument, snapshotOf } from './write-snapshot-document.ts';

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
/** The account spec, its one writer to raw snapshot documents, and its fast-check arbitraries: for `for all accounts` and guard/testing. */
export { snapshotOf, documentInput, encodeDocument } from './write-snapshot-document.ts';
export {
  snapshotArb,
  snapshotArbWith,
  accountSpecArb,
  documentSpecArb,
  policyDocumentSpecArb,
  trustDocumentSpecArb,
  policyDocumentInputArb,
  statementArb,
  trustStatementArb,
  reportRowArb,
  rootReportRowArb,
  dateSpecArb,
  reportDateArb,
  type SnapshotArbOptions,
} from './account-arbitraries.ts';
export {
  GENERATED_ACCOUNT,
  GENERATED_CAPTURED_AT,
  GENERATED_ORGANIZATION_ACCOUNTS,
  GENERATED_FOREIGN_ACCOUNTS,
  IAM_SECTIONS,
  type AccountSpec,
  type DocumentSpec,
  type DocumentForm,
  type StatementSpec,
  type UserSpec,
  type RoleSpec,
  type GroupSpec,
  type ManagedPolicySpec,
  type ReportRowSpec,
  type KeySpec,
  type DateSpec,
  type ReportDateSpec,
  type SectionState,
  type OrganizationSpec,
  type OrganizationAccountSpec,
  type OrganizationPolicySpec,
  type SamlProviderSpec,
  type OidcProviderSpec,
  type RootSpec,
  type PasswordPolicySpec,
  type MfaDeviceSpec,
  type HardwareMfaSpec,
  type InlinePolicySpec,
  type CertificateSpec,
  type TagSpec,
} from './account-spec.ts';

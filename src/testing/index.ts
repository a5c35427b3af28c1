/**
 * aws-identity-guard/testing: what rule authors need to property-test their own rules with fast-check
 * (docs/testing.md): snapshot arbitraries, compiling rule text, evaluating snapshots.
 */
export {
  snapshotArb,
  snapshotArbWith,
  accountSpecArb,
  snapshotOf,
  documentInput,
  encodeDocument,
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
  GENERATED_ACCOUNT,
  GENERATED_CAPTURED_AT,
  GENERATED_ORGANIZATION_ACCOUNTS,
  GENERATED_FOREIGN_ACCOUNTS,
  IAM_SECTIONS,
  type AccountSpec,
  type SnapshotArbOptions,
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
} from '../guard-test/index.ts';
export { modelArb, conditionArb, policyDocumentArb, type ModelArbitraryOptions } from './model-arbitraries.ts';
export { compileRuleText, compileRuleText as compileRules, evaluateSnapshot, verdictsByRule, type CompiledRules } from './rules-under-test.ts';
export { compileProgram, evaluate, type EvaluationResult, type Finding } from '../engine/index.ts';
export { checkProperty, runProperty, checkRules, type PropertyOptions, type PropertyCheck, type RuleSource, type RulesUnderTest } from './check-property.ts';

/**
 * aws-identity-guard/testing: what rule authors need to property-test their own rules with fast-check
 * (docs/testing.md): snapshot arbitraries, compiling rule text, evaluating snapshots.
 */

export { compileProgram, type EvaluationResult, evaluate, type Finding } from '../engine/index.ts';
export {
  type AccountSpec,
  accountSpecArb,
  type DateSpec,
  type DocumentForm,
  type DocumentSpec,
  dateSpecArb,
  documentInput,
  documentSpecArb,
  encodeDocument,
  GENERATED_ACCOUNT,
  GENERATED_CAPTURED_AT,
  GENERATED_FOREIGN_ACCOUNTS,
  GENERATED_ORGANIZATION_ACCOUNTS,
  type GroupSpec,
  IAM_SECTIONS,
  type KeySpec,
  type ManagedPolicySpec,
  policyDocumentInputArb,
  policyDocumentSpecArb,
  type ReportDateSpec,
  type ReportRowSpec,
  type RoleSpec,
  reportDateArb,
  reportRowArb,
  rootReportRowArb,
  type SectionState,
  type SnapshotArbOptions,
  type StatementSpec,
  snapshotArb,
  snapshotArbWith,
  snapshotOf,
  statementArb,
  trustDocumentSpecArb,
  trustStatementArb,
  type UserSpec,
} from '../guard-test/index.ts';
export { checkProperty, checkRules, type PropertyCheck, type PropertyOptions, type RuleSource, type RulesUnderTest, runProperty } from './check-property.ts';
export { conditionArb, type ModelArbitraryOptions, modelArb, policyDocumentArb } from './model-arbitraries.ts';
export { type CompiledRules, compileRuleText, compileRuleText as compileRules, evaluateSnapshot, verdictsByRule } from './rules-under-test.ts';

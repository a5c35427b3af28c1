/**
 * guard/testing: what rule authors need to property-test their own rules with fast-check
 * (docs/testing.md): snapshot arbitraries, compiling rule text, evaluating snapshots.
 */
export { snapshotArb, GENERATED_ACCOUNT } from './snapshot-arbitraries.ts';
export { modelArb, conditionArb, policyDocumentArb, type ModelArbitraryOptions } from './model-arbitraries.ts';
export { compileRuleText, compileRuleText as compileRules, evaluateSnapshot, verdictsByRule, type CompiledRules } from './rules-under-test.ts';
export { compileProgram, evaluate, type EvaluationResult, type Finding } from '../engine/index.ts';
export { checkProperty, runProperty, checkRules, type PropertyOptions, type PropertyCheck, type RuleSource, type RulesUnderTest } from './check-property.ts';

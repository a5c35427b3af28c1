export { type CheckOptions, checkRuleFiles, type SourceFile } from './check.ts';
export type * from './checked-ast.ts';
export {
  attributesRead,
  bodyReads,
  type ConditionRead,
  forEachRead,
  GUARDRAIL_READS,
  type GuardrailCondition,
  PERMISSION_READS,
  type PermissionCondition,
  type PolicyCondition,
  type RelationCondition,
} from './condition-walk.ts';
export type { CheckedSources, FrontEndOptions, ParsedTestSource, ParsedTestSources, SourceText } from './front-end.ts';
export { checkSources, parseTestSources } from './front-end.ts';
export { accepts, COMPARISON_OPS, comparesByDay, holds, type LeftKind, mismatchHint, OPERATORS, type OperandKind, type OperatorSpec, type PositiveOp, type ScalarKind } from './operators.ts';
export { parseDay } from './parse-day.ts';
export { canonicalName, describeType, type Schema, spacedName } from './resolve-names.ts';
export * from './severity.ts';
export { closest } from './suggest.ts';

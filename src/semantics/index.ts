export * from './severity.ts';
export type * from './checked-ast.ts';
export { checkRuleFiles, type SourceFile, type CheckOptions } from './check.ts';
export { canonicalName, spacedName, describeType, type Schema } from './resolve-names.ts';
export { parseDay } from './parse-day.ts';
export { closest } from './suggest.ts';
export { OPERATORS, COMPARISON_OPS, accepts, comparesByDay, holds, mismatchHint, type OperatorSpec, type OperandKind, type LeftKind, type PositiveOp, type ScalarKind } from './operators.ts';
export { forEachRead, bodyReads, attributesRead, type ConditionRead, type RelationCondition, type PolicyCondition } from './condition-walk.ts';

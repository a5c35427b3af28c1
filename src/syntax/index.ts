/**
 * The syntax stage: rule-file text → AST (with spans), and AST → canonical text.
 * Other stages import only from here.
 */
export * from './ast.ts';
export { parseRuleFile, containsError, MAX_NESTING } from './parse.ts';
export { MAX_DIAGNOSTICS_PER_FILE } from '../diagnostics/index.ts';
export type { ParseResult } from './parse.ts';
export { printRuleFile, printRule, printStatement, printRuleBody, printCondition, printScope, printLiteral } from './print.ts';
export { stripSpans } from './ast-equality.ts';
export { RESERVED_WORDS } from './tokens.ts';
export { durationMs, isCalendarDate, quoteString } from './literal-values.ts';
export { parseLiteral } from './parse-literal.ts';
export { derivedRuleId } from './derived-rule-id.ts';
export type * from './test-file-ast.ts';
export { parseTestFile, type TestParseResult } from './parse-test-file.ts';
export { printTestFile, printTestStatement, printExampleTest, printExampleLine, printPropertyTest, printExpectation } from './print-test-file.ts';
export { TEST_RESERVED_WORDS } from './tokens.ts';

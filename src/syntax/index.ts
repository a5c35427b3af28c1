/**
 * The syntax stage: rule-file text → AST (with spans), and AST → canonical text.
 * Other stages import only from here.
 */

export { MAX_DIAGNOSTICS_PER_FILE } from '../diagnostics/index.ts';
export * from './ast.ts';
export { stripSpans } from './ast-equality.ts';
export { derivedRuleId } from './derived-rule-id.ts';
export { durationMs, isCalendarDate, quoteString } from './literal-values.ts';
export type { ParseResult } from './parse.ts';
export { containsError, MAX_NESTING, parseRuleFile } from './parse.ts';
export { parseLiteral } from './parse-literal.ts';
export { parseTestFile, type TestParseResult } from './parse-test-file.ts';
export { printCondition, printLiteral, printRule, printRuleBody, printScope, printStatement } from './print.ts';
export { printRuleFile } from './print-rule-file.ts';
export { printExampleLine, printExampleTest, printExpectation, printPropertyTest, printTestFile, printTestStatement } from './print-test-file.ts';
export type * from './test-file-ast.ts';
export { KEYWORDS, type KeywordRole, type KeywordSpec, RESERVED_WORDS, TEST_RESERVED_WORDS } from './tokens.ts';

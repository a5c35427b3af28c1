export * from './severity.ts';
export type * from './checked-ast.ts';
export { checkRuleFiles, type SourceFile, type CheckOptions } from './check.ts';
export { canonicalName, spacedName, describeType, type Schema } from './resolve-names.ts';
export { parseDay } from './parse-day.ts';
export { closest } from './suggest.ts';
export { checkSources, parseTestSources } from './front-end.ts';
export type { SourceText, FrontEndOptions, CheckedSources, ParsedTestSource, ParsedTestSources } from './front-end.ts';

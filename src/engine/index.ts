export * from './finding.ts';
export * from './tri.ts';
export { compileCondition, compileRule, type CompiledRule, type Predicate } from './compile.ts';
export { compileProgram, evaluate, evidenceValue, formatDuration, ruleInfo, type EvaluateOptions } from './evaluate.ts';
export { programReads } from './reads.ts';
export * from './fingerprint.ts';
export * from './baseline.ts';
export * from './exceptions-file.ts';

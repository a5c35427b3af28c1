export * from './baseline.ts';
export { type CompiledRule, compileCondition, compileRule, type Predicate } from './compile.ts';
export { compileProgram, type EvaluateOptions, evaluate, evidenceValue, formatDuration, ruleInfo } from './evaluate.ts';
export * from './exceptions-file.ts';
export * from './finding.ts';
export * from './fingerprint.ts';
export { type PermissionEnv, type PermissionProvider, permissionEnv } from './permissions.ts';
export { programReads } from './reads.ts';
export * from './tri.ts';

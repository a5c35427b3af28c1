// Placeholder until wt-core lands the evaluator: take wt-core's version of this file at merge.
export type * from './types.ts';

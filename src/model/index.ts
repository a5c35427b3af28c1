export * from './entities.ts';
export * from './schema-types.ts';
export type * from './policy-document/types.ts';

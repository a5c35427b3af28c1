/**
 * The model's second entry: what the rule language needs of it (the schema, values, instants, glob
 * matching). The model's index also exports the snapshot reader and the normalizer, which bring the
 * generated validator and ajv; checking rules needs neither, so the checker imports this file
 * (docs/architecture.md, "What loads when"; test/architecture.test.ts lists it as an entry).
 */
export * from './entities.ts';
export * from './entity-attributes.ts';
export { DAY_MS, formatInstant, latestInstant, parseInstant } from './instant.ts';
export { type LanguageSchema, SCHEMA } from './language-schema.ts';
// `can "A"` names actions: the checker refuses one the catalog does not know. The catalog reads a
// service's data file only when one of its actions is asked about.
export { actionCatalog } from './permissions/catalog.ts';
// What a permissions predicate reads, owned by the permissions code (the checker's rule reads include it).
export { type AttributeLists, GUARDRAIL_READS, PERMISSION_READS } from './permissions/reads.ts';
export type { ActionCatalog } from './permissions/types.ts';
export { isKnownAction } from './permissions/unknown-actions.ts';
export { globMatches } from './policy-document/match.ts';
export { COLLECTIONS, collectionSpec, ENTITY_TYPES } from './schema.ts';
export * from './schema-types.ts';

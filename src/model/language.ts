/**
 * The model's second entry: what the rule language needs of it (the schema, values, instants, glob
 * matching). The model's index also exports the snapshot reader and the normalizer, which bring the
 * generated validator and ajv; checking rules needs neither, so the checker imports this file
 * (docs/architecture.md, "What loads when"; test/architecture.test.ts lists it as an entry).
 */
export * from './entities.ts';
export * from './schema-types.ts';
export * from './entity-attributes.ts';
export { COLLECTIONS, ENTITY_TYPES, collectionSpec } from './schema.ts';
export { SCHEMA, type LanguageSchema } from './language-schema.ts';
export { DAY_MS, parseInstant, formatInstant, latestInstant } from './instant.ts';
export { globMatches } from './policy-document/match.ts';

import type { EntityType } from './entities.ts';
import { COLLECTIONS, ENTITY_TYPES } from './schema.ts';
import type { CollectionSpec, EntityTypeSpec } from './schema-types.ts';

/**
 * What rule names resolve against: the collections and the entity types with their attributes.
 * One object, so every caller checks against the same schema (and the checker's lookups, cached
 * per schema object, are built once).
 */
export interface LanguageSchema {
  readonly collections: readonly CollectionSpec[];
  readonly entityTypes: Readonly<Record<EntityType, EntityTypeSpec>>;
}

export const SCHEMA: LanguageSchema = { collections: COLLECTIONS, entityTypes: ENTITY_TYPES };

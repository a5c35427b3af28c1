import type { Entity, Unknown } from './entities.ts';
import type { PolicyDocument } from './policy-document/types.ts';
import type { ATTRIBUTES_BY_TYPE } from './schema.ts';
import type { AttributeType } from './schema-types.ts';

/** Each entity type's attribute record, derived from the schema table (schema.ts), so normalizers and readers are checked by the compiler. */
/** Entity types that entities have; `identity` only names what users, groups and roles share. */
export type ConcreteEntityType = keyof typeof ATTRIBUTES_BY_TYPE;

type SpecsOf<T extends ConcreteEntityType> = (typeof ATTRIBUTES_BY_TYPE)[T][number];

/** The canonical attribute names of an entity type, from the schema table. */
export type AttributeName<T extends ConcreteEntityType> = SpecsOf<T>['name'];

/** The run-time value of an attribute type (entities.ts `Value`), known and present. */
export type RuntimeValue<K extends AttributeType> = K extends { readonly kind: 'boolean' }
  ? boolean
  : K extends { readonly kind: 'number' | 'date' | 'duration' }
    ? number
    : K extends { readonly kind: 'string' }
      ? string
      : K extends { readonly kind: 'strings' }
        ? readonly string[]
        : K extends { readonly kind: 'link' }
          ? Entity
          : K extends { readonly kind: 'links' }
            ? readonly Entity[]
            : readonly PolicyDocument[];

/**
 * The attribute record of an entity type, derived from the schema: exactly its attributes, each
 * its value type, null (absent) or unknown. Normalizers build entities as this type, so a missing,
 * misnamed or mistyped attribute is a compile error.
 */
export type EntityAttributes<T extends ConcreteEntityType> = {
  -readonly [S in SpecsOf<T> as S['name']]: RuntimeValue<S['type']> | null | Unknown;
};

/**
 * The attributes a program reads, by entity type (engine `programReads`). Normalization given one
 * computes only those (and what they are made of); the others hold UNKNOWN, which nothing reads.
 */
export type AttributeReads = ReadonlyMap<ConcreteEntityType, ReadonlySet<string>>;

/**
 * An entity's attributes as its type's record , for code that reads particular
 * attributes by name: a misspelt or mistyped read is then a compile error. Null for another type.
 */
export function attributesOf<T extends ConcreteEntityType>(entity: Entity, type: T): Readonly<EntityAttributes<T>> | null {
  // INVARIANT: normalization builds every entity of a type with that type's record (newEntity).
  return entity.type === type ? (entity.attrs as unknown as Readonly<EntityAttributes<T>>) : null;
}

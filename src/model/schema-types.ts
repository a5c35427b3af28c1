import type { EntityType } from './entities.ts';

/**
 * The shape of the schema: the collections and attributes the language sees. The table itself is
 * schema.ts, the single source of truth read by the checker, `guard schema`, the docs and the
 * fast-check arbitraries.
 */
export type AttributeType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number' }
  | { readonly kind: 'string' }
  /** Epoch milliseconds at run time; written as `2027-01-01` in rules. */
  | { readonly kind: 'date' }
  /** Milliseconds at run time; written as `90d` in rules. */
  | { readonly kind: 'duration' }
  | { readonly kind: 'strings' }
  | { readonly kind: 'link'; readonly target: EntityType }
  | { readonly kind: 'links'; readonly target: EntityType }
  | { readonly kind: 'policy-documents' };

/**
 * How IAM ignores case in an attribute's strings: `names` whole (actions, condition keys);
 * `condition texts`, the `Operator key=value` strings of a statement's conditions, in the operator
 * and the key, and in the value only under an operator that ignores case (`StringEqualsIgnoreCase`).
 */
export type CaseFolding = 'names' | 'condition texts';

export interface AttributeSpec {
  /** Canonical name, snake_case: `console_access`. Written in rules as `console access` or `console_access`. */
  readonly name: string;
  readonly type: AttributeType;
  /** One line, shown by `guard schema` and in docs/language.md. Says how derived values are derived. */
  readonly doc: string;
  /** Other accepted names, canonical snake_case too (`has_mfa` for `mfa`, say). */
  readonly aliases?: readonly string[];
  /** The snapshot sections (key paths) the value comes from; when one is missing the value is unknown. */
  readonly sections: readonly string[];
  /**
   * Its strings are what IAM compares ignoring case: `=`, `in`, `contains` and the list operators
   * compare them so (`matches` always ignores case). See `CaseFolding`.
   */
  readonly caseInsensitive?: CaseFolding;
}

/**
 * A list of links filtered by a text attribute of the linked entities: `allow statements` are the
 * `statements` whose `effect` is `Allow`. Not an attribute of its own (normalization stores none):
 * the checker reads it as the relation with that filter, wherever a list is counted or quantified.
 */
export interface RelationView {
  /** Canonical name, snake_case: `allow_statements`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** The list of links it filters (an attribute of the same entity type). */
  readonly relation: string;
  /** A string attribute of the linked entities, and the value it must equal. */
  readonly attribute: string;
  readonly value: string;
  readonly doc: string;
}

export interface EntityTypeSpec {
  readonly type: EntityType;
  readonly doc: string;
  readonly attributes: readonly AttributeSpec[];
  /** Filtered lists of links read aloud (`allow statements`), see RelationView. */
  readonly views?: readonly RelationView[];
  /** Attribute (of type policy-documents) that `allow "A" on "R"` reads, when the type has permissions. */
  readonly permissions?: string;
  /** Attribute (of type policy-documents, one document) that `trust "P"` reads, when the type has a trust policy. */
  readonly trustPolicy?: string;
  /** A principal (user, group, role): `can`, `admin` and `can escalate` ask about its effective permissions. */
  readonly principal?: boolean;
}

export interface CollectionSpec {
  /** Canonical name, snake_case plural: `access_keys`; `root`, `password_policy` for singletons. */
  readonly name: string;
  readonly entityType: EntityType;
  readonly doc: string;
  /** Exactly one entity, whose `exists` attribute says whether the resource is there. */
  readonly singleton: boolean;
  readonly aliases?: readonly string[];
  /**
   * For a collection of several entity types (`identities`: users, groups and roles): the types of
   * its entities. `entityType` is then an abstract type whose attributes they all have, with the
   * same types, so a rule over the collection reads only what every member has.
   */
  readonly memberTypes?: readonly EntityType[];
}

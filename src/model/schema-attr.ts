import type { EntityType } from './entities.ts';
import type { AttributeSpec, AttributeType, CaseFolding } from './schema-types.ts';

/**
 * The building blocks of the schema tables (schema.ts, schema-identity-center.ts). Every constant
 * and list keeps its literal type (`as const`, const type parameters), so that the attribute record
 * of each entity type is derived from the tables (EntityAttributes, entity-attributes.ts) and a
 * normalizer that forgets or misnames an attribute does not compile.
 */
export const ATTR_TYPES = {
  BOOLEAN: { kind: 'boolean' },
  NUMBER: { kind: 'number' },
  STRING: { kind: 'string' },
  DATE: { kind: 'date' },
  DURATION: { kind: 'duration' },
  STRINGS: { kind: 'strings' },
  DOCUMENTS: { kind: 'policy-documents' },
} as const satisfies Readonly<Record<string, AttributeType>>;

export const link = <const T extends EntityType>(target: T): { readonly kind: 'link'; readonly target: T } => ({ kind: 'link', target });
export const links = <const T extends EntityType>(target: T): { readonly kind: 'links'; readonly target: T } => ({ kind: 'links', target });

/** An attribute's spec, its name and type kept literal. */
export type Spec<N extends string, T extends AttributeType> = AttributeSpec & { readonly name: N; readonly type: T };

export function attr<const N extends string, const T extends AttributeType>(name: N, type: T, sections: readonly string[], doc: string, aliases?: readonly string[]): Spec<N, T> {
  return aliases === undefined ? { name, type, doc, sections } : { name, type, doc, sections, aliases };
}

/** An attribute of names IAM compares ignoring case (actions, condition keys), or of condition texts (`CaseFolding`). */
export function caseless<const N extends string, const T extends AttributeType>(spec: Spec<N, T>, folding: CaseFolding = 'names'): Spec<N, T> {
  return { ...spec, caseInsensitive: folding };
}

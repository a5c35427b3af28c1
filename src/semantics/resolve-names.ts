import type { AttributeSpec, AttributeType, CaseFolding, CollectionSpec, EntityType, EntityTypeSpec, LanguageSchema, RelationView } from '../model/index.ts';
import type { Word } from '../syntax/index.ts';

/** The schema as the checker sees it: the model's (`SCHEMA` by default; tests may pass a smaller one). */
export type Schema = LanguageSchema;

/**
 * Names are written with spaces, underscores or hyphens and in any case: `console access`,
 * `console_access`, `Console-Access` are one name. Canonical form is snake_case.
 */
export function canonicalName(words: readonly string[]): string {
  return words
    .map((w) => w.toLowerCase().replace(/-/g, '_'))
    .join('_')
    .replace(/_+/g, '_');
}

/** How a canonical name reads in messages and docs: `console access`. */
export function spacedName(name: string): string {
  return name.replace(/_/g, ' ');
}

/**
 * A name as `guard schema` prints it, so that it reads back as that name: spaced, except names
 * starting with `not` (`not_actions`), which spaced would read as the negation of `actions`.
 */
export function writtenName(name: string): string {
  return name.startsWith('not_') ? name : spacedName(name);
}

/** Singular and plural spellings are both accepted (`1 access key`, `at least 2 groups`). */
function numberVariants(name: string): readonly string[] {
  if (name.endsWith('ies')) return [name, `${name.slice(0, -3)}y`];
  if (name.endsWith('s')) return [name, name.slice(0, -1)];
  if (name.endsWith('y')) return [name, `${name.slice(0, -1)}ies`];
  return [name, `${name}s`];
}

interface Lookup<T> {
  /** Exact canonical names and aliases. */
  readonly exact: ReadonlyMap<string, T>;
  /** Singular/plural variants that do not collide with an exact name. */
  readonly variants: ReadonlyMap<string, T>;
  /** Names to suggest in did-you-mean, spaced. */
  readonly suggestions: readonly string[];
  /** The most words any name has, to bound prefix search. */
  readonly maxWords: number;
}

function buildLookup<T>(entries: readonly { readonly names: readonly string[]; readonly value: T }[]): Lookup<T> {
  const exact = new Map<string, T>();
  const variants = new Map<string, T>();
  const suggestions: string[] = [];
  let maxWords = 1;
  for (const { names, value } of entries) {
    for (const name of names) {
      exact.set(name, value);
      maxWords = Math.max(maxWords, name.split('_').length);
    }
    if (names[0] !== undefined) suggestions.push(writtenName(names[0]));
  }
  for (const { names, value } of entries) {
    for (const name of names) {
      for (const variant of numberVariants(name)) {
        if (!exact.has(variant) && !variants.has(variant)) variants.set(variant, value);
      }
    }
  }
  return { exact, variants, suggestions, maxWords };
}

function find<T>(lookup: Lookup<T>, name: string): T | undefined {
  return lookup.exact.get(name) ?? lookup.variants.get(name);
}

const collectionLookups = new WeakMap<Schema, Lookup<CollectionSpec>>();
const attributeLookups = new WeakMap<EntityTypeSpec, Lookup<AttributeSpec>>();
const entityTypeLookups = new WeakMap<Schema, Lookup<EntityType>>();
const viewLookups = new WeakMap<EntityTypeSpec, Lookup<RelationView>>();

/** The filtered list (`allow statements`, `deny trust statement`) the whole phrase names on the entity type, if any. */
export function resolveView(schema: Schema, entityType: EntityType, words: readonly Word[]): RelationView | undefined {
  const spec = schema.entityTypes[entityType];
  if (spec.views === undefined) return undefined;
  let lookup = viewLookups.get(spec);
  if (!lookup) {
    lookup = buildLookup(spec.views.map((v) => ({ names: [v.name, ...(v.aliases ?? [])], value: v })));
    viewLookups.set(spec, lookup);
  }
  return find(lookup, canonicalName(words.map((w) => w.text)));
}

function collectionLookup(schema: Schema): Lookup<CollectionSpec> {
  let lookup = collectionLookups.get(schema);
  if (!lookup) {
    lookup = buildLookup(schema.collections.map((c) => ({ names: [c.name, ...(c.aliases ?? [])], value: c })));
    collectionLookups.set(schema, lookup);
  }
  return lookup;
}

function attributeLookup(spec: EntityTypeSpec): Lookup<AttributeSpec> {
  let lookup = attributeLookups.get(spec);
  if (!lookup) {
    lookup = buildLookup(spec.attributes.map((a) => ({ names: [a.name, ...(a.aliases ?? [])], value: a })));
    attributeLookups.set(spec, lookup);
  }
  return lookup;
}

function entityTypeLookup(schema: Schema): Lookup<EntityType> {
  let lookup = entityTypeLookups.get(schema);
  if (!lookup) {
    const entries: { names: string[]; value: EntityType }[] = [];
    for (const type of Object.keys(schema.entityTypes) as EntityType[]) entries.push({ names: [canonicalName([type])], value: type });
    for (const c of schema.collections) entries.push({ names: [c.name, ...(c.aliases ?? [])], value: c.entityType });
    lookup = buildLookup(entries);
    entityTypeLookups.set(schema, lookup);
  }
  return lookup;
}

export type ScopeResolution =
  | { readonly ok: true; readonly collection: CollectionSpec; readonly rest: readonly Word[] }
  | { readonly ok: false; readonly suggestion: string | null; readonly candidates: readonly string[] };

/** Splits a scope phrase into the longest collection name it starts with and the words after it. */
export function resolveScopePhrase(schema: Schema, words: readonly Word[]): ScopeResolution {
  const lookup = collectionLookup(schema);
  for (let n = Math.min(words.length, lookup.maxWords); n >= 1; n--) {
    const found = find(lookup, canonicalName(words.slice(0, n).map((w) => w.text)));
    if (found) return { ok: true, collection: found, rest: words.slice(n) };
  }
  return { ok: false, suggestion: null, candidates: lookup.suggestions };
}

export type PathResolution =
  | { readonly ok: true; readonly steps: readonly string[]; readonly type: AttributeType; readonly caseInsensitive: CaseFolding | null }
  | {
      readonly ok: false;
      /** The words that could not be resolved, and the entity type they were looked up in. */
      readonly unresolved: readonly Word[];
      readonly entityType: EntityType;
      readonly candidates: readonly string[];
      /** Set when a prefix named an attribute that is not a link, so nothing can follow it. */
      readonly notALink: string | null;
    };

/**
 * Resolves `user mfa` on an access key: the longest attribute name the words start with; when words
 * remain, that attribute must be a link and resolution continues in the linked type.
 */
export function resolveAttributePath(schema: Schema, entityType: EntityType, words: readonly Word[]): PathResolution {
  const steps: string[] = [];
  let type: EntityType = entityType;
  let remaining = words;
  for (;;) {
    const spec = schema.entityTypes[type];
    const lookup = attributeLookup(spec);
    let matched: AttributeSpec | undefined;
    let used = 0;
    for (let n = Math.min(remaining.length, lookup.maxWords + 1); n >= 1; n--) {
      const found = find(lookup, canonicalName(remaining.slice(0, n).map((w) => w.text)));
      if (found) {
        matched = found;
        used = n;
        break;
      }
    }
    if (!matched) return { ok: false, unresolved: remaining, entityType: type, candidates: lookup.suggestions, notALink: null };
    steps.push(matched.name);
    remaining = remaining.slice(used);
    if (remaining.length === 0) return { ok: true, steps, type: matched.type, caseInsensitive: matched.caseInsensitive ?? null };
    if (matched.type.kind !== 'link') {
      return { ok: false, unresolved: remaining, entityType: type, candidates: lookup.suggestions, notALink: matched.name };
    }
    type = matched.type.target;
  }
}

/** `user`, `access key`, `roles`: the resource type an exception names. */
export function resolveEntityTypeName(schema: Schema, words: readonly Word[]): EntityType | { readonly candidates: readonly string[] } {
  const lookup = entityTypeLookup(schema);
  return find(lookup, canonicalName(words.map((w) => w.text))) ?? { candidates: lookup.suggestions };
}

export function describeType(type: AttributeType): string {
  switch (type.kind) {
    case 'boolean':
      return 'a boolean';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'date':
      return 'a date';
    case 'duration':
      return 'a duration';
    case 'strings':
      return 'a list of strings';
    case 'link':
      return `a ${spacedName(type.target.replace(/-/g, '_'))}`;
    case 'links':
      return `a list of ${spacedName(type.target.replace(/-/g, '_'))}s`;
    case 'policy-documents':
      return 'policy documents';
  }
}

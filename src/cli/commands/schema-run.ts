/** `guard schema`'s implementation, loaded when the command runs (its definition is schema.ts). */
// The schema and the naming helpers by their own files: the stages' indexes load the snapshot validator and the parser.
import type { AttributeType, CollectionSpec, EntityTypeSpec } from '../../model/index.ts';
import { COLLECTIONS, ENTITY_TYPES } from '../../model/schema.ts';
import { canonicalName, describeType, spacedName, writtenName } from '../../semantics/resolve-names.ts';
import { closest } from '../../semantics/suggest.ts';
import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';

export interface SchemaFlags {
  readonly format: 'text' | 'json';
}

function typeName(type: AttributeType): string {
  switch (type.kind) {
    case 'link':
      return `→ ${type.target}`;
    case 'links':
      return `→ ${type.target}[]`;
    case 'strings':
      return 'string[]';
    default:
      return type.kind;
  }
}

export function schemaAsJson(collections: readonly CollectionSpec[]): unknown {
  return {
    collections: collections.map((c) => ({
      name: spacedName(c.name),
      type: c.entityType,
      singleton: c.singleton,
      doc: c.doc,
      aliases: (c.aliases ?? []).map(spacedName),
    })),
    types: Object.values(ENTITY_TYPES).map((t) => ({
      type: t.type,
      doc: t.doc,
      allow: t.permissions !== undefined,
      trust: t.trustPolicy !== undefined,
      attributes: t.attributes.map((a) => ({
        name: writtenName(a.name),
        type: typeName(a.type),
        description: describeType(a.type),
        doc: a.doc,
        sections: a.sections,
        aliases: (a.aliases ?? []).map(writtenName),
      })),
      views: (t.views ?? []).map((v) => ({ name: spacedName(v.name), type: typeName(relationType(t, v.relation)), doc: v.doc, aliases: (v.aliases ?? []).map(spacedName) })),
    })),
  };
}

/** The type of a view's relation, a list of links. */
function relationType(spec: EntityTypeSpec, relation: string): AttributeType {
  return spec.attributes.find((a) => a.name === relation)?.type ?? { kind: 'links', target: 'statement' };
}

/** Attributes, then filtered lists (`allow statements`), one line each. */
function attributeLines(spec: EntityTypeSpec): string[] {
  const rows = [
    ...spec.attributes.map((a) => ({ name: writtenName(a.name), type: a.type, doc: a.doc })),
    ...(spec.views ?? []).map((v) => ({ name: spacedName(v.name), type: relationType(spec, v.relation), doc: v.doc })),
  ];
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows.map((r) => `  ${r.name.padEnd(width)}  ${typeName(r.type).padEnd(18)}  ${r.doc}`);
}

function renderCollection(c: CollectionSpec): string {
  const spec = ENTITY_TYPES[c.entityType];
  const lines = [`${spacedName(c.name)}  (${c.singleton ? 'one' : 'each'} ${c.entityType})  ${c.doc}`, ...attributeLines(spec)];
  const verbs = [spec.permissions && '`allow "<action>" on "<resource>"`', spec.trustPolicy && '`trust "<principal>"`'].filter(Boolean);
  if (verbs.length) lines.push(`  also: ${verbs.join(', ')}`);
  return lines.join('\n');
}

function linkOnlyTypes(): readonly EntityTypeSpec[] {
  const listed = new Set(COLLECTIONS.map((c) => c.entityType));
  return Object.values(ENTITY_TYPES).filter((t) => !listed.has(t.type));
}

function renderLinkOnlyType(spec: EntityTypeSpec): string {
  const lines = [`${spec.type}  (reached through links)  ${spec.doc}`, ...attributeLines(spec)];
  return lines.join('\n');
}

/** `guard schema [collection]`: the collections and attributes rules can use, as text or JSON. */
export function runSchema(collection: string | undefined, flags: SchemaFlags, io: CliIo): number {
  let chosen: readonly CollectionSpec[] = COLLECTIONS;
  if (collection !== undefined) {
    const name = canonicalName(collection.split(/\s+/));
    const found = COLLECTIONS.find((c) => c.name === name || (c.aliases ?? []).includes(name));
    // Types reached only through links (`statement`, also asked for as `statements`) have no collection.
    const linked = linkOnlyTypes().find((t) => t.type === name || `${t.type}s` === name);
    if (!found && linked) {
      // JSON lists every type's attributes whatever is chosen: no collection is chosen here.
      io.stdout(flags.format === 'json' ? `${JSON.stringify(schemaAsJson([]), null, 2)}\n` : `${renderLinkOnlyType(linked)}\n`);
      return EXIT.ok;
    }
    if (!found) {
      const hint = closest(collection, [...COLLECTIONS.map((c) => spacedName(c.name)), ...linkOnlyTypes().map((t) => t.type)]);
      throw new UsageError(`unknown collection \`${collection}\`${hint ? `; did you mean \`${hint}\`?` : ''}`);
    }
    chosen = [found];
  }
  if (flags.format === 'json') io.stdout(`${JSON.stringify(schemaAsJson(chosen), null, 2)}\n`);
  else {
    const sections = chosen.map(renderCollection);
    // Types that no collection lists (policy statements) are reached through links: show them too.
    if (collection === undefined) sections.push(...linkOnlyTypes().map(renderLinkOnlyType));
    io.stdout(`${sections.join('\n\n')}\n`);
  }
  return EXIT.ok;
}

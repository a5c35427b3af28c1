import { type CompletionItem, CompletionItemKind, MarkupKind } from 'vscode-languageserver';
import type { AttributeSpec, EntityType } from '../model/language.ts';
import { type Definition, describeType, type Schema, spacedName, visibleIn } from '../semantics/index.ts';
import { KEYWORDS } from '../syntax/index.ts';
import { cursorContext } from './context.ts';

const STATEMENT_KEYWORDS = KEYWORDS.filter((k) => k.role === 'declaration').map((k) => k.spellings[0] ?? '');
const OTHER_KEYWORDS = KEYWORDS.filter((k) => k.role !== 'declaration').map((k) => k.spellings[0] ?? '');

const keywordItem = (word: string): CompletionItem => ({ label: word, kind: CompletionItemKind.Keyword, sortText: `3 ${word}` });

/** `access-key` → `access key`. */
export const typeName = (type: EntityType): string => type.replace(/-/g, ' ');

const doc = (text: string): CompletionItem['documentation'] => ({ kind: MarkupKind.Markdown, value: text });

function attributeItem(spec: AttributeSpec, on: string): CompletionItem {
  const label = spacedName(spec.name);
  return { label, kind: CompletionItemKind.Field, detail: `${describeType(spec.type)} (${on})`, documentation: doc(spec.doc), sortText: `1 ${label}` };
}

/** The attributes of one entity type, or of every type (each name once, on the first type that has it). */
function attributeItems(schema: Schema, entityType: EntityType | null): CompletionItem[] {
  if (entityType !== null) return schema.entityTypes[entityType].attributes.map((a) => attributeItem(a, typeName(entityType)));
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const spec of Object.values(schema.entityTypes)) {
    for (const attribute of spec.attributes) {
      if (seen.has(attribute.name)) continue;
      seen.add(attribute.name);
      items.push(attributeItem(attribute, typeName(spec.type)));
    }
  }
  return items;
}

function definitionItem(definition: Definition): CompletionItem {
  return { label: definition.written, kind: definition.kind === 'param' ? CompletionItemKind.Constant : CompletionItemKind.Variable, detail: definition.detail, sortText: `2 ${definition.written}` };
}

/** Completion at `offset`: collections where a scope starts, else the names in scope there, and the keywords. */
export function completionsAt(schema: Schema, path: string, text: string, offset: number, definitions: readonly Definition[]): CompletionItem[] {
  const context = cursorContext(schema, text, offset);
  switch (context.kind) {
    case 'none':
      return [];
    case 'collection': {
      const collections = schema.collections.map(
        (c): CompletionItem => ({
          label: spacedName(c.name),
          kind: CompletionItemKind.Class,
          detail: c.singleton ? `the ${typeName(c.entityType)}` : `${typeName(c.entityType)}s`,
          documentation: doc(c.doc),
          sortText: `0 ${c.name}`,
        }),
      );
      return context.statementStart ? [...collections, ...STATEMENT_KEYWORDS.map(keywordItem)] : collections;
    }
    case 'attribute': {
      // The same name defined twice is offered once (the checker reports the duplicate).
      const names = [...new Map(visibleIn(definitions, path).map((d) => [d.name, d])).values()];
      return [...attributeItems(schema, context.entityType), ...names.map(definitionItem), ...OTHER_KEYWORDS.map(keywordItem)];
    }
  }
}

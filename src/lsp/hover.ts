import type { Span } from '../diagnostics/index.ts';
import type { AttributeSpec, EntityType } from '../model/language.ts';
import { canonicalName, type Definition, definitionNamed, describeType, nameAt, resolveAttributePath, resolveEntityTypeName, resolveScopePhrase, type Schema, spacedName, wordsOf } from '../semantics/index.ts';
import { type NamePhrase, printLiteral, type Rule, type RuleFile, type Word } from '../syntax/index.ts';
import { typeName } from './completion.ts';
import { cursorContext } from './context.ts';

/** What a hover shows: Markdown, and the text it is about. */
export interface HoverText {
  readonly markdown: string;
  readonly span: Span;
}

const wordsSpan = (words: readonly Word[], fallback: Span): Span => {
  const first = words[0];
  const last = words[words.length - 1];
  return first && last ? { file: first.span.file, start: first.span.start, end: last.span.end } : fallback;
};

function ruleMetadata(rule: Rule): string {
  const lines = [`**rule ${rule.id?.text ?? ''}**${rule.title ? ` ${printLiteral(rule.title)}` : ''}`];
  for (const clause of rule.metadata) {
    const value = 'kind' in clause.value ? printLiteral(clause.value) : clause.value.text;
    lines.push(`- ${clause.key}: ${value}`);
  }
  return lines.join('\n');
}

function attributeText(spec: AttributeSpec, on: EntityType): string {
  return `**${spacedName(spec.name)}** (${typeName(on)}): ${describeType(spec.type)}\n\n${spec.doc}`;
}

/** The spec of the last step of a resolved path, and the type it is on. */
function lastStep(schema: Schema, from: EntityType, steps: readonly string[]): { spec: AttributeSpec; on: EntityType } | null {
  let type = from;
  let found: { spec: AttributeSpec; on: EntityType } | null = null;
  for (const step of steps) {
    const spec = schema.entityTypes[type].attributes.find((a) => a.name === step);
    if (spec === undefined) return null;
    found = { spec, on: type };
    if (spec.type.kind === 'link' || spec.type.kind === 'links') type = spec.type.target;
  }
  return found;
}

/** An attribute's doc, on the entity type the text names there, else on each type that has it. */
function attributeHover(schema: Schema, entityType: EntityType | null, words: readonly Word[]): string | null {
  if (words.length === 0) return null;
  if (entityType !== null) {
    const resolved = resolveAttributePath(schema, entityType, words);
    const step = resolved.ok ? lastStep(schema, entityType, resolved.steps) : null;
    if (step) return attributeText(step.spec, step.on);
  }
  const name = canonicalName(words.map((w) => w.text));
  const matches = Object.values(schema.entityTypes).flatMap((spec) => spec.attributes.filter((a) => a.name === name || a.aliases?.includes(name)).map((a) => attributeText(a, spec.type)));
  return matches.length ? matches.slice(0, 6).join('\n\n---\n\n') : null;
}

function scopeHover(schema: Schema, phrase: NamePhrase, offset: number): HoverText | null {
  const scope = resolveScopePhrase(schema, phrase.words);
  if (!scope.ok) return null;
  const used = phrase.words.slice(0, phrase.words.length - scope.rest.length);
  const span = wordsSpan(used, phrase.span);
  if (offset <= span.end || scope.rest.length === 0) {
    const c = scope.collection;
    return { markdown: `**${spacedName(c.name)}**: ${c.singleton ? `the ${typeName(c.entityType)}` : `${typeName(c.entityType)}s`}\n\n${c.doc}`, span };
  }
  const text = attributeHover(schema, scope.collection.entityType, scope.rest);
  return text === null ? null : { markdown: text, span: wordsSpan(scope.rest, phrase.span) };
}

/** The hover at `offset`: a rule's metadata on its id, a definition's value, a collection's or attribute's doc. */
export function hoverAt(schema: Schema, file: RuleFile, text: string, offset: number, definitions: readonly Definition[]): HoverText | null {
  for (const statement of file.statements) {
    if (statement.kind !== 'rule' || statement.span.start > offset || statement.span.end < offset) continue;
    if (statement.id && statement.id.span.start <= offset && offset <= statement.id.span.end) return { markdown: ruleMetadata(statement), span: statement.id.span };
    if (statement.body.scope.phrase.span.start <= offset && offset <= statement.body.scope.phrase.span.end) return scopeHover(schema, statement.body.scope.phrase, offset);
    const excepted = statement.exceptions.find((e) => e.target.span.start <= offset && offset <= e.target.span.end);
    if (excepted) {
      const type = resolveEntityTypeName(schema, excepted.target.words);
      return typeof type === 'string' ? { markdown: `**${typeName(type)}**\n\n${schema.entityTypes[type].doc}`, span: excepted.target.span } : null;
    }
  }
  const name = nameAt(file, offset);
  if (name === null) return null;
  const words = wordsOf(name);
  const definition = definitionNamed(definitions, file.path, name);
  if (definition) return { markdown: definition.kind === 'named condition' ? definition.detail : `\`\`\`guard\n${definition.detail}\n\`\`\``, span: name.span };
  const context = cursorContext(schema, text, name.span.start);
  const markdown = attributeHover(schema, context.kind === 'attribute' ? context.entityType : null, words);
  return markdown === null ? null : { markdown, span: name.span };
}

import type { Diagnostic, Span } from '../diagnostics/index.ts';
import type { ActionCatalog, EntityType } from '../model/language.ts';
import type { DefineDeclaration, DefineParameter, LetDeclaration, NamePhrase, Operand, Word } from '../syntax/index.ts';
import type { CheckedCondition, ConstantType, ConstantValue } from './checked-ast.ts';
import type { Schema } from './resolve-names.ts';
import { closest } from './suggest.ts';

/** What the checker carries through one file, and the helpers every part of it uses. */

/** A let or param binding visible in one file. */
export interface Binding {
  readonly name: string;
  readonly type: ConstantType;
  readonly value: ConstantValue;
  readonly text: string;
  readonly used: { value: boolean };
  /** A let or param, or a named condition's parameter. */
  readonly declaration: LetDeclaration | DefineParameter;
}

/** A `define` that checked: the entity type it applies to and its typed parameters. */
export interface NamedCondition {
  /** Canonical (snake_case), as uses are looked up. */
  readonly name: string;
  /** As written, words joined by spaces, for messages. */
  readonly text: string;
  readonly declaration: DefineDeclaration;
  readonly entityType: EntityType;
  readonly parameters: readonly { readonly name: string; readonly type: ConstantType; readonly declaration: DefineParameter }[];
}

/**
 * The named conditions of every file checked together (check-definitions.ts). `use` checks one use
 * (entity type, arguments, recursion) and returns the definition's condition expanded with the
 * arguments: what a rule using it is checked into. It is a function on the context, not an import,
 * so that conditions and definitions, which check each other, are not an import circle.
 */
export interface Definitions {
  readonly byName: ReadonlyMap<string, NamedCondition>;
  /** Names of definitions that did not check (reported there): their uses say nothing more. */
  readonly broken: ReadonlySet<string>;
  /** Arguments are literals, or let, param and parameter names (a phrase of one word). */
  readonly use: (definition: NamedCondition, args: readonly Operand[], span: Span, entityType: EntityType, ctx: Context) => CheckedCondition | null;
}

export interface Context {
  readonly schema: Schema;
  /** The file's text, for source lines. */
  readonly text: string;
  /** Its line breaks, for line numbers (one binary search per lookup, not a rescan of the text). */
  readonly lineBreaks: readonly number[];
  readonly bindings: ReadonlyMap<string, Binding>;
  readonly report: (d: Diagnostic) => void;
  /** The IAM action catalog `can` actions are checked against (read lazily, per service). */
  readonly actions: ActionCatalog;
  readonly definitions: Definitions;
  /** The named conditions being expanded, outermost first: a use of one of them is recursion. */
  readonly expanding: readonly NamedCondition[];
}

export function spanOfAll(spans: readonly Span[]): Span {
  const first = spans[0];
  if (!first) throw new Error('spanOfAll: no spans');
  return spans.reduce((a, b) => ({ file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) }), first);
}

export function phraseOf(words: readonly Word[]): NamePhrase {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) throw new Error('phraseOf: no words');
  return { kind: 'name', words, span: { file: first.span.file, start: first.span.start, end: last.span.end } };
}

/** `did you mean` the closest candidate, else the list of all of them. */
export function suggestionHint(written: string, candidates: readonly string[], what: string): string {
  const best = closest(written, candidates);
  if (best) return `did you mean \`${best}\`?`;
  return `${what}: ${candidates.map((c) => `\`${c}\``).join(', ')} (see \`guard schema\`)`;
}

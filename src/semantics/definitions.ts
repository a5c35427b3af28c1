import type { Span } from '../diagnostics/index.ts';
import { type NamePhrase, printLiteral, type RuleFile, type Word } from '../syntax/index.ts';
import { canonicalName } from './resolve-names.ts';

/**
 * Named things a rule file defines and other text refers to by name (params and lets today), for an
 * editor's completion, hover and go-to-definition. A new kind of definition (named conditions) adds
 * a `kind` and its case in `definitionsOf`; callers match on names and spans only.
 */
export interface Definition {
  readonly kind: 'param' | 'let' | 'named condition';
  /** Canonical (snake_case), as references are matched. */
  readonly name: string;
  /** As written at the definition. */
  readonly written: string;
  /** The defining name. */
  readonly nameSpan: Span;
  /** The whole declaration. */
  readonly span: Span;
  /** One line saying what it is: `param max_age = 90d`. */
  readonly detail: string;
  /** Where it can be used: its own file (params and lets), or every file checked with it. */
  readonly visibility: 'file' | 'library';
}

/** The definitions a file can use. */
export const visibleIn = (definitions: readonly Definition[], path: string): Definition[] => definitions.filter((d) => d.visibility === 'library' || d.nameSpan.file === path);

/** Every definition of the files, in file and source order (a duplicate is the checker's to report). */
export function definitionsOf(files: readonly RuleFile[]): Definition[] {
  const found: Definition[] = [];
  for (const file of files) {
    for (const statement of file.statements) {
      if (statement.kind === 'define') {
        // Named conditions are shared by every file checked together (definition-at.ts follows the same scoping).
        const written = statement.name.words.map((w) => w.text).join(' ');
        const parameters = statement.parameters.map((p) => `${p.name.text} ${p.type.text}`).join(', ');
        const target = statement.target.words.map((w) => w.text).join(' ');
        found.push({
          kind: 'named condition',
          name: canonicalName(statement.name.words.map((w) => w.text)),
          written,
          nameSpan: statement.name.span,
          span: statement.span,
          detail: `named condition ${written}${parameters ? `, parameters ${parameters}` : ''}, on ${target}`,
          visibility: 'library',
        });
        continue;
      }
      if (statement.kind !== 'let' && statement.kind !== 'param') continue;
      const name = canonicalName([statement.name.text]);
      found.push({
        kind: statement.kind,
        name,
        written: statement.name.text,
        nameSpan: statement.name.span,
        span: statement.span,
        detail: `${statement.kind} ${statement.name.text} = ${printLiteral(statement.value)}`,
        visibility: 'file',
      });
    }
  }
  return found;
}

const contains = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && typeof (value as { start?: unknown }).start === 'number' && typeof (value as { file?: unknown }).file === 'string';
}

/**
 * The innermost name phrase (or a declaration's name word) at an offset. The AST is walked as
 * plain data, so node kinds added to the language need no case here.
 */
export function nameAt(file: RuleFile, offset: number): NamePhrase | Word | null {
  let best: NamePhrase | Word | null = null;
  const visit = (node: unknown, depth: number): void => {
    // The parser caps nesting (MAX_NESTING); the bound only keeps a hand-built cycle from looping.
    if (typeof node !== 'object' || node === null || depth > 200) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Readonly<Record<string, unknown>>;
    const span = record['span'];
    if (isSpan(span) && !contains(span, offset)) return;
    if (record['kind'] === 'name' && isSpan(span)) {
      // A phrase is named as a whole: its words are not names of their own.
      best = node as NamePhrase;
      return;
    }
    if (isSpan(span) && typeof record['text'] === 'string' && record['kind'] === undefined) best = node as Word;
    for (const [key, value] of Object.entries(record)) if (key !== 'span') visit(value, depth + 1);
  };
  for (const statement of file.statements) if (contains(statement.span, offset)) visit(statement, 0);
  return best;
}

/** The words of a phrase or a single word. */
export const wordsOf = (name: NamePhrase | Word): readonly Word[] => ('words' in name ? name.words : [name]);

/** The definition a name refers to among those visible, the file's own first; the first of duplicates (the checker reports the others). */
export function definitionNamed(definitions: readonly Definition[], path: string, name: NamePhrase | Word): Definition | null {
  const canonical = canonicalName(wordsOf(name).map((w) => w.text));
  const visible = visibleIn(definitions, path).filter((d) => d.name === canonical);
  return visible.find((d) => d.nameSpan.file === path) ?? visible[0] ?? null;
}

import type { Span } from '../diagnostics/index.ts';
import type { Condition, DefineDeclaration, NamePhrase, Operand, RuleFile, Statement } from '../syntax/index.ts';
import { canonicalName } from './resolve-names.ts';

/**
 * Go to definition, from the parsed files alone (a file with errors still has its names): what a
 * use of a named condition, a let, a param or a definition's parameter at an offset refers to. It
 * follows the checker's scoping: named conditions are shared by every file given, lets and params
 * belong to their file, a definition's parameters to its condition. A phrase that names both an
 * attribute and a definition cannot occur (the checker refuses such a definition), so no schema is
 * needed.
 */

export type DefinitionKind = 'named condition' | 'let' | 'param' | 'parameter';

export interface DefinitionSite {
  readonly kind: DefinitionKind;
  /** As written where it is declared. */
  readonly name: string;
  /** The declared name's span. */
  readonly span: Span;
}

/** Every `define` of the files, for completion: name, parameters and the entity type as written. */
export interface NamedConditionSummary {
  readonly name: string;
  readonly parameters: readonly { readonly name: string; readonly type: string }[];
  readonly target: string;
  readonly span: Span;
}

const words = (phrase: NamePhrase): string => phrase.words.map((w) => w.text).join(' ');

export function namedConditions(files: readonly RuleFile[]): NamedConditionSummary[] {
  return files.flatMap((file) =>
    file.statements
      .filter((s): s is DefineDeclaration => s.kind === 'define')
      .map((d) => ({ name: words(d.name), parameters: d.parameters.map((p) => ({ name: p.name.text, type: p.type.text })), target: words(d.target), span: d.name.span })),
  );
}

const inside = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

export function definitionAt(files: readonly RuleFile[], path: string, offset: number): DefinitionSite | null {
  const file = files.find((f) => f.path === path);
  if (file === undefined) return null;
  const defined = new Map<string, DefinitionSite>();
  for (const f of files) {
    for (const s of f.statements) {
      if (s.kind !== 'define') continue;
      const key = canonicalName(s.name.words.map((w) => w.text));
      if (!defined.has(key)) defined.set(key, { kind: 'named condition', name: words(s.name), span: s.name.span });
    }
  }
  const bindings = new Map<string, DefinitionSite>();
  for (const s of file.statements) {
    if ((s.kind === 'let' || s.kind === 'param') && !bindings.has(s.name.text)) bindings.set(s.name.text, { kind: s.kind, name: s.name.text, span: s.name.span });
  }
  const statement = file.statements.find((s) => inside(s.span, offset));
  return statement === undefined ? null : inStatement(statement, offset, defined, bindings);
}

function inStatement(s: Statement, offset: number, defined: ReadonlyMap<string, DefinitionSite>, fileBindings: ReadonlyMap<string, DefinitionSite>): DefinitionSite | null {
  switch (s.kind) {
    case 'let':
    case 'param':
      return inside(s.name.span, offset) ? { kind: s.kind, name: s.name.text, span: s.name.span } : null;
    case 'define': {
      if (inside(s.name.span, offset)) return { kind: 'named condition', name: words(s.name), span: s.name.span };
      const scope = new Map(fileBindings);
      for (const p of s.parameters) {
        const site: DefinitionSite = { kind: 'parameter', name: p.name.text, span: p.name.span };
        if (inside(p.name.span, offset)) return site;
        scope.set(p.name.text, site);
      }
      return inCondition(s.condition, offset, defined, scope);
    }
    case 'rule': {
      const filter = s.body.scope.filter;
      const conditions: Condition[] = [];
      if (filter !== null && filter.kind !== 'inline') conditions.push(filter.condition);
      if (filter?.kind === 'inline') {
        const right = filter.comparison?.right;
        if (right !== undefined) {
          const found = inOperand(right, offset, fileBindings);
          if (found !== null) return found;
        }
        for (const r of filter.rest) conditions.push(r.condition);
      }
      if (s.body.kind !== 'denied') conditions.push(s.body.condition);
      for (const c of conditions) {
        const found = inCondition(c, offset, defined, fileBindings);
        if (found !== null) return found;
      }
      return null;
    }
    case 'error':
      return null;
  }
}

function inOperand(operand: Operand, offset: number, bindings: ReadonlyMap<string, DefinitionSite>): DefinitionSite | null {
  if (operand.kind !== 'name' || !inside(operand.span, offset)) return null;
  const only = operand.words.length === 1 ? operand.words[0] : undefined;
  return only === undefined ? null : (bindings.get(only.text) ?? null);
}

function inCondition(c: Condition, offset: number, defined: ReadonlyMap<string, DefinitionSite>, bindings: ReadonlyMap<string, DefinitionSite>): DefinitionSite | null {
  if (!inside(c.span, offset)) return null;
  const named = (phrase: NamePhrase): DefinitionSite | null => (inside(phrase.span, offset) ? (defined.get(canonicalName(phrase.words.map((w) => w.text))) ?? null) : null);
  const within = (inner: Condition | null): DefinitionSite | null => (inner === null ? null : inCondition(inner, offset, defined, bindings));
  // `pinning sub_key`: a definition's name, then let or param names as its arguments (check-condition.ts splits them the same way).
  const withNames = (phrase: NamePhrase): DefinitionSite | null => {
    const words = phrase.words;
    for (let trailing = 1; trailing < words.length; trailing++) {
      const word = words[words.length - trailing];
      if (word === undefined || !bindings.has(word.text)) return null;
      const definition = defined.get(canonicalName(words.slice(0, words.length - trailing).map((w) => w.text)));
      if (definition === undefined) continue;
      const argument = words.slice(words.length - trailing).find((w) => inside(w.span, offset));
      return argument === undefined ? (inside(phrase.span, offset) ? definition : null) : (bindings.get(argument.text) ?? null);
    }
    return null;
  };
  switch (c.kind) {
    case 'have':
      return named(c.attribute) ?? withNames(c.attribute);
    case 'named':
      for (const argument of c.arguments) {
        const found = inOperand(argument, offset, bindings);
        if (found !== null) return found;
      }
      return named(c.name) ?? withNames(c.name);
    case 'have-value':
      return inOperand(c.value, offset, bindings);
    case 'compare':
      return inOperand(c.right, offset, bindings);
    case 'can':
      return c.what.kind === 'actions' ? inOperand(c.what.actions, offset, bindings) : null;
    case 'count':
    case 'no':
    case 'any':
    case 'all':
    case 'some':
      return within(c.where);
    case 'and':
    case 'or':
      for (const operand of c.operands) {
        const found = within(operand);
        if (found !== null) return found;
      }
      return null;
    case 'not':
    case 'group':
      return within(c.operand);
    case 'exist':
    case 'allow':
    case 'trust':
    case 'admin':
    case 'guardrail':
    case 'trust-class':
    case 'principal-is':
    case 'requires-key':
    case 'error':
      return null;
  }
}

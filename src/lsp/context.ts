import type { EntityType } from '../model/language.ts';
import { resolveAttributePath, resolveScopePhrase, type Schema } from '../semantics/index.ts';
import { KEYWORDS, type Word } from '../syntax/index.ts';

/**
 * What the text before the cursor expects, read from the statement's words alone (the document may
 * not parse while it is being typed): a collection, or a name of some entity type (null when the
 * scope cannot be told), or nothing (a rule header, a string).
 */
export type CursorContext = { readonly kind: 'collection'; readonly statementStart: boolean } | { readonly kind: 'attribute'; readonly entityType: EntityType | null } | { readonly kind: 'none' };

interface Token {
  readonly text: string;
  readonly start: number;
  /** A word of a name (not a keyword, a literal or punctuation). */
  readonly name: boolean;
}

const ONE_WORD = new Set(KEYWORDS.flatMap((k) => k.spellings.filter((s) => !s.includes(' '))));
const PHRASES = KEYWORDS.flatMap((k) => k.spellings.filter((s) => s.includes(' ')).map((s) => s.split(' ')));
/** Keywords that may also be a word of a name (`trust statements`), when a name word follows. */
const ALSO_NAMES = new Set(KEYWORDS.filter((k) => k.alsoAName).flatMap((k) => k.spellings));

const TOKEN = /"(?:[^"\\\n]|\\.)*"?|#[^\n]*|[A-Za-z_][A-Za-z0-9_-]*|\d[A-Za-z0-9_.-]*|[<>!]=?|\S/g;
const WORD = /^[A-Za-z_]/;

/** The offset where the statement holding `offset` starts: its first line that is not indented. */
export function statementStart(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  while (lineStart > 0) {
    const first = text[lineStart];
    if (first !== undefined && first !== ' ' && first !== '\t' && first !== '\n' && first !== '\r') break;
    // lastIndexOf clamps a negative start to 0, which would find the first line break again.
    lineStart = lineStart < 2 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return lineStart;
}

/** The words and symbols of the text, strings kept as one token, comments dropped, keyword phrases joined. */
function tokenize(text: string, base: number): Token[] {
  const raw: { text: string; start: number }[] = [];
  for (const match of text.matchAll(TOKEN)) if (!match[0].startsWith('#')) raw.push({ text: match[0], start: base + match.index });
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i] as { text: string; start: number };
    const lower = token.text.toLowerCase();
    const phrase = PHRASES.find((words) => words.every((w, k) => raw[i + k]?.text.toLowerCase() === w));
    if (phrase) {
      tokens.push({ text: phrase.join(' '), start: token.start, name: false });
      i += phrase.length - 1;
      continue;
    }
    const next = raw[i + 1]?.text.toLowerCase() ?? '';
    const nameFollows = WORD.test(next) && !ONE_WORD.has(next);
    const isName = WORD.test(token.text) && (!ONE_WORD.has(lower) || (ALSO_NAMES.has(lower) && nameFollows));
    tokens.push({ text: token.text, start: token.start, name: isName });
  }
  return tokens;
}

const asWords = (tokens: readonly Token[]): Word[] => tokens.map((t) => ({ text: t.text, span: { file: '', start: t.start, end: t.start + t.text.length } }));

/** The runs of name words, each with the index of the token after it. */
function nameRuns(tokens: readonly Token[], from: number): { readonly words: Token[]; readonly next: number }[] {
  const runs: { words: Token[]; next: number }[] = [];
  let run: Token[] = [];
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.name) {
      run.push(token);
      continue;
    }
    if (run.length) runs.push({ words: run, next: i });
    run = [];
  }
  if (run.length) runs.push({ words: run, next: tokens.length });
  return runs;
}

/**
 * The entity type names refer to at the end of the tokens, from the scope's collection and the
 * relations entered since (`have no access keys where ...`), left again at a closing parenthesis.
 */
function entityTypeAtEnd(schema: Schema, tokens: readonly Token[], start: number, scopeType: EntityType): EntityType {
  const stack: EntityType[] = [scopeType];
  const marks: number[] = [];
  const runs = nameRuns(tokens, start);
  let run = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.text === '(') marks.push(stack.length);
    else if (token.text === ')') stack.length = Math.max(1, marks.pop() ?? 1);
    const current = runs[run];
    if (current === undefined || current.next !== i + 1) continue;
    run++;
    const after = tokens[current.next]?.text.toLowerCase();
    if (after !== 'where' && after !== 'with') continue;
    const resolved = resolveAttributePath(schema, stack[stack.length - 1] as EntityType, asWords(current.words));
    if (resolved.ok && (resolved.type.kind === 'link' || resolved.type.kind === 'links')) stack.push(resolved.type.target);
  }
  return stack[stack.length - 1] as EntityType;
}

/** What is expected at `offset` of `text`. */
export function cursorContext(schema: Schema, text: string, offset: number): CursorContext {
  const begin = statementStart(text, offset);
  const before = text.slice(begin, offset);
  // Inside a string or a comment nothing is completed.
  const quotes = (before.replace(/\\./g, '').match(/"/g) ?? []).length;
  if (quotes % 2 === 1 || /#[^\n]*$/.test(before)) return { kind: 'none' };
  const tokens = tokenize(before, begin);
  // The word being typed is not yet part of what came before.
  const typing = /[A-Za-z0-9_-]$/.test(before) ? tokens.pop() : undefined;
  const first = tokens[0]?.text.toLowerCase();
  let bodyStart = 0;
  // A let or param holds a literal: no name is completed there.
  if (first === 'let' || first === 'param') return { kind: 'none' };
  if (first === 'rule') {
    bodyStart = tokens.findIndex((t) => t.text === ':') + 1;
    if (bodyStart === 0) return { kind: 'none' };
  }
  const scopeRun = nameRuns(tokens, bodyStart)[0];
  if (scopeRun === undefined || tokens.length === bodyStart) {
    return { kind: 'collection', statementStart: tokens.length === 0 && (typing === undefined || typing.start === begin) };
  }
  if (scopeRun.words[0] !== tokens[bodyStart]) return { kind: 'attribute', entityType: null };
  const scope = resolveScopePhrase(schema, asWords(scopeRun.words));
  if (!scope.ok) {
    // Still typing a collection of more than one word (`access ` before `keys`)?
    return scopeRun.next === tokens.length ? { kind: 'collection', statementStart: false } : { kind: 'attribute', entityType: null };
  }
  return { kind: 'attribute', entityType: entityTypeAtEnd(schema, tokens, bodyStart, scope.collection.entityType) };
}

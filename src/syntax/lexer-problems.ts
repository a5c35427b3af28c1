import type { ILexingError, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import { error, frontEndWork, partitionPoint } from '../diagnostics/index.ts';
import { MisquotedString, UnterminatedString } from './tokens.ts';

/**
 * What the lexer found wrong (stray characters, strings without their closing quote), in offset
 * order. They stay plain offsets until a parser decides to show one: a file of noise has hundreds
 * of thousands of them and shows ten, so building a message for each would be most of the work.
 */
export interface LexProblem {
  readonly start: number;
  readonly end: number;
  readonly kind: 'character' | 'unterminated' | 'misquoted';
}

export function lexProblems(tokens: readonly IToken[], errors: readonly ILexingError[]): LexProblem[] {
  const problems: LexProblem[] = [];
  // Both lists come in offset order: merge them.
  let e = 0;
  for (const t of tokens) {
    frontEndWork.steps++;
    if (t.tokenType !== UnterminatedString && t.tokenType !== MisquotedString) continue;
    for (; e < errors.length && (errors[e]?.offset ?? 0) < t.startOffset; e++) problems.push(characters(errors[e] as ILexingError));
    problems.push({ start: t.startOffset, end: t.startOffset + t.image.length, kind: t.tokenType === UnterminatedString ? 'unterminated' : 'misquoted' });
  }
  for (; e < errors.length; e++) problems.push(characters(errors[e] as ILexingError));
  frontEndWork.steps += errors.length;
  return problems;
}

function characters(e: ILexingError): LexProblem {
  return { start: e.offset, end: e.offset + e.length, kind: 'character' };
}

/** The index of the first problem starting at or after `offset`. */
export function firstProblemFrom(problems: readonly LexProblem[], offset: number): number {
  return partitionPoint(problems.length, (i) => (problems[i]?.start ?? 0) < offset);
}

export function describeProblem(path: string, text: string, problem: LexProblem): Diagnostic {
  frontEndWork.steps++;
  const span = { file: path, start: problem.start, end: problem.end };
  if (problem.kind === 'unterminated') return error('syntax/unterminated-string', 'unterminated string', span, { hint: 'add the closing `"` on the same line' });
  if (problem.kind === 'misquoted') return misquoted(text.slice(problem.start, problem.end), span);
  // Only the start is shown; a run of a megabyte of stray bytes is not copied whole.
  const found = text.slice(problem.start, Math.min(problem.end, problem.start + 21));
  // Control characters (a lone carriage return, say) are shown escaped, never raw.
  const visible = escapeControls(found);
  const shown = visible.length > 20 ? `${visible.slice(0, 20)}…` : visible;
  return error('syntax/unexpected-character', `unexpected character${problem.end - problem.start > 1 ? 's' : ''} \`${shown}\``, span, {
    hint: characterHint(text, problem.start, found),
  });
}

/** `“alice”` or `'alice'`: one message for the string, naming the quotes to use and the string as it should be. */
function misquoted(written: string, span: Span): Diagnostic {
  const inner = written.slice(1, -1);
  const kind = written.startsWith("'") ? 'single quotes' : 'typographic quotes';
  const shown = inner.length > 20 ? `${escapeControls(inner.slice(0, 20))}…` : escapeControls(inner);
  // JSON's escapes are the language's, so the suggestion parses as written.
  const fixed = inner.length > 40 ? 'write the text between `"` and `"`' : `write \`${JSON.stringify(inner)}\``;
  return error('syntax/unexpected-character', `${inner === '' ? 'the empty text' : `\`${shown}\``} is in ${kind}: use straight double quotes \`"\``, span, { hint: fixed });
}

const escapeControls = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** What a stray character usually means, said as the fix: quotes from a word processor, C's operators, a date with slashes. */
function characterHint(text: string, start: number, found: string): string {
  const c = found.charAt(0);
  if ('\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb'.includes(c)) return 'this is a typographic quote: write text in straight double quotes, `"alice"`';
  if (c === "'") return 'strings take double quotes: `"alice"`, not single ones';
  if (found.startsWith('&&') || c === '&') return 'write `and` to join conditions';
  if (found.startsWith('||') || c === '|') return 'write `or` to join conditions';
  if (c === '!') return 'write `not` to negate a condition (`!=` is not equal)';
  if (c === '/' && /[0-9]/.test(text.charAt(start - 1))) return 'dates are written year-month-day with hyphens: `2024-01-01`';
  return 'names are letters, digits, `_` and `-`; text goes in double quotes';
}

import type { IToken } from 'chevrotain';
import { frontEndWork } from '../diagnostics/index.ts';
import {
  AllOf,
  AnyOf,
  Colon,
  Contains,
  EndOfStatement,
  Equal,
  Greater,
  GreaterEqual,
  Have,
  In,
  KEYWORDS,
  LBracket,
  Less,
  LessEqual,
  Let,
  Matches,
  NoneOf,
  NotContains,
  NotEqual,
  NotIn,
  NotMatches,
  Param,
  RuleKeyword,
  SubsetOf,
  Word,
} from './tokens.ts';

const KEYWORD_TOKENS = new Set(KEYWORDS.map((k) => k.token));
const COMPARISON_TOKENS = new Set([Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, In, NotIn, Matches, NotMatches, Contains, NotContains, AnyOf, AllOf, NoneOf, SubsetOf]);

/**
 * Hints for the syntax errors newcomers make most (test/fixtures/beginner-errors/ holds one file of
 * each with its exact message): each names the fix in the words of the language. They look at the
 * tokens around the one the parser stopped at, which the message provider does not see.
 */
export function beginnerHint(tokens: readonly IToken[], found: IToken): string | undefined {
  const at = tokens.indexOf(found);
  const previous = at > 0 ? tokens[at - 1] : undefined;
  const next = at >= 0 ? tokens[at + 1] : undefined;
  const type = found.tokenType;
  if (type === Colon && previous?.tokenType === Word && next !== undefined && touching(previous, found) && touching(found, next)) {
    // `allow iam:PassRole`: an action (or `s3:GetObject`) written without its quotes.
    return `actions are strings: write \`"${previous.image}:${wordsFrom(tokens, at + 1)}"\` in double quotes`;
  }
  if (type === Equal && previous?.tokenType === Equal && touching(previous, found)) return 'equality is a single `=` (and `!=` for not equal)';
  if (type === Greater && previous?.tokenType === Less && touching(previous, found)) return 'not equal is written `!=`';
  if (previous?.tokenType === Have && (found.image === 'any' || found.image === 'all')) {
    // `must have any access keys where active`: quantifiers stand alone; `have` counts.
    const rest = lineFrom(tokens, at + 1);
    const count = found.image === 'any' ? `, or count them: \`have at least 1 ${rest}\`` : '';
    return `\`${found.image}\` is a condition of its own: drop \`have\`, \`${found.image} ${rest}\`${count}`;
  }
  if (KEYWORD_TOKENS.has(type)) {
    // `let on = []`: a let or param named like a keyword; then `where on != []` where it is used.
    const name = found.image.toLowerCase().replace(/\s+/g, '_');
    if (previous?.tokenType === Let || previous?.tokenType === Param) {
      const suggestion = `${name}_${tokens[at + 2]?.tokenType === LBracket ? 'list' : 'value'}`;
      return `\`${found.image}\` is a keyword, so it cannot name a ${previous.image.toLowerCase()}: choose another name, such as \`${suggestion}\``;
    }
    if (next !== undefined && COMPARISON_TOKENS.has(next.tokenType)) return `\`${found.image}\` is a keyword, so it cannot be a let, param or attribute name: name the let or param something else`;
  }
  const first = tokens[0];
  if (first?.tokenType === RuleKeyword) {
    if (type === EndOfStatement && previous?.tokenType === Colon) return "the rule's statement goes on the next line, indented under its header";
    const headerEnd = tokens.findIndex((t) => t.tokenType === Colon);
    if ((headerEnd < 0 || headerEnd > at) && (found.startLine ?? 0) > (first.startLine ?? 0)) return 'a rule header ends with `:`, as in `rule root-mfa severity high:`';
  }
  return undefined;
}

/** The statement's words from `from` to the end of its line, as written (a few at most). */
function lineFrom(tokens: readonly IToken[], from: number): string {
  const words: string[] = [];
  for (let i = from; i < Math.min(tokens.length, from + 12); i++) {
    frontEndWork.steps++;
    const t = tokens[i];
    if (t === undefined || t.tokenType === EndOfStatement) break;
    words.push(t.image);
  }
  return words.join(' ');
}

function touching(a: IToken, b: IToken): boolean {
  return (a.endOffset ?? -2) + 1 === b.startOffset;
}

/** The images of the tokens from `from` on that touch each other (`PassRole`, `Get*`), at most a few. */
function wordsFrom(tokens: readonly IToken[], from: number): string {
  let text = tokens[from]?.image ?? '';
  for (let i = from + 1; i < Math.min(tokens.length, from + 8); i++) {
    frontEndWork.steps++;
    const t = tokens[i];
    const before = tokens[i - 1];
    if (t === undefined || before === undefined || !touching(before, t) || t.tokenType === EndOfStatement) break;
    text += t.image;
  }
  return text;
}

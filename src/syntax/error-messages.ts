import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { frontEndWork } from '../diagnostics/index.ts';
import { EOF, tokenLabel } from './chevrotain.ts';
import { EndOfStatement, Except, KEYWORDS, Rationale, References, Remediation, Severity } from './tokens.ts';

/**
 * Parser messages in guard's style: `expected 'have' but found \`mfa\``, `expected a name but
 * found end of line`. Expected things are grammar labels (keywords in single quotes, classes of
 * tokens in words); what was found is the user's text in backticks, or `end of line`/`end of file`.
 * Never chevrotain's own wording (token sequences, iterations) and never a raw line break.
 */

/** What a rule expects when none of its alternatives matched: one phrase reads better than a list. */
const RULE_EXPECTATIONS: Readonly<Record<string, string>> = {
  file: "a rule, 'let' or 'param'",
  statement: "a rule, 'let' or 'param'",
  statementLine: 'end of line',
  body: "'must', 'must not' or 'denied'",
  metadata: "'severity', 'rationale', 'remediation' or 'references'",
  notCondition: 'a condition',
  primary: 'a condition',
  haveCondition: "a name, 'no', 'at least', 'at most' or 'exactly'",
  comparison: "a comparison such as '>' or 'in'",
  operand: 'a value or a name',
  literal: 'a value (a string, number, duration, date, true, false or a list)',
  attributeTail: "a comparison such as '>' or 'in', or a value",
  // test files
  exampleLine: "an entity such as `user \"alice\"`, 'expect' or 'missing'",
  missingSection: 'a section name such as `credential report`',
  outcome: "'passes', 'fails', 'unknown' or 'waived'",
  expectationTarget: 'a string such as `"alice"`, \'where\' or a condition',
  propertySetting: "'runs' or 'seed'",
  propertyStatement: "'for all accounts' or 'property'",
};

/** Entry rules of test files: each parses one line (or one statement), so what ends it is a line end. */
const LINE_RULES: ReadonlySet<string> = new Set(['exampleHeader', 'exampleLine', 'propertyStatement']);

const MAX_FOUND_LENGTH = 40;

export function describeExpected(type: TokenType): string {
  if (type === EOF) return 'end of file';
  return tokenLabel(type);
}

/** The user's text as found, for messages. */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  if (token.tokenType === EndOfStatement) return 'end of line';
  const visible = token.image.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const image = visible.length > MAX_FOUND_LENGTH ? `${visible.slice(0, MAX_FOUND_LENGTH)}…` : visible;
  return `\`${image}\``;
}

function listOf(labels: readonly string[]): string {
  const unique = [...new Set(labels)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1] ?? ''}`;
}

function firstTokens(paths: readonly (readonly TokenType[])[]): TokenType[] {
  return paths.flatMap((path) => (path[0] === undefined ? [] : [path[0]]));
}

/**
 * Hints keyed by message text, for the statement being parsed: the provider can only return a
 * string, so parse.ts clears this before each statement and looks the hint of its error up here.
 */
const hintsByMessage = new Map<string, (() => string | undefined)[]>();

export function clearHints(): void {
  hintsByMessage.clear();
}

export function hintForMessage(message: string): string | undefined {
  for (const hint of hintsByMessage.get(message) ?? []) {
    const text = hint();
    if (text !== undefined) return text;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  frontEndWork.steps += a.length * b.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closestKeyword(written: string, candidates: readonly TokenType[] | null, limitFor: (spelling: string) => number): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const spec of KEYWORDS) {
    if (candidates !== null && !candidates.includes(spec.token)) continue;
    for (const spelling of spec.spellings) {
      // Lengths further apart than the limit cannot be close: skip the table (a word may be a megabyte).
      if (Math.abs(written.length - spelling.length) > limitFor(spelling)) continue;
      const distance = editDistance(written, spelling);
      if (distance > 0 && distance <= limitFor(spelling) && distance < bestDistance) {
        best = spelling;
        bestDistance = distance;
      }
    }
  }
  return best;
}

/**
 * `severty` where `severity` was expected: a keyword spelling close enough to be a typo. Keywords
 * the parser expected are tried first; then, more strictly, any keyword, because what was expected
 * is sometimes only the token after an optional clause (`rule x severty high:` expects ':').
 */
function keywordSuggestion(found: IToken, expected: readonly TokenType[]): string | undefined {
  const written = found.image.toLowerCase();
  if (!/^[a-z_]/.test(written)) return undefined;
  const best = closestKeyword(written, expected, (s) => Math.max(1, Math.floor(s.length / 3))) ?? (written.length >= 4 ? closestKeyword(written, null, (s) => Math.max(1, Math.floor(s.length / 4))) : undefined);
  return best === undefined ? undefined : `did you mean '${best}'?`;
}

const CLAUSE_TOKENS: readonly TokenType[] = [Except, Severity, Rationale, Remediation, References];

/**
 * A misspelt keyword after a name is read as one more word of the name (`root mst have mfa`), so
 * the error shows up at the next token: look at the word before it too.
 */
function previousWordSuggestion(previous: IToken | undefined, expected: readonly TokenType[]): string | undefined {
  if (previous === undefined || previous.tokenType.name !== 'Word') return undefined;
  const best = closestKeyword(previous.image.toLowerCase(), expected, (s) => Math.max(1, Math.floor(s.length / 3)));
  return best === undefined ? undefined : `did you mean '${best}' instead of \`${previous.image}\`?`;
}

/**
 * Keeps how to work out the hint, not the hint: chevrotain builds a message for every error recovery
 * meets, and only the first error of a statement (under the file's cap) is shown.
 */
function remember(message: string, found: IToken, expected: readonly TokenType[], previous?: IToken): string {
  const hints = hintsByMessage.get(message) ?? [];
  if (hints.length === 0) hintsByMessage.set(message, hints);
  // The first one that has a hint is the one shown.
  hints.push(() =>
    CLAUSE_TOKENS.includes(found.tokenType)
      ? `only a named rule has \`${found.image.toLowerCase()}\` clauses: write \`rule <id>:\` above the statement and indent it`
      : (keywordSuggestion(found, expected) ?? previousWordSuggestion(previous, expected)),
  );
  return message;
}

function foundToken(actual: readonly IToken[]): IToken {
  const token = actual[0];
  // INVARIANT: chevrotain always passes the offending token (EOF at the end of input).
  if (token === undefined) throw new Error('parser error without a token');
  return token;
}

export const parserErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const what = expected === EOF && LINE_RULES.has(ruleName) ? 'end of line' : describeExpected(expected);
    return remember(`expected ${what} but found ${describeFound(actual)}`, actual, [expected], previous);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${RULE_EXPECTATIONS['statement'] ?? 'a statement'} but found ${describeFound(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    const found = foundToken(actual);
    const expected = firstTokens(expectedPathsPerAlt.flat());
    const what = RULE_EXPECTATIONS[ruleName] ?? listOf(expected.map(describeExpected));
    return remember(`expected ${what} but found ${describeFound(found)}`, found, expected, previous);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = foundToken(actual);
    const expected = firstTokens(expectedIterationPaths);
    const what = ruleName === 'namePhrase' ? 'a name' : listOf(expected.map(describeExpected));
    return remember(`expected ${what} but found ${describeFound(found)}`, found, expected);
  },
};

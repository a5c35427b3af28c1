import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ILexingResult, IToken, TokenType } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createToken, Lexer } from '../../src/syntax/chevrotain.ts';
import { ALL_TOKENS, guardLexer, guardTestLexer, KEYWORDS, LEXER_OPTIONS, TEST_KEYWORDS, TEST_LEXER_TOKENS } from '../../src/syntax/tokens.ts';
import { REPO } from '../support/run-guard.ts';

/**
 * tokens.ts tells chevrotain which tokens can match a line end and which characters keywords and
 * punctuation start with, so building the lexers does not parse every pattern. A wrong hint would
 * lex silently differently; here both lexers are held to twins built from the same patterns without
 * the hints, where chevrotain works both out itself.
 */
function twinsWithoutHints(tokens: readonly TokenType[]): TokenType[] {
  const twins = new Map<TokenType, TokenType>();
  const twin = (token: TokenType): TokenType => {
    const known = twins.get(token);
    if (known !== undefined) return known;
    const longer = token.LONGER_ALT;
    const made = createToken({
      name: token.name,
      pattern: token.PATTERN ?? Lexer.NA,
      ...(token.GROUP === undefined ? {} : { group: token.GROUP }),
      ...(longer === undefined ? {} : { longer_alt: Array.isArray(longer) ? longer.map(twin) : twin(longer) }),
      ...(token.LINE_BREAKS === true ? { line_breaks: true } : {}),
    });
    twins.set(token, made);
    return made;
  };
  return tokens.map(twin);
}

const plain = (token: IToken): unknown[] => [token.tokenType.name, token.image, token.startOffset, token.startLine, token.startColumn, token.endLine, token.endColumn];
const lexed = (result: ILexingResult): unknown => ({
  tokens: result.tokens.map(plain),
  comments: (result.groups['comments'] ?? []).map(plain),
  errors: result.errors.map((e) => [e.offset, e.length, e.line, e.column, e.message]),
});

const ruleTwin = new Lexer(twinsWithoutHints(ALL_TOKENS), { ...LEXER_OPTIONS, skipValidations: false });
const testTwin = new Lexer(twinsWithoutHints(TEST_LEXER_TOKENS), { ...LEXER_OPTIONS, skipValidations: false });

function guardFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && (e.name.endsWith('.guard') || e.name.endsWith('.guard.txt')))
    .map((e) => join(e.parentPath, e.name));
}

// Keyword spellings in random case, with what can sit around or inside them.
const spellings = [...KEYWORDS.flatMap((k) => k.spellings), ...TEST_KEYWORDS.map((t) => t.name.toLowerCase()), 'example', 'expect', 'passes', 'unknown'];
const fragment = fc.oneof(
  fc.constantFrom(...spellings).chain((s) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''))),
  fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\n  ',
    '#',
    '"',
    '\\',
    '(',
    ')',
    '[',
    ']',
    ',',
    ':',
    '.',
    '!=',
    '<=',
    '>=',
    '<',
    '>',
    '=',
    '!',
    '-',
    '_',
    '90d',
    '2027-01-01',
    '1.5',
    '1.2.3',
    'x',
    'é',
    'ſ',
    '\u212a',
    '\u2028',
    '\u00a0',
  ),
);
const text = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

describe('lexer hints', () => {
  it('lex every rule and test file in the repository as without them', () => {
    const files = [...guardFiles(join(REPO, 'policies')), ...guardFiles(join(REPO, 'test/fixtures')), ...guardFiles(join(REPO, 'examples'))];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(lexed(guardLexer.tokenize(source)), file).toEqual(lexed(ruleTwin.tokenize(source)));
      expect(lexed(guardTestLexer.tokenize(source)), file).toEqual(lexed(testTwin.tokenize(source)));
    }
  });

  it('lex generated text as without them', () => {
    fc.assert(
      fc.property(text, (source) => {
        expect(lexed(guardLexer.tokenize(source))).toEqual(lexed(ruleTwin.tokenize(source)));
        expect(lexed(guardTestLexer.tokenize(source))).toEqual(lexed(testTwin.tokenize(source)));
      }),
      { numRuns: 2000 },
    );
  });
});

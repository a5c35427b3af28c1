import type { TokenType } from 'chevrotain';
import { createToken as chevrotainToken, Lexer } from './chevrotain.ts';

/**
 * The token table. Order is priority (the first pattern that matches wins; `longer_alt` lets a
 * name that merely starts with a keyword, `mustang`, stay a name):
 * layout, comments, literals, punctuation, keyword phrases, one-word keywords, names.
 *
 * Keywords are case-insensitive (`MUST` is `must`); the printer writes them in lowercase.
 * Names are not keywords: collections and attributes are phrases of `Word`s resolved later
 * against the schema, so the reserved-word list stays short.
 */

/** A name character; literals and keyword phrases must not be followed by one (`90days`, `not in_use`). */
const NAME_CHAR = '[A-Za-z0-9_-]';

/**
 * What building a lexer would otherwise work out by parsing each pattern (about half its cost at
 * start-up), said once: no token matches a line end but those declaring `line_breaks: true`, and
 * keywords and punctuation give the characters they start with. test/syntax/lexer-hints.test.ts
 * holds the lexers to ones built without these hints.
 */
function createToken(config: Parameters<typeof chevrotainToken>[0]): TokenType {
  return chevrotainToken({ line_breaks: false, ...config });
}

/** A keyword's first characters, in either case (keywords match case-insensitively). */
function startChars(spellings: readonly string[]): string[] {
  return [...new Set(spellings.flatMap((s) => [s.charAt(0).toLowerCase(), s.charAt(0).toUpperCase()]))];
}

// An indented line continues the statement (rule bodies, `except` lines); an indented comment line
// does too, so comments may sit inside a rule block.
export const Continuation = createToken({
  name: 'Continuation',
  pattern: /(?:[ \t]*\r?\n)+[ \t]+(?=\S)/,
  line_breaks: true,
  group: Lexer.SKIPPED,
  label: 'a continued line',
});

export const EndOfStatement = createToken({
  name: 'EndOfStatement',
  pattern: /(?:[ \t]*\r?\n)+/,
  line_breaks: true,
  label: 'end of line',
});

export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t]+/, group: Lexer.SKIPPED, label: 'a space' });

export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments', label: 'a comment' });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: 'a string',
});

/**
 * A string without its closing quote, to the end of the line. It counts as a string for the parser
 * (so one missing quote is one diagnostic, not a cascade); the lexing step reports it.
 */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
  label: 'a string',
});

/**
 * Text between typographic quotes (`“alice”`, from a word processor) or single quotes (`'alice'`):
 * a string to the parser, so one misquoted string is one diagnostic (not one per quote, nor a parse
 * error on the word between them); the lexing step reports it with the fix.
 */
export const MisquotedString = createToken({
  name: 'MisquotedString',
  pattern: /['\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb][^'"\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb\r\n]*['\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]/,
  categories: [StringLiteral],
  label: 'a string',
});

export const DurationLiteral = createToken({
  name: 'DurationLiteral',
  pattern: new RegExp(`\\d+[hdwHDW](?!${NAME_CHAR}|\\.)`),
  label: 'a duration such as 90d',
});

export const DateLiteral = createToken({
  name: 'DateLiteral',
  pattern: new RegExp(`\\d{4}-\\d{2}-\\d{2}(?!${NAME_CHAR}|\\.)`),
  label: 'a date such as 2027-01-01',
});

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: new RegExp(`\\d+(?:\\.\\d+)?(?!${NAME_CHAR}|\\.)`),
  label: 'a number',
});

/**
 * Digits run into letters or dots (`90days`, `1.2.3`, `2027-3-1`). It counts as any numeric literal
 * for the parser; converting it to the AST reports `syntax/bad-literal` with a hint.
 */
export const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: /\d[A-Za-z0-9_.-]*/,
  categories: [NumberLiteral, DurationLiteral, DateLiteral],
  label: 'a number',
});

function punctuation(name: string, pattern: RegExp, text: string): TokenType {
  return createToken({ name, pattern, label: `'${text}'`, start_chars_hint: [text.charAt(0)] });
}

export const LParen = punctuation('LParen', /\(/, '(');
export const RParen = punctuation('RParen', /\)/, ')');
export const LBracket = punctuation('LBracket', /\[/, '[');
export const RBracket = punctuation('RBracket', /]/, ']');
export const Comma = punctuation('Comma', /,/, ',');
export const Colon = punctuation('Colon', /:/, ':');
export const Dot = punctuation('Dot', /\./, '.');
export const NotEqual = punctuation('NotEqual', /!=/, '!=');
export const LessEqual = punctuation('LessEqual', /<=/, '<=');
export const GreaterEqual = punctuation('GreaterEqual', />=/, '>=');
export const Less = punctuation('Less', /</, '<');
export const Greater = punctuation('Greater', />/, '>');
export const Equal = punctuation('Equal', /=/, '=');

/**
 * A word of a rule id: a name, or one of the keywords added with effective permissions (`admin`,
 * `can`, ...), so that ids written before they were reserved (`rule admin:`) still parse.
 */
export const IdWord = createToken({ name: 'IdWord', pattern: Lexer.NA, label: 'a name' });

export const Word = createToken({ name: 'Word', pattern: /[A-Za-z_][A-Za-z0-9_-]*/, label: 'a name', categories: [IdWord] });

/** Every spelling of every keyword, canonical first, for the reserved-word list and the TextMate grammar. */
export interface KeywordSpec {
  readonly token: TokenType;
  /** Accepted spellings (lowercase; matched case-insensitively); the first is the canonical one. */
  readonly spellings: readonly string[];
  /**
   * Also accepted as a word of a name (`trust statements`): allowed only for keywords that are
   * always followed by a string, so two tokens of lookahead tell the two uses apart.
   */
  readonly alsoAName: boolean;
  /** What the keyword does, for syntax highlighting (grammar/guard.tmLanguage.json). */
  readonly role: KeywordRole;
}

export type KeywordRole = 'declaration' | 'clause' | 'verdict' | 'operator' | 'constant';

const keywordSpecs: KeywordSpec[] = [];

function keyword(name: string, role: KeywordRole, spellings: readonly string[], options: { alsoAName?: boolean; alsoAnId?: boolean } = {}): TokenType {
  // Regex alternatives are tried left to right, so longer spellings go first (`exists|exist`).
  const alternatives = [...spellings]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/ /g, '[ \\t]+'))
    .join('|');
  const phrase = spellings.some((s) => s.includes(' '));
  // A phrase must not run into a name (`not in_use` is `not` + `in_use`); a one-word keyword gets the
  // same effect from longer_alt.
  const pattern = new RegExp(phrase ? `(?:${alternatives})(?!${NAME_CHAR})` : `(?:${alternatives})`, 'i');
  const token = createToken({
    name,
    pattern,
    label: `'${spellings[0] ?? name}'`,
    start_chars_hint: startChars(spellings),
    ...(phrase ? {} : { longer_alt: Word }),
    ...(options.alsoAName === true ? { categories: [Word] } : options.alsoAnId === true ? { categories: [IdWord] } : {}),
  });
  keywordSpecs.push({ token, spellings, alsoAName: options.alsoAName === true, role });
  return token;
}

/**
 * Names of the schema with a keyword among their words (`in organization`, `all features`, `valid
 * until`), lexed as one name, so that they are written as `guard schema` prints them; a test holds
 * this list to the schema. Only these phrases: `name in organizations` is still a comparison. (Names
 * starting with `not` are not here: `not actions` is the negation of `actions`, and `guard schema`
 * prints those with underscores, `not_actions`.)
 */
export const KEYWORD_NAMES: readonly string[] = ['in organization', 'all features', 'valid until'];

export const KeywordName = createToken({
  name: 'KeywordName',
  pattern: new RegExp(`(?:${KEYWORD_NAMES.map((n) => n.replace(/ /g, '[ \\t]+')).join('|')})(?!${NAME_CHAR})`, 'i'),
  label: 'a name',
  categories: [Word],
});

// Phrases first (each before the one-word keywords it starts with), longest first.
export const NotMatches = keyword('NotMatches', 'operator', ['not matches']);
export const NotContains = keyword('NotContains', 'operator', ['not contains']);
export const MustNot = keyword('MustNot', 'verdict', ['must not']);
export const AtLeast = keyword('AtLeast', 'operator', ['at least']);
export const AtMost = keyword('AtMost', 'operator', ['at most']);
export const NotIn = keyword('NotIn', 'operator', ['not in']);
// List operators: `actions any of ["iam:*", "*"]`. Phrases, so `any` and `all` stay quantifiers and
// `none` and `subset` stay usable in names.
export const AnyOf = keyword('AnyOf', 'operator', ['any of']);
export const AllOf = keyword('AllOf', 'operator', ['all of']);
export const NoneOf = keyword('NoneOf', 'operator', ['none of']);
export const SubsetOf = keyword('SubsetOf', 'operator', ['subset of']);
// Effective permissions: `be able to "iam:PassRole"` and `be admin` read aloud after `must` / `must not`.
export const BeAbleTo = keyword('BeAbleTo', 'operator', ['be able to']);
export const BeAdmin = keyword('BeAdmin', 'operator', ['be admin']);
// Organization guardrails: `scps deny "..."`, and after `have` (`must have scps denying "..."`).
// Phrases, so that `scps` and `rcps` stay names (`have no scps`, `effective scps`).
export const ScpsDeny = keyword('ScpsDeny', 'operator', ['scps deny', 'scps denies']);
export const RcpsDeny = keyword('RcpsDeny', 'operator', ['rcps deny', 'rcps denies']);
export const ScpsDenying = keyword('ScpsDenying', 'operator', ['scps denying']);
export const RcpsDenying = keyword('RcpsDenying', 'operator', ['rcps denying']);
// A region guardrail: `have scps denying "ec2:RunInstances" outside regions ["eu-west-1"]`. A phrase, so `outside` stays a name.
export const OutsideRegions = keyword('OutsideRegions', 'operator', ['outside regions', 'outside region']);

// `have a trust statement where ...`, `have some statements`: at least one. Phrases, so `a` and
// `some` stay usable in names.
export const HaveSome = keyword('HaveSome', 'operator', ['have some', 'have an', 'have a', 'has some', 'has an', 'has a']);
// `requires key "sts:ExternalId"`: the statement's condition requires the key.
export const RequiresKey = keyword('RequiresKey', 'operator', ['requires key', 'require key']);
// Classes of principal, after `trust` and `principal is`.
export const PrincipalIs = keyword('PrincipalIs', 'operator', ['principal is']);
export const OtherAccounts = keyword('OtherAccounts', 'constant', ['other accounts', 'another account']);
export const AService = keyword('AService', 'constant', ['a service']);
export const AFederatedProvider = keyword('AFederatedProvider', 'constant', ['a federated provider']);

// Statements and rule clauses.
export const Let = keyword('Let', 'declaration', ['let']);
export const Param = keyword('Param', 'declaration', ['param']);
export const RuleKeyword = keyword('Rule', 'declaration', ['rule']);
// Named conditions: `define trusting github actions for statements: ...`. `for` is also the test
// files' `for all` (one token for both languages).
export const Define = keyword('Define', 'declaration', ['define']);
export const For = keyword('For', 'clause', ['for']);
export const Severity = keyword('Severity', 'clause', ['severity']);
export const Rationale = keyword('Rationale', 'clause', ['rationale']);
export const Remediation = keyword('Remediation', 'clause', ['remediation']);
export const References = keyword('References', 'clause', ['references']);
export const Except = keyword('Except', 'clause', ['except']);
export const Until = keyword('Until', 'clause', ['until']);
export const Because = keyword('Because', 'clause', ['because']);
// Bodies and scopes.
export const Must = keyword('Must', 'verdict', ['must']);
export const Denied = keyword('Denied', 'verdict', ['denied']);
export const Where = keyword('Where', 'operator', ['where']);
export const With = keyword('With', 'operator', ['with']);
// Conditions.
export const And = keyword('And', 'operator', ['and']);
export const Or = keyword('Or', 'operator', ['or']);
export const Not = keyword('Not', 'operator', ['not']);
export const Have = keyword('Have', 'operator', ['have', 'has']);
export const Exist = keyword('Exist', 'operator', ['exist', 'exists']);
export const Allow = keyword('Allow', 'operator', ['allow', 'allows'], { alsoAName: true });
export const On = keyword('On', 'operator', ['on']);
export const Trust = keyword('Trust', 'operator', ['trust', 'trusts'], { alsoAName: true });
export const Can = keyword('Can', 'operator', ['can'], { alsoAnId: true });
export const Admin = keyword('Admin', 'operator', ['admin'], { alsoAnId: true });
export const Escalate = keyword('Escalate', 'operator', ['escalate'], { alsoAnId: true });
export const Unconditionally = keyword('Unconditionally', 'operator', ['unconditionally'], { alsoAnId: true });
// Before `any`, which would otherwise take its first three letters (and hand the word to Word).
export const Anyone = keyword('Anyone', 'constant', ['anyone'], { alsoAnId: true });
export const Any = keyword('Any', 'operator', ['any']);
export const All = keyword('All', 'operator', ['all']);
export const Exactly = keyword('Exactly', 'operator', ['exactly']);
export const No = keyword('No', 'operator', ['no']);
export const In = keyword('In', 'operator', ['in']);
export const Matches = keyword('Matches', 'operator', ['matches']);
export const Contains = keyword('Contains', 'operator', ['contains']);
export const True = keyword('True', 'constant', ['true']);
export const False = keyword('False', 'constant', ['false']);

export const KEYWORDS: readonly KeywordSpec[] = keywordSpecs;

/** In priority order. */
export const ALL_TOKENS: readonly TokenType[] = [
  Continuation,
  EndOfStatement,
  Whitespace,
  Comment,
  StringLiteral,
  UnterminatedString,
  MisquotedString,
  DurationLiteral,
  DateLiteral,
  NumberLiteral,
  MalformedNumber,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equal,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  KeywordName,
  ...keywordSpecs.map((k) => k.token),
  Word,
  IdWord,
];

/**
 * Every keyword spelling (phrases with one space), for docs and did-you-mean. Keywords marked
 * `alsoAName` (`allow`, `trust`) are listed too, though a name may use them.
 */
export const RESERVED_WORDS: readonly string[] = keywordSpecs.flatMap((k) => k.spellings);

/**
 * Both lexers skip chevrotain's token validations, which every run would pay for at start-up;
 * test/syntax/grammar-artifacts.test.ts builds them with the validations on.
 */
export const LEXER_OPTIONS = { ensureOptimizations: true, positionTracking: 'full', skipValidations: true } as const;

export const guardLexer = new Lexer([...ALL_TOKENS], LEXER_OPTIONS);

// ---------------------------------------------------------------------------------------------
// Test files (`*.test.guard`, see docs/guard-test.md). They reuse the whole rule vocabulary and add
// the words below, which only the test-file lexer produces: in rule files they stay ordinary names.

/**
 * In a test file an indented line is a token of its own (rule files skip it as `Continuation`):
 * parse-test-file.ts uses it to split an example block into its lines.
 */
export const IndentedLine = createToken({
  name: 'IndentedLine',
  pattern: /(?:[ \t]*\r?\n)+[ \t]+(?=\S)/,
  line_breaks: true,
  label: 'an indented line',
});

const testKeywordTokens: TokenType[] = [];

function testKeyword(name: string, spellings: readonly string[]): TokenType {
  const alternatives = [...spellings].sort((a, b) => b.length - a.length).join('|');
  const token = createToken({ name, pattern: new RegExp(`(?:${alternatives})`, 'i'), label: `'${spellings[0] ?? name}'`, longer_alt: Word, start_chars_hint: startChars(spellings) });
  testKeywordTokens.push(token);
  return token;
}

export const Example = testKeyword('Example', ['example']);
export const Expect = testKeyword('Expect', ['expect']);
export const Passes = testKeyword('Passes', ['passes', 'pass']);
export const Fails = testKeyword('Fails', ['fails', 'fail']);
export const UnknownOutcome = testKeyword('UnknownOutcome', ['unknown']);
export const Waived = testKeyword('Waived', ['waived']);
export const Missing = testKeyword('Missing', ['missing']);
export const Property = testKeyword('Property', ['property']);
export const Runs = testKeyword('Runs', ['runs']);
export const Seed = testKeyword('Seed', ['seed']);
export const At = testKeyword('At', ['at']);

/** The words test files reserve on top of the rule language's (docs/guard-test.md lists them). */
export const TEST_KEYWORDS: readonly TokenType[] = testKeywordTokens;

/** Test-file keyword spellings, for docs and did-you-mean. */
export const TEST_RESERVED_WORDS: readonly string[] = ['example', 'expect', 'passes', 'pass', 'fails', 'fail', 'unknown', 'waived', 'missing', 'property', 'runs', 'seed', 'at'];

/** Every token the parser knows: the rule language's and the test files'. */
export const PARSER_TOKENS: readonly TokenType[] = [...ALL_TOKENS, IndentedLine, ...testKeywordTokens];

/** The lexer of test files: indented lines are tokens, test keywords come before names. */
export const TEST_LEXER_TOKENS: readonly TokenType[] = [IndentedLine, ...ALL_TOKENS.filter((t) => t !== Continuation && t !== Word), ...testKeywordTokens, Word];

let testLexer: Lexer | undefined;

/** Built on first use: checking or evaluating rule files never lexes a test file. */
export const guardTestLexer: Pick<Lexer, 'tokenize'> = {
  tokenize: (text, initialMode) => {
    testLexer ??= new Lexer([...TEST_LEXER_TOKENS], LEXER_OPTIONS);
    return testLexer.tokenize(text, initialMode);
  },
};

import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import { error, frontEndWork, MAX_DIAGNOSTICS_PER_FILE, sortDiagnostics } from '../diagnostics/index.ts';
import type { Comment } from './ast.ts';
import type { ConversionContext } from './cst-to-ast.ts';
import { clearHints, describeFound, hintForMessage } from './error-messages.ts';
import type { ExampleHeaderCstNode, ExampleLineCstNode, PropertyStatementCstNode } from './generated/cst.d.ts';
import { describeProblem, firstProblemFrom, type LexProblem, lexProblems } from './lexer-problems.ts';
import { guardParser } from './parser.ts';
import { exampleHeaderToAst, exampleLineToAst, propertyToAst } from './test-cst-to-ast.ts';
import type { ExampleLine, TestFile, TestStatement } from './test-file-ast.ts';
import { Colon, EndOfStatement, Example, Expect, For, guardTestLexer, IndentedLine, Missing, Property, Word } from './tokens.ts';

/**
 * Test-file text → AST. A test file is a list of top-level statements (a line at column 0 and the
 * indented lines after it):
 *   - `example "name" [at DATE]:` and, indented below it, one item per line: entities of the account,
 *     `missing <section>`, `expect ...`; a line indented deeper than the block continues the line above;
 *   - `[property "name" runs N seed S:] for all accounts [where <condition>], expect ...`, whose
 *     indented lines continue it, like a rule.
 * Each piece is parsed on its own (parser.ts entry rules), so an error in one line never hides the
 * next; one diagnostic per piece, as for rule files.
 */

export interface TestParseResult {
  readonly file: TestFile;
  readonly diagnostics: readonly Diagnostic[];
}

interface Chunk {
  readonly tokens: IToken[];
}

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function isLayout(token: IToken): boolean {
  return token.tokenType === IndentedLine || token.tokenType === EndOfStatement;
}

/** Top-level statements: split at line ends; an indented line after a column-0 comment still belongs to the statement above. */
function splitChunks(tokens: readonly IToken[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  for (const token of tokens) {
    if (token.tokenType === EndOfStatement) {
      current = null;
      continue;
    }
    if (current === null) {
      const previous = chunks[chunks.length - 1];
      if (token.tokenType === IndentedLine && previous !== undefined) current = previous;
      else {
        current = { tokens: [] };
        chunks.push(current);
      }
    }
    current.tokens.push(token);
  }
  return chunks;
}

/** Width of the indentation an `IndentedLine` token ends with. */
function indentation(token: IToken): number {
  return token.image.length - token.image.lastIndexOf('\n') - 1;
}

function spanOf(path: string, tokens: readonly IToken[]): Span {
  const real = tokens.filter((t) => !isLayout(t));
  const first = real[0];
  const last = real[real.length - 1];
  if (first === undefined || last === undefined) return { file: path, start: 0, end: 0 };
  return { file: path, start: first.startOffset, end: tokenEnd(last) };
}

function errorSpan(path: string, exception: IRecognitionException, tokens: readonly IToken[]): Span {
  const token = exception.token;
  const real = Number.isFinite(token.startOffset) && token.startOffset >= 0 && token.isInsertedInRecovery !== true;
  if (real) return { file: path, start: token.startOffset, end: tokenEnd(token) };
  // At the end of the piece (EOF) or a token recovery inserted: just after the last real token.
  const last = tokens[tokens.length - 1];
  const at = last === undefined ? 0 : tokenEnd(last);
  return { file: path, start: at, end: at };
}

/** The file's lexer problems, and which of them a piece has already reported. */
interface Lexing {
  readonly path: string;
  readonly text: string;
  readonly problems: readonly LexProblem[];
  readonly reported: boolean[];
}

/** The first lexer problem inside `extent`, as the piece's diagnostic (binary search, not a scan). */
function problemIn(lexing: Lexing, extent: Span): Diagnostic | undefined {
  const i = firstProblemFrom(lexing.problems, extent.start);
  const problem = lexing.problems[i];
  if (problem === undefined || problem.start > extent.end) return undefined;
  lexing.reported[i] = true;
  return describeProblem(lexing.path, lexing.text, problem);
}

interface PieceResult<T> {
  readonly value: T | null;
  readonly diagnostic: Diagnostic | null;
}

const LINE_KEYWORDS = ['expect', 'missing', 'example', 'property', 'for'] as const;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `expekt stale-keys fails`: a misspelt test keyword reads as a name, and the error comes later; say what was meant. */
function keywordTypo(tokens: readonly IToken[]): string | undefined {
  const first = tokens.find((t) => !isLayout(t));
  if (first === undefined || first.tokenType !== Word) return undefined;
  const written = first.image.toLowerCase();
  const best = LINE_KEYWORDS.find(
    (k) => written !== k && written.length >= 3 && Math.abs(written.length - k.length) <= Math.max(1, Math.floor(k.length / 3)) && editDistance(written, k) <= Math.max(1, Math.floor(k.length / 3)),
  );
  return best === undefined ? undefined : `did you mean '${best}' instead of \`${first.image}\`?`;
}

/** Parses one piece with an entry rule, then converts it; the first problem is its one diagnostic. */
function parsePiece<N extends CstNode, T>(path: string, tokens: IToken[], lexing: Lexing, entry: () => CstNode, convert: (ctx: ConversionContext, node: N) => T | null): PieceResult<T> {
  const extent = spanOf(path, tokens);
  const lexed = problemIn(lexing, extent);
  clearHints();
  guardParser.input = tokens;
  const cst = entry() as N;
  const firstError = guardParser.errors[0];
  const ctx: ConversionContext = { file: path, diagnostics: [] };
  const value = convert(ctx, cst);
  if (lexed !== undefined) return { value: null, diagnostic: lexed };
  if (firstError !== undefined) {
    const hint = hintForMessage(firstError.message) ?? keywordTypo(tokens);
    // A piece is one line (or one statement): its end is the end of a line, not of the file.
    const message = firstError.message.replace(/found end of file$/, 'found end of line');
    return { value: null, diagnostic: error('syntax/unexpected-token', message, errorSpan(path, firstError, tokens), hint === undefined ? {} : { hint }) };
  }
  const converted = ctx.diagnostics[0];
  if (converted !== undefined) return { value: null, diagnostic: converted };
  return { value, diagnostic: value === null ? error('syntax/unexpected-token', 'this line could not be read', extent) : null };
}

/** An example block: the header line, then one item per line of the block. */
function parseExample(path: string, chunk: Chunk, lexing: Lexing, diagnostics: Diagnostic[]): TestStatement {
  const tokens = chunk.tokens;
  let end = tokens.findIndex((t) => t.tokenType === IndentedLine);
  if (end === -1) end = tokens.length;
  // Something after the colon on the header line is the block's first line.
  const colon = tokens.slice(0, end).findIndex((t) => t.tokenType === Colon);
  const headerEnd = colon !== -1 && colon + 1 < end ? colon + 1 : end;
  const headerTokens = tokens.slice(0, headerEnd);
  const header = parsePiece(
    path,
    headerTokens,
    lexing,
    () => guardParser.exampleHeader(),
    (ctx, node: ExampleHeaderCstNode) => exampleHeaderToAst(ctx, node),
  );
  if (header.diagnostic) diagnostics.push(header.diagnostic);

  const lines: IToken[][] = [];
  let blockIndent: number | null = null;
  let current: IToken[] | null = headerEnd < end ? [] : null;
  if (current !== null) lines.push(current);
  for (const token of tokens.slice(headerEnd)) {
    if (token.tokenType === IndentedLine) {
      const width = indentation(token);
      blockIndent ??= width;
      if (width > blockIndent && current !== null) continue; // a continued line
      current = [];
      lines.push(current);
      continue;
    }
    current?.push(token);
  }
  const parsed: ExampleLine[] = [];
  for (const line of lines) {
    if (line.length === 0) continue;
    const fallback = spanOf(path, line);
    const result = parsePiece(
      path,
      line,
      lexing,
      () => guardParser.exampleLine(),
      (ctx, node: ExampleLineCstNode) => exampleLineToAst(ctx, node, fallback),
    );
    if (result.diagnostic) diagnostics.push(result.diagnostic);
    parsed.push(result.value === null || result.diagnostic ? { kind: 'error', span: fallback } : result.value);
  }
  const span = spanOf(path, tokens);
  if (header.value === null) return { kind: 'error', span };
  return { kind: 'example', name: header.value.name, at: header.value.at, lines: parsed, span };
}

const STATEMENT_STARTS = new Set([Example, Property, For]);

export function parseTestFile(text: string, path: string): TestParseResult {
  const lexed = guardTestLexer.tokenize(text);
  const problems = lexProblems(lexed.tokens, lexed.errors);
  const lexing: Lexing = { path, text, problems, reported: problems.map(() => false) };
  const diagnostics: Diagnostic[] = [];
  const statements: TestStatement[] = [];
  for (const chunk of splitChunks(lexed.tokens)) {
    const first = chunk.tokens.find((t) => !isLayout(t));
    if (first === undefined) continue;
    const span = spanOf(path, chunk.tokens);
    if (first.tokenType === Example) {
      statements.push(parseExample(path, chunk, lexing, diagnostics));
      continue;
    }
    if (!STATEMENT_STARTS.has(first.tokenType)) {
      const lexed = problemIn(lexing, span);
      const looksLikeALine = first.tokenType === Expect || first.tokenType === Missing || first.tokenType === Word;
      diagnostics.push(
        lexed ??
          error(
            'syntax/unexpected-token',
            `expected 'example', 'property' or 'for all accounts' but found ${describeFound(first)}`,
            { file: path, start: first.startOffset, end: tokenEnd(first) },
            {
              hint: looksLikeALine ? 'indent the lines of an example under its `example "<name>":` line' : 'a test file holds `example "<name>":` blocks and `for all accounts ...` properties',
            },
          ),
      );
      statements.push({ kind: 'error', span });
      continue;
    }
    const tokens = chunk.tokens.filter((t) => !isLayout(t));
    const result = parsePiece(
      path,
      tokens,
      lexing,
      () => guardParser.propertyStatement(),
      (ctx, node: PropertyStatementCstNode) => propertyToAst(ctx, node),
    );
    if (result.diagnostic) diagnostics.push(result.diagnostic);
    statements.push(result.value === null || result.diagnostic ? { kind: 'error', span } : result.value);
  }
  // Problems no piece reported (a line of stray characters): in offset order, so only the first
  // MAX_DIAGNOSTICS_PER_FILE of them can make the cap.
  let stray = 0;
  for (let i = 0; i < problems.length && stray < MAX_DIAGNOSTICS_PER_FILE; i++) {
    frontEndWork.steps++;
    if (lexing.reported[i] === true) continue;
    diagnostics.push(describeProblem(path, text, problems[i] as LexProblem));
    stray++;
  }
  const comments: Comment[] = (lexed.groups['comments'] ?? []).map((c) => ({
    text: c.image.slice(1),
    span: { file: path, start: c.startOffset, end: tokenEnd(c) },
  }));
  return {
    file: { kind: 'test-file', path, statements, comments },
    diagnostics: sortDiagnostics(diagnostics).slice(0, MAX_DIAGNOSTICS_PER_FILE),
  };
}

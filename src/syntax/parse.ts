import type { IRecognitionException, IToken } from 'chevrotain';
import { error, sortDiagnostics } from '../diagnostics/index.ts';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import type { Comment, Condition, RuleFile, Statement } from './ast.ts';
import { statementToAst } from './cst-to-ast.ts';
import type { ConversionContext } from './cst-to-ast.ts';
import type { StatementLineCstNode } from './cst.generated.d.ts';
import { clearHints, hintForMessage } from './error-messages.ts';
import { guardParser, parseStatementTokens } from './parser.ts';
import { All, Any, EndOfStatement, guardLexer, LBracket, LParen, Not, UnterminatedString, Where, With } from './tokens.ts';

/**
 * Text → AST, in three steps (cf. Cedar's parser.rs):
 *   1. lex the whole file (tokens.ts); bad characters and unterminated strings become diagnostics;
 *   2. split the tokens at line ends (unindented lines start statements) and parse each statement
 *      on its own (parser.ts), so an error never swallows the statements after it;
 *   3. turn each statement's CST into AST (cst-to-ast.ts).
 * A statement with a problem becomes `{ kind: 'error' }` (or keeps its shape with an error
 * condition inside) and is reported once: the first problem in a statement explains it, the
 * rest would be noise.
 */

/** Enough to fix a file in one round without burying the first error. */
export const MAX_DIAGNOSTICS_PER_FILE = 10;

export interface ParseResult {
  readonly file: RuleFile;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The parser, the AST conversion and the printer recurse once per nesting level; a statement with
 * hundreds of them is not a rule anyone writes, but it must not overflow the stack. Counting the
 * tokens that may open a level is a cheap, conservative bound (about a third of what overflows).
 */
export const MAX_NESTING = 100;

const NESTING_TOKENS = new Set([LParen, LBracket, Not, Any, All, Where, With]);

function tooDeep(path: string, slice: StatementSlice): Diagnostic | null {
  let count = 0;
  for (const t of slice.tokens) {
    if (!NESTING_TOKENS.has(t.tokenType)) continue;
    if (++count > MAX_NESTING) {
      return error('syntax/unexpected-token', `statement nests too deeply: more than ${MAX_NESTING} parentheses, brackets, \`not\`s and \`where\`s`, { file: path, start: t.startOffset, end: tokenEnd(t) }, {
        hint: 'split the rule, or use `let` to name a long list',
      });
    }
  }
  return null;
}

interface StatementSlice {
  /** The statement's tokens and the line ends after it. */
  readonly tokens: IToken[];
  /** The text the statement owns: from the end of the previous line end to its own line end. */
  readonly extent: Span;
  /** Where its own tokens start. */
  readonly start: number;
}

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function splitStatements(tokens: readonly IToken[], path: string, textLength: number): StatementSlice[] {
  const slices: StatementSlice[] = [];
  let extentStart = 0;
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    if (first === undefined) break;
    if (first.tokenType === EndOfStatement) {
      extentStart = tokenEnd(first);
      i++;
      continue;
    }
    const own: IToken[] = [];
    while (i < tokens.length && tokens[i]?.tokenType !== EndOfStatement) own.push(tokens[i++] as IToken);
    const ends: IToken[] = [];
    while (i < tokens.length && tokens[i]?.tokenType === EndOfStatement) ends.push(tokens[i++] as IToken);
    const firstEnd = ends[0];
    const extentEnd = firstEnd === undefined ? textLength : firstEnd.startOffset;
    slices.push({ tokens: [...own, ...ends], extent: { file: path, start: extentStart, end: extentEnd }, start: first.startOffset });
    const lastEnd = ends[ends.length - 1];
    extentStart = lastEnd === undefined ? textLength : tokenEnd(lastEnd);
  }
  return slices;
}

function within(span: Span | null, extent: Span): boolean {
  return span !== null && span.start >= extent.start && span.start <= extent.end;
}

/** Where a parse error points: the token found, or just after the last real token before it. */
function errorSpan(path: string, exception: IRecognitionException, slice: StatementSlice): Span {
  const token = exception.token;
  const real = Number.isFinite(token.startOffset) && token.startOffset >= 0 && token.isInsertedInRecovery !== true;
  if (real && token.tokenType !== EndOfStatement) return { file: path, start: token.startOffset, end: tokenEnd(token) };
  const limit = real ? token.startOffset : Number.POSITIVE_INFINITY;
  let anchor = slice.start;
  for (const t of slice.tokens) {
    if (t.tokenType === EndOfStatement || t.startOffset >= limit) break;
    anchor = tokenEnd(t);
  }
  return { file: path, start: anchor, end: anchor };
}

function parseDiagnostic(path: string, exception: IRecognitionException, slice: StatementSlice): Diagnostic {
  const hint = hintForMessage(exception.message);
  return error('syntax/unexpected-token', exception.message, errorSpan(path, exception, slice), hint === undefined ? {} : { hint });
}

function containsError(statement: Statement): boolean {
  switch (statement.kind) {
    case 'error':
      return true;
    case 'let':
    case 'param':
      return false;
    case 'rule': {
      const body = statement.body;
      const filter = body.scope.filter;
      const conditions: Condition[] = [];
      if (filter !== null) {
        if (filter.kind === 'inline') conditions.push(...filter.rest.map((r) => r.condition));
        else conditions.push(filter.condition);
      }
      if (body.kind !== 'denied') conditions.push(body.condition);
      return conditions.some(conditionHasError);
    }
  }
}

function conditionHasError(c: Condition): boolean {
  switch (c.kind) {
    case 'error':
      return true;
    case 'and':
    case 'or':
      return c.operands.some(conditionHasError);
    case 'not':
    case 'group':
      return conditionHasError(c.operand);
    case 'count':
    case 'no':
      return c.where !== null && conditionHasError(c.where);
    case 'any':
    case 'all':
      return conditionHasError(c.where);
    case 'have':
    case 'have-value':
    case 'compare':
    case 'exist':
    case 'allow':
    case 'trust':
      return false;
  }
}

export function lexerDiagnostics(path: string, text: string, tokens: readonly IToken[], errors: readonly { offset: number; length: number }[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const e of errors) {
    const found = text.slice(e.offset, e.offset + e.length);
    // Control characters (a lone carriage return, say) are shown escaped, never raw.
    const visible = found.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const shown = visible.length > 20 ? `${visible.slice(0, 20)}…` : visible;
    diagnostics.push(
      error('syntax/unexpected-character', `unexpected character${found.length > 1 ? 's' : ''} \`${shown}\``, { file: path, start: e.offset, end: e.offset + e.length }, {
        hint: 'names are letters, digits, `_` and `-`; text goes in double quotes',
      }),
    );
  }
  for (const t of tokens) {
    if (t.tokenType !== UnterminatedString) continue;
    diagnostics.push(
      error('syntax/unterminated-string', 'unterminated string', { file: path, start: t.startOffset, end: tokenEnd(t) }, {
        hint: 'add the closing `"` on the same line',
      }),
    );
  }
  return diagnostics;
}

export function parseRuleFile(text: string, path: string): ParseResult {
  const lexed = guardLexer.tokenize(text);
  const lexing = lexerDiagnostics(path, text, lexed.tokens, lexed.errors);
  const diagnostics: Diagnostic[] = [];
  const statements: Statement[] = [];

  for (const slice of splitStatements(lexed.tokens, path, text.length)) {
    const nesting = tooDeep(path, slice);
    if (nesting !== null) {
      diagnostics.push(nesting);
      statements.push({ kind: 'error', span: { file: path, start: slice.start, end: slice.extent.end } });
      continue;
    }
    clearHints();
    const cst = parseStatementTokens(slice.tokens) as StatementLineCstNode;
    const parseErrors = [...guardParser.errors];
    const lexingHere = lexing.filter((d) => within(d.span, slice.extent));
    const ctx: ConversionContext = { file: path, diagnostics: [] };
    const statementNode = cst.children.statement?.[0];
    const fallback: Span = { file: path, start: slice.start, end: slice.extent.end };
    let statement: Statement = statementNode ? statementToAst(ctx, statementNode, fallback) : { kind: 'error', span: fallback };
    // One report per statement: a lexing problem explains the parse errors after it.
    const firstParseError = parseErrors[0];
    if (lexingHere.length > 0) diagnostics.push(...lexingHere);
    else if (firstParseError !== undefined) diagnostics.push(parseDiagnostic(path, firstParseError, slice));
    else diagnostics.push(...ctx.diagnostics);
    // Deletion recovery can leave a well-formed CST behind; a reported statement never passes as good.
    const reported = lexingHere.length > 0 || firstParseError !== undefined || ctx.diagnostics.length > 0;
    if (reported && !containsError(statement)) statement = { kind: 'error', span: fallback };
    statements.push(statement);
  }
  // Problems on lines with no statement (a line of stray characters).
  diagnostics.push(...lexing.filter((d) => !diagnostics.includes(d)));

  const comments: Comment[] = (lexed.groups['comments'] ?? []).map((c) => ({
    text: c.image.slice(1),
    span: { file: path, start: c.startOffset, end: tokenEnd(c) },
  }));
  const lineBreaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineBreaks.push(i);

  return {
    file: { kind: 'file', path, statements, comments, lineBreaks },
    diagnostics: sortDiagnostics(diagnostics).slice(0, MAX_DIAGNOSTICS_PER_FILE),
  };
}

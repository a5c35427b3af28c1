import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import { error, frontEndWork, lineBreaksOf, MAX_DIAGNOSTICS_PER_FILE, sortDiagnostics } from '../diagnostics/index.ts';
import type { Comment, Condition, RuleFile, Statement } from './ast.ts';
import { beginnerHint } from './beginner-hints.ts';
import type { ConversionContext } from './cst-to-ast.ts';
import { statementToAst } from './cst-to-ast.ts';
import { clearHints, hintForMessage } from './error-messages.ts';
import type { StatementLineCstNode } from './generated/cst.d.ts';
import { describeProblem, type LexProblem, lexProblems } from './lexer-problems.ts';
import { guardParser, parseStatementTokens } from './parser.ts';
import { All, Any, EndOfStatement, guardLexer, LBracket, LParen, Not, Where, With } from './tokens.ts';

/**
 * Text → AST, in three steps (cf. Cedar's parser.rs):
 *   1. lex the whole file (tokens.ts); bad characters and unterminated strings become diagnostics;
 *   2. split the tokens at line ends (unindented lines start statements) and parse each statement
 *      on its own (parser.ts), so an error never swallows the statements after it;
 *   3. turn each statement's CST into AST (cst-to-ast.ts).
 * A statement with a problem becomes `{ kind: 'error' }` (or keeps its shape with an error
 * condition inside) and is reported once: the first problem in a statement explains it, the
 * rest would be noise.
 *
 * Every step is linear in the text: statements and lexer problems are both in offset order and
 * walked together, and once the file has MAX_DIAGNOSTICS_PER_FILE diagnostics no more are built (the
 * statements after still parse, so the checker sees every good rule).
 */

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
  frontEndWork.steps += slice.tokens.length;
  for (const t of slice.tokens) {
    if (!NESTING_TOKENS.has(t.tokenType)) continue;
    if (++count > MAX_NESTING) {
      return error(
        'syntax/unexpected-token',
        `statement nests too deeply: more than ${MAX_NESTING} parentheses, brackets, \`not\`s and \`where\`s`,
        { file: path, start: t.startOffset, end: tokenEnd(t) },
        {
          hint: 'split the rule, or use `let` to name a long list',
        },
      );
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
    const from = i;
    while (i < tokens.length && tokens[i]?.tokenType !== EndOfStatement) i++;
    const firstEnd = tokens[i];
    while (i < tokens.length && tokens[i]?.tokenType === EndOfStatement) i++;
    frontEndWork.steps += i - from;
    const extentEnd = firstEnd === undefined ? textLength : firstEnd.startOffset;
    slices.push({ tokens: tokens.slice(from, i), extent: { file: path, start: extentStart, end: extentEnd }, start: first.startOffset });
    const lastEnd = i > from ? tokens[i - 1] : undefined;
    extentStart = lastEnd === undefined ? textLength : tokenEnd(lastEnd);
  }
  return slices;
}

/** Where a parse error points: the token found, or just after the last real token before it. */
function errorSpan(path: string, exception: IRecognitionException, slice: StatementSlice): Span {
  const token = exception.token;
  const real = Number.isFinite(token.startOffset) && token.startOffset >= 0 && token.isInsertedInRecovery !== true;
  if (real && token.tokenType !== EndOfStatement) return { file: path, start: token.startOffset, end: tokenEnd(token) };
  const limit = real ? token.startOffset : Number.POSITIVE_INFINITY;
  let anchor = slice.start;
  for (const t of slice.tokens) {
    frontEndWork.steps++;
    if (t.tokenType === EndOfStatement || t.startOffset >= limit) break;
    anchor = tokenEnd(t);
  }
  return { file: path, start: anchor, end: anchor };
}

function parseDiagnostic(path: string, exception: IRecognitionException, slice: StatementSlice): Diagnostic {
  const hint = beginnerHint(slice.tokens, exception.token) ?? hintForMessage(exception.message);
  return error('syntax/unexpected-token', exception.message, errorSpan(path, exception, slice), hint === undefined ? {} : { hint });
}

/** Whether a statement holds a part the parser could not read: the checker skips such statements (reported already). */
export function containsError(statement: Statement): boolean {
  switch (statement.kind) {
    case 'error':
      return true;
    case 'let':
    case 'param':
      return false;
    case 'define':
      return conditionHasError(statement.condition);
    case 'rule': {
      const body = statement.body;
      const filter = body.scope.filter;
      const conditions: Condition[] = [];
      if (filter !== null) {
        if (filter.kind === 'inline') for (const r of filter.rest) conditions.push(r.condition);
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
    case 'some':
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
    case 'can':
    case 'admin':
    case 'guardrail':
    case 'named':
    case 'trust-class':
    case 'principal-is':
    case 'requires-key':
      return false;
  }
}

/** A file's diagnostics in reading order, up to the cap: past it, nothing more is built. */
interface Collected {
  readonly items: Diagnostic[];
}

function room(collected: Collected): number {
  return MAX_DIAGNOSTICS_PER_FILE - collected.items.length;
}

/**
 * Adds the problems `from..to` (in offset order) while there is room. A statement's problems all
 * come after the earlier statements' ones, so what is left out would sort past the cap anyway.
 */
function addProblems(collected: Collected, path: string, text: string, problems: readonly LexProblem[], from: number, to: number): void {
  const last = Math.min(to, from + Math.max(0, room(collected)));
  for (let p = from; p < last; p++) collected.items.push(describeProblem(path, text, problems[p] as LexProblem));
}

export function parseRuleFile(text: string, path: string): ParseResult {
  const lexed = guardLexer.tokenize(text);
  const problems = lexProblems(lexed.tokens, lexed.errors);
  const collected: Collected = { items: [] };
  const statements: Statement[] = [];
  let next = 0; // the first lexer problem not yet assigned to a statement

  for (const slice of splitStatements(lexed.tokens, path, text.length)) {
    // Problems on lines with no statement (a line of stray characters) come before this one.
    const stray = next;
    while (next < problems.length && (problems[next]?.start ?? 0) < slice.extent.start) next++;
    addProblems(collected, path, text, problems, stray, next);
    const own = next;
    while (next < problems.length && (problems[next]?.start ?? 0) <= slice.extent.end) next++;
    frontEndWork.steps += next - stray;
    const lexingHere = next > own;
    const fallback: Span = { file: path, start: slice.start, end: slice.extent.end };
    const nesting = tooDeep(path, slice);
    if (nesting !== null) {
      if (room(collected) > 0) collected.items.push(nesting); // with the statement's problems below, the sort picks the first
      addProblems(collected, path, text, problems, own, next);
      statements.push({ kind: 'error', span: fallback });
      continue;
    }
    clearHints();
    const cst = parseStatementTokens(slice.tokens) as StatementLineCstNode;
    const firstParseError = guardParser.errors[0];
    const ctx: ConversionContext = { file: path, diagnostics: [] };
    const statementNode = cst.children.statement?.[0];
    let statement: Statement = statementNode ? statementToAst(ctx, statementNode, fallback) : { kind: 'error', span: fallback };
    // One report per statement: a lexing problem explains the parse errors after it.
    if (lexingHere) addProblems(collected, path, text, problems, own, next);
    else if (firstParseError !== undefined) {
      if (room(collected) > 0) collected.items.push(parseDiagnostic(path, firstParseError, slice));
    } else if (room(collected) > 0) for (const d of ctx.diagnostics) collected.items.push(d); // already built, and maybe not in order
    // Deletion recovery can leave a well-formed CST behind; a reported statement never passes as good.
    const reported = lexingHere || firstParseError !== undefined || ctx.diagnostics.length > 0;
    if (reported && !containsError(statement)) statement = { kind: 'error', span: fallback };
    statements.push(statement);
  }
  addProblems(collected, path, text, problems, next, problems.length);

  const comments: Comment[] = (lexed.groups['comments'] ?? []).map((c) => ({
    text: c.image.slice(1),
    span: { file: path, start: c.startOffset, end: tokenEnd(c) },
  }));
  const lineBreaks = lineBreaksOf(text);
  frontEndWork.steps += comments.length;

  return {
    file: { kind: 'file', path, statements, comments, lineBreaks },
    diagnostics: sortDiagnostics(collected.items).slice(0, MAX_DIAGNOSTICS_PER_FILE),
  };
}

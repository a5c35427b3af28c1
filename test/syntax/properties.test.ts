import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition, RuleFile, Statement } from '../../src/syntax/index.ts';
import { MAX_DIAGNOSTICS_PER_FILE, parseRuleFile, printRuleFile, stripSpans } from '../../src/syntax/index.ts';
import { guardLexer, Have, KEYWORDS, Must, Not } from '../../src/syntax/tokens.ts';
import { ruleFile } from './ast-arbitrary.ts';

/**
 * Laws of the syntax stage:
 *   1. parse(print(ast)) = ast (modulo spans), with no diagnostics, for every parseable AST;
 *   2. print is idempotent on parsed text, whatever the layout (spaces, continued lines, comments,
 *      blank lines, `has`/`have`, keyword case), and keeps every comment;
 *   3. parse never throws, on any string and on mangled rule text, and its diagnostics are
 *      in range, capped, and present whenever the AST holds an error node.
 */

/** Set SYNTAX_PROPERTY_RUNS=20 (say) for a deeper search than the default quick run. */
const SCALE = Number(process.env['SYNTAX_PROPERTY_RUNS'] ?? '1') || 1;

function statementsOf(text: string): { statements: readonly Statement[]; diagnostics: readonly unknown[]; file: RuleFile } {
  const { file, diagnostics } = parseRuleFile(text, 'generated.guard');
  return { statements: file.statements, diagnostics, file };
}

describe('print then parse', () => {
  it('gives back the AST, without diagnostics', () => {
    fc.assert(
      fc.property(ruleFile, (file) => {
        const text = printRuleFile(file);
        const parsed = statementsOf(text);
        expect(parsed.diagnostics, text).toEqual([]);
        expect(stripSpans(parsed.statements)).toEqual(stripSpans(file.statements));
      }),
      { numRuns: 300 * SCALE },
    );
  });
});

/** Layout noise that must not change meaning. */
const gapArbitrary = fc.constantFrom(' ', '  ', '\t', '\n    ', ' # note\n  ', '\n  # inside\n  ');
const statementBreakArbitrary = fc.constantFrom('\n', '\n\n', '\n# leading\n', '  # trailing\n', '\n\n\n# block\n\n', '\n  # indented after\n');

const shoutable = new Set(KEYWORDS.filter((k) => !k.alsoAName).map((k) => k.token));

/** Re-lays a text out token by token, and respells some keywords. */
function relayout(text: string, gaps: readonly string[], breaks: readonly string[], shout: readonly boolean[]): string {
  const { tokens } = guardLexer.tokenize(text);
  let out = '';
  let gap = 0;
  let brk = 0;
  tokens.forEach((t, i) => {
    if (t.tokenType.name === 'EndOfStatement') {
      out += breaks[brk++ % breaks.length] ?? '\n';
      return;
    }
    const previous = tokens[i - 1];
    // `must` then `not` on one line would lex as `must not`: keep the line break between them.
    if (previous?.tokenType === Must && t.tokenType === Not) out += '\n      ';
    else if (i > 0 && previous?.tokenType.name !== 'EndOfStatement') out += gaps[gap++ % gaps.length] ?? ' ';
    let image = t.image;
    // Keywords are case-insensitive and `has` is `have`; names and literals are left alone.
    if (t.tokenType === Have && shout[i % shout.length]) image = 'has';
    else if (shoutable.has(t.tokenType) && shout[i % shout.length]) image = image.toUpperCase();
    out += image;
  });
  return out;
}

describe('printing parsed text', () => {
  it('is idempotent, keeps the meaning and keeps every comment', () => {
    fc.assert(
      fc.property(
        ruleFile,
        fc.array(gapArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(statementBreakArbitrary, { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('', '# top\n\n', '\n\n'),
        (file, gaps, breaks, shout, prefix) => {
          const canonical = printRuleFile(file);
          const messy = prefix + relayout(canonical, gaps, breaks, shout);
          const parsed = statementsOf(messy);
          expect(parsed.diagnostics, messy).toEqual([]);
          expect(stripSpans(parsed.statements)).toEqual(stripSpans(file.statements));
          const once = printRuleFile(parsed.file);
          const reparsed = statementsOf(once);
          expect(reparsed.diagnostics, once).toEqual([]);
          expect(stripSpans(reparsed.statements)).toEqual(stripSpans(file.statements));
          expect(reparsed.file.comments.map((c) => c.text.trimEnd())).toEqual(parsed.file.comments.map((c) => c.text.trimEnd()));
          expect(printRuleFile(reparsed.file), messy).toBe(once);
        },
      ),
      { numRuns: 200 * SCALE },
    );
  });
});

function hasErrorNode(statement: Statement): boolean {
  const walk = (c: Condition): boolean => {
    switch (c.kind) {
      case 'error':
        return true;
      case 'and':
      case 'or':
        return c.operands.some(walk);
      case 'not':
      case 'group':
        return walk(c.operand);
      case 'count':
      case 'no':
        return c.where !== null && walk(c.where);
      case 'any':
      case 'all':
        return walk(c.where);
      default:
        return false;
    }
  };
  if (statement.kind === 'error') return true;
  if (statement.kind !== 'rule') return false;
  const { body } = statement;
  const filter = body.scope.filter;
  const filterConditions = filter === null ? [] : filter.kind === 'inline' ? filter.rest.map((r) => r.condition) : [filter.condition];
  return [...filterConditions, ...(body.kind === 'denied' ? [] : [body.condition])].some(walk);
}

function checkRobust(text: string): void {
  const { file, diagnostics } = parseRuleFile(text, 'fuzz.guard');
  expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE);
  for (const d of diagnostics) {
    expect(d.span).not.toBeNull();
    if (d.span === null) continue;
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.message).not.toMatch(/[\n\r\u2028\u2029]|iteration|Token sequences|-->|EOF|undefined|NaN/);
  }
  if (file.statements.some(hasErrorNode)) expect(diagnostics.length).toBeGreaterThan(0);
  // Whatever parsed can be printed.
  printRuleFile(file);
}

/** Token-level damage to valid rule text: deletions, duplications, swaps, foreign tokens. */
const TOKEN_POOL = ['must', 'not', 'and', '(', ')', '"x', '"', '[', ']', ',', ':', 'where', '90d', '2027-13-45', '@', '\n', '\n  ', '#', '>', 'rule', 'except', 'have', '1.5', '9x'];

type Mutation = { readonly kind: 'delete' | 'duplicate' | 'swap'; readonly at: number } | { readonly kind: 'insert'; readonly at: number; readonly token: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom<'delete' | 'duplicate' | 'swap'>('delete', 'duplicate', 'swap'), at: fc.nat() }),
  fc.record({ kind: fc.constant<'insert'>('insert'), at: fc.nat(), token: fc.constantFrom(...TOKEN_POOL) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  const images = guardLexer.tokenize(text).tokens.map((t) => t.image);
  for (const m of mutations) {
    if (images.length === 0) break;
    const at = m.at % images.length;
    switch (m.kind) {
      case 'delete':
        images.splice(at, 1);
        break;
      case 'duplicate':
        images.splice(at, 0, images[at] ?? '');
        break;
      case 'swap': {
        const next = (at + 1) % images.length;
        [images[at], images[next]] = [images[next] ?? '', images[at] ?? ''];
        break;
      }
      case 'insert':
        images.splice(at, 0, m.token);
        break;
    }
  }
  return images.join(' ');
}

describe('parsing never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => checkRobust(text)),
      { numRuns: 300 * SCALE },
    );
  });

  it('on strings made of the language’s own pieces', () => {
    const piece = fc.constantFrom(...TOKEN_POOL, 'users', 'mfa', ' ', '  ', 'denied', '"a"', 'all', 'any', 'at least', 'no', 'severity high', 'let x =');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => checkRobust(pieces.join(' '))),
      { numRuns: 300 * SCALE },
    );
  });

  it('on mangled rule text (tokens deleted, duplicated, swapped, inserted)', () => {
    fc.assert(
      fc.property(ruleFile, fc.array(mutation, { minLength: 1, maxLength: 4 }), (file, mutations) => {
        checkRobust(mutate(printRuleFile(file), mutations));
      }),
      { numRuns: 300 * SCALE },
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/diagnostics/index.ts';
import { checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile, parseTestFile, printRuleFile, printTestFile, RESERVED_WORDS, stripSpans, TEST_RESERVED_WORDS } from '../../src/syntax/index.ts';
import { guardLexer, guardTestLexer } from '../../src/syntax/tokens.ts';
import { SCHEMA, stepsOf } from '../support/front-end-work.ts';
import { fuzzAssert } from '../support/fuzz.ts';
import { ruleFile } from '../syntax/ast-arbitrary.ts';

/**
 * The front end on rule text nobody meant to write (issue 10): token soup from the grammar's own
 * tokens, mutations of the library's files and the fixtures, random unicode and control bytes.
 * Lexing, parsing, checking and printing never throw; the work is linear in the input, counted in
 * steps (`frontEndWork`), never timed; `fmt` gives back the same rules and is idempotent.
 */

const ROOT = join(import.meta.dirname, '..', '..');

function guardFiles(dir: string): { name: string; text: string }[] {
  return readdirSync(join(ROOT, dir))
    .filter((n) => n.endsWith('.guard'))
    .sort()
    .map((n) => ({ name: `${dir}/${n}`, text: readFileSync(join(ROOT, dir, n), 'utf8') }));
}

const LIBRARY = [...guardFiles('policies'), ...guardFiles('test/fixtures/rules')];
const RULE_FILES = LIBRARY.filter((f) => !f.name.endsWith('.test.guard'));
const TEST_FILES = LIBRARY.filter((f) => f.name.endsWith('.test.guard'));

const PIECES = [
  ...RESERVED_WORDS,
  ...TEST_RESERVED_WORDS,
  ...['(', ')', '[', ']', ',', ':', '.', '!=', '<=', '>=', '<', '>', '=', '+', '/', '\\', '"', '#'],
  ...['"x"', '"*"', '"un', '"a\\q"', '90d', '12h', '2w', '2027-01-01', '2027-13-45', '14', '1.5', '0.0000001', '1e-7', '90days', '1.2.3', '99999999999999999999'],
  ...['users', 'root', 'access keys', 'mfa', 'console access', 'age', 'active', 'name', 'x', 'let', 'rule r1', 'param p = 1'],
  ...['\n', '\n  ', '\n\n', '\r\n', '\t', ' ', '  ', '# note', '\n  # inside\n  ', '\u0000', '\u2028', 'é', '😀', '\uD800'],
];

/** Rule text assembled from the language's own pieces, with or without spaces between them. */
const tokenSoup: fc.Arbitrary<string> = fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(' ', ' ', '', '\n', '\n  ')), { maxLength: 60 }).map((parts) => parts.map(([piece, gap]) => piece + gap).join(''));

/** Random text: any UTF-16 code units (lone surrogates too), control bytes, graphemes. */
const noise: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 200 }).map((codes) => String.fromCharCode(...codes)),
);

/** One edit of a text: delete, duplicate or move a slice, insert a piece or noise, truncate. */
type Edit = { kind: 'delete' | 'duplicate' | 'move' | 'truncate'; at: number; length: number; to: number } | { kind: 'insert'; at: number; text: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'move', 'truncate'), at: fc.nat(), length: fc.nat({ max: 40 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('insert'), at: fc.nat(), text: fc.oneof(fc.constantFrom(...PIECES), noise) }),
) as fc.Arbitrary<Edit>;

function applyEdit(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  const end = Math.min(text.length, at + e.length);
  const slice = text.slice(at, end);
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(end);
    case 'duplicate':
      return text.slice(0, end) + slice + text.slice(end);
    case 'truncate':
      return text.slice(0, at);
    case 'move': {
      const rest = text.slice(0, at) + text.slice(end);
      const to = rest.length === 0 ? 0 : e.to % (rest.length + 1);
      return rest.slice(0, to) + slice + rest.slice(to);
    }
  }
}

function mutationOf(files: readonly { text: string }[]): fc.Arbitrary<string> {
  return fc.record({ file: fc.constantFrom(...files), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) }).map(({ file, edits }) => edits.reduce(applyEdit, file.text));
}

const ruleText: fc.Arbitrary<string> = fc.oneof(tokenSoup, noise, mutationOf(RULE_FILES), mutationOf(TEST_FILES));

/** Everything the front end does with a rule file, where each stage must not throw. */
function wholeFrontEnd(text: string): void {
  guardLexer.tokenize(text);
  const { file, diagnostics } = parseRuleFile(text, 'fuzz.guard');
  expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE);
  for (const d of diagnostics) {
    expect(d.span?.start).toBeGreaterThanOrEqual(0);
    expect(d.span?.end).toBeLessThanOrEqual(text.length);
  }
  checkRuleFiles([{ ast: file, text }], { schema: SCHEMA });
  // Printing is total, error nodes included (they print as `<error>`).
  printRuleFile(file);
}

function wholeTestFrontEnd(text: string): void {
  guardTestLexer.tokenize(text);
  const { file, diagnostics } = parseTestFile(text, 'fuzz.test.guard');
  expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE);
  printTestFile(file);
}

describe('the front end never throws', () => {
  it('on rule files', () => {
    fuzzAssert(
      'front end: lex, parse, check and print any text',
      fc.property(ruleText, (text) => wholeFrontEnd(text)),
      200,
    );
  });

  it('on test files', () => {
    fuzzAssert(
      'front end: lex, parse and print any test-file text',
      fc.property(ruleText, (text) => wholeTestFrontEnd(text)),
      100,
    );
  });
});

/**
 * Steps per input character never exceed this, whatever the input (tokens are visited a few times,
 * lookups are logarithmic), plus what the file's shown diagnostics cost (a did-you-mean each).
 */
const STEPS_PER_CHARACTER = 40;
const SHOWN_DIAGNOSTICS_STEPS = MAX_DIAGNOSTICS_PER_FILE * 2_000;

function bound(text: string): number {
  return STEPS_PER_CHARACTER * (text.length + 1) + SHOWN_DIAGNOSTICS_STEPS;
}

describe('the work is linear in the input', () => {
  it('is within a constant per character, and four times the input costs at most ~4 times as much', () => {
    fuzzAssert(
      'front end: steps linear in the input',
      fc.property(ruleText, fc.integer({ min: 1, max: 4 }), (text, times) => {
        const unit = `${text}\n`;
        const small = unit.repeat(times);
        const large = unit.repeat(4 * times);
        const run = (t: string) => stepsOf(() => wholeFrontEnd(t));
        const smallSteps = run(small);
        const largeSteps = run(large);
        expect(smallSteps).toBeLessThanOrEqual(bound(small));
        expect(largeSteps).toBeLessThanOrEqual(bound(large));
        // The shown diagnostics cost more than the statements past the cap: allow for them once.
        expect(largeSteps).toBeLessThanOrEqual(4 * 1.3 * smallSteps + SHOWN_DIAGNOSTICS_STEPS);
      }),
      30,
    );
  }, 600_000); // `npm run fuzz` gives it thousands of cases of up to a few hundred kilobytes
});

function roundTrips(text: string): void {
  const first = parseRuleFile(text, 'fmt.guard');
  expect(first.diagnostics, text).toEqual([]);
  const once = printRuleFile(first.file);
  const again = parseRuleFile(once, 'fmt.guard');
  expect(again.diagnostics, once).toEqual([]);
  expect(stripSpans(again.file.statements)).toEqual(stripSpans(first.file.statements));
  expect(printRuleFile(again.file)).toBe(once);
}

describe('fmt gives back the same rules and is idempotent', () => {
  for (const { name, text } of RULE_FILES) {
    it(name, () => roundTrips(text));
  }

  it('on generated valid rule files', () => {
    fuzzAssert(
      'front end: fmt round-trips generated rule files',
      fc.property(ruleFile, (file) => roundTrips(printRuleFile(file))),
      200,
    );
  });

  it('on mutated library files that still parse', () => {
    fuzzAssert(
      'front end: fmt round-trips mutated library files that parse',
      fc.property(mutationOf(RULE_FILES), (text) => {
        if (parseRuleFile(text, 'fmt.guard').diagnostics.length === 0) roundTrips(text);
      }),
      200,
    );
  });
});

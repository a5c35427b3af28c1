import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { describeModel, exampleAccounts, exampleOfModel, modelOf } from '../../src/guard-test/index.ts';
import { type ExampleTest, parseRuleFile, parseTestFile, printExampleTest, printTestFile, stripSpans, type TestStatement } from '../../src/syntax/index.ts';

const TEXT = `# a comment
example "old keys fail" at 2026-11-27:
  user "alice" with console access and not mfa
  # a comment inside the block
  access key "alice/1" with age = 120d
    and last used = 2026-11-01
  missing credential report
  expect stale-keys fails on access key "alice/1"
  expect root.mfa unknown
  expect stale-keys passes on access keys where not active

for all accounts where any access keys where active and age > 90d, expect stale-keys fails

property "rotated keys pass" runs 500 seed 7:
  for all accounts where all access keys where age <= 90d,
    expect stale-keys passes
`;

function at(text: string, offset: number): string {
  const { line, column } = lineColumnAt(text, offset);
  return `${line}:${column}`;
}

describe('parseTestFile', () => {
  it('reads examples, their lines, and properties with and without a header', () => {
    const { file, diagnostics } = parseTestFile(TEXT, 't.test.guard');
    expect(diagnostics).toEqual([]);
    expect(file.statements.map((s) => s.kind)).toEqual(['example', 'property', 'property']);
    const example = file.statements[0] as ExampleTest;
    expect(example.name.value).toBe('old keys fail');
    expect(example.at).toMatchObject({ kind: 'date', value: '2026-11-27' });
    expect(example.lines.map((l) => l.kind)).toEqual(['entity', 'entity', 'missing', 'expect', 'expect', 'expect']);
    const key = example.lines[1];
    // A line indented deeper than the block continues the line above.
    expect(key?.kind === 'entity' && key.settings?.kind).toBe('and');
    const [, first, second] = file.statements;
    expect(first).toMatchObject({ kind: 'property', name: null, runs: null, seed: null });
    expect(second).toMatchObject({ kind: 'property', name: { value: 'rotated keys pass' }, runs: { value: 500 }, seed: { value: 7 } });
    expect(file.comments.map((c) => c.text.trim())).toEqual(['a comment', 'a comment inside the block']);
  });

  it('prints the canonical form, which parses back to the same tree', () => {
    const { file } = parseTestFile(TEXT, 't.test.guard');
    const printed = printTestFile(file);
    const again = parseTestFile(printed, 't.test.guard');
    expect(again.diagnostics).toEqual([]);
    expect(stripSpans(again.file.statements)).toEqual(stripSpans(file.statements));
    expect(printTestFile(again.file)).toBe(printed);
  });

  it('parse ∘ print = id on the examples counterexamples are printed as', () => {
    fc.assert(
      fc.property(exampleAccounts(), (document) => {
        const model = modelOf(document);
        const example = exampleOfModel(model, 'counterexample', describeModel(model));
        const text = printExampleTest(example);
        const parsed = parseTestFile(text, 'c.test.guard');
        expect(parsed.diagnostics).toEqual([]);
        expect(stripSpans(parsed.file.statements[0] as TestStatement)).toEqual(stripSpans(example));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('never throws on arbitrary input, and its diagnostics lie within the text', () => {
    const pieces = fc.constantFrom('example "x":', '\n', '\n  ', 'expect', 'for all accounts', ',', 'user "a"', 'with', 'and', 'not', 'mfa', '=', '90d', '"', 'passes', 'on', '(', ':', 'property', 'runs', '#c');
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 30 }).map((p) => p.join(' ')),
        (text) => {
          const { diagnostics } = parseTestFile(text, 'f.test.guard');
          for (const d of diagnostics) {
            expect(d.span === null || (d.span.start >= 0 && d.span.end <= text.length)).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('rule files are unaffected: test keywords stay names there', () => {
    const { diagnostics } = parseRuleFile('rule expect.fails: users where unknown = "for" and missing at runs denied\n', 'r.guard');
    expect(diagnostics).toEqual([]);
  });
});

describe('test-file syntax errors', () => {
  const cases: readonly { text: string; at: string; message: RegExp; hint?: RegExp }[] = [
    { text: 'example "x":\n  expect stale-keys maybe\n', at: '2:21', message: /expected 'passes', 'fails', 'unknown' or 'waived' but found `maybe`/ },
    { text: 'example "x":\n  expekt stale-keys fails\n', at: '2:21', message: /expected end of line but found `fails`/, hint: /did you mean 'expect'/ },
    { text: 'example "x":\n  user "a" with\n', at: '2:16', message: /expected a condition but found end of line/ },
    { text: 'example "x:\n  user "a"\n', at: '1:9', message: /unterminated string/ },
    { text: 'user "alice"\n', at: '1:1', message: /expected 'example', 'property' or 'for all accounts' but found `user`/, hint: /indent the lines of an example/ },
    { text: 'for all accounts where mfa expect x passes\n', at: '1:28', message: /expected ',' but found `expect`/ },
    { text: 'property "p" runs 0:\n  for all accounts, expect x passes\n', at: '1:19', message: /whole number of at least 1/ },
    { text: 'example "x" at 2026-13-01:\n  expect x passes\n', at: '1:16', message: /not a calendar date/ },
  ];
  it.each(cases)('$text', ({ text, at: where, message, hint }) => {
    const { diagnostics } = parseTestFile(text, 'f.test.guard');
    const first = diagnostics[0];
    expect(first, 'a diagnostic').toBeDefined();
    if (first === undefined || first.span === null) return;
    expect(at(text, first.span.start)).toBe(where);
    expect(first.message).toMatch(message);
    if (hint) expect(first.hint).toMatch(hint);
  });

  it('one diagnostic per broken line; the other lines still parse', () => {
    const text = 'example "x":\n  user "a" with = 3\n  expect y fails on\n  user "b"\n  expect z passes\n';
    const { file, diagnostics } = parseTestFile(text, 'f.test.guard');
    expect(diagnostics.map((d) => d.span && at(text, d.span.start))).toEqual(['2:17', '3:20']);
    const example = file.statements[0] as ExampleTest;
    expect(example.lines.map((l) => l.kind)).toEqual(['error', 'error', 'entity', 'expect']);
  });
});

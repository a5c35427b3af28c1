import type { NamePhrase } from './ast.ts';
import { quoteString } from './literal-values.ts';
import { printCondition, printLiteral, printScope } from './print.ts';
import type { ExampleLine, ExampleTest, Expectation, ExpectationTarget, PropertyTest, TestFile, TestOutcome, TestStatement } from './test-file-ast.ts';

/**
 * The canonical form of test files, in the style of print.ts: lowercase keywords, single spaces,
 * example lines indented by two spaces. `guard test` prints counterexamples with it, so what it
 * prints parses back to the same example (a law in test/guard-test/).
 */

const INDENT = '  ';

const OUTCOME_WORDS: Readonly<Record<TestOutcome, string>> = { pass: 'passes', fail: 'fails', unknown: 'unknown', waived: 'waived' };

function printName(phrase: NamePhrase): string {
  return phrase.words.map((w) => w.text).join(' ');
}

function printTarget(target: ExpectationTarget): string {
  switch (target.kind) {
    case 'resource':
      return `${printName(target.type)} ${quoteString(target.name.value)}`;
    case 'scope':
      return printScope(target.scope);
  }
}

export function printExpectation(e: Expectation): string {
  const on = e.target === null ? '' : ` on ${printTarget(e.target)}`;
  return `expect ${e.rule.text} ${OUTCOME_WORDS[e.outcome]}${on}`;
}

export function printExampleLine(line: ExampleLine): string {
  switch (line.kind) {
    case 'entity': {
      const name = line.name === null ? '' : ` ${quoteString(line.name.value)}`;
      const settings = line.settings === null ? '' : ` with ${printCondition(line.settings)}`;
      return `${printName(line.type)}${name}${settings}`;
    }
    case 'missing':
      return `missing ${line.section.kind === 'name' ? printName(line.section) : quoteString(line.section.value)}`;
    case 'expect':
      return printExpectation(line);
    case 'error':
      return '<error>';
  }
}

export function printExampleTest(example: ExampleTest): string {
  const at = example.at === null ? '' : ` at ${printLiteral(example.at)}`;
  const lines = [`example ${quoteString(example.name.value)}${at}:`, ...example.lines.map((l) => `${INDENT}${printExampleLine(l)}`)];
  return `${lines.join('\n')}\n`;
}

export function printPropertyTest(property: PropertyTest): string {
  const settings = [property.runs === null ? '' : ` runs ${property.runs.value}`, property.seed === null ? '' : ` seed ${property.seed.value}`].join('');
  const header = property.name === null ? '' : `property ${quoteString(property.name.value)}${settings}:\n${INDENT}`;
  const where = property.where === null ? '' : ` where ${printCondition(property.where)}`;
  return `${header}for all ${printName(property.accounts)}${where}, ${printExpectation(property.expectation)}\n`;
}

export function printTestStatement(statement: TestStatement): string {
  switch (statement.kind) {
    case 'example':
      return printExampleTest(statement);
    case 'property':
      return printPropertyTest(statement);
    case 'error':
      return '<error>\n';
  }
}

/** Statements separated by blank lines; comments are not kept (format only files without them, or accept their loss). */
export function printTestFile(file: TestFile): string {
  return file.statements.map(printTestStatement).join('\n');
}

import { isDeepStrictEqual } from 'node:util';
import { parseRuleFile, parseTestFile, printRuleFile, printTestFile, stripSpans } from '../syntax/index.ts';

/** A file as the printer sees it: what it means (statements without spans), its comments, and its canonical text. */
interface Printed {
  readonly broken: boolean;
  readonly meaning: unknown;
  readonly comments: readonly string[];
  readonly print: () => string;
}

function parse(text: string, path: string, testFile: boolean): Printed {
  if (testFile) {
    const { file, diagnostics } = parseTestFile(text, path);
    return { broken: diagnostics.length > 0, meaning: stripSpans(file.statements), comments: file.comments.map((c) => c.text), print: () => printTestFile(file) };
  }
  const { file, diagnostics } = parseRuleFile(text, path);
  return { broken: diagnostics.some((d) => d.severity === 'error'), meaning: stripSpans(file.statements), comments: file.comments.map((c) => c.text), print: () => printRuleFile(file) };
}

/**
 * The canonical text of a document (`guard fmt`), or null when it must be left as it is: it does not
 * parse, or printing would change its meaning or drop a comment (the test-file printer prints none).
 */
export function canonicalText(text: string, path: string, testFile: boolean): string | null {
  const parsed = parse(text, path, testFile);
  if (parsed.broken) return null;
  const formatted = parsed.print();
  const again = parse(formatted, path, testFile);
  if (again.broken || !isDeepStrictEqual(again.meaning, parsed.meaning) || !isDeepStrictEqual(again.comments, parsed.comments)) return null;
  return formatted;
}

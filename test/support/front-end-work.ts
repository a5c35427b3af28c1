import { frontEndWork } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile, printRuleFile } from '../../src/syntax/index.ts';

export { SCHEMA };

/** The front end's steps for one call: counted, never timed. */
export function stepsOf(run: () => unknown): number {
  const before = frontEndWork.steps;
  run();
  return frontEndWork.steps - before;
}

/** What `guard check` and `guard fmt` do with a file: parse, check, and print when it parsed cleanly. */
export function frontEnd(text: string, path = 'input.guard'): void {
  const parsed = parseRuleFile(text, path);
  checkRuleFiles([{ ast: parsed.file, text }], { schema: SCHEMA });
  if (parsed.diagnostics.length === 0) printRuleFile(parsed.file);
}

/**
 * Steps per input character at two sizes, and how much their ratio departs from proportional: 1 is
 * linear, 4 would be quadratic when the second input is four times the first.
 */
export function growth(make: (n: number) => string, n: number, factor = 4): { small: number; large: number; excess: number } {
  const a = make(n);
  const b = make(n * factor);
  const small = stepsOf(() => frontEnd(a));
  const large = stepsOf(() => frontEnd(b));
  return { small, large, excess: large / small / (b.length / a.length) };
}

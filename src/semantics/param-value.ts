import { parseLiteral } from '../syntax/index.ts';
import type { ConstantType, ConstantValue } from './checked-ast.ts';
import { fitsDeclaredType, literalConstant } from './literal-constant.ts';

type ScalarKind = Exclude<ConstantType['kind'], 'list'>;

/** A literal of each type, for hints. */
export const EXAMPLES: Readonly<Record<ScalarKind, string>> = {
  string: '"alice"',
  number: '14',
  boolean: 'true',
  duration: '90d',
  date: '2027-01-01',
};

/**
 * Reads a `--param name=value` value with the rule language's own literal grammar, so the flag
 * accepts exactly what `param name = value` accepts in a file, then types it against the param's
 * declared type (the type of its default), typing the literal as literal-constant.ts types a
 * `param` in a file. A param declared `[]` takes a list of strings.
 */
export function parseParamValue(raw: string, type: ConstantType): { value: ConstantValue } | { error: string; hint?: string } {
  const expected = describeConstantType(type);
  const parsed = parseLiteral(raw, '--param');
  if ('diagnostics' in parsed) {
    // A literal the grammar read but rejected says why (too large, no such day); a parse error would only repeat "expected".
    const why = parsed.diagnostics.find((d) => d.code !== 'syntax/unexpected-token');
    return { error: `expected ${expected} but found \`${raw}\``, hint: hintFor(type, raw, why?.message) };
  }
  const constant = literalConstant(parsed.literal, () => {});
  const value = constant !== null && fitsDeclaredType(constant.type, type) ? constant.value : null;
  return value === null ? { error: `expected ${expected} but found \`${raw}\``, hint: hintFor(type, raw, undefined) } : { value };
}

/** `a number`, `a list of strings` (an empty list is one): how messages name a constant's type. */
export function describeConstantType(type: ConstantType): string {
  if (type.kind !== 'list') return `a ${type.kind}`;
  return type.of === 'empty' || type.of === 'string' ? 'a list of strings' : `a list of ${type.of}s`;
}

/** What the grammar said, or how to write the value as in a rule file. */
function hintFor(type: ConstantType, raw: string, grammar: string | undefined): string {
  const text = raw.trim();
  if (type.kind === 'duration' && /^\d+$/.test(text)) return `add a unit: \`${text}d\``;
  const example = type.kind === 'list' ? `[${EXAMPLES[type.of === 'empty' ? 'string' : type.of]}]` : EXAMPLES[type.kind];
  const written = `write it as in a rule file, for example \`${example}\`${type.kind === 'string' || type.kind === 'list' ? ' (quote it for the shell)' : ''}`;
  return grammar === undefined ? written : `${grammar}; ${written}`;
}

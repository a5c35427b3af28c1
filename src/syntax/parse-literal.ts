import { type Diagnostic, error } from '../diagnostics/index.ts';
import type { Literal } from './ast.ts';
import { parseRuleFile } from './parse.ts';

const PREFIX = 'param value = ';

/**
 * One literal value written outside a rule file (`--param name=VALUE`), read by the rule
 * language's own lexer and grammar: exactly what `param name = VALUE` accepts in a file. Spans and
 * diagnostics are offsets into `text`, in a file named `path`.
 */
export function parseLiteral(text: string, path: string): { readonly literal: Literal } | { readonly diagnostics: readonly Diagnostic[] } {
  const parsed = parseRuleFile(`${PREFIX}${text}`, path);
  const shift = <T extends { readonly start: number; readonly end: number }>(span: T): T => ({
    ...span,
    start: Math.max(0, span.start - PREFIX.length),
    end: Math.max(0, span.end - PREFIX.length),
  });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const [statement, ...rest] = parsed.file.statements;
  if (errors.length === 0 && statement?.kind === 'param' && rest.length === 0) return { literal: shiftLiteral(statement.value, shift) };
  if (errors.length > 0) return { diagnostics: errors.map((d) => (d.span ? { ...d, span: shift(d.span) } : d)) };
  // A line break ends the statement: whatever follows is another statement, not part of the value.
  return { diagnostics: [error('syntax/unexpected-token', 'a value is one line', { file: path, start: 0, end: text.length })] };
}

function shiftLiteral(literal: Literal, shift: <T extends { readonly start: number; readonly end: number }>(span: T) => T): Literal {
  if (literal.kind === 'list') return { ...literal, items: literal.items.map((item) => shiftLiteral(item, shift)), span: shift(literal.span) };
  return { ...literal, span: shift(literal.span) };
}

import pc from 'picocolors';
import { type Diagnostic, lineColumnAt, lineTextAt } from '../diagnostics/index.ts';

export interface DiagnosticsTextOptions {
  /** Source texts by file path, for the quoted line and caret. */
  readonly sources: ReadonlyMap<string, string>;
  readonly color: boolean;
  /** Shown for diagnostics without a span (a snapshot file, a flag). */
  readonly fallbackSource?: string;
}

/**
 * `file:line:col: error: message [code]`, the source line, a caret under the span, and the hint:
 * the form compilers use, so editors and CI logs link to the spot.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: DiagnosticsTextOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  for (const d of diagnostics) {
    const label = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    const code = c.dim(`[${d.code}]`);
    const span = d.span;
    const text = span ? options.sources.get(span.file) : undefined;
    if (span && text !== undefined) {
      const { line, column } = lineColumnAt(text, span.start);
      out.push(`${c.bold(`${span.file}:${line}:${column}`)}: ${label}: ${d.message} ${code}`);
      const lineText = lineTextAt(text, span.start);
      const gutter = String(line);
      const end = lineColumnAt(text, Math.max(span.start, span.end));
      const width = end.line === line ? Math.max(1, end.column - column) : Math.max(1, lineText.length - column + 1);
      const shown = excerpt(lineText, column, width);
      out.push(`${c.dim(`${gutter} |`)} ${shown.text}`);
      out.push(`${' '.repeat(gutter.length)} ${c.dim('|')} ${' '.repeat(Math.max(0, shown.column - 1))}${c.red('^'.repeat(shown.width))}`);
    } else {
      const where = span ? span.file : (options.fallbackSource ?? 'guard');
      const path = d.path ? `${d.path}: ` : '';
      out.push(`${c.bold(where)}: ${label}: ${path}${d.message} ${code}`);
    }
    if (d.hint) out.push(`  ${c.cyan('hint')}: ${d.hint}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Characters of a source line shown at most; a longer line is cut around the span, with `…` at each cut. */
export const MAX_SHOWN_LINE = 160;

/**
 * The part of a source line to quote, with the caret's column and width within it. A minified or
 * generated file can have one line of megabytes: quoting it whole buries the message.
 */
export function excerpt(lineText: string, column: number, width: number): { text: string; column: number; width: number } {
  if (lineText.length <= MAX_SHOWN_LINE) return { text: lineText, column, width };
  const shownWidth = Math.min(width, MAX_SHOWN_LINE - 2 * CONTEXT);
  const from = Math.max(0, column - 1 - CONTEXT);
  const to = Math.min(lineText.length, column - 1 + shownWidth + CONTEXT);
  const before = from > 0 ? '…' : '';
  const after = to < lineText.length ? '…' : '';
  return { text: `${before}${lineText.slice(from, to)}${after}`, column: column - from + before.length, width: shownWidth };
}

const CONTEXT = 40;

export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`];
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

import type { DiagnosticCode } from './codes.ts';
import type { Span } from './span.ts';

export type Severity = 'error' | 'warning';

/** A problem found in user input (rule files, snapshots, flags): data, never an exception. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Lowercase first word, no final period, one line; user input quoted with backticks. */
  readonly message: string;
  /** Where it went wrong; null when the input has no source text (a flag, a missing file). */
  readonly span: Span | null;
  /** The likely fix, e.g. "did you mean `console access`?". */
  readonly hint?: string;
  /** For snapshot problems: the JSON path of the offending value. */
  readonly path?: string;
}

/**
 * At most this many errors per file from each stage (parsing, checking): enough to fix a file in one
 * round without burying the first. Past it the stages stop building messages that would be dropped.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 10;

export type NonEmpty<T> = readonly [T, ...T[]];

/** The result of a stage: a value, or the errors that prevented one. Warnings ride along either way. */
export type Outcome<T> = { readonly ok: true; readonly value: T; readonly warnings: readonly Diagnostic[] } | { readonly ok: false; readonly errors: NonEmpty<Diagnostic>; readonly warnings: readonly Diagnostic[] };

export function error(code: DiagnosticCode, message: string, span: Span | null, extra: { hint?: string; path?: string } = {}): Diagnostic {
  return { code, severity: 'error', message, span, ...extra };
}

export function warning(code: DiagnosticCode, message: string, span: Span | null, extra: { hint?: string; path?: string } = {}): Diagnostic {
  return { code, severity: 'warning', message, span, ...extra };
}

export function success<T>(value: T, warnings: readonly Diagnostic[] = []): Outcome<T> {
  return { ok: true, value, warnings };
}

export function failure<T>(errors: NonEmpty<Diagnostic>, warnings: readonly Diagnostic[] = []): Outcome<T> {
  return { ok: false, errors, warnings };
}

export function isNonEmpty<T>(items: readonly T[]): items is NonEmpty<T> {
  return items.length > 0;
}

/** Diagnostics in reading order: by file, then position; those without a span last. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => {
    if (a.span === null || b.span === null) return (a.span === null ? 1 : 0) - (b.span === null ? 1 : 0);
    if (a.span.file !== b.span.file) return a.span.file < b.span.file ? -1 : 1;
    return a.span.start - b.span.start || a.span.end - b.span.end;
  });
}

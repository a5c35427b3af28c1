import { describeAwsError } from './aws-error.ts';
import type { ProgressListener } from './progress.ts';
import type { SectionError } from './snapshot-document.ts';

export type SectionOutcome<T> =
  | { readonly kind: 'collected'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: SectionError };

/** Where a section runs: the account it belongs to and who hears about it. */
export interface SectionScope {
  readonly account: string;
  readonly progress: ProgressListener;
}

/** What a section task returns: its value and a short summary for the progress display ("42 users"). */
export interface SectionResult<T> {
  readonly value: T;
  readonly detail: string;
}

/**
 * Runs one section; a failure of the AWS call (denied, unsupported, throttled past the retry budget,
 * unreachable) becomes a `SectionError` so the rest of the snapshot is still collected.
 */
export async function runSection<T>(
  scope: SectionScope,
  section: string,
  task: (note: (detail: string) => void) => Promise<SectionResult<T>>,
): Promise<SectionOutcome<T>> {
  const started = Date.now();
  scope.progress({ kind: 'section-started', account: scope.account, section });
  const note = (detail: string): void => scope.progress({ kind: 'section-progress', account: scope.account, section, detail });
  try {
    const result = await task(note);
    scope.progress({ kind: 'section-finished', account: scope.account, section, detail: result.detail, ms: Date.now() - started });
    return { kind: 'collected', value: result.value };
  } catch (caught) {
    if (isProgrammingError(caught)) throw caught;
    const failure = describeAwsError(caught);
    const error: SectionError = { section, code: failure.code, message: failure.message };
    scope.progress({ kind: 'section-failed', account: scope.account, section, code: error.code, message: error.message, ms: Date.now() - started });
    return { kind: 'failed', error };
  }
}

/** A bug in guard, not a failure of AWS: it must surface, not be recorded as an unreadable section. */
function isProgrammingError(caught: unknown): boolean {
  const builtIn = caught instanceof TypeError || caught instanceof ReferenceError || caught instanceof RangeError || caught instanceof SyntaxError;
  return builtIn && !(typeof caught === 'object' && caught !== null && '$metadata' in caught);
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

import { type AwsClients, withSignal } from './aws-clients.ts';
import { describeAwsError } from './aws-error.ts';
import { DeadlineExceeded, formatDuration, withDeadline } from './deadline.ts';
import type { ProgressListener } from './progress.ts';
import type { SectionError } from './snapshot-document.ts';

export type SectionOutcome<T> = { readonly kind: 'collected'; readonly value: T } | { readonly kind: 'failed'; readonly error: SectionError };

/** Where a section runs: the account it belongs to, its clients, its time budget, and who hears about it. */
export interface SectionScope {
  readonly account: string;
  readonly progress: ProgressListener;
  readonly clients: AwsClients;
  /** The most time one section may take, every call, page, retry and wait included (`--section-timeout`). */
  readonly sectionTimeoutMs: number;
}

/** What a section task gets: clients whose calls end at the section's deadline, and a progress note. */
export interface SectionContext {
  readonly clients: AwsClients;
  readonly signal: AbortSignal;
  readonly note: (detail: string) => void;
}

/** What a section task returns: its value and a short summary for the progress display ("42 users"). */
export interface SectionResult<T> {
  readonly value: T;
  readonly detail: string;
}

/**
 * Runs one section within its deadline; a failure of the AWS call (denied, unsupported, throttled past the
 * retry budget, unreachable, malformed, past the deadline) becomes a `SectionError` so the rest of the
 * snapshot is still collected. `timeoutMs` replaces the scope's budget (the credential report waits longer).
 */
export async function runSection<T>(scope: SectionScope, section: string, task: (context: SectionContext) => Promise<SectionResult<T>>, timeoutMs: number = scope.sectionTimeoutMs): Promise<SectionOutcome<T>> {
  const started = Date.now();
  scope.progress({ kind: 'section-started', account: scope.account, section });
  const note = (detail: string): void => scope.progress({ kind: 'section-progress', account: scope.account, section, detail });
  const timedOut = (): DeadlineExceeded => new DeadlineExceeded('SectionTimeout', `not finished after ${formatDuration(timeoutMs)} (raise --section-timeout); its calls were cancelled`);
  try {
    const result = await withDeadline(timeoutMs, timedOut, (signal) => task({ clients: withSignal(scope.clients, signal), signal, note }));
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

/** The value of a section another depends on; its failure becomes the dependent's failure, same code. */
export function requireCollected<T>(outcome: SectionOutcome<T>): T {
  if (outcome.kind === 'collected') return outcome.value;
  throw Object.assign(new Error(`needs ${outcome.error.section}, which could not be read: ${outcome.error.message}`), {
    name: 'DependencyFailed',
    Code: outcome.error.code,
  });
}

/** `{ key: value }` for a collected section, `{}` for a failed one (a missing key is unknown, not empty). */
export function collectedAs<K extends string, T>(key: K, outcome: SectionOutcome<T>): { [key in K]?: T } {
  return (outcome.kind === 'collected' ? { [key]: outcome.value } : {}) as { [key in K]?: T };
}

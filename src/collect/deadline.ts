/** Raised when a section (or a call outside any section) runs past its deadline; its calls are cancelled. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  readonly Code: string;
  constructor(code: string, message: string) {
    super(message);
    this.Code = code;
  }
}

/**
 * Runs `work` with a signal that fires after `ms` and settles by then whatever `work` does: the signal
 * cancels the SDK calls made with it (waits for responses, backoff between retries, further pages), and the
 * race ends the wait even for a step that does not honour the signal (a credential provider, say).
 */
export async function withDeadline<T>(ms: number, onTimeout: () => DeadlineExceeded, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settled before the abort, so the race ends with this error rather than the SDK's AbortError.
      const error = onTimeout();
      reject(error);
      controller.abort(error);
    }, ms);
  });
  const running = work(controller.signal);
  // Once the deadline has won, the cancelled work still rejects; that rejection is expected and dropped.
  running.catch(() => {});
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error for a call made outside any section (the identity, AssumeRole), bounded by the same budget. */
export function callTimedOut(ms: number): () => DeadlineExceeded {
  return () => new DeadlineExceeded('Timeout', `no answer within ${formatDuration(ms)} (--section-timeout)`);
}

/** `2s`, `1m30s`: a duration as the flags write it. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

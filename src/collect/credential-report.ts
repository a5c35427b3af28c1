import { setTimeout } from 'node:timers/promises';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { describeAwsError } from './aws-error.ts';

/** Raised when the report is still not ready at the deadline; recorded as the section's error. */
export class CredentialReportTimeout extends Error {
  override readonly name = 'CredentialReportTimeout';
}

export interface CredentialReportOptions {
  /** Give up after this long (`--timeout`). */
  readonly timeoutMs: number;
  /** Hears "generating" while AWS builds the report. */
  readonly note: (detail: string) => void;
  /** The section's deadline: a wait between polls ends when it fires. */
  readonly signal?: AbortSignal;
  /** Injected in tests; real waits otherwise. */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const FIRST_POLL_MS = 500;
// The wire codes and the SDK's exception names for "not ready yet", "gone" and "expired".
const NOT_READY = new Set(['ReportInProgress', 'ReportNotPresent', 'ReportExpired', 'CredentialReportNotReadyException', 'CredentialReportNotPresentException', 'CredentialReportExpiredException']);
const MAX_POLL_MS = 5_000;

/**
 * GenerateCredentialReport, polled with backoff until AWS says COMPLETE, then GetCredentialReport.
 * AWS reuses a report younger than four hours, so on a busy account this is usually one round trip.
 */
export async function fetchCredentialReport(iam: IAMClient, options: CredentialReportOptions): Promise<string> {
  const sleep = options.sleep ?? defaultSleep;
  const deadline = Date.now() + options.timeoutMs;
  let wait = FIRST_POLL_MS;
  for (;;) {
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    if (generated.State === 'COMPLETE') {
      const report = await getReport(iam);
      if (report !== undefined) return report;
    }
    options.note('generating');
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new CredentialReportTimeout(`the credential report was not ready after ${Math.round(options.timeoutMs / 1000)}s (raise --timeout)`);
    }
    await sleep(Math.min(wait, remaining), options.signal);
    wait = Math.min(MAX_POLL_MS, Math.round(wait * 1.6));
  }
}

/** The report's CSV text, or undefined when AWS says it is still being generated. */
async function getReport(iam: IAMClient): Promise<string | undefined> {
  try {
    const response = await iam.send(new GetCredentialReportCommand({}));
    if (response.Content === undefined) throw new Error('GetCredentialReport returned no content');
    return new TextDecoder('utf-8').decode(response.Content);
  } catch (caught) {
    // Generation finished but the report is not yet readable, or expired in between: poll again.
    if (NOT_READY.has(describeAwsError(caught).code)) return undefined;
    throw caught;
  }
}

function defaultSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return setTimeout(ms, undefined, signal === undefined ? {} : { signal });
}

import { type GuardRun, runGuard } from '../support/run-guard.ts';
import { TEST_ENV } from './seed.ts';

/** Runs the real `guard snapshot` as a child process against `endpoint`, with dummy credentials. */
export function runSnapshot(endpoint: string | null, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<GuardRun> {
  const endpointArgs = endpoint === null ? [] : ['--endpoint-url', endpoint];
  return runGuard(['snapshot', ...endpointArgs, ...args], { env: { ...TEST_ENV, ...env } });
}

/**
 * Evaluating accounts side by side: up to `jobs` worker threads, each handed the next account when it
 * returns one (it holds two: one evaluated, the next being read), so each holds one account's model at a time (peak memory is about `jobs` times
 * the largest account, not the organization). One job runs in this thread, with no worker at all.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AttributeReads } from '../../model/index.ts';
import type { RuleSelection } from '../select-rules.ts';
import { type AccountJob, type AccountOutcome, type EvaluatorSetup, evaluateAccount, type PreparedRules } from './evaluate-account.ts';

export interface WorkerSetup extends EvaluatorSetup {
  readonly rulePaths: readonly string[];
  readonly cwd: string;
  readonly params: Readonly<Record<string, string>>;
  readonly select: RuleSelection;
}

/** The default `--jobs`: every core, at most 4 (each worker holds a model; more rarely pays on CI machines). */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const QUEUED_PER_WORKER = 2;

// Sources run as .ts (type stripping) in the clone and as compiled .js in the package.
const WORKER = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Every job's outcome, by job index; `onOutcome` hears each as it arrives (in any order). */
export async function runAccountJobs(
  jobs: readonly AccountJob[],
  options: { readonly parallel: number; readonly setup: WorkerSetup; readonly prepared: PreparedRules; readonly reads: AttributeReads },
  onOutcome: (outcome: AccountOutcome) => void,
): Promise<void> {
  const parallel = Math.min(options.parallel, jobs.length);
  if (parallel <= 1) {
    for (const job of jobs) onOutcome(await evaluateAccount(job, options.prepared, options.reads, options.setup));
    return;
  }
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const give = (worker: Worker): void => {
        const job = jobs[next++];
        if (job !== undefined) worker.postMessage(job);
      };
      for (let i = 0; i < parallel; i++) {
        const worker = new Worker(WORKER, { workerData: options.setup });
        workers.push(worker);
        worker.on('message', (outcome: AccountOutcome) => {
          // The next job first: the worker starts on it while this thread writes the outcome.
          give(worker);
          onOutcome(outcome);
          if (++done === jobs.length) resolve();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`an evaluation worker exited (code ${code}) before the accounts were done`));
        });
        // Two jobs in hand: the next file is read while one is evaluated, and a worker never waits for
        // this thread between accounts. Evaluation after the read is synchronous, so models still do
        // not overlap in a worker; only the next file's bytes wait beside the model.
        for (let queued = 0; queued < QUEUED_PER_WORKER; queued++) give(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

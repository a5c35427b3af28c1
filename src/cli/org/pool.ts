/**
 * Evaluating accounts side by side: this thread and up to `jobs - 1` worker threads, each worker handed
 * the next account when it returns one (it holds two: one evaluated, the next being read), so each
 * thread holds one account's model at a time (peak memory is about `jobs` times the largest account,
 * not the organization). One job runs in this thread, with no worker at all.
 */

import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { AttributeReads } from '../../model/index.ts';
import type { CheckedProgram } from '../../semantics/index.ts';
import { type AccountJob, type AccountOutcome, type EvaluatorSetup, evaluateAccount, type PreparedRules } from './evaluate-account.ts';

export interface WorkerSetup extends EvaluatorSetup {
  /**
   * The rules as this thread checked them (plain data, copied to each worker by structured clone):
   * a worker compiles them instead of reading, parsing and checking the rule files again, so every
   * account is evaluated with exactly the rules whose diagnostics were reported, even if the files change meanwhile.
   */
  readonly program: CheckedProgram;
}

/** The default `--jobs`: every core, at most 4 (each worker holds a model; more rarely pays on CI machines). */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const QUEUED_PER_WORKER = 2;

/**
 * The young generation a worker starts with, in MiB per semi-space. `guard eval` pins the nursery at
 * 1 MiB (eval-run.ts, for one snapshot whose allocation nearly all lives to the end), and V8 flags are
 * the process's, so workers would inherit it; an account's allocation dies with the account, and at
 * 1 MiB a worker scavenged 36 times an account. At 16 MiB: 3 times, about 4% less CPU over a run,
 * about 40 MB more peak per worker (docs/organization-runs.md). Read when a worker's heap is set up.
 */
export const WORKER_SEMI_SPACE_MB = 16;

// Sources run as .ts (type stripping) in the clone and as compiled .js in the package; worker-start
// enables the compile cache, then loads worker.ts.
const WORKER = new URL(`./worker-start${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Every job's outcome, by job index; `onOutcome` hears each as it arrives (in any order). `parallel`
 * threads evaluate: this one and `parallel - 1` workers. This thread would otherwise only wait and
 * write; each worker is another isolate that loads guard's modules and warms up its JIT from cold, so
 * one fewer costs less CPU, and on 20 accounts two workers beside an idle main thread were slower
 * than the main thread alone (docs/organization-runs.md). Between two of this thread's accounts
 * (the read is its only await) it hands workers their next job and takes their outcomes; each
 * worker holds a second job meanwhile, so it does not wait for this thread.
 */
export async function runAccountJobs(
  jobs: readonly AccountJob[],
  options: { readonly parallel: number; readonly setup: WorkerSetup; readonly prepared: PreparedRules; readonly reads: AttributeReads },
  onOutcome: (outcome: AccountOutcome) => void,
): Promise<void> {
  const parallel = Math.min(options.parallel, jobs.length);
  let next = 0;
  // Once the run has failed (a worker died), this thread takes no further account.
  let failed = false;
  const take = (): AccountJob | undefined => (failed ? undefined : jobs[next++]);
  const inThread = async (heard: (outcome: AccountOutcome) => void): Promise<void> => {
    for (let job = take(); job !== undefined; job = take()) heard(await evaluateAccount(job, options.prepared, options.reads, options.setup));
  };
  if (parallel <= 1) return inThread(onOutcome);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, rejectRun) => {
      let done = 0;
      const reject = (reason: unknown): void => {
        failed = true;
        rejectRun(reason);
      };
      const heard = (outcome: AccountOutcome): void => {
        // Nothing is heard once the run has failed: an account this thread was evaluating meanwhile is dropped.
        if (failed) return;
        onOutcome(outcome);
        if (++done === jobs.length) resolve();
      };
      const give = (worker: Worker): void => {
        const job = take();
        if (job !== undefined) worker.postMessage(job);
      };
      setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
      for (let i = 0; i < parallel - 1; i++) {
        const worker = new Worker(WORKER, { workerData: options.setup });
        workers.push(worker);
        worker.on('message', (outcome: AccountOutcome) => {
          // The next job first: the worker starts on it while this thread writes the outcome.
          give(worker);
          heard(outcome);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`an evaluation worker exited (code ${code}) before the accounts were done`));
        });
        give(worker);
      }
      // This thread's share: its first account is taken now (before its read, its first await), after
      // each worker's first and before their second, so a small organization keeps every thread busy.
      inThread(heard).catch(reject);
      // Two jobs in a worker's hand: the next file is read while one is evaluated, and a worker never
      // waits for this thread between accounts. Evaluation after the read is synchronous, so models
      // still do not overlap in a worker; only the next file's bytes wait beside the model.
      for (let queued = 1; queued < QUEUED_PER_WORKER; queued++) for (const worker of workers) give(worker);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

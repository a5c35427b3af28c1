/**
 * A worker thread of an organization run: compiles the rules the main thread checked (and whose
 * diagnostics it reported), once, then evaluates the accounts it is handed one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileProgram, programReads } from '../../engine/index.ts';
import { type AccountJob, type AccountOutcome, evaluateAccount } from './evaluate-account.ts';
import type { WorkerSetup } from './pool.ts';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('bug: org worker started outside a worker thread');
const prepared = compileProgram(setup.program);
const reads = programReads(setup.program);

port.on('message', (job: AccountJob) => {
  evaluateAccount(job, prepared, reads, setup).then(
    (outcome) => port.postMessage(outcome),
    (caught: unknown) => {
      const failed: AccountOutcome = { kind: 'failed', index: job.index, id: job.expectedId, error: `internal error: ${caught instanceof Error ? caught.message : String(caught)}`, stderr: '' };
      port.postMessage(failed);
    },
  );
});

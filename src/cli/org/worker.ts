/**
 * A worker thread of an organization run: loads the rules once (the main thread has checked them
 * already and reported their diagnostics), then evaluates the accounts it is handed one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileProgram, programReads } from '../../engine/index.ts';
import { loadRules } from '../load-rules.ts';
import { type AccountJob, type AccountOutcome, evaluateAccount } from './evaluate-account.ts';
import type { WorkerSetup } from './pool.ts';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('bug: org worker started outside a worker thread');
const loaded = await loadRules(setup.rulePaths, { cwd: setup.cwd, params: setup.params, select: setup.select });
if (loaded.program === null) throw new Error('the rule files changed while the organization was evaluated');
const prepared = compileProgram(loaded.program);
const reads = programReads(loaded.program);

port.on('message', (job: AccountJob) => {
  evaluateAccount(job, prepared, reads, setup).then(
    (outcome) => port.postMessage(outcome),
    (caught: unknown) => {
      const failed: AccountOutcome = { kind: 'failed', index: job.index, id: job.expectedId, error: `internal error: ${caught instanceof Error ? caught.message : String(caught)}`, stderr: '' };
      port.postMessage(failed);
    },
  );
});

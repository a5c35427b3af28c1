import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runAccountJobs, WORKER_SEMI_SPACE_MB } from '../../src/cli/org/pool.ts';
import { compileProgram, programReads } from '../../src/engine/index.ts';
import { checkedProgram, orgJobs, writeOrgDir } from './org-fixtures.ts';

/** The new space of a worker started now (V8 flags are the process's, so it has what the pool's workers had). */
async function probeNewSpace(): Promise<number> {
  const probe = new Worker("const v8 = require('node:v8'); require('node:worker_threads').parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);", { eval: true });
  try {
    return await new Promise<number>((resolve, reject) => {
      probe.once('message', resolve);
      probe.once('error', reject);
    });
  } finally {
    await probe.terminate();
  }
}

describe('organization workers', () => {
  it('start with a young generation of WORKER_SEMI_SPACE_MB, not the 1 MiB guard eval pins for one snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-nursery-'));
    await writeOrgDir(join(dir, 'org'));
    await writeFile(join(dir, 'r.guard'), 'rule r severity high:\n  users with console access must have mfa\n');
    const program = await checkedProgram([join(dir, 'r.guard')], dir);
    const jobs = orgJobs(join(dir, 'org'));
    const setup = { program, color: false, renderJson: true };
    const kinds: string[] = [];
    await runAccountJobs(jobs, { parallel: 2, setup, prepared: compileProgram(program), reads: programReads(program) }, (o) => kinds.push(o.kind));
    expect(kinds).toEqual(['evaluated', 'evaluated', 'evaluated']);
    // A fresh worker's new space is one semi-space: 4 MiB by V8's default, 1 MiB pinned (guard eval's single-snapshot setting).
    expect(await probeNewSpace()).toBeGreaterThanOrEqual(WORKER_SEMI_SPACE_MB * 1024 * 1024);
  });
});

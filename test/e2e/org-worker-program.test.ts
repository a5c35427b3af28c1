import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountOutcome } from '../../src/cli/org/evaluate-account.ts';
import { runAccountJobs } from '../../src/cli/org/pool.ts';
import { compileProgram, programReads } from '../../src/engine/index.ts';
import { checkedProgram, orgJobs, writeOrgDir } from './org-fixtures.ts';

/** Each outcome with its findings, in job order, as plain data to compare. */
function byIndex(outcomes: readonly AccountOutcome[]): AccountOutcome[] {
  return [...outcomes].sort((a, b) => a.index - b.index);
}

describe('organization workers', () => {
  it('evaluate the program this thread checked, copied to them, as this thread does, even once the rule files change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-org-program-'));
    await writeOrgDir(join(dir, 'org'));
    // The built-in library (every theme, parameters and named conditions) and a file of one's own.
    await writeFile(join(dir, 'own.guard'), 'rule own.mfa severity high:\n  users with console access must have mfa\n');
    const own = await checkedProgram([join(dir, 'own.guard')], dir);
    const library = await checkedProgram([], dir);
    // Workers never read the rule files: a file broken after the check changes nothing.
    await writeFile(join(dir, 'own.guard'), 'rule broken severity:\n');
    const jobs = orgJobs(join(dir, 'org'));
    for (const program of [own, library]) {
      const run = async (parallel: number): Promise<AccountOutcome[]> => {
        const outcomes: AccountOutcome[] = [];
        const options = { parallel, setup: { program, color: false, renderJson: false, now: Date.parse('2026-12-01T00:00:00Z') }, prepared: compileProgram(program), reads: programReads(program) };
        await runAccountJobs(jobs, options, (o) => outcomes.push(o));
        return byIndex(outcomes);
      };
      const inThread = await run(1);
      expect(inThread.map((o) => o.kind)).toEqual(['evaluated', 'evaluated', 'evaluated']);
      expect(inThread.some((o) => o.kind === 'evaluated' && o.findings.length > 0)).toBe(true);
      expect(await run(2)).toEqual(inThread);
    }
  });
});

describe('an organization run whose worker dies', () => {
  it('fails, and nothing is heard afterwards, not even the account this thread was evaluating', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-org-dies-'));
    await writeOrgDir(join(dir, 'org'));
    const library = await checkedProgram([], dir);
    // Enough accounts that this thread is still taking them when the worker fails: it learns of the
    // failure while it reads one (its only await), and evaluates that one before it could stop.
    const jobs = orgJobs(join(dir, 'org'), 30);
    // This thread's rules are sound; the worker's copy is not, so the worker throws as it starts.
    const broken = { rules: [{}], params: [] } as unknown as typeof library;
    const heard: AccountOutcome[] = [];
    const run = runAccountJobs(jobs, { parallel: 2, setup: { program: broken, color: false, renderJson: false }, prepared: compileProgram(library), reads: programReads(library) }, (o) => heard.push(o));
    await expect(run).rejects.toThrow();
    const atFailure = heard.length;
    // Long enough for this thread's account in flight to finish.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(heard.length).toBe(atFailure);
  });
});

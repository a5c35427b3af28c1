import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGuard } from '../support/run-guard.ts';

describe('guard fmt', () => {
  it('prints the canonical form, rewrites with --write, and --check exits 1 until formatted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-fmt-'));
    const file = join(dir, 'rules.guard');
    const messy =
      '# keys\nrule   stale-keys   SEVERITY high :\n    access keys WHERE active and age>90d   denied   # old\n    except user "legacy-ci" until 2027-03-01 because "moving"\nusers   with console_access must HAS mfa\n';
    await writeFile(file, messy);
    const printed = await runGuard(['fmt', file]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(
      '# keys\nrule stale-keys severity high:\n  access keys where active and age > 90d denied  # old\n  except user "legacy-ci" until 2027-03-01 because "moving"\nusers with console_access must have mfa\n',
    );
    expect((await runGuard(['fmt', '--check', file])).code).toBe(1);
    expect((await runGuard(['fmt', '--write', file])).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(printed.stdout);
    expect((await runGuard(['fmt', '--check', file])).code).toBe(0);
  });

  it('refuses to format a file with syntax errors (exit 2), leaving it untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-fmt-'));
    const file = join(dir, 'broken.guard');
    await writeFile(file, 'root must have\n');
    const run = await runGuard(['fmt', '--write', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.guard:1:\d+: error/);
    expect(await readFile(file, 'utf8')).toBe('root must have\n');
  });
});

describe('guard itself', () => {
  it('answers --help and --version with exit 0 and lists its commands', async () => {
    const help = await runGuard(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['eval', 'check', 'schema', 'fmt', 'snapshot', 'baseline']) expect(help.stdout).toContain(command);
    expect((await runGuard(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await runGuard(['eval', '--help'])).stdout).toContain('--fail-on');
  });
});

import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RULE_FILE_BYTES } from '../../src/cli/load-rules.ts';
import { runGuard } from '../support/run-guard.ts';
import { runMain } from '../support/run-main.ts';

/** Rule and test files are read by the bounded reader: UTF-8 checked with a location, a size limit, no gzip. */

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-e2e-rule-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const LATIN1 = Buffer.concat([Buffer.from('root must have mfa\nusers where name = "'), Buffer.from([0xe9]), Buffer.from('" denied\n')]);

describe('reading rule and test files', () => {
  it('exits 2 on a rule file that is not UTF-8, naming the file, line and column', async () => {
    const file = join(dir, 'latin1.guard');
    await writeFile(file, LATIN1);
    const run = await runGuard(['check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`rule file \`${file}\` is not UTF-8 text: invalid byte 0xe9 at line 2, column 21`);
    expect(run.stderr).toContain('[usage/io]');
  });

  it('does the same for guard fmt and for a test file under guard test', async () => {
    const file = join(dir, 'fmt-latin1.guard');
    await writeFile(file, LATIN1);
    const fmt = await runMain(['fmt', file]);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('is not UTF-8 text: invalid byte 0xe9 at line 2, column 21');

    const tests = join(dir, 'suite');
    await mkdir(tests);
    await writeFile(join(tests, 'root.guard'), 'root must have mfa\n');
    await writeFile(join(tests, 'root.test.guard'), Buffer.concat([Buffer.from('example "a"\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const run = await runMain(['test', tests, '--runs', '1', '--seed', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/test file `.*root\.test\.guard` is not UTF-8 text: invalid byte 0xe9 at line 2, column 6/);
  });

  it('does not decompress a gzip rule file, and refuses one past the size limit', async () => {
    const gz = join(dir, 'rules.guard');
    await writeFile(gz, gzipSync('root must have mfa\n'));
    const zipped = await runMain(['check', gz]);
    expect(zipped.code).toBe(2);
    expect(zipped.stderr).toContain('is not UTF-8 text: invalid byte 0x8b at line 1, column 2');

    const big = join(dir, 'big.guard');
    await writeFile(big, '');
    await truncate(big, MAX_RULE_FILE_BYTES + 1);
    const run = await runMain(['check', big]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`rule file \`${big}\` is larger than 16 MiB, the most guard reads`);
  });

  it('drops a byte-order mark', async () => {
    const file = join(dir, 'bom.guard');
    await writeFile(file, '\uFEFFroot must have mfa\n');
    const run = await runMain(['check', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

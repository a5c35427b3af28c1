import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipBomb } from '../support/gzip-bomb.ts';
import { REPO, runGuard } from '../support/run-guard.ts';

const SMALL = 'test/fixtures/snapshots/small.json';
const RULES = 'test/fixtures/rules/basic.guard';
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-e2e-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('guard eval reading hostile input files', () => {
  it('exits 2 with the location of a duplicate key, instead of letting the last one win', async () => {
    const text = await readFile(join(REPO, SMALL), 'utf8');
    const file = join(dir, 'dup.json');
    await writeFile(file, text.replace('"format"', '"format": "guard-snapshot/v1", "format"'));
    const run = await runGuard(['eval', RULES, '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: format: snapshot `.*dup\.json` has a duplicate key `format` at line \d+, column \d+; the first is at line \d+, column \d+ \[snapshot\/invalid-json\]/);
  });

  it('exits 2 without printing control characters of the input', async () => {
    const file = join(dir, 'nul.json');
    await writeFile(file, '{"format": \u0000\u001b[2J}');
    const run = await runGuard(['eval', RULES, '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON: unexpected character `\\u0000` at line 1, column 12');
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('exits 2, not 70, on a small gzip that decompresses past the limit', async () => {
    const file = join(dir, 'bomb.json.gz');
    await writeFile(file, gzipBomb(600));
    const run = await runGuard(['eval', RULES, '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('decompresses to more than 256 MiB, the most guard reads');
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDocument } from '../../src/collect/index.ts';
import { writeFileAtomically, writeSnapshotFile } from '../../src/collect/write-snapshot.ts';

const snapshot: SnapshotDocument = {
  format: 'guard-snapshot/v1',
  capturedAt: '2026-11-27T10:00:00Z',
  account: { id: '111122223333', partition: 'aws' },
  iam: { passwordPolicy: null },
  organizations: null,
  errors: [],
};

describe('writing snapshot files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guard-write-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes indented JSON, or gzip for --gzip and for a .json.gz name', async () => {
    await writeSnapshotFile(join(dir, 'a.json'), snapshot, { gzip: false });
    expect(JSON.parse(await readFile(join(dir, 'a.json'), 'utf8'))).toEqual(snapshot);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toMatch(/^\{\n {2}"format"/);
    await writeSnapshotFile(join(dir, 'b.json.gz'), snapshot, { gzip: false });
    await writeSnapshotFile(join(dir, 'c.snapshot'), snapshot, { gzip: true });
    for (const name of ['b.json.gz', 'c.snapshot']) {
      const bytes = await readFile(join(dir, name));
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(snapshot);
    }
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'replace.json');
    await writeFile(path, 'old content that is longer than the new one '.repeat(100));
    await writeFileAtomically(path, Buffer.from('new'));
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('leaves the previous file and no temporary file when the write fails', async () => {
    // Renaming a file over a non-empty directory fails after the bytes were written: the last step.
    const path = join(dir, 'occupied');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'keep');
    await expect(writeFileAtomically(path, Buffer.from('new'))).rejects.toThrow();
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('keep');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('fails without leaving anything when the directory does not exist', async () => {
    await expect(writeFileAtomically(join(dir, 'missing', 'x.json'), Buffer.from('x'))).rejects.toThrow(/ENOENT/);
  });
});

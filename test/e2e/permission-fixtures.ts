import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Helpers of the who-can and permissions e2e tests: snapshot files in a directory removed after the file's tests, and policy shapes. */

export const EXAMPLE = 'examples/snapshots/example-account.json';

/** A function that writes snapshot data to `<name>.json` in a fresh directory and returns the path. */
export function snapshotFiles(prefix: string): (name: string, data: unknown) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, data) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
    return path;
  };
}

export const doc = (...statements: Record<string, unknown>[]): Record<string, unknown> => ({ Version: '2012-10-17', Statement: statements });
export const inline = (name: string, document: unknown): Record<string, unknown> => ({ PolicyName: name, PolicyDocument: document });

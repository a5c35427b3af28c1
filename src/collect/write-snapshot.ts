import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { SnapshotDocument } from './snapshot-document.ts';

const gzip = promisify(gzipCallback);

/** Whether a file name asks for compression (`account.json.gz`). */
export function wantsGzip(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** The bytes of a snapshot file: indented JSON (readable, diffable), gzipped on request. */
export async function serializeSnapshot(snapshot: SnapshotDocument, compress: boolean): Promise<Buffer> {
  const text = Buffer.from(`${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
  return compress ? gzip(text) : text;
}

// Temporary files being written right now, so that an interrupt (SIGINT/SIGTERM) can remove them.
const pending = new Set<string>();

/**
 * Writes atomically: the bytes go to a temporary file in the same directory (same file system), are
 * flushed to disk, and the file is then renamed over `path`. A reader, or a run interrupted at any
 * point, sees either the previous file or the complete new one, never a truncated snapshot.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(temporary);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (caught) {
    await unlink(temporary).catch(() => {});
    throw caught;
  } finally {
    pending.delete(temporary);
  }
}

export async function writeSnapshotFile(path: string, snapshot: SnapshotDocument, options: { readonly gzip: boolean }): Promise<void> {
  await writeFileAtomically(path, await serializeSnapshot(snapshot, options.gzip || wantsGzip(path)));
}

/** Removes temporary files of writes still in flight; synchronous, for signal handlers. */
export function removePendingTempFiles(): void {
  for (const temporary of pending) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created: nothing to clean.
    }
  }
  pending.clear();
}

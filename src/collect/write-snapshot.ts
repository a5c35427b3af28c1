import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
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
  await removeStaleTempFiles(dirname(path));
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

// `.NAME.PID.RAND.tmp`, as written above: the only names the cleanup below ever touches.
const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * A run killed mid-write (SIGKILL, a crash, power loss) leaves its full-size temporary file behind, and no
 * later run would otherwise notice. Before writing into a directory, removes the temporary files of our own
 * naming whose writer is gone: its PID no longer runs, or now belongs to a program that is not guard. A
 * file of another guard still writing is left alone, and so is anything that is not our regular file.
 * Best effort: a file that cannot be inspected or removed stays.
 */
export async function removeStaleTempFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMPORARY_NAME.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    const path = join(directory, name);
    if (pending.has(path) || writerIsRunning(pid)) continue;
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || !info.isFile() || (process.getuid !== undefined && info.uid !== process.getuid())) continue;
    if (
      await unlink(path).then(
        () => true,
        () => false,
      )
    )
      removed.push(name);
  }
  return removed;
}

/** Whether `pid` is a running guard (this process counts only for its writes in flight, checked above). */
function writerIsRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (caught) {
    // EPERM: it runs, as another user; only ESRCH says it is gone.
    return (caught as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // No /proc (macOS): a live PID may be a guard still writing; keep its file.
    return true;
  }
  return commandLine.split('\0').some((arg) => /^guard(\.js)?$/.test(basename(arg)));
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

import { fstatSync, type Stats, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** What a command may touch of the outside world, so commands are testable in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress displays, colours). */
  readonly stderrIsTTY: boolean;
  /** Whether stdout is a terminal (colours in text output). */
  readonly stdoutIsTTY: boolean;
  readonly cwd: string;
}

/**
 * A process stream that a reader may close early (`guard eval | head`): the first write error stops
 * further writes instead of ending the run with an unhandled `EPIPE`, so report files are still
 * written whole and the exit code is the usual one. A closed pipe is quiet, as with Unix tools;
 * another write error is said once on stderr.
 */
function guardedWriter(stream: NodeJS.WriteStream, onOtherError: (message: string) => void): (text: string) => void {
  let closed = false;
  stream.on('error', (caught: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (caught.code !== 'EPIPE') onOtherError(`guard: cannot write to ${stream === process.stdout ? 'stdout' : 'stderr'}: ${caught.message}\n`);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/**
 * stdout as a file or a device (`> report.json`, `> /dev/null`): each string goes straight to the
 * descriptor with writeSync, where the stream would copy it into a Buffer first and queue it (it writes
 * synchronously to these anyway, so the order with stderr is the same). Null for a pipe or a terminal,
 * which keep the stream and its EPIPE handling.
 */
export function descriptorWriter(fd: number, onError: (message: string) => void, sliceChars = WRITE_SLICE_CHARS): ((text: string) => void) | null {
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return null;
  }
  if (!(stats.isFile() || (stats.isCharacterDevice() && !isatty(fd)))) return null;
  let closed = false;
  return (text) => {
    if (closed) return;
    try {
      // Slices of a large string (never between the halves of a surrogate pair, which would encode
      // differently): writeSync encodes its whole argument into one buffer first.
      for (let start = 0; start < text.length; ) {
        let end = Math.min(text.length, start + sliceChars);
        if (end < text.length && splitsPair(text, end)) end = end - 1 > start ? end - 1 : end + 1;
        writeAll(fd, end - start === text.length ? text : text.slice(start, end));
        start = end;
      }
    } catch (caught) {
      closed = true;
      const error = caught as NodeJS.ErrnoException;
      if (error.code !== 'EPIPE') onError(`guard: cannot write to stdout: ${error.message}\n`);
    }
  };
}

/** Characters writeSync encodes at a time: large enough that a write costs little, small enough to bound the buffer. */
const WRITE_SLICE_CHARS = 1 << 20;

/** Whether cutting `text` before index `at` parts a high surrogate from the low one after it. */
function splitsPair(text: string, at: number): boolean {
  const high = text.charCodeAt(at - 1);
  const low = text.charCodeAt(at);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/** One string written whole: a short write (a full disk, a signal) goes on with the bytes not written; EAGAIN waits a moment and tries again. */
function writeAll(fd: number, text: string): void {
  let rest: Buffer | null = null;
  for (;;) {
    let written: number;
    try {
      written = rest === null ? writeSync(fd, text) : writeSync(fd, rest);
    } catch (caught) {
      if ((caught as NodeJS.ErrnoException).code !== 'EAGAIN') throw caught;
      Atomics.wait(PAUSE, 0, 0, 1);
      continue;
    }
    if (rest === null) {
      const length = Buffer.byteLength(text);
      if (written === length) return;
      rest = Buffer.from(text).subarray(written);
    } else {
      if (written === rest.length) return;
      rest = rest.subarray(written);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export function processIo(): CliIo {
  const stderr = guardedWriter(process.stderr, () => {});
  return {
    stdout: descriptorWriter(1, stderr) ?? guardedWriter(process.stdout, stderr),
    stderr,
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    cwd: process.cwd(),
  };
}

/** A usage problem detected while running a command: reported as `guard: <message>` with exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

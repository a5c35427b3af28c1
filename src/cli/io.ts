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

export function processIo(): CliIo {
  const stderr = guardedWriter(process.stderr, () => {});
  return {
    stdout: guardedWriter(process.stdout, stderr),
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

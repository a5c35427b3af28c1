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

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
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

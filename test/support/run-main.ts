import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { REPO } from './run-guard.ts';

export interface MainRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process (src/cli/main.ts) with captured output: the binary's behaviour, without a process per case. */
export async function runMain(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { NO_COLOR: '1', ...options.env },
    stderrIsTTY: false,
    stdoutIsTTY: false,
    cwd: options.cwd ?? REPO,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

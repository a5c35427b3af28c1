import { Command } from 'commander';
import type { CliIo } from '../io.ts';

// Placeholder until the collector lands (issue 3): the command exists so `guard --help` is honest.
export function snapshotCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('snapshot').description('collect an account into a snapshot file (not yet available)').action(() => {
    io.stderr('guard: `guard snapshot` is not implemented yet\n');
    setExit(2);
  });
}

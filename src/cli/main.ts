import { Command, CommanderError } from 'commander';
import { baselineCommand } from './commands/baseline.ts';
import { checkCommand } from './commands/check.ts';
import { evalCommand } from './commands/eval.ts';
import { fmtCommand } from './commands/fmt.ts';
import { inspectCommand } from './commands/inspect.ts';
import { lspCommand } from './commands/lsp.ts';
import { mergeCommand } from './commands/merge.ts';
import { permissionsCommand } from './commands/permissions.ts';
import { schemaCommand } from './commands/schema.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { testCommand } from './commands/test.ts';
import { validatePolicyCommand } from './commands/validate-policy.ts';
import { whoCanCommand } from './commands/who-can.ts';
import { EXIT } from './exit-codes.ts';
import { type CliIo, processIo, UsageError } from './io.ts';
import { GUARD_VERSION } from './version.ts';

/** A command: its commander definition, whose action resolves to an exit code. */
export type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

const COMMANDS: readonly CommandFactory[] = [
  evalCommand,
  checkCommand,
  testCommand,
  schemaCommand,
  fmtCommand,
  snapshotCommand,
  baselineCommand,
  mergeCommand,
  whoCanCommand,
  permissionsCommand,
  inspectCommand,
  validatePolicyCommand,
  lspCommand,
];

/** Runs the CLI and returns its exit code; never throws for bad input. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('guard')
    .description('policy-as-code for AWS identity guardrails')
    .version(GUARD_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);
  const output = { writeOut: io.stdout, writeErr: io.stderr };
  for (const factory of COMMANDS) {
    const command = factory(io, setExit);
    // Subcommands do not inherit output settings: route their errors through io too.
    for (const c of [command, ...command.commands]) c.exitOverride().configureOutput(output);
    program.addCommand(command);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // --help and --version exit 0 through commander; everything else is a usage error.
      return caught.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (caught instanceof UsageError) {
      io.stderr(`guard: ${caught.message}\n`);
      return EXIT.usage;
    }
    // A bug, not bad input: say so plainly, with the stack only when asked for.
    const message = caught instanceof Error ? caught.message : String(caught);
    io.stderr(`guard: internal error: ${message}\n`);
    if (io.env['GUARD_DEBUG'] && caught instanceof Error && caught.stack) io.stderr(`${caught.stack}\n`);
    return 70;
  }
}

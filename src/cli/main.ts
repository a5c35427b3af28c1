import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.ts';
import { type CliIo, processIo, UsageError } from './io.ts';
import { GUARD_VERSION } from './version.ts';

/** A command: its commander definition, whose action resolves to an exit code. */
export type CommandFactory = (io: CliIo, setExit: (code: number) => void) => Command;

/**
 * Every command, in `--help` order, by name; a definition loads only when needed. A run naming its
 * command loads that definition alone (`guard check` reads no other command's flags, and its own
 * `--help` and errors are the same), `--version` none; `--help`, `help` and unknown commands load them all.
 * test/e2e/startup.test.ts holds each name to its definition's.
 */
export const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<CommandFactory> }[] = [
  { name: 'eval', load: async () => (await import('./commands/eval.ts')).evalCommand },
  { name: 'check', load: async () => (await import('./commands/check.ts')).checkCommand },
  { name: 'test', load: async () => (await import('./commands/test.ts')).testCommand },
  { name: 'schema', load: async () => (await import('./commands/schema.ts')).schemaCommand },
  { name: 'fmt', load: async () => (await import('./commands/fmt.ts')).fmtCommand },
  { name: 'snapshot', load: async () => (await import('./commands/snapshot.ts')).snapshotCommand },
  { name: 'baseline', load: async () => (await import('./commands/baseline.ts')).baselineCommand },
  { name: 'merge', load: async () => (await import('./commands/merge.ts')).mergeCommand },
  { name: 'who-can', load: async () => (await import('./commands/who-can.ts')).whoCanCommand },
  { name: 'permissions', load: async () => (await import('./commands/permissions.ts')).permissionsCommand },
  { name: 'inspect', load: async () => (await import('./commands/inspect.ts')).inspectCommand },
  { name: 'validate-policy', load: async () => (await import('./commands/validate-policy.ts')).validatePolicyCommand },
  { name: 'lsp', load: async () => (await import('./commands/lsp.ts')).lspCommand },
];

/** The definitions a run needs: its command's alone when the first argument names one, none for `--version`, otherwise all. */
function commandsFor(argv: readonly string[]): Promise<CommandFactory[]> {
  if (argv[0] === '--version' || argv[0] === '-V') return Promise.resolve([]);
  const named = COMMANDS.find((c) => c.name === argv[0]);
  return Promise.all((named ? [named] : COMMANDS).map((c) => c.load()));
}

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
  for (const factory of await commandsFor(argv)) {
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

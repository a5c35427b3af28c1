import { Command } from 'commander';
import type { TestChecker } from '../../lsp/index.ts';
import type { CliIo } from '../io.ts';

export function lspCommand(_io: CliIo, _setExit: (code: number) => void): Command {
  return new Command('lsp')
    .description('run the language server (Language Server Protocol over stdin and stdout) for editors; see docs/editor.md')
    .option('--stdio', 'talk over stdin and stdout (the default and only transport; accepted because clients pass it)')
    .action(async () => {
      // The server and the front end load when the command runs; the process then lives until the client says exit.
      const { startLanguageServer } = await import('../../lsp/index.ts');
      // Test files are checked against their library by guard-test's checker, as `guard check` does; it loads with the first test file.
      const loadTestChecker = async (): Promise<TestChecker> => {
        const { checkTestFiles } = await import('../../guard-test/check-tests.ts');
        return (tests, program) => checkTestFiles(tests, program).diagnostics;
      };
      const connection = startLanguageServer(process.stdin, process.stdout, { loadTestChecker });
      await new Promise<void>((resolve) => connection.onExit(resolve));
    });
}

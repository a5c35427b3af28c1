import { Command } from 'commander';
import { renderDiagnostics, summarizeDiagnostics } from '../../report/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { loadRules } from '../load-rules.ts';
import { collectParam } from '../options.ts';

export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('check')
    .description('parse and type-check rule files without evaluating them')
    .argument('[rules...]', 'rule files or directories of .guard files (default: the built-in library)')
    .option('-p, --param <name=value>', 'override a rule-file param; repeatable', collectParam, {})
    .option('--no-color', 'no colours')
    .action(async (rules: string[], flags: { param: Record<string, string>; color?: boolean }) => {
      const loaded = await loadRules(rules, { cwd: io.cwd, params: flags.param });
      const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
      if (loaded.diagnostics.length) io.stderr(renderDiagnostics(loaded.diagnostics, { sources: loaded.sources, color }));
      if (!loaded.program) {
        io.stderr(`guard: ${summarizeDiagnostics(loaded.diagnostics)} in ${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'}\n`);
        setExit(EXIT.usage);
        return;
      }
      const n = loaded.program.rules.length;
      io.stdout(`${n} rule${n === 1 ? '' : 's'} in ${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'}: ok\n`);
      setExit(EXIT.ok);
    });
}

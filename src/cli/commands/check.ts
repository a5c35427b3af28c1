import { Command } from 'commander';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { collectParam, ruleOption, skipOption } from '../options.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('check')
    .description('parse and type-check rule files (and test files named among them) without evaluating them')
    .argument('[rules...]', 'rule files or directories of .guard files (default: the built-in library)')
    .option('-p, --param <name=value>', 'override a rule-file param; repeatable', collectParam, {})
    .addOption(ruleOption('count only this rule, and check that the pattern names one'))
    .addOption(skipOption())
    .option('--no-color', 'no colours')
    .action(async (rules: string[], flags: { param: Record<string, string>; rule: string[]; skip: string[]; color?: boolean }) => {
      // The front end loads when the command runs; the test-file checker (example accounts) only for test files.
      const [{ sortDiagnostics }, { renderDiagnostics, summarizeDiagnostics }, { loadRules, readTestFiles }] = await Promise.all([
        import('../../diagnostics/index.ts'),
        import('../../report/diagnostics-text.ts'),
        import('../load-rules.ts'),
      ]);
      const loaded = await loadRules(rules, { cwd: io.cwd, params: flags.param, rulesBesideTests: true, select: { rule: flags.rule, skip: flags.skip } });
      const sources = new Map(loaded.sources);
      // Test files named (or globbed) among the rule files are checked as test files, against these rules.
      const read = await readTestFiles(loaded.tests, io.cwd, sources);
      const tested = loaded.whole === null || read.tests.length === 0 ? [] : (await import('../../guard-test/check-tests.ts')).checkTestFiles(read.tests, loaded.whole).diagnostics;
      const diagnostics = sortDiagnostics([...loaded.diagnostics, ...read.diagnostics, ...tested]);
      const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
      if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, { sources, color }));
      const files = loaded.files.length + read.tests.length;
      if (!loaded.program || diagnostics.some((d) => d.severity === 'error')) {
        io.stderr(`guard: ${summarizeDiagnostics(diagnostics)} in ${plural(files, 'file')}\n`);
        setExit(EXIT.usage);
        return;
      }
      const tests = read.tests.length ? ` and ${plural(read.tests.length, 'test file')}` : '';
      // Files are checked whole; with --rule/--skip the count says how many rules the selection keeps.
      const total = loaded.whole?.rules.length ?? 0;
      const rulesText = loaded.program.rules.length === total ? plural(total, 'rule') : `${loaded.program.rules.length} of ${plural(total, 'rule')}`;
      io.stdout(`${rulesText} in ${plural(loaded.files.length, 'file')}${tests}: ok\n`);
      setExit(EXIT.ok);
    });
}

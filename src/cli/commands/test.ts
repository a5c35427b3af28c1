import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Diagnostic } from '../../diagnostics/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { collectParam, ruleOption, skipOption } from '../options.ts';

/**
 * `guard test [paths...]`: runs the test files (`*.test.guard`) found in the paths against the rule
 * files beside them, then the automatic checks on every rule. Exit 0 when everything passes, 1 on a
 * failure, 2 on usage errors and on diagnostics in rule or test files (docs/guard-test.md).
 */

function wholeNumber(min: number, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected ${what} but found \`${value}\``);
    return n;
  };
}

/** Test files in the paths, and where their rules are: directories as given, a test file's own directory. */
async function findTests(paths: readonly string[], cwd: string): Promise<{ tests: string[]; rulePaths: string[]; diagnostics: Diagnostic[] }> {
  const tests: string[] = [];
  const rulePaths: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const [{ error }, { append, findRuleFiles, isTestFile }] = await Promise.all([import('../../diagnostics/index.ts'), import('../load-rules.ts')]);
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) {
        append(tests, (await findRuleFiles([absolute], cwd)).testsInDirectories);
        rulePaths.push(absolute);
      } else if (isTestFile(absolute)) {
        tests.push(absolute);
        rulePaths.push(dirname(absolute));
      } else rulePaths.push(absolute);
    } catch {
      diagnostics.push(error('usage/io', `cannot read \`${path}\`: no such file or directory`, null));
    }
  }
  return { tests: [...new Set(tests)], rulePaths: [...new Set(rulePaths)], diagnostics };
}

interface Flags {
  readonly runs: number;
  readonly seed?: number;
  readonly coverage?: boolean;
  readonly checks: boolean;
  readonly verbose?: boolean;
  readonly param: Record<string, string>;
  readonly rule: readonly string[];
  readonly skip: readonly string[];
  readonly color?: boolean;
}

export function testCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('test')
    .description('run the example and property tests of rule files (*.test.guard) and check that every rule can fail and can pass')
    .argument('[paths...]', 'test files, rule files or directories (default: the built-in library)')
    .option('--runs <n>', 'generated accounts per property and per automatic check', wholeNumber(1, 'a whole number of at least 1'), 100)
    .option('--seed <n>', 'seed for generated accounts (default: random, printed at the end)', wholeNumber(0, 'a whole number'))
    .option('--coverage', 'report rules without example tests and rule lines no test exercised')
    .option('--no-checks', 'skip the automatic checks')
    .option('-v, --verbose', 'list passing tests too')
    .option('-p, --param <name=value>', 'override a rule-file param; repeatable', collectParam, {})
    .addOption(ruleOption('run only the tests and automatic checks of this rule'))
    .addOption(skipOption())
    .option('--no-color', 'no colours')
    .action(async (paths: string[], flags: Flags) => {
      // The front end, the runner and fast-check load when the command runs.
      const [{ sortDiagnostics }, { renderDiagnostics, summarizeDiagnostics }, { checkTestFiles, renderTestReport, runTests, suiteFor }, { BUILTIN_POLICIES, loadRules, readTestFiles, TEST_SUFFIX }] = await Promise.all([
        import('../../diagnostics/index.ts'),
        import('../../report/diagnostics-text.ts'),
        import('../../guard-test/index.ts'),
        import('../load-rules.ts'),
      ]);
      const roots = paths.length > 0 ? paths : [BUILTIN_POLICIES];
      const found = await findTests(roots, io.cwd);
      const colorErr = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
      const color = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
      const loaded = await loadRules(found.rulePaths, { cwd: io.cwd, params: flags.param, select: { rule: flags.rule, skip: flags.skip } });
      const sources = new Map(loaded.sources);
      const read = await readTestFiles(found.tests, io.cwd, sources);
      const tests = read.tests;
      const diagnostics: Diagnostic[] = [...found.diagnostics, ...loaded.diagnostics, ...read.diagnostics];
      const program = loaded.program;
      // Test files are checked against every rule; with --rule/--skip only the tests of the rules kept run.
      const checked = program === null || loaded.whole === null ? null : checkTestFiles(tests, loaded.whole);
      if (checked !== null) diagnostics.push(...checked.diagnostics);
      const sorted = sortDiagnostics(diagnostics);
      if (sorted.length > 0) io.stderr(renderDiagnostics(sorted, { sources, color: colorErr }));
      if (program === null || checked === null || sorted.some((d) => d.severity === 'error')) {
        const files = loaded.files.length + tests.length;
        io.stderr(`guard: ${summarizeDiagnostics(sorted)} in ${files} file${files === 1 ? '' : 's'}\n`);
        setExit(EXIT.usage);
        return;
      }
      if (tests.length === 0) io.stderr(`guard: no test files (*${TEST_SUFFIX}) found; running the automatic checks only\n`);
      // A random seed by default, so repeated runs explore more accounts; printed so a failure can be replayed.
      const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
      const everyRule = program.rules.length === loaded.whole?.rules.length;
      const suite = everyRule ? checked.suite : suiteFor(checked.suite, program.rules);
      if (!everyRule && tests.length > 0 && suite.files.length === 0) io.stderr('guard: no test names the rules --rule/--skip kept; running the automatic checks only\n');
      const report = runTests(suite, program, {
        seed,
        runs: flags.runs,
        autoChecks: flags.checks,
        coverage: flags.coverage === true,
        ruleSources: loaded.sources,
      });
      io.stdout(renderTestReport(report, { color, verbose: flags.verbose === true }));
      setExit(report.ok ? EXIT.ok : EXIT.findings);
    });
}

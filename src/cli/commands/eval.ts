import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import { collectParam, collectPaths, collectRepeated, FORMATS, parseJobs, parseNow, ruleOption, skipOption } from '../options.ts';
import type { EvalFlags } from './eval-run.ts';

/** `guard eval`: its flags; the engine, the snapshot reader and the reporters load when it runs. */
export function evalCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('eval')
    .description('evaluate rules against a snapshot (the built-in library when no rule paths are given)')
    .argument('[rules...]', 'rule files or directories of .guard files')
    .requiredOption('-s, --snapshot <path>', 'snapshot file (JSON, optionally gzipped); a directory or repeated files: every account of an organization', collectPaths)
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(FORMATS).default('text'))
    .option('-o, --output <[format=]file>', 'write a report to a file: format=file adds one (repeatable); a bare file takes the format from its extension (.sarif, .json, .xml, .md, .txt)', collectRepeated, [])
    .option('--fail-on <policy>', 'exit 1 on failing findings at or above this severity; add `unknown`, `new` or `empty` (a rule whose scope matched nothing), comma-separated', 'any')
    .option('--baseline <file>', 'findings JSON of an earlier run: marks each finding new or existing')
    .option('--exceptions <file>', 'exceptions file (YAML or JSON) with owners, reasons and expiries')
    .option('--fail-on-expiring <duration>', 'exit 1 when an exception in use expires within this time (e.g. 14d)')
    .option('--now <time>', 'evaluate as of this ISO 8601 time instead of the snapshot time', parseNow)
    .option('-p, --param <name=value>', 'override a rule-file param; repeatable', collectParam, {})
    .addOption(ruleOption('evaluate only this rule'))
    .addOption(skipOption())
    .option('--shard <i/n>', 'organization runs: evaluate share i of n of the accounts (merge the JSON reports with `guard merge`)')
    .option('--jobs <n>', 'organization runs: accounts evaluated side by side (default: the cores, at most 4)', parseJobs)
    .option('--no-color', 'no colours in text output')
    .action(async (rules: string[], flags: EvalFlags, command: Command) => {
      const { runEval } = await import('./eval-run.ts');
      setExit(await runEval(rules, { ...flags, formatGiven: command.getOptionValueSource('format') === 'cli' }, io));
    });
}

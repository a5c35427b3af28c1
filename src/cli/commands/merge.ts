import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import { collectRepeated, FORMATS } from '../options.ts';
import type { MergeFlags } from './merge-run.ts';

/** `guard merge`: the JSON reports of an organization run's shards as one report, in any format. */
export function mergeCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('merge')
    .description('merge the JSON reports of `guard eval --snapshot dir/ --shard i/n` into one report of the whole organization')
    .argument('<files...>', 'findings JSON of each shard (`guard eval ... --format json`)')
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(FORMATS).default('text'))
    .option('-o, --output <[format=]file>', 'write a report to a file: format=file adds one (repeatable); a bare file takes the format from its extension', collectRepeated, [])
    .option('--fail-on <policy>', 'exit 1 on failing findings at or above this severity; add `unknown`, `new` or `empty`, comma-separated', 'any')
    .option('--no-color', 'no colours in text output')
    .action(async (files: string[], flags: MergeFlags, command: Command) => {
      const { runMerge } = await import('./merge-run.ts');
      setExit(await runMerge(files, { ...flags, formatGiven: command.getOptionValueSource('format') === 'cli' }, io));
    });
}

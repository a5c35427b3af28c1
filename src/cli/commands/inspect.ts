import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import { collectParam, parseNow } from '../options.ts';
import type { InspectFlags } from './inspect-run.ts';

/** `guard inspect`: its flags; the front end, the snapshot reader and the evaluator load when it runs. */
export function inspectCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('inspect')
    .description('list the entities a rule scope matches in a snapshot, with their attribute values: what a rule will see')
    .argument('<scope...>', 'a collection and an optional `where` condition, as in a rule (quote the condition for the shell)')
    .requiredOption('-s, --snapshot <file>', 'snapshot file (JSON, optionally gzipped)')
    .option('-a, --attributes <names>', 'only these attributes, comma-separated (e.g. `name,mfa,console access`)')
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(['text', 'json']).default('text'))
    .option('--now <time>', 'evaluate as of this ISO 8601 time instead of the snapshot time', parseNow)
    .option('-p, --param <name=value>', 'a param the condition names; repeatable', collectParam, {})
    .option('--no-color', 'no colours in text output')
    .action(async (scope: string[], flags: InspectFlags) => {
      const { runInspect } = await import('./inspect-run.ts');
      setExit(await runInspect(scope.join(' '), flags, io));
    });
}

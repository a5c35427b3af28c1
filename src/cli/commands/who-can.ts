import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import { parseNow } from '../options.ts';
import type { WhoCanFlags } from './who-can-run.ts';

/** `guard who-can`: its flags; the snapshot reader and the permissions evaluator load when it runs. */
export function whoCanCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('who-can')
    .description("list the users and roles that can do an action, by their effective permissions (identity policies, groups' policies, Deny, boundaries)")
    .argument('<action>', 'an action (iam:PassRole) or an action glob (iam:Put*Policy, *): some action it matches')
    .requiredOption('-s, --snapshot <file>', 'snapshot file (JSON, optionally gzipped)')
    .option('--on <resource>', 'a resource ARN (that resource) or ARN glob (every resource it covers); default: some resource of the action')
    .option('--unconditionally', 'only those that can without request-time conditions (MFA, source IP, ...)')
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(['text', 'json']).default('text'))
    .option('--now <time>', 'evaluate as of this ISO 8601 time instead of the snapshot time', parseNow)
    .option('--no-color', 'no colours in text output')
    .action(async (action: string, flags: WhoCanFlags) => {
      const { runWhoCan } = await import('./who-can-run.ts');
      setExit(await runWhoCan(action, flags, io));
    });
}

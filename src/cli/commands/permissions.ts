import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import { parseNow } from '../options.ts';
import type { PermissionsFlags } from './permissions-run.ts';

/** `guard permissions`: its flags; the snapshot reader, the evaluator and the action catalog load when it runs. */
export function permissionsCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('permissions')
    .description("summarise a user's, role's or permission set's effective permissions per service and access level, with admin, boundary and escalation paths")
    .argument('<principal>', 'a user, role or Identity Center permission set: its name, `user/NAME`, `role/NAME`, `permission-set/NAME` or its ARN')
    .requiredOption('-s, --snapshot <file>', 'snapshot file (JSON, optionally gzipped)')
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(['text', 'json']).default('text'))
    .option('-v, --verbose', 'list the granted actions of each service and access level')
    .option('--now <time>', 'evaluate as of this ISO 8601 time instead of the snapshot time', parseNow)
    .option('--no-color', 'no colours in text output')
    .action(async (principal: string, flags: PermissionsFlags) => {
      const { runPermissions } = await import('./permissions-run.ts');
      setExit(await runPermissions(principal, flags, io));
    });
}

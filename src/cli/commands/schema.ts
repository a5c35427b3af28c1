import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import type { SchemaFlags } from './schema-run.ts';

/** `guard schema`: its flags; the schema tables load when it runs. */
export function schemaCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('schema')
    .description('list the collections and attributes rules can use')
    .argument('[collection]', 'show one collection (e.g. `users`, `access keys`)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (collection: string | undefined, flags: SchemaFlags) => {
      const { runSchema } = await import('./schema-run.ts');
      setExit(runSchema(collection, flags, io));
    });
}

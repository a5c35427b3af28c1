import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import type { ValidatePolicyFlags } from './validate-policy-run.ts';

/** `guard validate-policy`: its flags; the policy checker loads when it runs. */
export function validatePolicyCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('validate-policy')
    .description('check SCP or RCP files as AWS Organizations does before they are deployed (elements, effects, Principal, Version, size)')
    .argument('<files...>', 'policy documents (JSON)')
    .addOption(new Option('-t, --type <type>', 'the policy type').choices(['scp', 'rcp']).default('scp'))
    .option('--no-color', 'no colours in text output')
    .action(async (files: string[], flags: ValidatePolicyFlags) => {
      const { runValidatePolicy } = await import('./validate-policy-run.ts');
      setExit(await runValidatePolicy(files, flags, io));
    });
}

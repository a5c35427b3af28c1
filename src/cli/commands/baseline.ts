import { resolve } from 'node:path';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { collectParam, collectPaths, parseNow } from '../options.ts';

/** `guard baseline write`: today's findings as the baseline that `--fail-on new` compares against. */
export function baselineCommand(io: CliIo, setExit: (code: number) => void): Command {
  const write = new Command('write')
    .description('write the current findings as a baseline (findings JSON) for `guard eval --baseline`')
    .argument('[rules...]', 'rule files or directories of .guard files (default: the built-in library)')
    .requiredOption('-s, --snapshot <path>', 'snapshot file (JSON, optionally gzipped); a directory or repeated files: an organization', collectPaths)
    .requiredOption('-o, --output <file>', 'where to write the baseline')
    .option('--exceptions <file>', 'exceptions file: waived findings are recorded as waived')
    .option('--now <time>', 'evaluate as of this ISO 8601 time', parseNow)
    .option('-p, --param <name=value>', 'override a rule-file param; repeatable', collectParam, {})
    .action(async (rules: string[], flags: { snapshot: string | string[]; output: string; exceptions?: string; now?: number; param: Record<string, string> }) => {
      const [{ evaluateForCli, writeReport }, { renderJson }] = await Promise.all([import('./eval-run.ts'), import('../../report/index.ts')]);
      const evaluated = await evaluateForCli(rules, { ...flags, format: 'json', output: [], failOn: 'none' }, io, null);
      if (!evaluated) {
        setExit(EXIT.usage);
        return;
      }
      await writeReport(resolve(io.cwd, flags.output), renderJson(evaluated.result, evaluated.gate), flags.output);
      const s = evaluated.result.summary;
      io.stderr(`guard: baseline of ${s.fail + s.unknown + s.waived} findings written to ${flags.output}\n`);
      setExit(EXIT.ok);
    });
  return new Command('baseline').description('manage baselines of existing findings').addCommand(write.exitOverride());
}

/** `guard merge`'s implementation, loaded when the command runs (its definition is merge.ts). */
import { resolve } from 'node:path';
import { chunked } from '../../report/index.ts';
import { displayPath } from '../display-path.ts';
import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';
import type { Format } from '../options.ts';
import { mergeShards } from '../org/merge.ts';
import { readShard } from '../org/read-shard.ts';
import { exitCodeFor, parseFailOn, parseOutputs, render, writeReport } from './eval-run.ts';

export interface MergeFlags {
  readonly format: Format;
  readonly formatGiven?: boolean;
  readonly output: readonly string[];
  readonly failOn: string;
  readonly color?: boolean;
}

/** The exit code is the one the unsharded run would give: 2 when an account could not be evaluated, else by --fail-on. */
export async function runMerge(files: readonly string[], flags: MergeFlags, io: CliIo): Promise<number> {
  const policy = parseFailOn(flags.failOn);
  const docs = [];
  for (const file of files) {
    const path = resolve(io.cwd, file);
    docs.push(await readShard(path, displayPath(path, io.cwd)));
  }
  const { result, gate, missingShards } = mergeShards(docs);
  if (policy.newOnly && gate.baseline === undefined) throw new UsageError('--fail-on new needs shards run with --baseline');
  if (missingShards.length) io.stderr(`guard: shard${missingShards.length === 1 ? '' : 's'} ${missingShards.join(', ')} not given: the report covers only the accounts of the shards given\n`);
  const outputs = parseOutputs(flags.output, flags.format, flags.formatGiven === true);
  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  if (!outputs.some((o) => o.main)) for (const chunk of chunked(render(flags.format, result, gate, { cwd: io.cwd, color: stdoutColor }))) io.stdout(chunk);
  for (const output of outputs) await writeReport(resolve(io.cwd, output.file), render(output.format, result, gate, { cwd: io.cwd, color: false }), output.file);
  const failed = result.organization?.accounts.filter((a) => a.status === 'failed') ?? [];
  if (failed.length) {
    io.stderr(`guard: ${failed.length} of ${result.organization?.accounts.length ?? 0} accounts could not be evaluated (see the report); exit 2\n`);
    return EXIT.usage;
  }
  if (missingShards.length) return EXIT.usage;
  return exitCodeFor(result, policy, gate.baseline);
}

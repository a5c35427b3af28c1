import { Command, Option } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { compileProgram, evaluate, severityRank, RULE_SEVERITIES, type EvaluationResult, type RuleSeverity } from '../../engine/index.ts';
import { loadSnapshotFile, normalizeSnapshot } from '../../model/index.ts';
import { renderDiagnostics, renderJson, renderJunit, renderMarkdown, renderSarif, renderText } from '../../report/index.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError, type CliIo } from '../io.ts';
import { displayPath, loadRules } from '../load-rules.ts';
import { collectParam, collectRepeated, parseNow } from '../options.ts';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

interface EvalFlags {
  readonly snapshot: string;
  readonly format: Format;
  readonly output: readonly string[];
  readonly failOn: string;
  readonly now?: number;
  readonly param: Record<string, string>;
  readonly color?: boolean;
}

/** What makes the run fail: a severity threshold, and whether unknown findings count. */
export interface FailPolicy {
  readonly threshold: RuleSeverity | null;
  readonly unknown: boolean;
}

export function parseFailOn(value: string): FailPolicy {
  let threshold: RuleSeverity | null = null;
  let unknown = false;
  for (const part of value.split(',').map((p) => p.trim().toLowerCase())) {
    if (part === 'unknown') unknown = true;
    else if (part === 'any') threshold = 'info';
    else if (part === 'none') threshold = null;
    else {
      const severity = RULE_SEVERITIES.find((s) => s === part);
      if (!severity) throw new UsageError(`--fail-on: expected a severity (${RULE_SEVERITIES.join(', ')}), \`any\`, \`none\` or \`unknown\` but found \`${part}\``);
      threshold = severity;
    }
  }
  if (threshold === null && unknown && !value.includes('none')) threshold = 'info';
  return { threshold, unknown };
}

export function exitCodeFor(result: EvaluationResult, policy: FailPolicy): number {
  if (policy.threshold === null && !policy.unknown) return EXIT.ok;
  const min = policy.threshold === null ? Number.POSITIVE_INFINITY : severityRank(policy.threshold);
  const failing = result.findings.some(
    (f) => severityRank(f.severity) >= min && (f.status === 'fail' || (policy.unknown && f.status === 'unknown')),
  );
  return failing ? EXIT.findings : EXIT.ok;
}

export function render(format: Format, result: EvaluationResult, color: boolean): string {
  switch (format) {
    case 'text':
      return renderText(result, { color });
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result);
    case 'junit':
      return renderJunit(result);
    case 'markdown':
      return renderMarkdown(result);
  }
}

/** `--output sarif=guard.sarif` adds a report file; a bare `--output report.txt` redirects the main format. */
function parseOutputs(specs: readonly string[], format: Format): { format: Format; file: string; main: boolean }[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const name = at > 0 ? spec.slice(0, at) : '';
    const known = FORMATS.find((f) => f === name);
    if (known) return { format: known, file: spec.slice(at + 1), main: false };
    if (at > 0 && /^[a-z]+$/.test(name)) throw new UsageError(`--output: unknown format \`${name}\` (expected ${FORMATS.join(', ')})`);
    return { format, file: spec, main: true };
  });
}

export function evalCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('eval')
    .description('evaluate rules against a snapshot (the built-in library when no rule paths are given)')
    .argument('[rules...]', 'rule files or directories of .guard files')
    .requiredOption('-s, --snapshot <file>', 'snapshot file (JSON, optionally gzipped)')
    .addOption(new Option('-f, --format <format>', 'output format on stdout').choices(FORMATS).default('text'))
    .option('-o, --output <[format=]file>', 'write a report to a file instead of stdout; repeatable', collectRepeated, [])
    .option('--fail-on <policy>', 'exit 1 when a finding fails at or above this severity; add `unknown` to fail on unknowns too', 'any')
    .option('--now <time>', 'evaluate as of this ISO 8601 time instead of the snapshot time', parseNow)
    .option('-p, --param <name=value>', 'override a rule-file param; repeatable', collectParam, {})
    .option('--no-color', 'no colours in text output')
    .action(async (rules: string[], flags: EvalFlags) => {
      setExit(await runEval(rules, flags, io));
    });
}

async function runEval(rulePaths: readonly string[], flags: EvalFlags, io: CliIo): Promise<number> {
  const policy = parseFailOn(flags.failOn);
  const loaded = await loadRules(rulePaths, { cwd: io.cwd, params: flags.param });
  const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
  if (loaded.diagnostics.length) io.stderr(renderDiagnostics(loaded.diagnostics, { sources: loaded.sources, color }));
  if (!loaded.program) return EXIT.usage;

  const snapshotPath = resolve(io.cwd, flags.snapshot);
  const snapshot = await loadSnapshotFile(snapshotPath);
  const shown = displayPath(snapshotPath, io.cwd);
  if (!snapshot.ok) {
    io.stderr(renderDiagnostics([...snapshot.errors], { sources: new Map(), color, fallbackSource: shown }));
    io.stderr(`guard: ${shown} is not a valid snapshot; nothing was evaluated\n`);
    return EXIT.usage;
  }
  if (snapshot.warnings.length) io.stderr(renderDiagnostics(snapshot.warnings, { sources: new Map(), color, fallbackSource: shown }));
  const model = normalizeSnapshot(snapshot.value, flags.now === undefined ? {} : { now: flags.now });
  const result = evaluate(compileProgram(loaded.program), model);

  const outputs = parseOutputs(flags.output, flags.format);
  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  if (!outputs.some((o) => o.main)) io.stdout(render(flags.format, result, stdoutColor));
  for (const output of outputs) {
    const path = resolve(io.cwd, output.file);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, render(output.format, result, false));
    } catch (caught) {
      throw new UsageError(`cannot write \`${output.file}\`: ${caught instanceof Error ? caught.message : String(caught)}`);
    }
  }
  return exitCodeFor(result, policy);
}

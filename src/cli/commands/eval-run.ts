/** `guard eval`'s implementation, loaded when the command runs (its definition is eval.ts). */
import { mkdir, open } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  applyExceptionsFile,
  type BaselineComparison,
  baselineState,
  compareWithBaseline,
  compileProgram,
  type EvaluationResult,
  type ExceptionsOutcome,
  evaluate,
  exceptionsDiagnostics,
  type Finding,
  loadBaselineFile,
  loadExceptionsFile,
  parseExpiryWindow,
  programReads,
  RULE_SEVERITIES,
  type RuleSeverity,
  severityRank,
} from '../../engine/index.ts';
import { chunked, type GateInputs, jsonParts, junitParts, renderDiagnostics, renderGithubAnnotations, renderMarkdown, renderText, sarifParts } from '../../report/index.ts';
import type { CheckedProgram } from '../../semantics/index.ts';
import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { displayPath, loadRules } from '../load-rules.ts';
import { FORMATS, type Format } from '../options.ts';
import { parseShard, resolveSnapshotInputs } from '../org/inputs.ts';
import { type JsonStream, openJsonStream } from '../org/json-stream.ts';
import { defaultJobs } from '../org/pool.ts';
import { GUARD_VERSION } from '../version.ts';

export interface EvalFlags {
  /** A snapshot file, or (repeated, or a directory) the accounts of an organization run. */
  readonly snapshot: string | readonly string[];
  /** `--shard i/n`: this run's share of an organization's accounts. */
  readonly shard?: string;
  /** `--jobs n`: accounts evaluated side by side in an organization run. */
  readonly jobs?: number;
  readonly format: Format;
  /** `--format` was given, not defaulted: a bare `--output` file then takes it. */
  readonly formatGiven?: boolean;
  readonly output: readonly string[];
  readonly failOn: string;
  readonly now?: number;
  readonly param: Record<string, string>;
  /** `--rule` / `--skip`: ids or globs. */
  readonly rule?: readonly string[];
  readonly skip?: readonly string[];
  readonly color?: boolean;
  readonly baseline?: string;
  readonly exceptions?: string;
  readonly failOnExpiring?: string;
}

/** What makes the run fail: a severity threshold, whether unknown findings count, whether only new ones do, whether a rule whose scope matched nothing does. */
export interface FailPolicy {
  readonly threshold: RuleSeverity | null;
  readonly unknown: boolean;
  readonly newOnly: boolean;
  readonly empty: boolean;
}

export function parseFailOn(value: string): FailPolicy {
  let threshold: RuleSeverity | null = null;
  let explicitNone = false;
  let unknown = false;
  let newOnly = false;
  let empty = false;
  for (const part of value.split(',').map((p) => p.trim().toLowerCase())) {
    if (part === 'unknown') unknown = true;
    else if (part === 'empty') empty = true;
    else if (part === 'new') newOnly = true;
    else if (part === 'any') threshold = 'info';
    else if (part === 'none') explicitNone = true;
    else {
      const severity = RULE_SEVERITIES.find((s) => s === part);
      if (!severity) {
        throw new UsageError(`--fail-on: expected a severity (${RULE_SEVERITIES.join(', ')}), \`any\`, \`none\`, \`new\`, \`unknown\` or \`empty\` but found \`${part}\``);
      }
      threshold = severity;
    }
  }
  if (explicitNone) return { threshold: null, unknown: false, newOnly: false, empty: false };
  return { threshold: threshold ?? 'info', unknown, newOnly, empty };
}

export function exitCodeFor(result: EvaluationResult, policy: FailPolicy, baseline?: BaselineComparison): number {
  return result.findings.some((f) => failsPolicy(f, policy, baseline)) || failsByEmptyScope(result, policy) ? EXIT.findings : EXIT.ok;
}

/**
 * `--fail-on empty`: a rule at or above the threshold whose scope matched nothing (in any account)
 * fails the run. It is not a finding, so `new` does not filter it: a baseline has no empty scopes.
 */
export function failsByEmptyScope(result: EvaluationResult, policy: FailPolicy): boolean {
  if (!policy.empty || policy.threshold === null) return false;
  const threshold = severityRank(policy.threshold);
  const lists = result.organization ? result.organization.accounts.map((a) => a.emptyScopes ?? []) : [result.emptyScopes ?? []];
  const empty = new Set(lists.flatMap((list) => list.map((e) => e.rule)));
  return result.rules.some((rule) => empty.has(rule.id) && severityRank(rule.severity) >= threshold);
}

/** Whether one finding makes the run fail under `policy`. */
export function failsPolicy(f: Finding, policy: FailPolicy, baseline?: BaselineComparison): boolean {
  return failsBy(f.severity, f.status, policy) && (!policy.newOnly || baseline === undefined || baselineState(baseline, f) === 'new');
}

/** --fail-on's severity and status part, which is all a run without a baseline needs. */
function failsBy(severity: RuleSeverity, status: Finding['status'], policy: FailPolicy): boolean {
  return policy.threshold !== null && severityRank(severity) >= severityRank(policy.threshold) && (status === 'fail' || (policy.unknown && status === 'unknown'));
}

/** A report in parts (JSON, SARIF and JUnit finding by finding; text and Markdown whole), so a large one is written without being held as one string. */
export function render(format: Format, result: EvaluationResult, gate: GateInputs, options: { color: boolean; cwd: string }): Iterable<string> {
  switch (format) {
    case 'text':
      return [renderText(result, { color: options.color, ...(gate.baseline ? { baseline: gate.baseline } : {}) })];
    case 'json':
      return jsonParts(result, gate);
    case 'sarif':
      return sarifParts(result, { ...gate, srcRoot: options.cwd, toolVersion: GUARD_VERSION });
    case 'junit':
      return junitParts(result, gate);
    case 'markdown':
      return [renderMarkdown(result, gate)];
  }
}

/** What a bare `--output FILE` writes, by the file's extension. */
export const OUTPUT_EXTENSIONS: Readonly<Record<string, Format>> = { '.sarif': 'sarif', '.json': 'json', '.xml': 'junit', '.md': 'markdown', '.txt': 'text' };

/**
 * `--output sarif=guard.sarif` adds a report file in that format; a bare `--output guard.sarif` takes
 * the format from the extension and replaces stdout's report (with `--format` given, an extension
 * it cannot tell takes that format, and one that disagrees is an error). An extension it cannot tell
 * otherwise is an error naming the choices, never a text report in a `.html` file.
 */
export function parseOutputs(specs: readonly string[], format: Format, formatGiven = false): { format: Format; file: string; main: boolean }[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const name = at > 0 ? spec.slice(0, at) : '';
    const known = FORMATS.find((f) => f === name);
    if (known) return { format: known, file: spec.slice(at + 1), main: false };
    if (at > 0 && /^[a-z]+$/.test(name)) throw new UsageError(`--output: unknown format \`${name}\` (expected ${FORMATS.join(', ')})`);
    const extension = extname(spec).toLowerCase();
    const inferred = Object.hasOwn(OUTPUT_EXTENSIONS, extension) ? OUTPUT_EXTENSIONS[extension] : undefined;
    if (inferred !== undefined && formatGiven && inferred !== format) {
      throw new UsageError(`--output \`${spec}\` is a ${inferred} file by its extension but --format is ${format}: write \`--output ${format}=${spec}\` to mean it`);
    }
    if (inferred === undefined && formatGiven) return { format, file: spec, main: true };
    if (inferred === undefined) {
      const choices = Object.entries(OUTPUT_EXTENSIONS)
        .map(([ext, f]) => `${ext} (${f})`)
        .join(', ');
      throw new UsageError(
        `--output \`${spec}\`: cannot tell the format from ${extension === '' ? 'a file without an extension' : `the extension \`${extension}\``}; name it as FORMAT=FILE (${FORMATS.join(', ')}) or use ${choices}`,
      );
    }
    return { format: inferred, file: spec, main: true };
  });
}

/** Writes a report, given whole or in parts, in chunks. */
export async function writeReport(path: string, report: string | Iterable<string>, shown: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'w');
    try {
      for (const chunk of chunked(typeof report === 'string' ? [report] : report)) await file.write(chunk);
    } finally {
      await file.close();
    }
  } catch (caught) {
    throw new UsageError(`cannot write \`${shown}\`: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
}

export interface Evaluated {
  readonly result: EvaluationResult;
  readonly gate: GateInputs;
  readonly expiring: number;
  /** Accounts of an organization run that could not be evaluated (each said on stderr and in the report): the run exits 2. */
  readonly unreadable: number;
  /** The JSON reports were written while evaluating (the result holds counts, no findings). */
  readonly streamed: boolean;
}

/** One snapshot's result, or an organization's (several accounts, each with its organization as context); null when nothing could be evaluated. */
async function evaluateSnapshots(
  program: CheckedProgram,
  flags: EvalFlags,
  io: CliIo,
  color: boolean,
  stream?: JsonStream,
): Promise<{ result: EvaluationResult; now: number; unreadable: number; streamed: boolean } | null> {
  const inputs = await resolveSnapshotInputs(typeof flags.snapshot === 'string' ? [flags.snapshot] : flags.snapshot, io.cwd);
  const shard = flags.shard === undefined ? null : parseShard(flags.shard);
  if (inputs.kind === 'single') {
    if (shard !== null) throw new UsageError('--shard splits the accounts of an organization run: give --snapshot a directory or several files');
    const model = await loadModel({ snapshot: inputs.path, ...(flags.now === undefined ? {} : { now: flags.now }) }, io, color, programReads(program));
    if (model === null) return null;
    collectSnapshotGarbage();
    return { result: evaluate(compileProgram(program), model), now: model.now, unreadable: 0, streamed: false };
  }
  for (const note of inputs.notes) io.stderr(`guard: ${note}\n`);
  const { evaluateOrganization, streamable } = await import('../org/run.ts');
  const streaming = stream !== undefined && streamable(inputs) ? stream : undefined;
  const prepared = compileProgram(program);
  if (streaming) await streaming.head(prepared.map((p) => p.info));
  const organization = await evaluateOrganization(
    inputs,
    {
      shard,
      jobs: flags.jobs ?? defaultJobs(),
      setup: {
        program,
        color,
        renderJson: streaming !== undefined,
        ...(flags.now === undefined ? {} : { now: flags.now }),
      },
      prepared,
      reads: programReads(program),
    },
    io,
    streaming?.sink,
  );
  const result = streaming ? streaming.finish(organization) : organization;
  const unreadable = result.organization?.accounts.filter((a) => a.status === 'failed').length ?? 0;
  return { result, now: Date.parse(result.now), unreadable, streamed: streaming !== undefined };
}

/**
 * Rules, snapshot, exceptions and baseline to a gated result; null when something could not be
 * read (its diagnostics are already on stderr and the exit code is 2).
 */
export async function evaluateForCli(rulePaths: readonly string[], flags: EvalFlags, io: CliIo, expiringWindow: number | null, stream?: JsonStream): Promise<Evaluated | null> {
  const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
  const loaded = await loadRules(rulePaths, { cwd: io.cwd, params: flags.param, select: { rule: flags.rule ?? [], skip: flags.skip ?? [] } });
  if (loaded.diagnostics.length) io.stderr(renderDiagnostics(loaded.diagnostics, { sources: loaded.sources, color }));
  if (!loaded.program) return null;

  const evaluated = await evaluateSnapshots(loaded.program, flags, io, color, stream);
  if (evaluated === null) return null;
  let result = evaluated.result;
  const now = evaluated.now;

  let exceptions: ExceptionsOutcome | undefined;
  let expiring = 0;
  if (flags.exceptions !== undefined) {
    const path = resolve(io.cwd, flags.exceptions);
    const name = displayPath(path, io.cwd);
    const { text, outcome } = await loadExceptionsFile(path, name);
    const sources = new Map(text === null ? [] : [[name, text] as const]);
    if (!outcome.ok) {
      io.stderr(renderDiagnostics([...outcome.errors, ...outcome.warnings], { sources, color, fallbackSource: name }));
      return null;
    }
    exceptions = applyExceptionsFile(result, outcome.value.entries, now);
    result = exceptions.result;
    const notes = [...outcome.warnings, ...exceptionsDiagnostics(exceptions, now, expiringWindow ?? undefined)];
    if (notes.length) io.stderr(renderDiagnostics(notes, { sources, color, fallbackSource: name }));
    if (expiringWindow !== null) expiring = exceptions.expiring(expiringWindow).length;
  }

  let baseline: BaselineComparison | undefined;
  if (flags.baseline !== undefined) {
    const path = resolve(io.cwd, flags.baseline);
    const name = displayPath(path, io.cwd);
    const loadedBaseline = await loadBaselineFile(path, name);
    if (!loadedBaseline.ok) {
      io.stderr(renderDiagnostics([...loadedBaseline.errors], { sources: new Map(), color, fallbackSource: name }));
      return null;
    }
    baseline = compareWithBaseline(result, loadedBaseline.value);
    if (baseline.warnings.length) io.stderr(renderDiagnostics(baseline.warnings, { sources: new Map(), color, fallbackSource: name }));
  }
  const gate: GateInputs = { ...(baseline ? { baseline } : {}), ...(exceptions ? { exceptions } : {}) };
  return { result, gate, expiring, unreadable: evaluated.unreadable, streamed: evaluated.streamed };
}

/**
 * Keeps V8's young generation at its first size (1 MiB semi-spaces) instead of letting it double up
 * to 64 MiB: nearly everything a snapshot's evaluation allocates lives to the end (the parsed JSON,
 * the model, the findings), so a large nursery only copies it once more and commits memory for it.
 * On the 15 MB benchmark account it takes the peak from about 350 MB to about 220 MB at about the
 * same CPU time (`npm run bench -- eval`). The flag is read when the nursery grows, so setting it now works.
 */
function keepNurserySmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * One full collection once the model is built. The parsed snapshot and what validation parsed of it
 * (about as large as the model) were promoted to the old generation while normalization ran, and
 * are garbage now; V8 would not collect the old generation again before the run ends, so evaluation
 * and the report would grow the heap on top of them. Collecting here takes the peak of the 15 MB
 * benchmark account from about 243 MB to about 199 MB, for about 50 ms more (the collection is not
 * incremental: about 70 ms on the main thread; `npm run bench -- eval`).
 * `gc` exists only under --expose-gc, which a flag set now installs in new contexts.
 */
function collectSnapshotGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

export async function runEval(rulePaths: readonly string[], flags: EvalFlags, io: CliIo): Promise<number> {
  keepNurserySmall();
  const policy = parseFailOn(flags.failOn);
  if (policy.newOnly && flags.baseline === undefined) throw new UsageError('--fail-on new needs --baseline FILE to tell new findings from existing ones');
  let expiringWindow: number | null = null;
  if (flags.failOnExpiring !== undefined) {
    expiringWindow = parseExpiryWindow(flags.failOnExpiring);
    if (expiringWindow === null) throw new UsageError(`--fail-on-expiring: expected a duration such as 14d but found \`${flags.failOnExpiring}\``);
    if (flags.exceptions === undefined) throw new UsageError('--fail-on-expiring needs --exceptions FILE');
  }
  const outputs = parseOutputs(flags.output, flags.format, flags.formatGiven === true);
  // JSON reports alone, with nothing that needs every finding first, are written account by account.
  const jsonOnly = outputs.every((o) => o.format === 'json') && (outputs.some((o) => o.main) || flags.format === 'json');
  const stream = jsonOnly && flags.exceptions === undefined && flags.baseline === undefined ? await openJsonStream(outputs, io, (severity, status) => failsBy(severity, status, policy)) : undefined;
  const evaluated = await evaluateForCli(rulePaths, flags, io, expiringWindow, stream);
  if (!evaluated) {
    await stream?.abandon();
    return EXIT.usage;
  }
  const { result, gate, expiring } = evaluated;
  if (evaluated.streamed && stream) {
    await stream.close();
    if (evaluated.unreadable > 0) return unreadableExit(evaluated.unreadable, result, io);
    return stream.failing() || failsByEmptyScope(result, policy) ? EXIT.findings : EXIT.ok;
  }
  await stream?.abandon();

  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  const options = { cwd: io.cwd };
  if (!outputs.some((o) => o.main)) {
    for (const chunk of chunked(render(flags.format, result, gate, { ...options, color: stdoutColor }))) io.stdout(chunk);
    if (flags.format === 'text' && io.env['GITHUB_ACTIONS'] === 'true') {
      io.stdout(renderGithubAnnotations(result, { ...gate, ...(policy.empty && policy.threshold !== null ? { emptyFailsFrom: policy.threshold } : {}) }));
    }
  }
  for (const output of outputs) {
    await writeReport(resolve(io.cwd, output.file), render(output.format, result, gate, { ...options, color: false }), output.file);
  }
  if (evaluated.unreadable > 0) return unreadableExit(evaluated.unreadable, result, io);
  const code = exitCodeFor(result, policy, gate.baseline);
  return code === EXIT.ok && expiring > 0 ? EXIT.findings : code;
}

function unreadableExit(unreadable: number, result: EvaluationResult, io: CliIo): number {
  const total = result.organization?.accounts.length ?? 0;
  io.stderr(`guard: ${unreadable} of ${total} account${total === 1 ? '' : 's'} could not be evaluated (listed above and in the report); exit 2\n`);
  return EXIT.usage;
}

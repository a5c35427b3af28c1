import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import type { AccountResult, AwsSettings, FatalFailure, ProgressMode, SectionError, SnapshotDocument } from '../../collect/index.ts';

// The AWS SDK takes a few hundred milliseconds to load: only `guard snapshot` pays for it.
const loadCollect = (): Promise<typeof import('../../collect/index.ts')> => import('../../collect/index.ts');

import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';

interface SnapshotFlags {
  readonly out?: string;
  readonly outDir?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly regions?: string;
  readonly endpointUrl?: string;
  readonly org?: boolean;
  readonly roleName: string;
  readonly concurrency: string;
  readonly gzip?: boolean;
  readonly quiet?: boolean;
  readonly maxAttempts: string;
  readonly timeout: string;
  readonly callTimeout: string;
  readonly sectionTimeout: string;
}

const DEFAULT_ROLE = 'OrganizationAccountAccessRole';
const MANIFEST = 'manifest.json';

export function snapshotCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('snapshot')
    .description("collect an AWS account's IAM and Organizations state into a snapshot file")
    .option('--out <file>', 'write the snapshot here (`.json.gz` compresses; `-` for stdout when it is not a terminal)')
    .option('--out-dir <dir>', 'with --org: write one snapshot per account here, plus manifest.json')
    .option('--profile <name>', 'AWS profile from the shared config (keys, SSO, assume-role)')
    .option('--region <region>', 'AWS region for STS (IAM and Organizations are global) and where Identity Center is looked for first')
    .option('--regions <list>', 'comma-separated regions where IAM Access Analyzer is read (and Identity Center looked for); default: the --region one')
    .option('--endpoint-url <url>', 'send every AWS call to this URL (an emulator, a proxy)')
    .option('--org', 'collect every ACTIVE account of the organization (from the management or a delegated administrator account)')
    .option('--role-name <name>', 'with --org: role to assume in each member account', DEFAULT_ROLE)
    .option('--concurrency <n>', 'with --org: accounts collected at once', '4')
    .option('--gzip', 'compress the snapshot files')
    .option('--quiet', 'no progress display (failures are still reported)')
    .option('--max-attempts <n>', 'attempts per AWS call when throttled (other failures: at most 3)', '10')
    .option('--timeout <duration>', 'how long to wait for the credential report, e.g. 90s or 5m', '5m')
    .option('--call-timeout <duration>', 'how long one HTTP attempt may wait for a response, or sit idle while reading one', '2m')
    .option('--section-timeout <duration>', 'the most time one section may take, all its calls, pages and retries included', '10m')
    .addHelpText(
      'after',
      '\nExamples:\n  guard snapshot --out account.json\n  guard snapshot --profile audit --out account.json.gz\n' +
        `  guard snapshot --org --role-name ${DEFAULT_ROLE} --out-dir snapshots/\n\nSee docs/collecting.md for the permissions it needs (docs/collector-policy.json).`,
    )
    .action(async (flags: SnapshotFlags) => {
      const options = parseFlags(flags, io);
      setExit(await withInterruptCleanup(io, () => (options.org ? runOrganization(options, io) : runSingle(options, io))));
      endAbandonedWork();
    });
}

interface SnapshotOptions {
  readonly out: string | undefined;
  readonly outDir: string | undefined;
  readonly org: boolean;
  readonly gzip: boolean;
  readonly quiet: boolean;
  readonly roleName: string;
  readonly concurrency: number;
  readonly credentialReportTimeoutMs: number;
  readonly sectionTimeoutMs: number;
  /** undefined: the client's own region. */
  readonly regions: readonly string[] | undefined;
  readonly settings: AwsSettings;
}

function parseFlags(flags: SnapshotFlags, io: CliIo): SnapshotOptions {
  const org = flags.org === true;
  if (org && flags.out !== undefined) throw new UsageError('--org writes one file per account: use --out-dir instead of --out');
  if (!org && flags.outDir !== undefined) throw new UsageError('--out-dir is for --org; for one account use --out FILE');
  if (org && flags.outDir === undefined) throw new UsageError('--org needs --out-dir DIR (one snapshot per account)');
  if (!org && flags.out === undefined) {
    // A snapshot is megabytes of JSON: printing it to a terminal by default helps nobody.
    throw new UsageError('where should the snapshot go? pass --out FILE (or --out - to write to a pipe)');
  }
  if (flags.out === '-' && io.stdoutIsTTY) throw new UsageError('--out - writes megabytes of JSON: redirect stdout to a file or a pipe, or use --out FILE');
  if (flags.out === '-' && flags.gzip === true) throw new UsageError('--gzip with --out - is not supported: pipe the output to gzip');
  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpointUrl)) {
    throw new UsageError(`--endpoint-url \`${flags.endpointUrl}\` is not an http(s) URL`);
  }
  return {
    out: flags.out === undefined || flags.out === '-' ? flags.out : resolve(io.cwd, flags.out),
    outDir: flags.outDir === undefined ? undefined : resolve(io.cwd, flags.outDir),
    org,
    gzip: flags.gzip === true,
    quiet: flags.quiet === true,
    roleName: flags.roleName,
    concurrency: integerFlag('--concurrency', flags.concurrency, 1, 32),
    credentialReportTimeoutMs: durationFlag('--timeout', flags.timeout),
    sectionTimeoutMs: durationFlag('--section-timeout', flags.sectionTimeout),
    regions: flags.regions === undefined ? undefined : regionsFlag(flags.regions),
    settings: {
      region: flags.region ?? io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'],
      profile: flags.profile,
      endpoint: flags.endpointUrl,
      maxAttempts: integerFlag('--max-attempts', flags.maxAttempts, 1, 25),
      callTimeoutMs: durationFlag('--call-timeout', flags.callTimeout),
    },
  };
}

function integerFlag(name: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} \`${text}\` must be a whole number from ${min} to ${max}`);
  return value;
}

function regionsFlag(text: string): string[] {
  const regions = [
    ...new Set(
      text
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    ),
  ];
  if (regions.length === 0) throw new UsageError('--regions needs at least one region, such as `us-east-1,eu-west-1`');
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-[0-9]+$/.test(r));
  if (bad !== undefined) throw new UsageError(`--regions: \`${bad}\` is not an AWS region such as \`us-east-1\``);
  return regions;
}

function durationFlag(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const amount = match?.[1];
  if (amount === undefined) throw new UsageError(`${name} \`${text}\` is not a duration such as 90s or 5m`);
  const unit = match?.[2] ?? 's';
  const ms = Number(amount) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
  if (ms < 1000 || ms > 3_600_000) throw new UsageError(`${name} \`${text}\` must be between 1s and 60m`);
  return ms;
}

function progressMode(options: SnapshotOptions, io: CliIo): ProgressMode {
  if (options.quiet) return 'quiet';
  return io.stderrIsTTY ? 'tty' : 'plain';
}

async function runSingle(options: SnapshotOptions, io: CliIo): Promise<number> {
  const { collectSnapshot, createProgressDisplay, sectionsNotCollected, serializeSnapshot, wantsGzip, writeFileAtomically } = await loadCollect();
  const out = options.out;
  if (out === undefined) throw new UsageError('--out is required');
  if (out !== '-') await checkWritableFile(out);
  const display = createProgressDisplay(progressMode(options, io), io.stderr, { showAccount: false, color: colorOn(io) });
  const started = Date.now();
  const outcome = await collectSnapshot({
    settings: options.settings,
    credentialReportTimeoutMs: options.credentialReportTimeoutMs,
    sectionTimeoutMs: options.sectionTimeoutMs,
    ...(options.regions === undefined ? {} : { regions: options.regions }),
    progress: display.listener,
  }).finally(display.close);
  if (outcome.kind === 'fatal') return reportFatal(io, outcome.failure);

  const snapshot = outcome.snapshot;
  try {
    if (out === '-') io.stdout((await serializeSnapshot(snapshot, false)).toString('utf8'));
    else await writeFileAtomically(out, await serializeSnapshot(snapshot, options.gzip || wantsGzip(out)));
  } catch (caught) {
    io.stderr(`guard: cannot write \`${out}\`: ${caught instanceof Error ? caught.message : String(caught)}\n`);
    return EXIT.usage;
  }
  const where = out === '-' ? 'stdout' : `\`${out}\``;
  const took = `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const missing = sectionsNotCollected(snapshot);
  if (missing.length > 0) {
    io.stderr(`guard: wrote ${where} for account ${snapshot.account.id} (${outcome.calls} API calls, ${took}), ${describeErrors(missing)}\n`);
  } else if (!options.quiet) {
    io.stderr(`guard: wrote ${where} for account ${snapshot.account.id} (${outcome.calls} API calls, ${took})\n`);
  }
  return EXIT.ok;
}

async function runOrganization(options: SnapshotOptions, io: CliIo): Promise<number> {
  const outDir = options.outDir;
  if (outDir === undefined) throw new UsageError('--out-dir is required with --org');
  try {
    await mkdir(outDir, { recursive: true });
  } catch (caught) {
    throw new UsageError(`cannot create \`${outDir}\`: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
  const { collectOrganizationSnapshots, createProgressDisplay, serializeSnapshot, writeFileAtomically } = await loadCollect();
  const display = createProgressDisplay(progressMode(options, io), io.stderr, { showAccount: true, color: colorOn(io) });
  const extension = options.gzip ? '.json.gz' : '.json';
  const started = new Date();
  const outcome = await collectOrganizationSnapshots({
    settings: options.settings,
    credentialReportTimeoutMs: options.credentialReportTimeoutMs,
    sectionTimeoutMs: options.sectionTimeoutMs,
    ...(options.regions === undefined ? {} : { regions: options.regions }),
    progress: display.listener,
    roleName: options.roleName,
    concurrency: options.concurrency,
    write: async (accountId: string, snapshot: SnapshotDocument) => {
      const file = join(outDir, `${accountId}${extension}`);
      await writeFileAtomically(file, await serializeSnapshot(snapshot, options.gzip));
      return file;
    },
  }).finally(display.close);
  if (outcome.kind === 'fatal') return reportFatal(io, outcome.failure);

  const manifest = {
    format: 'guard-collection/v1',
    startedAt: started.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    organizationId: outcome.organizationId,
    roleName: options.roleName,
    accounts: outcome.results.map(manifestEntry(outDir)),
  };
  try {
    await writeFileAtomically(join(outDir, MANIFEST), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  } catch (caught) {
    io.stderr(`guard: cannot write \`${join(outDir, MANIFEST)}\`: ${caught instanceof Error ? caught.message : String(caught)}\n`);
    return EXIT.usage;
  }

  const written = outcome.results.filter((r) => r.kind === 'written');
  const failed = outcome.results.filter((r) => r.kind === 'failed');
  const skipped = outcome.results.filter((r) => r.kind === 'skipped');
  for (const result of written) {
    if (result.errors.length > 0) io.stderr(`guard: account ${result.account.id} (${result.account.name}): sections not collected: ${result.errors.join(', ')}\n`);
  }
  for (const result of failed) io.stderr(`guard: account ${result.account.id} (${result.account.name}) not collected: ${result.code}: ${result.message}\n`);
  const parts = [`${failed.length} failed`, ...(skipped.length > 0 ? [`${skipped.length} not active, skipped`] : [])];
  if (failed.length > 0 || !options.quiet) {
    io.stderr(`guard: wrote ${written.length} of ${outcome.results.length} accounts to \`${outDir}\` (${parts.join(', ')}; ${outcome.calls} API calls); see ${MANIFEST}\n`);
  }
  return failed.length > 0 ? EXIT.findings : EXIT.ok;
}

function manifestEntry(outDir: string): (result: AccountResult) => Record<string, unknown> {
  return (result) => {
    const base = { id: result.account.id, name: result.account.name };
    switch (result.kind) {
      case 'written':
        return { ...base, status: 'written', file: relativeTo(outDir, result.file), sectionsNotCollected: result.errors, apiCalls: result.calls };
      case 'failed':
        return { ...base, status: 'failed', code: result.code, message: result.message };
      case 'skipped':
        return { ...base, status: 'skipped', reason: result.reason };
    }
  };
}

function relativeTo(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

function describeErrors(errors: readonly SectionError[]): string {
  const list = errors.map((e) => `${e.section} (${e.code})`).join(', ');
  return `${errors.length === 1 ? '1 section' : `${errors.length} sections`} not collected: ${list}; rules that need them evaluate to unknown`;
}

function reportFatal(io: CliIo, failure: FatalFailure): number {
  io.stderr(`guard: ${failure.message}\n`);
  if (failure.hint !== undefined) io.stderr(`guard: hint: ${failure.hint}\n`);
  return EXIT.usage;
}

/** Fails before collecting (minutes, on a large account) when the result could not be written anyway. */
async function checkWritableFile(path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--out \`${path}\` is a directory; pass a file name, or --org --out-dir for several accounts`);
  const directory = await stat(dirname(path)).catch(() => undefined);
  if (directory === undefined || !directory.isDirectory()) throw new UsageError(`cannot write \`${path}\`: directory \`${dirname(path)}\` does not exist`);
  const writable = await access(dirname(path), constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) throw new UsageError(`cannot write \`${path}\`: directory \`${dirname(path)}\` is not writable`);
}

function colorOn(io: CliIo): boolean {
  return io.stderrIsTTY && io.env['NO_COLOR'] === undefined && io.env['TERM'] !== 'dumb';
}

// Long enough for the rest of the command to return and Node to exit by itself, as it does normally.
const EXIT_GRACE_MS = 2_000;

/**
 * Work that a deadline gave up on can outlive the run: an AWS credential provider has no timeout of its own
 * (a `credential_process` that never ends, an SSO endpoint that never answers) and keeps Node's event loop
 * alive after the outcome was reported. Once stdout is flushed, an unref'd timer ends such a process with
 * its exit code; a run with nothing left over exits before the timer matters.
 */
function endAbandonedWork(): void {
  process.stdout.write('', () => {
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  });
}

/** An interrupt while collecting or writing leaves no temporary file behind and exits 130. */
async function withInterruptCleanup(io: CliIo, run: () => Promise<number>): Promise<number> {
  const { removePendingTempFiles } = await loadCollect();
  const onSignal = (signal: NodeJS.Signals): void => {
    removePendingTempFiles();
    io.stderr(`guard: interrupted (${signal}); snapshots not yet complete were not written\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * An organization run: the accounts of `--snapshot dir/` (or several files), this shard's share of
 * them, evaluated in workers, assembled into one result whose findings carry their account. An
 * account that cannot be read is reported on stderr and in the result, never skipped.
 */
import type { AccountRun, EvaluationResult, Finding, OrganizationRun, RuleInfo } from '../../engine/index.ts';
import type { AttributeReads } from '../../model/index.ts';
import { accountLabel } from '../../report/index.ts';
import type { CliIo } from '../io.ts';
import type { AccountJob, AccountOutcome, PreparedRules, RenderedFindings } from './evaluate-account.ts';
import { type AccountInput, compare, shardOf } from './inputs.ts';
import { runAccountJobs, type WorkerSetup } from './pool.ts';

export interface OrganizationInputs {
  readonly organizationId: string | null;
  readonly accounts: readonly AccountInput[];
}

export interface OrganizationOptions {
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly jobs: number;
  readonly setup: WorkerSetup;
  readonly prepared: PreparedRules;
  readonly reads: AttributeReads;
}

/** Where an organization's findings go as each account is done, in account order, when they are not kept for the report. */
export type FindingsSink = (account: AccountRun, findings: readonly Finding[], rendered: RenderedFindings | null) => void;

/**
 * Evaluates the accounts. With a `sink`, each account's findings are handed to it in account order
 * and dropped (the result then has no findings, only counts): memory holds the accounts in flight,
 * not the organization. That order is the accounts' key order, which is their id order when every
 * account's id is known beforehand (`streamable`).
 */
export async function evaluateOrganization(inputs: OrganizationInputs, options: OrganizationOptions, io: CliIo, sink?: FindingsSink): Promise<EvaluationResult> {
  const selected = options.shard ? shardOf(inputs.accounts, options.shard) : [...inputs.accounts];
  const outcomes: (AccountOutcome | undefined)[] = selected.map((input, index) => (input.failure === null ? undefined : { kind: 'failed', index, id: input.expectedId, error: input.failure, stderr: '' }));
  const jobs: AccountJob[] = [];
  selected.forEach((input, index) => {
    if (input.failure === null && input.path !== null) jobs.push({ index, path: input.path, file: input.file ?? input.path, expectedId: input.expectedId, name: input.name });
  });
  const runs: { run: AccountRun; findings: readonly Finding[] }[] = [];
  const seen = new Map<string, string | null>();
  let organizationId = inputs.organizationId;
  // Outcomes arrive in any order; they are said on stderr, counted and (with a sink) written in account order.
  let done = 0;
  const takeInOrder = (): void => {
    for (let outcome = outcomes[done]; outcome !== undefined; outcome = outcomes[++done]) {
      const input = selected[done];
      if (outcome.stderr) io.stderr(outcome.stderr);
      const taken = accountRun(outcome, input, seen);
      if (taken.run.status === 'failed') io.stderr(`guard: account ${accountLabel(taken.run)} not evaluated: ${taken.run.error ?? ''}\n`);
      if (outcome.kind === 'evaluated') organizationId ??= outcome.organizationId;
      // Let go of the outcome's findings (the slot must stay filled: the loop walks filled slots).
      outcomes[done] = { kind: 'failed', index: done, id: null, error: '', stderr: '' };
      if (sink) {
        sink(taken.run, taken.findings, taken.rendered);
        runs.push({ run: taken.run, findings: [] });
      } else runs.push({ run: taken.run, findings: taken.findings });
    }
  };
  takeInOrder();
  await runAccountJobs(jobs, { parallel: options.jobs, setup: options.setup, prepared: options.prepared, reads: options.reads }, (outcome) => {
    outcomes[outcome.index] = outcome;
    takeInOrder();
  });
  if (!sink) runs.sort((a, b) => accountOrder(a.run, b.run));
  const organization: OrganizationRun = { id: organizationId, accounts: runs.map((r) => r.run), shard: options.shard };
  return organizationResult(
    organization,
    options.prepared.map((p) => p.info),
    runs.map((r) => r.findings),
    options.setup.now,
  );
}

/** Whether findings can be written account by account: every account's id is known before it is read, so key order is id order. */
export function streamable(inputs: OrganizationInputs): boolean {
  return inputs.accounts.every((a) => a.expectedId !== null);
}

/** Accounts as reports list them: by id, those without one (unreadable loose files) last by file. */
export function accountOrder(a: Pick<AccountRun, 'id' | 'file'>, b: Pick<AccountRun, 'id' | 'file'>): number {
  if (a.id !== null && b.id !== null) return compare(a.id, b.id) || compare(a.file ?? '', b.file ?? '');
  if (a.id !== null) return -1;
  if (b.id !== null) return 1;
  return compare(a.file ?? '', b.file ?? '');
}

function accountRun(outcome: AccountOutcome, input: AccountInput | undefined, seen: Map<string, string | null>): { run: AccountRun; findings: readonly Finding[]; rendered: RenderedFindings | null } {
  const file = input?.file ?? null;
  const name = outcome.kind === 'evaluated' ? outcome.name : (input?.name ?? null);
  const failed = (id: string | null, error: string): AccountRun => ({ id, name, file, status: 'failed', capturedAt: null, now: null, pass: 0, missingSections: [], error });
  if (outcome.kind === 'failed') return { run: failed(outcome.id, outcome.error), findings: [], rendered: null };
  // Two files of one account would give every finding twice with one fingerprint: the first (by file) counts.
  if (seen.has(outcome.id)) return { run: failed(outcome.id, `account ${outcome.id} is also in \`${seen.get(outcome.id) ?? '?'}\``), findings: [], rendered: null };
  seen.set(outcome.id, file);
  return {
    run: {
      id: outcome.id,
      name,
      file,
      status: 'evaluated',
      capturedAt: outcome.capturedAt,
      now: outcome.now,
      pass: outcome.pass,
      missingSections: outcome.missingSections,
      error: null,
      ...(outcome.emptyScopes.length ? { emptyScopes: outcome.emptyScopes } : {}),
    },
    findings: outcome.findings,
    rendered: outcome.rendered,
  };
}

/**
 * The one result of an organization: findings account by account (in the accounts' order), the
 * summary over all of them, captured at the earliest snapshot and evaluated at the latest time.
 * `guard merge` builds its result with this too, which is what makes merged shards equal a whole run.
 */
export function organizationResult(organization: OrganizationRun, rules: readonly RuleInfo[], findingsByAccount: readonly (readonly Finding[])[], now?: number): EvaluationResult {
  const findings: Finding[] = [];
  for (const list of findingsByAccount) for (const finding of list) findings.push(finding);
  let fail = 0;
  let unknown = 0;
  let waived = 0;
  for (const f of findings) {
    if (f.status === 'fail') fail++;
    else if (f.status === 'unknown') unknown++;
    else waived++;
  }
  const evaluated = organization.accounts.filter((a) => a.status === 'evaluated');
  const captured = evaluated.map((a) => a.capturedAt ?? '').sort(compare);
  const nows = evaluated.map((a) => a.now ?? '').sort(compare);
  const missing = new Set<string>();
  for (const account of evaluated) for (const section of account.missingSections) missing.add(section);
  // With no account evaluated there is no snapshot time: `--now` or the epoch, never the clock, so two runs agree.
  const fallback = new Date(now ?? 0).toISOString();
  return {
    organization,
    snapshot: { account: organization.id ?? 'organization', capturedAt: captured[0] ?? fallback },
    now: nows[nows.length - 1] ?? fallback,
    rules,
    summary: { rules: rules.length, fail, unknown, waived, pass: evaluated.reduce((n, a) => n + a.pass, 0) },
    findings,
    missingSections: [...missing],
  };
}

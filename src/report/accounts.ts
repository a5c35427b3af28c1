import type { AccountRun, EmptyScope, EvaluationResult, Finding, RuleInfo } from '../engine/index.ts';
import { bySeverity } from './gate-inputs.ts';

/** An account's counts in an organization run: failing, unknown and waived from its findings (after exceptions), passed from evaluation. */
export interface AccountSummary {
  readonly account: AccountRun;
  readonly fail: number;
  readonly unknown: number;
  readonly waived: number;
  readonly pass: number;
}

/** A rule's counts across the organization, and in how many accounts it has open (failing or unknown) findings. */
export interface RuleSummary {
  readonly rule: RuleInfo;
  readonly fail: number;
  readonly unknown: number;
  readonly waived: number;
  readonly accounts: number;
}

/** Per account, in the result's account order; empty for a single snapshot. */
export function accountSummaries(result: EvaluationResult): AccountSummary[] {
  const accounts = result.organization?.accounts ?? [];
  const counts = new Map<string, { fail: number; unknown: number; waived: number }>();
  for (const account of accounts) if (account.id !== null) counts.set(account.id, { fail: 0, unknown: 0, waived: 0 });
  for (const finding of result.findings) {
    const row = finding.account ? counts.get(finding.account.id) : undefined;
    if (row) row[finding.status]++;
  }
  return accounts.map((account) => ({ account, ...(counts.get(account.id ?? '') ?? { fail: 0, unknown: 0, waived: 0 }), pass: account.pass }));
}

/** Per rule with findings, most severe first. */
export function ruleSummaries(result: EvaluationResult): RuleSummary[] {
  const counts = new Map<string, { fail: number; unknown: number; waived: number; accounts: Set<string> }>();
  for (const finding of result.findings) {
    let row = counts.get(finding.rule);
    if (!row) {
      row = { fail: 0, unknown: 0, waived: 0, accounts: new Set() };
      counts.set(finding.rule, row);
    }
    row[finding.status]++;
    if (finding.status !== 'waived' && finding.account) row.accounts.add(finding.account.id);
  }
  const out: RuleSummary[] = [];
  for (const rule of bySeverity(result.rules)) {
    const row = counts.get(rule.id);
    if (row) out.push({ rule, fail: row.fail, unknown: row.unknown, waived: row.waived, accounts: row.accounts.size });
  }
  return out;
}

/** `prod (111122223333)`, or the id alone, or the file of an account that could not be read. */
export function accountLabel(account: Pick<AccountRun, 'id' | 'name'> & { readonly file?: string | null }): string {
  if (account.id === null) return account.file ?? 'unnamed account';
  return account.name ? `${account.name} (${account.id})` : account.id;
}

/** A finding's account as text reports show it beside the resource; empty outside organization runs. */
export function findingAccount(finding: Finding): string {
  return finding.account ? accountLabel(finding.account) : '';
}

/** A rule whose scope matched nothing: in a single snapshot (`of` 1), or in `accounts` of the `of` evaluated accounts of an organization. */
export interface EmptyScopeRow {
  readonly rule: RuleInfo;
  /** The reason when it is the same everywhere; null when accounts differ. */
  readonly reason: EmptyScope['reason'] | null;
  readonly accounts: number;
  readonly of: number;
  readonly organization: boolean;
}

/** The rules whose scope matched nothing, in rule order. */
export function emptyScopeRows(result: EvaluationResult): EmptyScopeRow[] {
  const evaluated = result.organization ? result.organization.accounts.filter((a) => a.status === 'evaluated') : null;
  const lists = evaluated ? evaluated.map((a) => a.emptyScopes ?? []) : [result.emptyScopes ?? []];
  const byRule = new Map<string, { reason: EmptyScope['reason'] | null; accounts: number }>();
  for (const list of lists) {
    for (const { rule, reason } of list) {
      const row = byRule.get(rule);
      if (row === undefined) byRule.set(rule, { reason, accounts: 1 });
      else byRule.set(rule, { reason: row.reason === reason ? reason : null, accounts: row.accounts + 1 });
    }
  }
  const out: EmptyScopeRow[] = [];
  for (const rule of result.rules) {
    const row = byRule.get(rule.id);
    if (row) out.push({ rule, reason: row.reason, accounts: row.accounts, of: lists.length, organization: evaluated !== null });
  }
  return out;
}

/** `scope matched nothing: …`, `… in 2 of 3 accounts: …`: a row as reports say it. */
export function emptyScopeText(row: EmptyScopeRow): string {
  const why =
    row.reason === 'filter' ? 'its `where` filter matched none of the collection' : row.reason === 'no-entities' ? 'the collection has no entities' : 'the collection is empty or its `where` filter matched none of it';
  const where = row.organization ? (row.accounts === row.of ? ` in every account (${row.of})` : ` in ${row.accounts} of ${row.of} accounts`) : '';
  return `scope matched nothing${where}: ${why}`;
}

/** The rules their params switch off (`RuleInfo.off`), in rule order: not evaluated, and never an empty scope. */
export function offRules(result: EvaluationResult): RuleInfo[] {
  return result.rules.filter((rule) => rule.off !== undefined);
}

/** `switched off: param allowed_regions is empty`: an off rule as reports say it. */
export function offText(rule: RuleInfo): string {
  return `switched off: ${rule.off ?? 'by its params'}`;
}

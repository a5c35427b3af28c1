import type { AccountRun, EvaluationResult, Finding, RuleInfo } from '../engine/index.ts';
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

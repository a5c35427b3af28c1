import type { EvaluationResult, Finding, RuleInfo, RuleSeverity } from '../engine/index.ts';
import { baselineState, RULE_SEVERITIES } from '../engine/index.ts';
import { DAY_MS } from '../model/index.ts';
import { accountLabel, accountSummaries, emptyScopeRows, emptyScopeText, findingAccount, offRules, ruleSummaries } from './accounts.ts';
import { evidenceText } from './evidence.ts';
import { bySeverity, type GateInputs, groupBy } from './gate-inputs.ts';

export interface MarkdownOptions extends GateInputs {
  /** Heading text; default `guard: account <id>`. */
  readonly title?: string;
  /** A rule's findings table is folded into <details> past this many rows (default 10). */
  readonly foldAfter?: number;
  /** At most this many rows per rule, then a count (default 100): keeps step summaries under GitHub's 1 MiB. */
  readonly maxRowsPerRule?: number;
  /** Also list exceptions that expire within this many ms of the evaluation time. */
  readonly expiringWithinMs?: number;
}

const STATUS_ORDER: Readonly<Record<Finding['status'], number>> = { fail: 0, unknown: 1, waived: 2 };

/**
 * A summary for pull-request comments and `$GITHUB_STEP_SUMMARY`: counts by severity, most severe
 * first, then a table per rule (long ones folded). Every piece of user or AWS text is escaped, so
 * a resource named `a|b` or `` `x` `` cannot break the table or inject markup.
 */
export function renderMarkdown(result: EvaluationResult, options: MarkdownOptions = {}): string {
  const foldAfter = options.foldAfter ?? 10;
  const maxRows = options.maxRowsPerRule ?? 100;
  const s = result.summary;
  const out: string[] = [];
  const organization = result.organization;
  const heading = organization ? `guard: organization ${organization.id ?? result.snapshot.account}` : `guard: account ${result.snapshot.account}`;
  out.push(`## ${escape(options.title ?? heading)}`, '');
  const verdict = s.fail ? `**${s.fail} failing**` : '**no failing findings**';
  out.push(
    `${verdict} · ${s.unknown} unknown · ${s.waived} waived · ${s.pass} passed · ${s.rules} rule${s.rules === 1 ? '' : 's'} — snapshot ${escape(result.snapshot.capturedAt)}, evaluated at ${escape(result.now)}`,
    '',
  );

  const counts = new Map<RuleSeverity, { fail: number; unknown: number; waived: number; fresh: number }>();
  for (const severity of RULE_SEVERITIES) counts.set(severity, { fail: 0, unknown: 0, waived: 0, fresh: 0 });
  for (const f of result.findings) {
    const row = counts.get(f.severity);
    if (!row) continue;
    row[f.status]++;
    if (options.baseline && f.status !== 'waived' && baselineState(options.baseline, f) === 'new') row.fresh++;
  }
  const withNew = options.baseline !== undefined;
  out.push(`| Severity | Failing | Unknown | Waived |${withNew ? ' New |' : ''}`, `| --- | ---: | ---: | ---: |${withNew ? ' ---: |' : ''}`);
  for (const severity of RULE_SEVERITIES) {
    const row = counts.get(severity);
    if (!row) continue;
    out.push(`| ${severity} | ${row.fail} | ${row.unknown} | ${row.waived} |${withNew ? ` ${row.fresh} |` : ''}`);
  }
  out.push('');
  if (options.baseline) {
    const b = options.baseline;
    out.push(`Against baseline ${escape(b.file)}: **${b.counts.new} new**, ${b.counts.existing} existing, ${b.counts.resolved} resolved.`, '');
  }
  if (organization) out.push(...organizationTables(result));
  const empty = emptyScopeRows(result);
  if (empty.length) {
    out.push('> [!NOTE]', `> Rules whose scope matched nothing (they checked no entity):`, ...empty.map((row) => `> - ${code(row.rule.id)}: ${escape(emptyScopeText(row))}`), '');
  }
  const off = offRules(result);
  if (off.length) out.push(`Switched off by their params (not evaluated): ${off.map((rule) => `${code(rule.id)} (${escape(rule.off ?? '')})`).join(', ')}.`, '');
  if (result.missingSections.length) {
    out.push(`> [!WARNING]`, `> Not collected in this snapshot: ${result.missingSections.map(escape).join(', ')}. Rules that need them report unknown findings, not passes.`, '');
  }

  const byRule = groupBy(result.findings, (f) => f.rule);
  const open: RuleInfo[] = [];
  const waivedOnly: RuleInfo[] = [];
  for (const rule of bySeverity(result.rules)) {
    const findings = byRule.get(rule.id) ?? [];
    if (findings.some((f) => f.status !== 'waived')) open.push(rule);
    else if (findings.length) waivedOnly.push(rule);
  }
  if (open.length) {
    out.push('### Findings', '');
    for (const rule of open) out.push(...ruleSection(rule, byRule.get(rule.id) ?? [], options, foldAfter, maxRows));
  }
  if (waivedOnly.length) {
    const total = waivedOnly.reduce((n, r) => n + (byRule.get(r.id)?.length ?? 0), 0);
    out.push(`<details><summary>Waived findings of ${waivedOnly.length} more rule${waivedOnly.length === 1 ? '' : 's'} (${total})</summary>`, '');
    for (const rule of waivedOnly) out.push(...ruleSection(rule, byRule.get(rule.id) ?? [], options, Number.POSITIVE_INFINITY, maxRows));
    out.push('</details>', '');
  }

  const exceptions = options.exceptions;
  if (exceptions) {
    const nowMs = Date.parse(result.now);
    if (exceptions.expired.length) {
      out.push('### Expired exceptions', '', 'These no longer waive anything; fix the findings or renew the entries after review.', '');
      out.push('| Rule | Resource | Expired | Owner | Ticket | Findings | Entry |', '| --- | --- | --- | --- | --- | ---: | --- |');
      for (const { entry, findings } of exceptions.expired) {
        out.push(
          `| ${escape(entry.rule)} | ${escape(entry.resource)} | ${entry.expires} | ${escape(entry.owner)} | ${escape(entry.ticket ?? '')} | ${findings.length} | ${escape(`${entry.location.file}:${entry.location.line}`)} |`,
        );
      }
      out.push('');
    }
    const expiring = options.expiringWithinMs === undefined ? [] : exceptions.expiring(options.expiringWithinMs);
    if (expiring.length) {
      out.push('### Exceptions expiring soon', '', '| Rule | Resource | Expires | Owner | Ticket | Entry |', '| --- | --- | --- | --- | --- | --- |');
      for (const { entry } of expiring) {
        out.push(
          `| ${escape(entry.rule)} | ${escape(entry.resource)} | ${entry.expires} (${Math.max(0, Math.ceil((entry.expiresAt - nowMs) / DAY_MS))}d) | ${escape(entry.owner)} | ${escape(entry.ticket ?? '')} | ${escape(`${entry.location.file}:${entry.location.line}`)} |`,
        );
      }
      out.push('');
    }
    if (exceptions.stale.length) {
      out.push(`<details><summary>Stale exceptions: ${exceptions.stale.length} match no finding</summary>`, '');
      out.push('| Rule | Resource | Owner | Entry |', '| --- | --- | --- | --- |');
      for (const entry of exceptions.stale) out.push(`| ${escape(entry.rule)} | ${escape(entry.resource)} | ${escape(entry.owner)} | ${escape(`${entry.location.file}:${entry.location.line}`)} |`);
      out.push('', '</details>', '');
    }
  }

  if (options.baseline?.resolved.length) {
    const resolved = options.baseline.resolved;
    out.push(`<details><summary>Resolved since the baseline: ${resolved.length}</summary>`, '');
    out.push('| Rule | Resource | Was | Why |', '| --- | --- | --- | --- |');
    for (const { entry, reason } of resolved.slice(0, maxRows)) {
      out.push(`| ${escape(entry.rule)} | ${escape(`${entry.resource.type} ${entry.resource.name}`)} | ${escape(entry.status)} | ${reason === 'fixed' ? 'fixed' : 'rule not run'} |`);
    }
    if (resolved.length > maxRows) out.push('', `… and ${resolved.length - maxRows} more`);
    out.push('', '</details>', '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function ruleSection(rule: RuleInfo, findings: readonly Finding[], options: MarkdownOptions, foldAfter: number, maxRows: number): string[] {
  const sorted = [...findings].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const n = { fail: 0, unknown: 0, waived: 0 };
  for (const f of sorted) n[f.status]++;
  const counts = [n.fail && `${n.fail} failing`, n.unknown && `${n.unknown} unknown`, n.waived && `${n.waived} waived`].filter(Boolean).join(', ');
  const out: string[] = [];
  out.push(`#### ${rule.severity} · ${code(rule.id)} ${escape(rule.title)}`, '');
  out.push(`${escape(`${rule.location.file}:${rule.location.line}`)}: ${escape(rule.source)}${rule.remediation ? `<br>**Fix**: ${escape(rule.remediation)}` : ''}`, '');
  const withNew = options.baseline !== undefined;
  const withAccount = findings.some((f) => f.account !== undefined);
  const table = [`| Status |${withNew ? ' Baseline |' : ''}${withAccount ? ' Account |' : ''} Resource | ARN | Evidence |`, `| --- |${withNew ? ' --- |' : ''}${withAccount ? ' --- |' : ''} --- | --- | --- |`];
  for (const f of sorted.slice(0, maxRows)) {
    const status = f.status === 'waived' && f.waiver ? `waived until ${f.waiver.until ?? '—'}` : f.expiredWaiver ? `${f.status} (exception expired ${f.expiredWaiver.until ?? ''})` : f.status;
    const base = withNew && options.baseline ? ` ${baselineState(options.baseline, f)} |` : '';
    const evidence = evidenceText(f);
    const account = withAccount ? ` ${escape(findingAccount(f))} |` : '';
    table.push(`| ${escape(status)} |${base}${account} ${escape(`${f.resource.type} ${f.resource.name}`)} | ${escape(f.resource.arn ?? '')} | ${escape(evidence)} |`);
  }
  if (sorted.length > maxRows) table.push('', `… and ${sorted.length - maxRows} more (see the SARIF or JSON report)`);
  if (sorted.length > foldAfter) out.push(`<details><summary>${sorted.length} findings (${counts})</summary>`, '', ...table, '', '</details>', '');
  else out.push(...table, '');
  return out;
}

/** An organization run's summary: a row per account (unreadable ones with the reason), then a row per rule with findings. */
function organizationTables(result: EvaluationResult): string[] {
  const out = ['### Accounts', '', '| Account | Status | Failing | Unknown | Waived | Passed |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const row of accountSummaries(result)) {
    const label = escape(accountLabel(row.account));
    if (row.account.status === 'failed') out.push(`| ${label} | **not evaluated**: ${escape(row.account.error ?? 'unreadable')} | | | | |`);
    else out.push(`| ${label} | ${row.fail ? 'failing' : row.unknown ? 'unknown' : 'passing'} | ${row.fail} | ${row.unknown} | ${row.waived} | ${row.pass} |`);
  }
  out.push('');
  const rules = ruleSummaries(result);
  if (rules.length) {
    out.push('### Rules across accounts', '', '| Rule | Severity | Failing | Unknown | Waived | Accounts with open findings |', '| --- | --- | ---: | ---: | ---: | ---: |');
    for (const row of rules) out.push(`| ${code(row.rule.id)} | ${row.rule.severity} | ${row.fail} | ${row.unknown} | ${row.waived} | ${row.accounts} |`);
    out.push('');
  }
  return out;
}

/** A code span only for plain identifiers; anything else is escaped text. */
function code(text: string): string {
  return /^[A-Za-z0-9._:/-]+$/.test(text) ? `\`${text}\`` : escape(text);
}

/**
 * Inline text safe in a table cell and in HTML blocks: HTML-significant characters become
 * entities, Markdown punctuation is backslash-escaped (CommonMark allows it for all ASCII
 * punctuation), line breaks become spaces.
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: a module export, read as markdown.ts escape; the global escape() is deprecated and unused
export function escape(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#~!]/g, '\\$&');
}

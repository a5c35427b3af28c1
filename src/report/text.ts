import pc from 'picocolors';
import type { BaselineComparison, EvaluationResult, Finding, RuleInfo } from '../engine/index.ts';
import { baselineState, severityRank } from '../engine/index.ts';
import { accountLabel, accountSummaries, emptyScopeRows, emptyScopeText, findingAccount, offRules, offText, ruleSummaries } from './accounts.ts';
import { formatEvidence } from './evidence.ts';
import { groupBy } from './gate-inputs.ts';

export interface TextOptions {
  readonly color: boolean;
  /** Show every finding; otherwise at most this many per rule, then a count. */
  readonly maxPerRule?: number;
  /** From `--baseline`: open findings not in it are marked `new`, and the summary counts new, existing and resolved. */
  readonly baseline?: BaselineComparison;
}

/** Human output: findings grouped by rule, with the rule's source line, the resource and the evidence. */
export function renderText(result: EvaluationResult, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const limit = options.maxPerRule ?? 50;
  const out: string[] = [];
  const byRule = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const group = byRule.get(finding.rule);
    if (group) group.push(finding);
    else byRule.set(finding.rule, [finding]);
  }
  const rules = [...result.rules].filter((r) => byRule.has(r.id));
  rules.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  for (const rule of rules) {
    const findings = byRule.get(rule.id) ?? [];
    out.push(ruleHeader(rule, findings, c));
    out.push(`    ${c.dim(`${rule.location.file}:${rule.location.line}`)}  ${rule.source}`);
    // What to do and where it comes from, once per rule: findings repeat the what, not the why.
    if (rule.remediation) out.push(`    ${c.cyan('fix:')} ${rule.remediation}`);
    if (rule.references.length) out.push(`    ${c.dim(`see: ${rule.references.join(', ')}`)}`);
    for (const finding of findings.slice(0, limit)) {
      const mark = finding.status === 'fail' ? c.red('✗') : finding.status === 'unknown' ? c.yellow('?') : c.dim('~');
      // Only open findings are new or existing: a waived one fails nothing either way (as in the other formats).
      const fresh = options.baseline !== undefined && finding.status !== 'waived' && baselineState(options.baseline, finding) === 'new';
      const account = finding.account ? `${c.cyan(`[${findingAccount(finding)}]`)} ` : '';
      out.push(`    ${mark} ${fresh ? `${c.bold(c.magenta('new'))} ` : ''}${account}${finding.resource.type} ${c.bold(finding.resource.name)}${finding.resource.arn ? c.dim(`  ${finding.resource.arn}`) : ''}`);
      const evidence = Object.entries(finding.evidence);
      if (evidence.length) out.push(`        ${evidence.map(([k, v]) => `${k}: ${formatEvidence(v)}`).join(c.dim(' · '))}`);
      if (finding.status === 'unknown') out.push(`        ${c.yellow(finding.message)}`);
      if (finding.waiver) {
        const w = finding.waiver;
        const why = w.reason ? ` because ${JSON.stringify(w.reason)}` : '';
        const who = [w.owner && `owner ${w.owner}`, w.ticket && `ticket ${w.ticket}`].filter(Boolean).join(', ');
        out.push(`        ${c.dim(`waived until ${w.until ?? 'further notice'}${why}${who ? ` (${who})` : ''}`)}`);
      }
      if (finding.expiredWaiver) {
        out.push(
          `        ${c.magenta(`exception expired on ${finding.expiredWaiver.until ?? '?'}`)}${finding.expiredWaiver.location ? c.dim(` (${finding.expiredWaiver.location.file}:${finding.expiredWaiver.location.line})`) : ''}`,
        );
      }
    }
    if (findings.length > limit) out.push(`    ${c.dim(`… and ${findings.length - limit} more (use --format json for all)`)}`);
    out.push('');
  }
  // A scope that matched nothing checked nothing: often a typo in a filter's literal, never a silent
  // pass. Management-only rules are empty in every member account, so one line per reason lists them.
  for (const [why, rows] of groupBy(emptyScopeRows(result), emptyScopeText)) {
    out.push(`${c.yellow('EMPTY')} ${why} — ${rows.map((row) => `${c.bold(row.rule.id)} ${c.dim(`(${row.rule.location.file}:${row.rule.location.line})`)}`).join(', ')}`);
  }
  const off = offRules(result);
  if (off.length) out.push(`${c.dim('OFF')} ${off.map((rule) => `${c.bold(rule.id)} ${c.dim(`(${offText(rule)})`)}`).join(', ')}`);
  if (result.missingSections.length) {
    out.push(c.yellow(`not collected in this snapshot: ${result.missingSections.join(', ')} — rules that need them are unknown, not passed`));
  }
  const s = result.summary;
  const parts = [
    `${s.rules} rule${s.rules === 1 ? '' : 's'}`,
    s.fail ? c.red(`${s.fail} failing`) : '0 failing',
    s.unknown ? c.yellow(`${s.unknown} unknown`) : '0 unknown',
    `${s.waived} waived`,
    c.green(`${s.pass} passed`),
  ];
  if (result.organization) out.push(...organizationSummary(result, c), `${c.bold('organization')} ${result.organization.id ?? result.snapshot.account}, ${accountCount(result)} at ${result.now}: ${parts.join(', ')}`);
  else out.push(`${c.bold('account')} ${result.snapshot.account} at ${result.now}: ${parts.join(', ')}`);
  if (options.baseline) {
    const b = options.baseline.counts;
    out.push(`against baseline ${options.baseline.file}: ${b.new ? c.magenta(`${b.new} new`) : '0 new'}, ${b.existing} existing, ${b.resolved} resolved`);
  }
  return `${out.join('\n')}\n`;
}

type Colors = ReturnType<typeof pc.createColors>;

function accountCount(result: EvaluationResult): string {
  const accounts = result.organization?.accounts ?? [];
  const failed = accounts.filter((a) => a.status === 'failed').length;
  const shard = result.organization?.shard;
  return `${accounts.length} account${accounts.length === 1 ? '' : 's'}${failed ? ` (${failed} not readable)` : ''}${shard ? ` in shard ${shard.index}/${shard.count}` : ''}`;
}

/** An organization run's tables: each account with its counts (unreadable ones with the reason), then each rule across accounts. */
function organizationSummary(result: EvaluationResult, c: Colors): string[] {
  const out = [c.bold('accounts')];
  for (const row of accountSummaries(result)) {
    const label = accountLabel(row.account);
    if (row.account.status === 'failed') {
      out.push(`  ${c.red('✗')} ${label}  ${c.red('not evaluated')}: ${row.account.error ?? 'unreadable'}`);
      continue;
    }
    const mark = row.fail ? c.red('✗') : row.unknown ? c.yellow('?') : c.green('✓');
    out.push(`  ${mark} ${label}  ${row.fail ? c.red(`${row.fail} failing`) : '0 failing'}, ${row.unknown} unknown, ${row.waived} waived, ${row.pass} passed`);
  }
  const rules = ruleSummaries(result);
  if (rules.length) {
    out.push(c.bold('rules'));
    for (const row of rules) {
      const open = row.fail + row.unknown;
      out.push(`  ${row.rule.id} [${row.rule.severity}]  ${row.fail} failing, ${row.unknown} unknown, ${row.waived} waived${open ? ` in ${row.accounts} account${row.accounts === 1 ? '' : 's'}` : ''}`);
    }
  }
  out.push('');
  return out;
}

function ruleHeader(rule: RuleInfo, findings: readonly Finding[], c: ReturnType<typeof pc.createColors>): string {
  const fail = findings.filter((f) => f.status === 'fail').length;
  const unknown = findings.filter((f) => f.status === 'unknown').length;
  const waived = findings.filter((f) => f.status === 'waived').length;
  const status = fail ? c.red(c.bold('FAIL')) : unknown ? c.yellow(c.bold('UNKNOWN')) : c.dim('WAIVED');
  const counts = [fail && `${fail} failing`, unknown && `${unknown} unknown`, waived && `${waived} waived`].filter(Boolean).join(', ');
  return `${status} ${c.bold(rule.id)} ${severityColor(rule.severity, c)} ${rule.title} ${c.dim(`(${counts})`)}`;
}

function severityColor(severity: RuleInfo['severity'], c: ReturnType<typeof pc.createColors>): string {
  const tag = `[${severity}]`;
  switch (severity) {
    case 'critical':
    case 'high':
      return c.red(tag);
    case 'medium':
      return c.yellow(tag);
    case 'low':
    case 'info':
      return c.dim(tag);
  }
}

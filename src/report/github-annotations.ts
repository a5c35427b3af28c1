import type { EvaluationResult, RuleSeverity } from '../engine/index.ts';
import { baselineState, severityRank } from '../engine/index.ts';
import { emptyScopeRows, emptyScopeText, findingAccount } from './accounts.ts';
import { bySeverity, type GateInputs, groupBy } from './gate-inputs.ts';
import { severityLevel } from './severity-level.ts';

export interface GithubAnnotationsOptions extends GateInputs {
  /** Resources listed in one rule's annotation before `… and N more` (default 20). */
  readonly maxResourcesPerRule?: number;
  /** `--fail-on`'s threshold when it includes `empty`: an empty scope at or above it fails the run, so it is a warning, not a notice. */
  readonly emptyFailsFrom?: RuleSeverity;
}

type Level = 'error' | 'warning' | 'notice';

/** GitHub calls SARIF's `note` a `notice`. */
function levelOf(severity: RuleSeverity): Level {
  const level = severityLevel(severity);
  return level === 'note' ? 'notice' : level;
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::…`) for the log of a run with
 * GITHUB_ACTIONS=true. One annotation per rule with failing or unknown findings, on the rule's
 * line, listing its resources: GitHub shows only the first 10 errors and 10 warnings of a step,
 * so one per finding would hide most rules. A rule whose scope matched nothing gets a notice on its
 * line (a warning when `--fail-on empty` makes it fail the run). Also flags expired and stale
 * exceptions at their entry.
 */
export function renderGithubAnnotations(result: EvaluationResult, options: GithubAnnotationsOptions = {}): string {
  const max = options.maxResourcesPerRule ?? 20;
  const byRule = groupBy(
    result.findings.filter((f) => f.status !== 'waived'),
    (f) => f.rule,
  );
  const lines: string[] = [];
  for (const rule of bySeverity(result.rules)) {
    const findings = byRule.get(rule.id);
    if (!findings?.length) continue;
    const fail = findings.filter((f) => f.status === 'fail');
    const unknown = findings.length - fail.length;
    const fresh = options.baseline ? findings.filter((f) => options.baseline && baselineState(options.baseline, f) === 'new').length : null;
    const level: Level = fail.length ? levelOf(rule.severity) : 'warning';
    const counts = [fail.length && `${fail.length} failing`, unknown && `${unknown} unknown`, fresh !== null && `${fresh} new`].filter(Boolean).join(', ');
    const listed = [...fail, ...findings.filter((f) => f.status === 'unknown')].slice(0, max).map((f) => {
      const tag = f.status === 'unknown' ? ' (unknown: data not collected)' : '';
      const isNew = options.baseline && baselineState(options.baseline, f) === 'new' ? ' [new]' : '';
      return `- ${f.account ? `[${findingAccount(f)}] ` : ''}${f.resource.type} ${f.resource.name}${f.resource.arn ? ` (${f.resource.arn})` : ''}${isNew}${tag}`;
    });
    if (findings.length > max) listed.push(`… and ${findings.length - max} more`);
    const message = [`${rule.title}: ${counts}`, ...listed, ...(rule.remediation ? [`fix: ${rule.remediation}`] : [])].join('\n');
    lines.push(command(level, { file: rule.location.file, line: String(rule.location.line), col: String(rule.location.column), title: `guard ${rule.id} [${rule.severity}]: ${counts}` }, message));
  }
  // As SARIF notes them: a rule that checked nothing, on its line.
  for (const row of emptyScopeRows(result)) {
    const { rule } = row;
    const fails = options.emptyFailsFrom !== undefined && severityRank(rule.severity) >= severityRank(options.emptyFailsFrom);
    lines.push(
      command(
        fails ? 'warning' : 'notice',
        { file: rule.location.file, line: String(rule.location.line), col: String(rule.location.column), title: `guard ${rule.id} [${rule.severity}]: scope matched nothing` },
        `${rule.title}: ${emptyScopeText(row)}${fails ? ' (fails the run: --fail-on empty)' : ''}`,
      ),
    );
  }
  for (const { entry, findings } of options.exceptions?.expired ?? []) {
    lines.push(
      command(
        'warning',
        { file: entry.location.file, line: String(entry.location.line), col: String(entry.location.column), title: `guard: exception expired on ${entry.expires}` },
        `exception for rule ${entry.rule} on ${entry.resource} (owner ${entry.owner}) expired on ${entry.expires}; ${findings.length} finding${findings.length === 1 ? '' : 's'} no longer waived`,
      ),
    );
  }
  for (const entry of options.exceptions?.stale ?? []) {
    lines.push(
      command(
        'notice',
        { file: entry.location.file, line: String(entry.location.line), col: String(entry.location.column), title: 'guard: stale exception' },
        `exception for rule ${entry.rule} on ${entry.resource} matches no finding; remove it`,
      ),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** `::level prop=value,…::message`, escaped as the runner's toolkit does (@actions/core `issueCommand`). */
export function command(level: Level, properties: Readonly<Record<string, string>>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

import pc from 'picocolors';
import { formatInstant } from '../model/index.ts';
import type { GrantLevel, PermissionQuery, StatementRef } from '../model/permissions/index.ts';

/** The `guard who-can` JSON document's format tag: fields are only ever added under it. */
export const WHO_CAN_FORMAT = 'guard-who-can/v1';

/** A user, group, role or Identity Center permission set as the permission reports name it. */
export interface PrincipalRef {
  readonly type: 'user' | 'group' | 'role' | 'permission-set';
  readonly name: string;
  readonly arn: string | null;
}

/** One principal that can (or may: unknown) do what was asked, with how. */
export interface WhoCanRow {
  readonly principal: PrincipalRef;
  /** `unknown`: something its permissions need is not in the snapshot (`unknownBecause` says what), so it may or may not. */
  readonly level: Exclude<GrantLevel, 'none'> | 'unknown';
  /** The granted actions the query matched (one for an exact action); empty when unknown. */
  readonly actions: readonly string[];
  readonly allowedBy: readonly StatementRef[];
  /** Request-time conditions the grant depends on (`unless ...` for a Deny that would cancel it). */
  readonly conditions: readonly string[];
  /** When unknown, what the snapshot lacks (`policy arn:… is not in the snapshot`); null otherwise. */
  readonly unknownBecause: string | null;
}

export interface WhoCanCounts {
  /** Users, roles and permission sets asked. */
  readonly principals: number;
  /** Of which permission sets (as provisioned in the snapshot account). */
  readonly permissionSets: number;
  readonly unconditional: number;
  readonly conditional: number;
  readonly unknown: number;
  readonly none: number;
}

export interface WhoCanReport {
  readonly query: PermissionQuery;
  /** `--unconditionally`: conditional grants are counted but not listed. */
  readonly unconditionally: boolean;
  readonly account: string;
  readonly capturedAt: number;
  readonly now: number;
  /** Unconditional first, then conditional, then unknown; model order within each. */
  readonly rows: readonly WhoCanRow[];
  readonly counts: WhoCanCounts;
  /** Collections (`users`, `roles`) the snapshot could not enumerate: principals may be missing from the answer. */
  readonly notEnumerated: readonly string[];
}

/** `AdministratorAccess#1`, `deploy-permissions#2 PassTaskRole`, `deny-billing#1 via group Developers`. */
export function statementRefText(ref: StatementRef): string {
  return `${ref.policy}#${ref.index}${ref.sid === null ? '' : ` ${ref.sid}`}${ref.via === null ? '' : ` via group ${ref.via}`}`;
}

/** What was asked, in words: `iam:PassRole on some resource`, `s3:GetObject on arn:aws:s3:::payroll/*`. */
export function queryText(query: PermissionQuery): string {
  return `${query.action} on ${query.resource ?? 'some resource'}`;
}

const LEVEL_WORDS: Record<WhoCanRow['level'], string> = { unconditional: 'unconditionally', conditional: 'under conditions', unknown: 'unknown' };

/** Human output: the principals that can, grouped by how, each with the statements that grant it and the conditions. */
export function renderWhoCanText(report: WhoCanReport, options: { readonly color: boolean }): string {
  const c = pc.createColors(options.color);
  const out = [`${c.bold('who can')} ${queryText(report.query)} ${c.dim(`in ${report.account} at ${formatInstant(report.now)}`)}`];
  const width = Math.max(0, ...report.rows.map((r) => r.principal.name.length));
  const typeWidth = Math.max(4, ...report.rows.map((r) => r.principal.type.length));
  // One reason shared by every unknown principal (a snapshot without `organizations`, say) is said once, under the heading.
  const reasonOf = (r: WhoCanRow): string => r.unknownBecause ?? 'something it needs is not in the snapshot';
  const reasons = new Set(report.rows.flatMap((r) => (r.level === 'unknown' ? [reasonOf(r)] : [])));
  const shared = reasons.size === 1 ? ([...reasons][0] as string) : null;
  let group: WhoCanRow['level'] | null = null;
  for (const row of report.rows) {
    if (row.level !== group) {
      group = row.level;
      const n = row.level === 'unknown' ? report.counts.unknown : report.counts[row.level];
      out.push('', levelColor(row.level, c)(`${LEVEL_WORDS[row.level]} (${n})`));
      if (row.level === 'unknown' && shared !== null) out.push(`  ${c.yellow(shared)}`);
    }
    const how = row.level !== 'unknown' ? row.allowedBy.map(statementRefText).join(c.dim('; ')) : shared !== null ? '' : c.yellow(reasonOf(row));
    out.push(`  ${row.principal.type.padEnd(typeWidth)}  ${how === '' ? c.bold(row.principal.name) : `${c.bold(row.principal.name.padEnd(width))}  ${how}`}`);
    const indent = ' '.repeat(6 + typeWidth + width);
    if (row.actions.length > 1 || (row.actions.length === 1 && row.actions[0] !== report.query.action)) out.push(`${indent}${c.dim('actions:')} ${listText(row.actions, 6)}`);
    for (const condition of row.conditions) out.push(`${indent}${c.cyan(condition.startsWith('unless ') ? condition : `if ${condition}`)}`);
  }
  const k = report.counts;
  const hidden = report.unconditionally && k.conditional ? `, ${k.conditional} more under conditions (not listed: --unconditionally)` : '';
  const can = report.unconditionally ? k.unconditional : k.unconditional + k.conditional;
  out.push(
    '',
    `${can} of ${k.principals} ${k.permissionSets > 0 ? 'users, roles and permission sets' : 'users and roles'} can${report.unconditionally ? ' unconditionally' : ''}${report.unconditionally ? '' : ` (${k.unconditional} unconditionally, ${k.conditional} under conditions)`}${hidden}; ${k.unknown ? c.yellow(`${k.unknown} unknown`) : '0 unknown'}; ${k.none} cannot`,
  );
  if (report.notEnumerated.length) {
    out.push(c.yellow(`unknown beyond these: the snapshot does not list its ${report.notEnumerated.join(' or ')} (IAM authorization details not collected), and any of them may be able to`));
  }
  return `${out.join('\n')}\n`;
}

/** The first `max` items, then how many more. */
export function listText(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function levelColor(level: WhoCanRow['level'], c: ReturnType<typeof pc.createColors>): (text: string) => string {
  switch (level) {
    case 'unconditional':
      return (t) => c.bold(c.red(t));
    case 'conditional':
      return (t) => c.bold(c.magenta(t));
    case 'unknown':
      return (t) => c.bold(c.yellow(t));
  }
}

/** The JSON document (docs/permissions.md, "who-can JSON"): stable field names, times as ISO 8601. */
export function renderWhoCanJson(report: WhoCanReport): string {
  const document = {
    format: WHO_CAN_FORMAT,
    snapshot: { account: report.account, capturedAt: formatInstant(report.capturedAt) },
    now: formatInstant(report.now),
    query: { action: report.query.action, resource: report.query.resource, unconditionally: report.unconditionally },
    summary: report.counts,
    notEnumerated: report.notEnumerated,
    principals: report.rows.map((row) => ({
      type: row.principal.type,
      name: row.principal.name,
      arn: row.principal.arn,
      level: row.level,
      actions: row.actions,
      allowedBy: row.allowedBy.map((ref) => ({ policy: ref.policy, policyArn: ref.policyArn, via: ref.via, index: ref.index, sid: ref.sid })),
      conditions: row.conditions,
      unknownBecause: row.unknownBecause,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

import pc from 'picocolors';
import { formatInstant } from '../model/index.ts';
import { ACCESS_LEVELS, type AccessLevel, type AccessSummary, type Escalation, type GrantLevel, type ServiceAccess } from '../model/permissions/index.ts';
import { listText, type PrincipalRef, statementRefText } from './who-can.ts';

/** The `guard permissions` JSON document's format tag: fields are only ever added under it. */
export const PERMISSIONS_FORMAT = 'guard-permissions/v1';

export interface PolicyRef {
  readonly name: string;
  /** Null for an inline policy. */
  readonly arn: string | null;
  /** The group a user's policy comes through; null when direct. */
  readonly via: string | null;
}

/** Where a permission set was evaluated: an account it is assigned in, or the snapshot account. */
export interface EvaluatedIn {
  readonly account: string;
  readonly accountName: string | null;
  /** Its assignments in that account; 0 when it has none anywhere, null when they were not collected. */
  readonly assignments: number | null;
  /** The snapshot's own account: the one whose IAM (customer managed policies, roles) it holds. */
  readonly snapshotAccount: boolean;
  /** The organization's management account, which no SCP restricts; null when not known. */
  readonly managementAccount: boolean | null;
}

/** What `guard permissions` found of one principal; `known` false when something its permissions need is not in the snapshot (`unknownBecause` says what). */
export type PermissionsReport = {
  readonly principal: PrincipalRef;
  readonly account: string;
  readonly capturedAt: number;
  readonly now: number;
  /** Permission sets only. */
  readonly evaluatedIn?: EvaluatedIn;
} & (
  | { readonly known: false; readonly unknownBecause: string }
  | {
      readonly known: true;
      readonly policies: readonly PolicyRef[];
      readonly boundary: PolicyRef | null;
      readonly admin: GrantLevel;
      /** The granted actions (some resource of each), by service and access level. */
      readonly access: AccessSummary;
      /** Those of them granted only under request-time conditions. */
      readonly conditional: readonly string[];
      /** Null when escalation paths could not be decided (a policy of a role on the way is not in the snapshot). */
      readonly escalations: readonly Escalation[] | null;
      /** When escalations is null, why; null otherwise. */
      readonly escalationsUnknownBecause: string | null;
    }
);

const ADMIN_WORDS: Record<GrantLevel, string> = { none: 'no', conditional: 'under conditions', unconditional: 'yes' };

function policyText(p: PolicyRef): string {
  return `${p.name}${p.arn === null ? ' (inline)' : ''}${p.via === null ? '' : ` via group ${p.via}`}`;
}

/** Human output: where the permissions come from, admin and escalation, then a table of services by access level. */
export function renderPermissionsText(report: PermissionsReport, options: { readonly color: boolean; readonly verbose: boolean }): string {
  const c = pc.createColors(options.color);
  const p = report.principal;
  const out = [`${c.bold(`${p.type} ${p.name}`)}${p.arn === null ? '' : c.dim(`  ${p.arn}`)}  ${c.dim(`in ${report.evaluatedIn?.account ?? report.account} at ${formatInstant(report.now)}`)}`];
  if (report.evaluatedIn !== undefined) out.push(`  ${'account'.padEnd(10)}  ${evaluatedInText(report.evaluatedIn)}`);
  if (!report.known) {
    out.push(`  ${c.yellow(`unknown: ${report.unknownBecause}, so its permissions cannot be decided`)}`);
    return `${out.join('\n')}\n`;
  }
  const field = (name: string, lines: readonly string[]): void => {
    lines.forEach((line, i) => {
      out.push(`  ${(i === 0 ? name : '').padEnd(10)}  ${line}`);
    });
  };
  field('policies', report.policies.length ? report.policies.map(policyText) : [c.dim('none')]);
  field('boundary', [report.boundary === null ? c.dim('none') : policyText(report.boundary)]);
  field('admin', [report.admin === 'none' ? 'no' : c.red(c.bold(ADMIN_WORDS[report.admin]))]);
  const elsewhere = report.evaluatedIn?.snapshotAccount === false;
  field(
    'escalation',
    report.admin === 'unconditional'
      ? ['not needed: it is an administrator']
      : elsewhere
        ? [c.dim('not searched: the snapshot holds the IAM of its own account only')]
        : escalationLines(report.escalations, report.escalationsUnknownBecause, c),
  );
  out.push('', ...accessTable(report.access, new Set(report.conditional), options.verbose ? null : TABLE_ROWS, c));
  if (options.verbose) out.push('', ...actionLines(report.access, new Set(report.conditional), c));
  const a = report.access;
  const services = a.services.length + (a.unknown.length ? 1 : 0);
  out.push(
    '',
    `${a.count + a.unknown.length} action${a.count + a.unknown.length === 1 ? '' : 's'} in ${services} service${services === 1 ? '' : 's'}, ${report.conditional.length} only under conditions${options.verbose || a.count + a.unknown.length === 0 ? '' : '; --verbose lists them'}`,
  );
  return `${out.join('\n')}\n`;
}

function evaluatedInText(e: EvaluatedIn): string {
  const name = `${e.account}${e.accountName === null ? '' : ` (${e.accountName})`}`;
  const assignments = e.assignments === null ? 'its assignments were not collected' : e.assignments === 0 ? 'it is assigned nowhere' : `${e.assignments} assignment${e.assignments === 1 ? '' : 's'} there`;
  const chain = e.managementAccount === true ? 'the management account: no SCP applies' : e.snapshotAccount && e.assignments === 0 ? 'the snapshot account, through its SCP chain' : 'through its SCP chain';
  return `${name}, ${chain}; ${assignments}`;
}

/** A permission set's reports, one per account it was evaluated in. */
export function renderPermissionSetText(reports: readonly PermissionsReport[], options: { readonly color: boolean; readonly verbose: boolean }): string {
  const first = reports[0];
  if (first === undefined) return '';
  const intro = reports.length > 1 ? `${first.principal.name} is evaluated in each of the ${reports.length} accounts it is assigned in:\n\n` : '';
  return intro + reports.map((r) => renderPermissionsText(r, options)).join('\n');
}

/** A permission set's JSON document: the head once, then `evaluations`, one per account (docs/permissions.md). */
export function renderPermissionSetJson(reports: readonly PermissionsReport[]): string {
  const first = reports[0];
  if (first === undefined) return '';
  return `${JSON.stringify({ ...documentHead(first), evaluations: reports.map(documentBody) }, null, 2)}\n`;
}

function escalationLines(escalations: readonly Escalation[] | null, because: string | null, c: ReturnType<typeof pc.createColors>): string[] {
  if (escalations === null) return [c.yellow(`unknown: ${because ?? 'something it or a role on the way needs is not in the snapshot'}`)];
  if (escalations.length === 0) return ['none of the known paths'];
  return escalations.flatMap((e) => [
    `${c.red(c.bold(e.pathId))} ${e.pathName}${e.level === 'conditional' ? c.magenta(' (under conditions)') : ''}`,
    `  ${c.dim('actions:')} ${e.actions.join(', ')}${e.statements.length ? `  ${c.dim('by')} ${e.statements.map(statementRefText).join(c.dim('; '))}` : ''}`,
    ...(e.target === undefined ? [] : [`  ${c.dim('target:')} ${e.target}`]),
    ...(e.hops.length ? [`  ${c.dim('hops:')} ${e.hops.join(' → ')}`] : []),
  ]);
}

const HEADERS = ['service', ...ACCESS_LEVELS, 'granted', 'conditional'] as const;

/** Without --verbose, at most this many services: those with the most Permissions management, then Write, actions. */
const TABLE_ROWS = 20;

const levelCount = (s: ServiceAccess, level: AccessLevel): number => s.levels.find((l) => l.level === level)?.actions.length ?? 0;

function accessTable(access: AccessSummary, conditional: ReadonlySet<string>, limit: number | null, c: ReturnType<typeof pc.createColors>): string[] {
  if (access.services.length === 0 && access.unknown.length === 0) return ['  no action is granted'];
  const shown =
    limit === null || access.services.length <= limit
      ? access.services
      : [...access.services].sort((a, b) => levelCount(b, 'Permissions management') - levelCount(a, 'Permissions management') || levelCount(b, 'Write') - levelCount(a, 'Write')).slice(0, limit);
  const rows: string[][] = shown.map((s) => {
    const conditionalCount = s.levels.reduce((n, l) => n + l.actions.filter((a) => conditional.has(a)).length, 0);
    return [s.service, ...ACCESS_LEVELS.map((level) => String(levelCount(s, level))), String(s.count), String(conditionalCount)];
  });
  if (access.unknown.length) rows.push(['(not in catalog)', ...ACCESS_LEVELS.map(() => '-'), String(access.unknown.length), String(access.unknown.filter((a) => conditional.has(a)).length)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}`;
  const hidden = access.services.length - shown.length;
  return [c.dim(line(HEADERS)), ...rows.map(line), ...(hidden ? [c.dim(`  … and ${hidden} more services with fewer Permissions management and Write actions (--verbose or -f json for all)`)] : [])];
}

function actionLines(access: AccessSummary, conditional: ReadonlySet<string>, c: ReturnType<typeof pc.createColors>): string[] {
  const mark = (a: string): string => (conditional.has(a) ? `${a}${c.magenta('?')}` : a);
  const lines = access.services.flatMap((s) => s.levels.map((l) => `  ${c.bold(s.service)} ${l.level} (${l.actions.length} of ${l.inCatalog}): ${l.actions.map(mark).join(', ')}`));
  if (access.unknown.length) lines.push(`  ${c.bold('not in the catalog')}: ${listText(access.unknown.map(mark), access.unknown.length)}`);
  if (conditional.size) lines.push(`  ${c.magenta('?')} only under request-time conditions`);
  return lines;
}

/** The JSON document (docs/permissions.md, "permissions JSON"): every granted action, whatever `--verbose` says. */
export function renderPermissionsJson(report: PermissionsReport): string {
  return `${JSON.stringify({ ...documentHead(report), ...documentBody(report) }, null, 2)}\n`;
}

function documentHead(report: PermissionsReport): Record<string, unknown> {
  return {
    format: PERMISSIONS_FORMAT,
    snapshot: { account: report.account, capturedAt: formatInstant(report.capturedAt) },
    now: formatInstant(report.now),
    principal: report.principal,
  };
}

function documentBody(report: PermissionsReport): Record<string, unknown> {
  const head = { ...(report.evaluatedIn === undefined ? {} : { evaluatedIn: report.evaluatedIn }), known: report.known };
  if (!report.known) return { ...head, unknownBecause: report.unknownBecause };
  return {
    ...head,
    policies: report.policies,
    boundary: report.boundary,
    admin: report.admin,
    summary: {
      actions: report.access.count + report.access.unknown.length,
      conditional: report.conditional.length,
      services: report.access.services.map((s) => ({
        service: s.service,
        actions: s.count,
        levels: s.levels.map((l) => ({ level: l.level, actions: l.actions, inCatalog: l.inCatalog })),
      })),
      notInCatalog: report.access.unknown,
    },
    conditionalActions: report.conditional,
    escalations: report.escalations,
    escalationsUnknownBecause: report.escalationsUnknownBecause,
  };
}

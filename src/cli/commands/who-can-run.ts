/** `guard who-can`'s implementation, loaded when the command runs (its definition is who-can.ts). */
import { type Entity, type Model, quoteInput, UNKNOWN } from '../../model/index.ts';
import { type ActionCatalog, actionCatalog, type PermissionAnalysis, type PermissionQuery, permissionAnalysis } from '../../model/permissions/index.ts';
import { type PrincipalRef, renderWhoCanJson, renderWhoCanText, type WhoCanReport, type WhoCanRow } from '../../report/who-can.ts';
import { unknownAction } from '../../semantics/action-names.ts';
import { isResourcePattern } from '../../semantics/resource-pattern.ts';
import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadModel } from '../load-model.ts';

export interface WhoCanFlags {
  readonly snapshot: string;
  readonly on?: string;
  readonly unconditionally?: boolean;
  readonly format: 'text' | 'json';
  readonly now?: number;
  readonly color?: boolean;
}

/**
 * An IAM action or action glob as policies write them: `*`, or `service:name` where the service is
 * letters, digits and `-`, the name letters and digits, and either may hold `*` and `?`.
 */
export function checkActionArgument(value: string): string {
  if (value === '*' || /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$/.test(value)) return value;
  const colons = value.split(':').length - 1;
  const why =
    colons === 0
      ? 'no `:` between service and action'
      : colons > 1
        ? 'more than one `:`'
        : value.endsWith(':')
          ? 'no action after its `:`'
          : value.startsWith(':')
            ? 'no service before its `:`'
            : 'a character IAM actions do not have';
  throw new UsageError(`ACTION: expected an action such as iam:PassRole or a glob such as iam:Put*Policy, but ${quoteInput(value)} has ${why}`);
}

/** `--on`: `*`, or an ARN or ARN glob with its six parts (`arn:partition:service:region:account:resource`). */
export function checkResourceArgument(value: string): string {
  if (isResourcePattern(value)) return value;
  throw new UsageError(`--on: expected \`*\` or an ARN such as arn:aws:iam::123456789012:role/deploy (globs allowed) but found ${quoteInput(value)}`);
}

/**
 * An ACTION the catalog knows no action for (a typo, an unknown service, an action newer than the
 * catalog) is refused: the answer would be "nobody", which reads as safe. The message names the
 * nearest action of the service, or the unknown service.
 */
export function checkActionKnown(action: string, catalog: ActionCatalog): void {
  const problem = unknownAction(action, catalog, { wildcardServices: true });
  if (problem === null) return;
  throw new UsageError(`ACTION: ${problem.message}; ${problem.hint}`);
}

export function principalRef(entity: Entity): PrincipalRef {
  const type = entity.type === 'user' || entity.type === 'role' || entity.type === 'permission-set' ? entity.type : 'group';
  return { type, name: entity.name, arn: entity.arn };
}

const RANK: Record<WhoCanRow['level'], number> = { unconditional: 0, conditional: 1, unknown: 2 };

/** Asks every user and role of the analysis; rows of those that can (or may), unconditional first. */
export function whoCan(analysis: PermissionAnalysis, query: PermissionQuery, unconditionally: boolean): WhoCanReport {
  const model = analysis.model;
  const rows: WhoCanRow[] = [];
  const counts = { principals: 0, permissionSets: 0, unconditional: 0, conditional: 0, unknown: 0, none: 0 };
  for (const entity of analysis.principals()) {
    counts.principals++;
    if (entity.type === 'permission-set') counts.permissionSets++;
    const set = analysis.of(entity);
    if (set === UNKNOWN) {
      counts.unknown++;
      rows.push({ principal: principalRef(entity), level: 'unknown', actions: [], allowedBy: [], conditions: [], unknownBecause: analysis.whyUnknown(entity) });
      continue;
    }
    const grant = set.query(query);
    counts[grant.level]++;
    if (grant.level === 'none' || (unconditionally && grant.level === 'conditional')) continue;
    rows.push({ principal: principalRef(entity), level: grant.level, actions: grant.actions, allowedBy: grant.allowedBy, conditions: grant.conditions, unknownBecause: null });
  }
  // A stable sort: model order within each level.
  rows.sort((a, b) => RANK[a.level] - RANK[b.level]);
  return { query, unconditionally, account: model.account.id, capturedAt: model.capturedAt, now: model.now, rows, counts, notEnumerated: notEnumerated(model) };
}

function notEnumerated(model: Model): string[] {
  return ['users', 'roles'].filter((name) => model.collections[name]?.known === false);
}

export async function runWhoCan(action: string, flags: WhoCanFlags, io: CliIo): Promise<number> {
  const query: PermissionQuery = { action: checkActionArgument(action), resource: flags.on === undefined ? null : checkResourceArgument(flags.on) };
  // Before the snapshot is read: the catalog alone decides, and reads only the service asked about.
  const catalog = actionCatalog();
  checkActionKnown(query.action, catalog);
  const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
  const model = await loadModel(flags, io, color);
  if (model === null) return EXIT.usage;
  const analysis = permissionAnalysis(model, catalog);
  const report = whoCan(analysis, query, flags.unconditionally === true);
  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  io.stdout(flags.format === 'json' ? renderWhoCanJson(report) : renderWhoCanText(report, { color: stdoutColor }));
  return EXIT.ok;
}

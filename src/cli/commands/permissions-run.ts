/** `guard permissions`'s implementation, loaded when the command runs (its definition is permissions.ts). */
import { type Entity, type Model, quoteInput, UNKNOWN } from '../../model/index.ts';
import { escalationsOf, whyEscalationUnknown } from '../../model/permissions/escalation/index.ts';
import {
  type ActionCatalog,
  accessSummary,
  identityCenterPolicies,
  type PermissionAnalysis,
  type PermissionSet,
  type PolicySource,
  type PrincipalPolicies,
  permissionAnalysis,
  principalPolicies,
} from '../../model/permissions/index.ts';
import { type EvaluatedIn, type PermissionsReport, type PolicyRef, renderPermissionSetJson, renderPermissionSetText, renderPermissionsJson, renderPermissionsText } from '../../report/permissions.ts';
import { closest } from '../../semantics/suggest.ts';
import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { principalRef } from './who-can-run.ts';

export interface PermissionsFlags {
  readonly snapshot: string;
  readonly format: 'text' | 'json';
  readonly verbose?: boolean;
  readonly now?: number;
  readonly color?: boolean;
}

const PRINCIPAL_COLLECTIONS = ['users', 'roles', 'permission_sets'] as const;
const COLLECTION_WORDS: Record<(typeof PRINCIPAL_COLLECTIONS)[number], string> = { users: 'users', roles: 'roles', permission_sets: 'permission sets' };

/**
 * The user, role or IAM Identity Center permission set PRINCIPAL names: its ARN, `user/NAME`,
 * `role/NAME`, `permission-set/NAME` or a name; a usage error naming the candidates otherwise.
 */
export function findPrincipal(model: Model, written: string): Entity {
  const all = PRINCIPAL_COLLECTIONS.flatMap((c) => model.collections[c]?.entities ?? []);
  const typed = /^(user|role|permission-set)\/(.+)$/.exec(written);
  const exact = written.startsWith('arn:') ? all.filter((e) => e.arn === written) : all.filter((e) => (typed ? e.type === typed[1] && e.name === typed[2] : e.name === written));
  // IAM names are unique regardless of case: `Alice` finds `alice` when nothing matches exactly.
  const found = exact.length ? exact : all.filter((e) => e.name.toLowerCase() === (typed?.[2] ?? written).toLowerCase() && (!typed || e.type === typed[1]));
  const [only, ...others] = found;
  if (only !== undefined && others.length === 0) return only;
  if (only !== undefined) {
    throw new UsageError(`${quoteInput(written)} names ${found.map((e) => `${e.type}/${e.name}`).join(' and ')}: give \`${only.type}/${only.name}\` or an ARN (${found.map((e) => e.arn ?? e.key).join(', ')})`);
  }
  const group = model.collections['groups']?.entities.find((e) => e.name === written || e.arn === written);
  if (group !== undefined) throw new UsageError(`${quoteInput(written)} is a group: permissions are asked of users, roles and permission sets (\`guard who-can\` shows what comes through groups)`);
  const unlisted = PRINCIPAL_COLLECTIONS.filter((c) => model.collections[c]?.known === false).map((c) => COLLECTION_WORDS[c]);
  const missing = `no user, role or permission set ${quoteInput(written)} in the snapshot`;
  // Without IAM's lists nothing can be suggested; without Identity Center's (the common case) the IAM names still can.
  if (unlisted.includes('users') || unlisted.includes('roles')) throw new UsageError(`${missing}, which does not list its ${unlisted.join(' and ')}`);
  const hint = closest(written, written.startsWith('arn:') ? all.flatMap((e) => (e.arn === null ? [] : [e.arn])) : all.map((e) => e.name));
  const sets = unlisted.length ? ' (its permission sets were not collected)' : '';
  throw new UsageError(`${missing}${sets}${hint === null ? '' : `; did you mean \`${hint}\`?`}`);
}

/**
 * The actions the principal's Allow statements name, expanded through the catalog (NotAction: every
 * catalog action it does not exclude), and those the catalog does not know kept as written.
 */
export function candidateActions(policies: PrincipalPolicies, catalog: ActionCatalog): string[] {
  const names = new Map<string, string>();
  const add = (name: string): void => {
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  };
  for (const source of policies.identity) {
    for (const document of source.documents) {
      for (const statement of document.statements) {
        if (statement.effect !== 'Allow') continue;
        for (const pattern of statement.actions ?? []) {
          const expanded = catalog.expand(pattern);
          if (expanded.length) for (const action of expanded) add(action.name);
          else if (!/[*?]/.test(pattern)) add(pattern);
        }
        if (statement.notActions !== null) {
          const excluded = new Set(statement.notActions.flatMap((p) => catalog.expand(p).map((a) => a.name)));
          for (const action of catalog.expand('*')) if (!excluded.has(action.name)) add(action.name);
        }
      }
    }
  }
  return [...names.values()];
}

/** Of the candidate actions, those the principal can do on some resource, after Denies and the boundary. */
export function grantedActions(set: PermissionSet, candidates: readonly string[]): { granted: string[]; conditional: string[] } {
  const granted: string[] = [];
  const conditional: string[] = [];
  for (const action of candidates) {
    const level = set.query({ action, resource: null }).level;
    if (level === 'none') continue;
    granted.push(action);
    if (level === 'conditional') conditional.push(action);
  }
  return { granted, conditional };
}

const policyRef = (p: PolicySource): PolicyRef => ({ name: p.name, arn: p.arn, via: p.via });

/**
 * The report on ENTITY, the one evaluated (a user, role, permission set or account assignment),
 * naming SHOWN as its principal: a permission set evaluated as one of its assignments is shown as
 * the set, with `evaluatedIn` saying where (permissionSetReports).
 */
export function permissionsReport(analysis: PermissionAnalysis, entity: Entity, shown: Entity = entity, evaluatedIn?: EvaluatedIn): PermissionsReport {
  const model = analysis.model;
  const where = evaluatedIn === undefined ? {} : { evaluatedIn };
  const head = { principal: principalRef(shown), account: model.account.id, capturedAt: model.capturedAt, now: model.now, ...where };
  const set = analysis.of(entity);
  const policies = entity.type === 'user' || entity.type === 'role' ? principalPolicies(model, entity) : identityCenterPolicies(model, entity);
  if (set === UNKNOWN || policies === UNKNOWN) return { ...head, known: false, unknownBecause: analysis.whyUnknown(entity) ?? 'something its permissions need is not in the snapshot' };
  const { granted, conditional } = grantedActions(set, candidateActions(policies, analysis.catalog));
  // Escalation is searched among the snapshot account's IAM: elsewhere it is not asked.
  const escalations = evaluatedIn?.snapshotAccount === false ? UNKNOWN : escalationsOf(analysis, shown);
  return {
    ...head,
    known: true,
    policies: policies.identity.map(policyRef),
    boundary: policies.boundary === null ? null : policyRef(policies.boundary),
    admin: set.admin(),
    access: accessSummary(granted, analysis.catalog),
    conditional,
    escalations: escalations === UNKNOWN ? null : escalations,
    escalationsUnknownBecause:
      escalations !== UNKNOWN
        ? null
        : evaluatedIn?.snapshotAccount === false
          ? "escalation paths are searched among the snapshot account's IAM only"
          : (whyEscalationUnknown(analysis, shown) ?? 'something it or a role on the way needs is not in the snapshot'),
  };
}

/**
 * A permission set's reports, one per account it is assigned in, each evaluated as an assignment
 * there (through that account's SCP chain, as `account assignments ... can` asks); without
 * assignments (none, or not collected), one in the snapshot account, as `permission sets ... can`.
 */
export function permissionSetReports(analysis: PermissionAnalysis, set: Entity): PermissionsReport[] {
  const model = analysis.model;
  const here = model.account.id;
  const assigned = set.attrs['assignments'];
  const byAccount = new Map<string, Entity[]>();
  for (const a of Array.isArray(assigned) ? (assigned as readonly Entity[]) : []) {
    const id = String(a.attrs['account_id']);
    byAccount.set(id, [...(byAccount.get(id) ?? []), a]);
  }
  if (byAccount.size === 0) {
    const count = assigned === UNKNOWN ? null : 0;
    const account = model.collections['account']?.entities[0];
    const management = account?.attrs['management_account'];
    return [permissionsReport(analysis, set, set, { account: here, accountName: accountName(account), assignments: count, snapshotAccount: true, managementAccount: typeof management === 'boolean' ? management : null })];
  }
  return [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, list]) => {
      const first = list[0] as Entity;
      const account = first.attrs['account'];
      const entity = account !== null && typeof account === 'object' && !Array.isArray(account) ? (account as Entity) : undefined;
      const management = first.attrs['management_account'];
      const evaluatedIn: EvaluatedIn = { account: id, accountName: accountName(entity), assignments: list.length, snapshotAccount: id === here, managementAccount: typeof management === 'boolean' ? management : null };
      return permissionsReport(analysis, first, set, evaluatedIn);
    });
}

function accountName(account: Entity | undefined): string | null {
  const name = account?.attrs['name'];
  return typeof name === 'string' ? name : null;
}

export async function runPermissions(principal: string, flags: PermissionsFlags, io: CliIo): Promise<number> {
  const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
  const model = await loadModel(flags, io, color);
  if (model === null) return EXIT.usage;
  const analysis = permissionAnalysis(model);
  const entity = findPrincipal(model, principal);
  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  const options = { color: stdoutColor, verbose: flags.verbose === true };
  if (entity.type === 'permission-set') {
    const reports = permissionSetReports(analysis, entity);
    io.stdout(flags.format === 'json' ? renderPermissionSetJson(reports) : renderPermissionSetText(reports, options));
    return EXIT.ok;
  }
  const report = permissionsReport(analysis, entity);
  io.stdout(flags.format === 'json' ? renderPermissionsJson(report) : renderPermissionsText(report, options));
  return EXIT.ok;
}

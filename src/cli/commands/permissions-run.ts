/** `guard permissions`'s implementation, loaded when the command runs (its definition is permissions.ts). */
import { type Entity, type Model, quoteInput, UNKNOWN } from '../../model/index.ts';
import { escalationsOf } from '../../model/permissions/escalation/index.ts';
import { type ActionCatalog, accessSummary, type PermissionAnalysis, type PermissionSet, type PolicySource, type PrincipalPolicies, permissionAnalysis, principalPolicies } from '../../model/permissions/index.ts';
import { type PermissionsReport, type PolicyRef, renderPermissionsJson, renderPermissionsText } from '../../report/permissions.ts';
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

const PRINCIPAL_COLLECTIONS = ['users', 'roles'] as const;

/** The user or role PRINCIPAL names: its ARN, `user/NAME`, `role/NAME` or a name; a usage error naming candidates otherwise. */
export function findPrincipal(model: Model, written: string): Entity {
  const all = PRINCIPAL_COLLECTIONS.flatMap((c) => model.collections[c]?.entities ?? []);
  const typed = /^(user|role)\/(.+)$/.exec(written);
  const exact = written.startsWith('arn:') ? all.filter((e) => e.arn === written) : all.filter((e) => (typed ? e.type === typed[1] && e.name === typed[2] : e.name === written));
  // IAM names are unique regardless of case: `Alice` finds `alice` when nothing matches exactly.
  const found = exact.length ? exact : all.filter((e) => e.name.toLowerCase() === (typed?.[2] ?? written).toLowerCase() && (!typed || e.type === typed[1]));
  const [only, ...others] = found;
  if (only !== undefined && others.length === 0) return only;
  if (only !== undefined) {
    throw new UsageError(`${quoteInput(written)} names ${found.map((e) => `${e.type}/${e.name}`).join(' and ')}: give \`${only.type}/${only.name}\` or an ARN (${found.map((e) => e.arn ?? e.key).join(', ')})`);
  }
  const group = model.collections['groups']?.entities.find((e) => e.name === written || e.arn === written);
  if (group !== undefined) throw new UsageError(`${quoteInput(written)} is a group: permissions are asked of users and roles (\`guard who-can\` shows what comes through groups)`);
  const unlisted = PRINCIPAL_COLLECTIONS.filter((c) => model.collections[c]?.known === false);
  if (unlisted.length) throw new UsageError(`no user or role ${quoteInput(written)} in the snapshot, which does not list its ${unlisted.join(' and ')}`);
  const hint = closest(written, written.startsWith('arn:') ? all.flatMap((e) => (e.arn === null ? [] : [e.arn])) : all.map((e) => e.name));
  throw new UsageError(`no user or role ${quoteInput(written)} in the snapshot${hint === null ? '' : `; did you mean \`${hint}\`?`}`);
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

export function permissionsReport(analysis: PermissionAnalysis, entity: Entity): PermissionsReport {
  const model = analysis.model;
  const head = { principal: principalRef(entity), account: model.account.id, capturedAt: model.capturedAt, now: model.now };
  const set = analysis.of(entity);
  const policies = principalPolicies(model, entity);
  if (set === UNKNOWN || policies === UNKNOWN) return { ...head, known: false };
  const { granted, conditional } = grantedActions(set, candidateActions(policies, analysis.catalog));
  const escalations = escalationsOf(analysis, entity);
  return {
    ...head,
    known: true,
    policies: policies.identity.map(policyRef),
    boundary: policies.boundary === null ? null : policyRef(policies.boundary),
    admin: set.admin(),
    access: accessSummary(granted, analysis.catalog),
    conditional,
    escalations: escalations === UNKNOWN ? null : escalations,
  };
}

export async function runPermissions(principal: string, flags: PermissionsFlags, io: CliIo): Promise<number> {
  const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
  const model = await loadModel(flags, io, color);
  if (model === null) return EXIT.usage;
  const report = permissionsReport(permissionAnalysis(model), findPrincipal(model, principal));
  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  io.stdout(flags.format === 'json' ? renderPermissionsJson(report) : renderPermissionsText(report, { color: stdoutColor, verbose: flags.verbose === true }));
  return EXIT.ok;
}

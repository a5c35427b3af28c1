import type { Entity, Model, PolicyDocument, PolicyStatement } from '../../../src/model/index.ts';
import { globMatches, UNKNOWN } from '../../../src/model/index.ts';
import type { Grant, GrantLevel, PermissionAnalysis, PermissionQuery, PermissionSet, PolicySource, StatementRef } from '../../../src/model/permissions/types.ts';

/**
 * A small stand-in for the core's permission analysis, for escalation tests written before (and
 * independent of) it: identity policies only, Allow/Deny with conditions making a grant
 * conditional, ARN globs; no action catalog, variables, boundaries or NotResource subtleties.
 */

function linked(e: Entity, attr: string): readonly Entity[] {
  const v = e.attrs[attr];
  return Array.isArray(v) ? (v as readonly Entity[]) : [];
}

function documents(policy: Entity): readonly PolicyDocument[] | null {
  const v = policy.attrs.document;
  return Array.isArray(v) ? (v as readonly PolicyDocument[]) : null;
}

function sourcesOf(e: Entity): PolicySource[] | null {
  const holders: [Entity, string | null][] = [[e, null], ...linked(e, 'groups').map((g): [Entity, string | null] => [g, g.name])];
  const out: PolicySource[] = [];
  for (const [holder, via] of holders) {
    for (const policy of [...linked(holder, 'inline_policies'), ...linked(holder, 'attached_policies')]) {
      const docs = documents(policy);
      if (docs === null) return null;
      out.push({ name: policy.name, arn: policy.arn, via, documents: docs });
    }
  }
  return out;
}

const matchesAny = (patterns: readonly string[], value: string, ci: boolean): boolean => patterns.some((p) => globMatches(p, value, ci));

function actionIn(s: PolicyStatement, action: string): boolean {
  if (s.actions !== null) return matchesAny(s.actions, action, true);
  return s.notActions !== null && !matchesAny(s.notActions, action, true);
}

/** null resource: some resource. */
function resourceIn(s: PolicyStatement, resource: string | null): boolean {
  if (resource === null) return s.resources !== null ? s.resources.length > 0 : s.notResources !== null && !s.notResources.includes('*');
  if (s.resources !== null) return matchesAny(s.resources, resource, false);
  return s.notResources !== null && !matchesAny(s.notResources, resource, false);
}

function deniesAll(s: PolicyStatement, resource: string | null): boolean {
  return resource === null ? (s.resources ?? []).includes('*') : resourceIn(s, resource);
}

export function doubleSet(e: Entity, sources: readonly PolicySource[], accountId: string): PermissionSet {
  const principal = { type: e.type as 'user' | 'group' | 'role', accountId, partition: 'aws', arn: e.arn ?? e.key, name: e.name, id: null, tags: null, now: 0 };
  const query = (q: PermissionQuery): Grant => {
    const allowedBy: StatementRef[] = [];
    let conditionalDeny = false;
    for (const src of sources) {
      for (const doc of src.documents) {
        doc.statements.forEach((s, i) => {
          if (!actionIn(s, q.action)) return;
          if (s.effect === 'Deny') conditionalDeny ||= s.conditions.length > 0 && deniesAll(s, q.resource);
          else if (resourceIn(s, q.resource)) allowedBy.push({ policy: src.name, policyArn: src.arn, via: src.via, index: i + 1, sid: s.sid });
        });
      }
    }
    const denied = sources.some((src) => src.documents.some((d) => d.statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && actionIn(s, q.action) && deniesAll(s, q.resource))));
    if (denied || allowedBy.length === 0) return { level: 'none', actions: [], allowedBy: [], conditions: [] };
    const unconditional = allowedBy.some((r) => {
      const src = sources.find((x) => x.name === r.policy && x.via === r.via);
      const s = src?.documents.flatMap((d) => d.statements)[r.index - 1];
      return s !== undefined && s.conditions.length === 0;
    });
    const level: GrantLevel = unconditional && !conditionalDeny ? 'unconditional' : 'conditional';
    return { level, actions: [q.action], allowedBy, conditions: level === 'conditional' ? ['(condition)'] : [] };
  };
  const admin = (): GrantLevel => {
    const anyDeny = sources.some((src) => src.documents.some((d) => d.statements.some((s) => s.effect === 'Deny')));
    if (anyDeny) return 'none';
    const all = sources.flatMap((src) => src.documents.flatMap((d) => d.statements)).filter((s) => s.effect === 'Allow' && (s.actions ?? []).includes('*') && (s.resources ?? []).includes('*'));
    if (all.length === 0) return 'none';
    return all.some((s) => s.conditions.length === 0) ? 'unconditional' : 'conditional';
  };
  return { principal, query, admin };
}

/** An analysis over a model's identity policies; counts how many permission sets it built (each once). */
export function doubleAnalysis(model: Model): PermissionAnalysis & { readonly built: () => number } {
  const cache = new Map<Entity, PermissionSet | typeof UNKNOWN>();
  const of = (e: Entity): PermissionSet | typeof UNKNOWN => {
    let set = cache.get(e);
    if (set === undefined) {
      const sources = sourcesOf(e);
      set = sources === null ? UNKNOWN : doubleSet(e, sources, model.account.id);
      cache.set(e, set);
    }
    return set;
  };
  const principals = (): readonly Entity[] => [...(model.collections.users?.entities ?? []), ...(model.collections.roles?.entities ?? [])];
  const catalog = { lookup: () => undefined, expand: () => [], services: () => [] };
  return { model, catalog, of, principals, built: () => cache.size };
}

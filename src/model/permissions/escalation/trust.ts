import type { Entity } from '../../entities.ts';
import { UNKNOWN } from '../../entities.ts';
import { globMatches, statementCovers, trustingStatements } from '../../policy-document/match.ts';
import { principalNames } from '../../policy-document/principal.ts';
import type { PolicyDocument, PolicyStatement } from '../../policy-document/types.ts';
import type { Grant, GrantLevel, PermissionSet, StatementRef } from '../types.ts';

/**
 * Who can assume which role, from trust policies: an index built once per analysis (roles by the
 * principal keys their trust policies name, and by service), and the check for one principal.
 */

export interface RoleIndex {
  /** Roles whose trust policy names this key: an exact principal ARN, an account id, or `*`. */
  readonly byPrincipal: ReadonlyMap<string, readonly Entity[]>;
  /** Roles whose trust policy names this service principal (lower case). */
  readonly byService: ReadonlyMap<string, readonly Entity[]>;
  /** Roles whose trust policy is not in the snapshot: they may let anyone in. */
  readonly unknownTrust: readonly Entity[];
}

const ASSUME_ROLE = 'sts:AssumeRole';
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function trustDocuments(role: Entity): readonly PolicyDocument[] | null {
  const docs = role.attrs.trust_policy;
  return Array.isArray(docs) ? (docs as readonly PolicyDocument[]) : null;
}

function coversAssumeRole(s: PolicyStatement): boolean {
  if (s.actions !== null) return s.actions.some((a) => globMatches(a, ASSUME_ROLE, true));
  return s.notActions !== null && !s.notActions.some((a) => globMatches(a, ASSUME_ROLE, true));
}

function push(map: Map<string, Entity[]>, key: string, role: Entity): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [role]);
  else if (list[list.length - 1] !== role) list.push(role);
}

export function buildRoleIndex(roles: readonly Entity[]): RoleIndex {
  const byPrincipal = new Map<string, Entity[]>();
  const byService = new Map<string, Entity[]>();
  const unknownTrust: Entity[] = [];
  for (const role of roles) {
    const docs = trustDocuments(role);
    if (docs === null) {
      unknownTrust.push(role);
      continue;
    }
    for (const doc of docs) {
      for (const s of doc.statements) {
        if (s.effect !== 'Allow') continue;
        // NotPrincipal, `"Principal": "*"` and ARN globs: a candidate for everyone, confirmed per principal.
        if (s.notPrincipal !== null || s.principal === null || s.principal.kind === 'any') {
          push(byPrincipal, '*', role);
          continue;
        }
        for (const v of s.principal.aws) {
          const root = ROOT_ARN.exec(v);
          push(byPrincipal, root !== null ? (root[1] as string) : v.includes('*') ? '*' : v, role);
        }
        for (const v of s.principal.service) push(byService, v.toLowerCase(), role);
      }
    }
  }
  return { byPrincipal, byService, unknownTrust };
}

/**
 * The roles whose trust policy may let a principal in (to be confirmed by `assumeGrant`), in model
 * order; the principal itself may be among them. Without `granted` (the principal's identity
 * policies grant sts:AssumeRole on no resource), only trust naming its ARN can let it in, so the
 * roles trusting the account or `*` are left out.
 */
export type TrustLookup = (principal: Entity, granted: boolean) => readonly Entity[];

/**
 * Most candidates are shared by every principal (trust naming the account, `*`, or unknown): that
 * list is built and sorted once, and returned as is to a principal no trust policy names by ARN.
 */
export function trustLookup(index: RoleIndex, accountId: string, order: ReadonlyMap<Entity, number>): TrustLookup {
  const sorted = (roles: Iterable<Entity>): readonly Entity[] => [...new Set(roles)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const shared = sorted([...(index.byPrincipal.get(accountId) ?? []), ...(index.byPrincipal.get('*') ?? []), ...index.unknownTrust]);
  const inShared = new Set(shared);
  const unknownOnly = sorted(index.unknownTrust);
  const inUnknown = new Set(unknownOnly);
  return (principal, granted) => {
    const named = index.byPrincipal.get(principal.arn ?? '');
    const base = granted ? shared : unknownOnly;
    if (named === undefined) return base;
    const held = granted ? inShared : inUnknown;
    const direct = named.filter((r) => !held.has(r));
    return direct.length === 0 ? base : sorted([...base, ...direct]);
  };
}

export interface AssumeGrant {
  readonly level: Exclude<GrantLevel, 'none'>;
  readonly statements: readonly StatementRef[];
}

function trustRef(role: Entity, doc: PolicyDocument, s: PolicyStatement): StatementRef {
  return { policy: `${role.name} (trust policy)`, policyArn: null, via: null, index: doc.statements.indexOf(s) + 1, sid: s.sid };
}

/** The Principal names the whole account: its id, its root ARN, or anyone (`*`). */
function namesAccount(s: PolicyStatement, accountId: string): boolean {
  if (s.principal === null) return false;
  if (s.principal.kind === 'any') return true;
  return s.principal.aws.some((v) => v === '*' || v === accountId || ROOT_ARN.exec(v)?.[1] === accountId);
}

function namesDirectly(s: PolicyStatement, arn: string): boolean {
  return s.principal !== null && s.principal.kind === 'map' && s.principal.aws.includes(arn);
}

/** An unconditional Deny of sts:AssumeRole on the role among the principal's identity policies. */
function identityDenies(principal: Entity, roleArn: string): boolean {
  const docs = principal.attrs.permissions;
  if (!Array.isArray(docs)) return false;
  for (const doc of docs as readonly PolicyDocument[]) {
    for (const s of doc.statements) if (s.effect === 'Deny' && s.conditions.length === 0 && statementCovers(s, ASSUME_ROLE, roleArn)) return true;
  }
  return false;
}

const worse = (a: Exclude<GrantLevel, 'none'>, b: Exclude<GrantLevel, 'none'>): Exclude<GrantLevel, 'none'> => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'unconditional');

/**
 * Can the principal assume the role: its trust policy lets the principal in and no unconditional
 * Deny (trust or identity side) stops it. A trust policy naming the principal's own ARN is enough in
 * the same account (STS AssumeRole docs: "add the user as a principal directly in the role's trust
 * policy"), unless a permissions boundary is set, which must then allow it too; one naming the
 * account, its root or `*` hands the decision to the identity policies, which must grant
 * sts:AssumeRole on the role. Conditions on the trust statement make the grant conditional.
 * UNKNOWN when the trust policy is not in the snapshot.
 */
export function assumeGrant(role: Entity, principal: Entity, perms: PermissionSet, accountId: string): AssumeGrant | null | typeof UNKNOWN {
  const docs = trustDocuments(role);
  if (docs === null) return UNKNOWN;
  const arn = principal.arn ?? '';
  if (role === principal || arn === '') return null;
  const summary = summaryOf(role, docs, accountId);
  if (summary !== null && !summary.named.has(arn)) {
    // The trust policy does not tell this principal from any other of the account: its answer is the account's.
    if (summary.account === null) return null;
    const grant: Grant = perms.query({ action: ASSUME_ROLE, resource: role.arn });
    if (grant.level === 'none') return null;
    return { level: worse(grant.level, summary.account.level), statements: [...grant.allowedBy, summary.account.ref] };
  }
  let best: { doc: PolicyDocument; s: PolicyStatement } | null = null;
  let direct: { doc: PolicyDocument; s: PolicyStatement } | null = null;
  const better = (held: { s: PolicyStatement } | null, s: PolicyStatement): boolean => held === null || (held.s.conditions.length > 0 && s.conditions.length === 0);
  for (const doc of docs) {
    // Which NotPrincipal statements let the principal in: matched only when the document has one.
    let viaNotPrincipal: readonly PolicyStatement[] | null = null;
    for (const s of doc.statements) {
      if (!coversAssumeRole(s)) continue;
      if (s.effect === 'Deny') {
        if (s.conditions.length === 0 && s.principal !== null && principalNames(s.principal, arn)) return null;
        continue;
      }
      const names = namesDirectly(s, arn);
      if (!names && !namesAccount(s, accountId)) {
        if (s.notPrincipal === null) continue;
        viaNotPrincipal ??= trustingStatements(doc, arn);
        if (!viaNotPrincipal.includes(s)) continue;
      }
      if (better(best, s)) best = { doc, s };
      if (names && better(direct, s)) direct = { doc, s };
    }
  }
  if (best === null) return null;
  const boundary = principal.attrs.permissions_boundary;
  if (direct !== null && (boundary === null || boundary === undefined) && !identityDenies(principal, role.arn ?? '')) {
    return { level: direct.s.conditions.length > 0 ? 'conditional' : 'unconditional', statements: [trustRef(role, direct.doc, direct.s)] };
  }
  const grant: Grant = perms.query({ action: ASSUME_ROLE, resource: role.arn });
  if (grant.level === 'none') return null;
  const trustLevel = best.s.conditions.length > 0 ? 'conditional' : 'unconditional';
  return { level: worse(grant.level, trustLevel), statements: [...grant.allowedBy, trustRef(role, best.doc, best.s)] };
}

/**
 * What a role's trust policy says to principals of the account it does not name by ARN, found once
 * per role: its best statement naming the account (unconditional first), and the ARNs it names.
 * Null when a Deny or NotPrincipal statement covers sts:AssumeRole: then each principal is read in full.
 */
interface TrustSummary {
  readonly accountId: string;
  readonly account: { readonly level: Exclude<GrantLevel, 'none'>; readonly ref: StatementRef } | null;
  readonly named: ReadonlySet<string>;
}

const SUMMARIES = new WeakMap<Entity, TrustSummary | null>();

function summaryOf(role: Entity, docs: readonly PolicyDocument[], accountId: string): TrustSummary | null {
  const held = SUMMARIES.get(role);
  if (held !== undefined && (held === null || held.accountId === accountId)) return held;
  const summary = summarize(role, docs, accountId);
  SUMMARIES.set(role, summary);
  return summary;
}

function summarize(role: Entity, docs: readonly PolicyDocument[], accountId: string): TrustSummary | null {
  let best: { doc: PolicyDocument; s: PolicyStatement } | null = null;
  const named = new Set<string>();
  for (const doc of docs) {
    for (const s of doc.statements) {
      if (!coversAssumeRole(s)) continue;
      if (s.effect === 'Deny' || s.notPrincipal !== null) return null;
      if (s.principal?.kind === 'map') for (const v of s.principal.aws) named.add(v);
      if (namesAccount(s, accountId) && (best === null || (best.s.conditions.length > 0 && s.conditions.length === 0))) best = { doc, s };
    }
  }
  const account = best === null ? null : { level: best.s.conditions.length > 0 ? ('conditional' as const) : ('unconditional' as const), ref: trustRef(role, best.doc, best.s) };
  return { accountId, account, named };
}

/** Roles a service of the list can assume (their trust policy names it), never service-linked ones: a service uses those itself, and they cannot be passed. */
export function rolesForServices(index: RoleIndex, services: readonly string[]): readonly Entity[] {
  const found = new Set<Entity>();
  for (const s of services) for (const r of index.byService.get(s) ?? []) if (r.attrs.service_linked !== true) found.add(r);
  return [...found];
}

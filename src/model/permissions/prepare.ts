/**
 * A principal's statements made ready for many queries: variables substituted, conditions decided
 * (they depend on the principal and the time, not on the action or resource), dead statements
 * dropped, and the rest grouped by the service prefixes their actions can name.
 */
import { hasWildcard } from '../policy-document/glob.ts';
import type { PolicyDocument, PolicyStatement } from '../policy-document/types.ts';
import { describeCondition, evaluateCondition } from './conditions.ts';
import { FALSE, TRUE, type Tri } from './context-keys.ts';
import type { PolicySource, PrincipalContext, PrincipalPolicies, StatementRef } from './types.ts';
import { hasVariables, substitute } from './variables.ts';

/** A resource pattern after substitution; `exact` false when an unresolvable variable became `*`. */
export interface ResourcePattern {
  readonly text: string;
  readonly exact: boolean;
}

export interface PreparedStatement {
  readonly ref: StatementRef;
  readonly deny: boolean;
  readonly actions: readonly string[] | null;
  readonly notActions: readonly string[] | null;
  readonly resources: readonly ResourcePattern[] | null;
  readonly notResources: readonly ResourcePattern[] | null;
  /** TRUE, or UNDECIDED when it depends on the request (statements decided false are dropped). */
  readonly condition: Tri;
  /** The undecided conditions, and a note per unresolved variable, for evidence. */
  readonly conditions: readonly string[];
}

/** The Allow statements of one policy set (identity, boundary, or one bound level). */
export interface PreparedLayer {
  readonly allows: readonly PreparedStatement[];
}

export interface PreparedPolicies {
  readonly principal: PrincipalContext;
  readonly identity: PreparedLayer;
  readonly boundary: PreparedLayer | null;
  readonly bounds: readonly PreparedLayer[];
  /** Every live Deny: identity, boundary and bounds (an explicit Deny anywhere wins). */
  readonly denies: readonly PreparedStatement[];
  /** Statements of every layer, per service prefix they can name (lazy; `*` holds all). */
  readonly byService: Map<string, ServiceView>;
  /** Concrete actions the statements name (Action and NotAction), as written: candidates a catalog may not know. */
  readonly namedActions: readonly string[];
}

export interface ServiceView {
  readonly identity: readonly PreparedStatement[];
  readonly boundary: readonly PreparedStatement[] | null;
  readonly bounds: readonly (readonly PreparedStatement[])[];
  readonly denies: readonly PreparedStatement[];
}

const NO_STRINGS: readonly string[] = [];

function prepareStatement(s: PolicyStatement, doc: PolicyDocument, source: PolicySource, index: number, p: PrincipalContext): PreparedStatement | null {
  let condition: Tri = TRUE;
  const conditions: string[] = [];
  for (const c of s.conditions) {
    const t = evaluateCondition(c, p, doc.version);
    if (t === FALSE) return null;
    if (t !== TRUE) {
      condition = t;
      conditions.push(describeCondition(c));
    }
  }
  const ref: StatementRef = { policy: source.name, policyArn: source.arn, via: source.via, index, sid: s.sid };
  const resources = patterns(s.resources, doc.version, p);
  const notResources = patterns(s.notResources, doc.version, p);
  for (const list of [resources, notResources]) {
    for (const r of list ?? []) if (!r.exact) conditions.push(`resource ${r.text} (a policy variable the request decides)`);
  }
  return { ref, deny: s.effect === 'Deny', actions: s.actions, notActions: s.notActions, resources, notResources, condition, conditions: conditions.length === 0 ? NO_STRINGS : conditions };
}

function patterns(list: readonly string[] | null, version: string | null, p: PrincipalContext): readonly ResourcePattern[] | null {
  if (list === null) return null;
  return list.map((text) => (hasVariables(text, version) ? substitute(text, p) : { text, exact: true }));
}

function prepareSources(sources: readonly PolicySource[], p: PrincipalContext, allows: PreparedStatement[], denies: PreparedStatement[], named: Set<string>): void {
  for (const source of sources) {
    for (const doc of source.documents) {
      let index = 0;
      for (const s of doc.statements) {
        index++;
        for (const a of s.actions ?? NO_STRINGS) if (!hasWildcard(a)) named.add(a);
        for (const a of s.notActions ?? NO_STRINGS) if (!hasWildcard(a)) named.add(a);
        const prepared = prepareStatement(s, doc, source, index, p);
        if (prepared === null) continue;
        (prepared.deny ? denies : allows).push(prepared);
      }
    }
  }
}

export function preparePolicies(policies: PrincipalPolicies): PreparedPolicies {
  const p = policies.principal;
  const denies: PreparedStatement[] = [];
  const named = new Set<string>();
  const layer = (sources: readonly PolicySource[]): PreparedLayer => {
    const allows: PreparedStatement[] = [];
    prepareSources(sources, p, allows, denies, named);
    return { allows };
  };
  const identity = layer(policies.identity);
  const boundary = policies.boundary === null ? null : layer([policies.boundary]);
  const bounds = policies.bounds.map((b) => layer(b.policies));
  return { principal: p, identity, boundary, bounds, denies, byService: new Map(), namedActions: [...named] };
}

/** Could one of the statement's Action patterns name an action of service `service` (lower case). */
function mayNameService(s: PreparedStatement, service: string): boolean {
  if (s.actions === null) return true; // NotAction names almost every service
  for (const a of s.actions) {
    const colon = a.indexOf(':');
    if (colon < 0) return true;
    const prefix = a.slice(0, colon);
    if (prefix.includes('*')) return true;
    if (prefix.length === service.length && (prefix.includes('?') || prefix.toLowerCase() === service)) {
      if (!prefix.includes('?')) return true;
      let ok = true;
      for (let i = 0; i < prefix.length && ok; i++) ok = prefix[i] === '?' || prefix[i]?.toLowerCase() === service[i];
      if (ok) return true;
    }
  }
  return false;
}

/** The statements that can apply to actions of `service` (lower case); `*` for all. */
export function serviceView(pp: PreparedPolicies, service: string): ServiceView {
  let view = pp.byService.get(service);
  if (view === undefined) {
    const keep = (list: readonly PreparedStatement[]): readonly PreparedStatement[] => (service === '*' ? list : list.filter((s) => mayNameService(s, service)));
    view = {
      identity: keep(pp.identity.allows),
      boundary: pp.boundary === null ? null : keep(pp.boundary.allows),
      bounds: pp.bounds.map((b) => keep(b.allows)),
      denies: keep(pp.denies),
    };
    pp.byService.set(service, view);
  }
  return view;
}

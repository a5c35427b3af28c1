/**
 * A principal's statements made ready for many queries: variables substituted, conditions decided
 * (they depend on the principal and the time, not on the action or resource), dead statements
 * dropped, and the rest grouped by the service prefixes their actions can name.
 */
import { EMPTY, exactList } from '../lists.ts';
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
  /** The Denies of the identity policies and the boundary: those `admin` counts (the bounds' are the account's guardrails). */
  readonly ownDenies: readonly PreparedStatement[];
  /** serviceView's caches, made on first use: the view of every statement, and filtered views by service prefix (most sets need only the first). */
  all: ServiceView | null;
  byService: Map<string, ServiceView> | null;
  /** A set of a few statements whose identity Allows may name any service (NotAction, `*`): every service's view is all of them. */
  wide: boolean | null;
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

interface PreparedSource {
  readonly allows: readonly PreparedStatement[];
  readonly denies: readonly PreparedStatement[];
  readonly named: readonly string[];
}

// A source's statements that depend on no principal (no condition, no variable) are prepared once
// and shared: managed policies are attached to many principals (principal-policies.ts shares the
// PolicySource objects). What is known of a source is kept in one entry: one lookup per source and principal.
interface SourceInfo {
  readonly free: boolean;
  /** A number of its own, for sharedPoliciesKey. */
  readonly id: number;
  prepared: PreparedSource | null;
}

const SOURCES = new WeakMap<PolicySource, SourceInfo>();
let nextSourceId = 0;

function infoOf(source: PolicySource): SourceInfo {
  let info = SOURCES.get(source);
  if (info === undefined) {
    info = { free: dependsOnNoPrincipal(source), id: nextSourceId++, prepared: null };
    SOURCES.set(source, info);
  }
  return info;
}

function dependsOnNoPrincipal(source: PolicySource): boolean {
  for (const doc of source.documents) {
    for (const s of doc.statements) {
      if (s.conditions.length !== 0) return false;
      for (const r of s.resources ?? NO_STRINGS) if (hasVariables(r, doc.version)) return false;
      for (const r of s.notResources ?? NO_STRINGS) if (hasVariables(r, doc.version)) return false;
    }
  }
  return true;
}

function prepareSource(source: PolicySource, p: PrincipalContext): PreparedSource {
  const allows: PreparedStatement[] = [];
  const denies: PreparedStatement[] = [];
  const named = new Set<string>();
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
  // Kept at their exact size (grown by push, a list keeps room for 17): shared sources live as long as the analysis.
  return { allows: exactList(allows), denies: exactList(denies), named: named.size === 0 ? NO_STRINGS : [...named] };
}

function preparedSource(source: PolicySource, p: PrincipalContext): PreparedSource {
  const info = infoOf(source);
  if (info.prepared !== null) return info.prepared;
  const prepared = prepareSource(source, p);
  if (info.free) info.prepared = prepared;
  return prepared;
}

function prepareSources(sources: readonly PolicySource[], p: PrincipalContext, allows: PreparedStatement[], denies: PreparedStatement[], named: Set<string>): void {
  for (const source of sources) {
    const prepared = preparedSource(source, p);
    for (const s of prepared.allows) allows.push(s);
    for (const s of prepared.denies) denies.push(s);
    for (const a of prepared.named) named.add(a);
  }
}

/**
 * The same key for principals whose policies are the same sources, none depending on a principal
 * (no condition, no variable): their decisions are the same, so one permission set, with its
 * answers, serves them all (groups' members, roles with the same managed policies). Null when some
 * source depends on the principal.
 */
export function sharedPoliciesKey(policies: PrincipalPolicies): string | null {
  let key = policies.boundary === null ? `n${policies.bounds.length}|` : `b${policies.bounds.length}|`;
  const add = (sources: readonly PolicySource[]): boolean => {
    for (const source of sources) {
      const info = infoOf(source);
      if (!info.free) return false;
      key += `${info.id},`;
    }
    key += '|';
    return true;
  };
  if (!add(policies.identity)) return null;
  if (policies.boundary !== null && !add([policies.boundary])) return null;
  if (policies.boundary === null) key += '|';
  for (const b of policies.bounds) if (!add(b.policies)) return null;
  return key;
}

export function preparePolicies(policies: PrincipalPolicies): PreparedPolicies {
  const p = policies.principal;
  // A layer of one policy (most roles, a group's members) is that policy's prepared lists, shared, not copied.
  const identity = gather(policies.identity, p);
  const boundary = policies.boundary === null ? null : preparedSource(policies.boundary, p);
  const bounds = policies.bounds.length === 0 ? EMPTY : policies.bounds.map((b) => gather(b.policies, p));
  const ownDenies = boundary === null || boundary.denies.length === 0 ? identity.denies : identity.denies.length === 0 ? boundary.denies : [...identity.denies, ...boundary.denies];
  let denies = ownDenies;
  let named = boundary === null || boundary.named.length === 0 ? identity.named : null;
  for (const b of bounds) {
    if (b.denies.length > 0) denies = [...denies, ...b.denies];
    if (b.named.length > 0) named = null;
  }
  if (named === null) {
    const all = new Set(identity.named);
    for (const a of boundary?.named ?? NO_STRINGS) all.add(a);
    for (const b of bounds) for (const a of b.named) all.add(a);
    named = [...all];
  }
  return { principal: p, identity, boundary, bounds, denies, ownDenies, all: null, byService: null, wide: null, namedActions: named };
}

const NO_SOURCE: PreparedSource = { allows: [], denies: [], named: [] };

/** The statements of several sources in order, as one prepared source (kept at their exact size). */
function gather(sources: readonly PolicySource[], p: PrincipalContext): PreparedSource {
  if (sources.length === 0) return NO_SOURCE;
  if (sources.length === 1) return preparedSource(sources[0] as PolicySource, p);
  const allows: PreparedStatement[] = [];
  const denies: PreparedStatement[] = [];
  const named = new Set<string>();
  prepareSources(sources, p, allows, denies, named);
  return { allows: exactList(allows), denies: exactList(denies), named: named.size === 0 ? NO_STRINGS : [...named] };
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
  pp.all ??= { identity: pp.identity.allows, boundary: pp.boundary === null ? null : pp.boundary.allows, bounds: pp.bounds.length === 0 ? EMPTY : pp.bounds.map((b) => b.allows), denies: pp.denies };
  const all = pp.all;
  if (service === '*') return all;
  // A few statements are read faster than one filtered copy per service is made and kept: the
  // view is all of them, or none when no identity Allow can name the service (nothing is granted).
  const small = statementCount(pp) <= SMALL;
  if (small) {
    pp.wide ??= all.identity.some(namesAnyService);
    if (pp.wide) return all;
  }
  let view = pp.byService?.get(service);
  if (view === undefined) {
    if (small) view = all.identity.some((s) => mayNameService(s, service)) ? all : nothingFor(pp, all);
    else {
      const keep = (list: readonly PreparedStatement[]): readonly PreparedStatement[] => list.filter((s) => mayNameService(s, service));
      view = {
        identity: keep(pp.identity.allows),
        boundary: pp.boundary === null ? null : keep(pp.boundary.allows),
        bounds: pp.bounds.map((b) => keep(b.allows)),
        denies: keep(pp.denies),
      };
    }
    pp.byService ??= new Map();
    pp.byService.set(service, view);
  }
  return view;
}

/** Does mayNameService hold for every service: NotAction, an action without a prefix, or a prefix with `*`. */
function namesAnyService(s: PreparedStatement): boolean {
  if (s.actions === null) return true;
  for (const a of s.actions) {
    const colon = a.indexOf(':');
    if (colon < 0 || a.slice(0, colon).includes('*')) return true;
  }
  return false;
}

const SMALL = 12;

function statementCount(pp: PreparedPolicies): number {
  let n = pp.identity.allows.length + pp.denies.length + (pp.boundary?.allows.length ?? 0);
  for (const b of pp.bounds) n += b.allows.length;
  return n;
}

const NOTHING: ServiceView = { identity: [], boundary: null, bounds: [], denies: [] };

function nothingFor(pp: PreparedPolicies, all: ServiceView): ServiceView {
  if (all.boundary === null && all.bounds.length === 0) return NOTHING;
  let view = pp.byService?.get('\u0000nothing');
  if (view === undefined) {
    view = { identity: [], boundary: all.boundary === null ? null : [], bounds: all.bounds.map(() => []), denies: [] };
    pp.byService ??= new Map();
    pp.byService.set('\u0000nothing', view);
  }
  return view;
}

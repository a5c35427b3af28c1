/**
 * The one place further bounds on a principal's requests plug in: the account's SCP chain, and for
 * requests on the account's own resources its RCP chain, one PolicyBound per level (root, each OU,
 * the account), each level having to allow a request (guardrails.ts reads the chains). decide.ts
 * applies whatever this returns, Denies included.
 *
 * No bound applies to the management account, to an account in no organization, or to a
 * service-linked role (SCPs and RCPs do not restrict them). UNKNOWN when the snapshot does not say
 * which of these holds or lacks part of a chain: an empty list there would overstate grants.
 */
import type { Entity, Model, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { globMatches } from '../policy-document/glob.ts';
import type { PolicyDocument, PolicyStatement } from '../policy-document/types.ts';
import { actionCatalog } from './catalog.ts';
import { type ControlChain, type ControlKind, chainGap, controlChain, RCP_SERVICES } from './guardrails.ts';
import type { PolicyBound, PolicySource } from './types.ts';

const NONE: readonly PolicyBound[] = [];

export function boundsOf(model: Model, principal: Entity): readonly PolicyBound[] | Unknown {
  if (principal.type === 'role' && principal.attrs['service_linked'] === true) return NONE;
  const account = model.collections['account']?.entities[0];
  if (account === undefined) return UNKNOWN;
  return boundsIn(account);
}

/** The bounds on every principal of an account but its service-linked roles: its SCP and RCP chains. */
export function boundsIn(account: Entity): readonly PolicyBound[] | Unknown {
  const scp = controlChain(account, 'scp');
  const rcp = controlChain(account, 'rcp');
  if (scp === UNKNOWN || rcp === UNKNOWN) return UNKNOWN;
  const bounds = [...levelBounds(scp, 'scp'), ...levelBounds(rcp, 'rcp')];
  return bounds.length === 0 ? NONE : bounds;
}

/** Why boundsOf is UNKNOWN for the principal, as a clause for messages; null when it is known. */
export function boundsGap(model: Model, principal: Entity): string | null {
  if (principal.type === 'role' && principal.attrs['service_linked'] === true) return null;
  const account = model.collections['account']?.entities[0];
  if (account === undefined) return 'the snapshot has no account';
  return boundsGapIn(account);
}

/** Why boundsIn is UNKNOWN for the account: its SCP chain's gap, else its RCP chain's; null when both are known. */
export function boundsGapIn(account: Entity): string | null {
  return chainGap(account, 'scp') ?? chainGap(account, 'rcp');
}

const cache: Readonly<Record<ControlKind, WeakMap<ControlChain, readonly PolicyBound[]>>> = { scp: new WeakMap(), rcp: new WeakMap() };

function levelBounds(chain: ControlChain, kind: ControlKind): readonly PolicyBound[] {
  if (chain.kind !== 'chain') return NONE;
  let bounds = cache[kind].get(chain);
  if (bounds === undefined) {
    bounds = chain.levels.map((level, i) => {
      const sources = chain.documents[i] ?? [];
      return { kind, name: level.name, policies: kind === 'scp' ? sources : [...sources.map(rcpSource), OTHER_SERVICES] };
    });
    cache[kind].set(chain, bounds);
  }
  return bounds;
}

// RCPs apply only to the services AWS lists for them: each level lets every other service's
// requests pass, and each statement is narrowed to those services.

const OTHER_SERVICES: PolicySource = {
  name: 'requests to services RCPs do not apply to',
  arn: null,
  via: null,
  documents: [
    {
      version: '2012-10-17',
      statements: [{ sid: null, effect: 'Allow', actions: null, notActions: RCP_SERVICES.map((s) => `${s}:*`), resources: ['*'], notResources: null, principal: null, notPrincipal: null, conditions: [] }],
    },
  ],
};

const rcpSources = new WeakMap<PolicySource, PolicySource>();

function rcpSource(source: PolicySource): PolicySource {
  let narrowed = rcpSources.get(source);
  if (narrowed === undefined) {
    narrowed = { ...source, documents: source.documents.map(narrowDocument) };
    rcpSources.set(source, narrowed);
  }
  return narrowed;
}

function narrowDocument(doc: PolicyDocument): PolicyDocument {
  return { version: doc.version, statements: doc.statements.map(narrowStatement) };
}

/** The statement restricted to the RCP services: Action patterns rewritten per service, NotAction extended by every other service. */
function narrowStatement(s: PolicyStatement): PolicyStatement {
  if (s.actions !== null) {
    const actions: string[] = [];
    for (const a of s.actions) {
      const colon = a.indexOf(':');
      const prefix = colon < 0 ? a : a.slice(0, colon);
      const rest = colon < 0 ? '*' : a.slice(colon + 1);
      for (const service of RCP_SERVICES) if (globMatches(prefix, service, true)) actions.push(`${service}:${rest}`);
    }
    return { ...s, actions };
  }
  if (s.notActions !== null) {
    const others = actionCatalog()
      .services()
      .filter((service) => !RCP_SERVICES.includes(service))
      .map((service) => `${service}:*`);
    return { ...s, notActions: [...s.notActions, ...others] };
  }
  return s;
}

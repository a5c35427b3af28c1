/**
 * Generated SCP chains and guard's two decisions on them, shared by the guardrail differential and
 * law tests: the chain alone (`decideChain`, what `scps deny` asks) and the chain as bounds under an
 * identity policy allowing everything (`decide`, what `can` and `who-can` ask).
 */
import fc from 'fast-check';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import type { Tri } from '../../../src/model/permissions/context-keys.ts';
import { decideAction } from '../../../src/model/permissions/decide.ts';
import { type ChainLevel, type ControlChain, decideChain } from '../../../src/model/permissions/guardrails.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { PolicySource, PrincipalContext } from '../../../src/model/permissions/types.ts';
import { parsePolicyDocument } from '../../../src/model/policy-document/parse.ts';
import { caseArb, type RawPolicy, statementArb } from './differential-harness.ts';
import { ACCOUNT } from './support.ts';

const catalog = actionCatalog();
export const FULL_ACCESS: RawPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
export const ALLOW_ALL_IDENTITY: RawPolicy = FULL_ACCESS;

export interface ChainCase {
  readonly principal: PrincipalContext;
  /** Root first, the account last. */
  readonly levels: readonly (readonly RawPolicy[])[];
  readonly action: string;
  readonly resource: string;
}

function source(raw: RawPolicy, name: string): PolicySource {
  const d = parsePolicyDocument(raw);
  if ('error' in d) throw new Error(d.error);
  return { name, arn: null, via: null, documents: [d] };
}

function chainOf(c: ChainCase): Extract<ControlChain, { kind: 'chain' }> {
  const levels: ChainLevel[] = c.levels.map((_, i) => ({ kind: i === 0 ? 'root' : i === c.levels.length - 1 ? 'account' : 'ou', name: `level${i}`, policies: [] }));
  return { kind: 'chain', levels, documents: c.levels.map((list, i) => list.map((raw, j) => source(raw, `l${i}p${j}`))) };
}

/** guard's two paths: the chain alone, and the chain as bounds under an identity policy allowing everything. */
export function guardLevels(c: ChainCase): { chain: Tri; bounds: Tri; decided: boolean } {
  const chain = chainOf(c);
  const decision = decideChain(chain, { action: c.action, resource: c.resource }, { accountId: ACCOUNT, partition: 'aws', now: c.principal.now, principal: c.principal });
  const pp = preparePolicies({
    principal: c.principal,
    identity: [source(ALLOW_ALL_IDENTITY, 'identity')],
    boundary: null,
    bounds: chain.levels.map((level, i) => ({ kind: 'scp', name: level.name, policies: chain.documents[i] ?? [] })),
  });
  const decided = [...pp.denies, ...pp.bounds.flatMap((b) => b.allows)].every((s) => s.conditions.length === 0);
  // `*` is the request resource of an action with no resource type: decideAction asks it so when given none.
  return { chain: decision.permitted, bounds: decideAction(pp, c.action, false, c.resource === '*' ? null : c.resource, catalog, null), decided };
}

export const levelArb = (undecided: boolean): fc.Arbitrary<readonly RawPolicy[]> =>
  fc
    .record({
      // Most levels keep FullAWSAccess (AWS attaches it); the others are allow-lists.
      full: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())),
      policies: fc.array(fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.array(statementArb(undecided), { minLength: 1, maxLength: 3 }) }), { maxLength: 2 }),
    })
    .map(({ full, policies }) => (full ? [FULL_ACCESS, ...policies] : policies));

export const chainCaseArb = (undecided: boolean): fc.Arbitrary<ChainCase> =>
  fc
    .record({ base: caseArb(undecided), levels: fc.array(levelArb(undecided), { minLength: 1, maxLength: 4 }) })
    .map(({ base, levels }) => ({ principal: base.principal, levels, action: base.action, resource: base.resource }));

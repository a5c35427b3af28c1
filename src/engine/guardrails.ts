import { type Entity, UNKNOWN, type Unknown } from '../model/index.ts';
import { type ControlKind, chainGap, controlChain, decideChain, decideChainOutside, notApplyingText, RCP_SERVICES, type RegionDecision, rcpApplies, refusalText } from '../model/permissions/index.ts';
import type { GuardrailCondition } from '../semantics/index.ts';
import type { EvidenceValue } from './finding.ts';
import { FALSE, TRUE, type Tri, UNKNOWN_TRI } from './tri.ts';

/**
 * `scps deny "ACTION" [on "RESOURCE"] [unconditionally]` (and `rcps deny`, `have scps denying`) on
 * an account: whether its SCP (RCP) chain refuses the request for a principal of the account,
 * perhaps only under request-time conditions, or with `unconditionally` whatever the request
 * carries (model/permissions/guardrails.ts). Where the chain does not apply (the management
 * account, an account in no organization, a policy type not enabled, a service RCPs do not cover)
 * nothing is refused, and the evidence says why. With `outside regions [...]` the request is made in
 * a region outside the list: refused only when refused in every such region (model/permissions/regions.ts).
 */
export type GuardrailAnswer = { readonly kind: 'applies'; readonly decision: RegionDecision } | { readonly kind: 'not-applying'; readonly reason: string };

// Rules ask the same question of every account, and several rules the same one.
const answers = new WeakMap<Entity, Map<string, GuardrailAnswer | Unknown>>();

export function guardrailAnswer(condition: GuardrailCondition, account: Entity): GuardrailAnswer | Unknown {
  let byQuestion = answers.get(account);
  if (byQuestion === undefined) {
    byQuestion = new Map();
    answers.set(account, byQuestion);
  }
  const key = `${condition.policies}\u0000${condition.action}\u0000${condition.resource}\u0000${condition.regions === null ? '' : JSON.stringify(condition.regions)}`;
  let result = byQuestion.get(key);
  if (result === undefined) {
    result = computeAnswer(condition.policies, condition.action, condition.resource, condition.regions, account);
    byQuestion.set(key, result);
  }
  return result;
}

function computeAnswer(kind: ControlKind, action: string, resource: string, regions: readonly string[] | null, account: Entity): GuardrailAnswer | Unknown {
  const chain = controlChain(account, kind);
  if (chain === UNKNOWN) return UNKNOWN;
  if (chain.kind !== 'chain') return { kind: 'not-applying', reason: notApplyingText(kind, chain) };
  if (kind === 'rcp' && !rcpApplies(action)) return { kind: 'not-applying', reason: `RCPs do not apply to ${action}: they cover ${RCP_SERVICES.join(', ')}` };
  const id = account.attrs['id'];
  const partition = account.attrs['partition'];
  if (typeof id !== 'string') return UNKNOWN;
  const context = { accountId: id, partition: typeof partition === 'string' ? partition : 'aws', now: 0, principal: null };
  const decision = regions === null ? { ...decideChain(chain, { action, resource }, context), region: null } : decideChainOutside(chain, { action, resource }, regions, context);
  return { kind: 'applies', decision };
}

/** Why the predicate is unknown for the account, as a clause for the message; null when it is not. */
export function guardrailUnknownWhy(condition: GuardrailCondition, account: Entity): string | null {
  if (guardrailAnswer(condition, account) !== UNKNOWN) return null;
  return chainGap(account, condition.policies) ?? `the id of account ${account.name} is not in the snapshot`;
}

/** The predicate's verdict: refused (perhaps), or with `unconditionally` refused outright. */
export function guardrailTri(answer: GuardrailAnswer | Unknown, unconditionally: boolean): Tri {
  if (answer === UNKNOWN) return UNKNOWN_TRI;
  if (answer.kind === 'not-applying') return FALSE;
  const permitted = answer.decision.permitted;
  return (unconditionally ? permitted === 0 : permitted !== 2) ? TRUE : FALSE;
}

/**
 * Evidence under the predicate's text: the verdict, and what refuses the request (each Deny with
 * its level, policy and statement, each level without an Allow, with the conditions a refusal
 * depends on), or why the chain does not apply.
 */
export function guardrailEvidence(condition: GuardrailCondition, answer: GuardrailAnswer | Unknown): Record<string, EvidenceValue> {
  const key = condition.text;
  if (answer === UNKNOWN) return { [key]: 'unknown' };
  const evidence: Record<string, EvidenceValue> = { [key]: guardrailTri(answer, condition.unconditionally) === TRUE };
  if (answer.kind === 'not-applying') {
    evidence[`${key}: note`] = answer.reason;
    return evidence;
  }
  const { permitted, refusals, region } = answer.decision;
  // The region outside the list where the chain refuses least: where a finding's request would go.
  if (region !== null && permitted !== 0) evidence[`${key}: in region`] = region;
  evidence[`${key}: chain`] = permitted === 0 ? 'refuses' : permitted === 1 ? 'refuses under conditions' : 'permits';
  if (refusals.length > 0) evidence[`${key}: refused by`] = refusals.map((r) => refusalText(condition.policies, r));
  return evidence;
}

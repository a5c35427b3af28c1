/**
 * Organization guardrails: an account's chain of service control policies (SCPs) or resource control
 * policies (RCPs), and the chain's decision on one request, by AWS's evaluation logic for them
 * (orgs_manage_policies_scps_evaluation.html): a request is permitted only when, at every level of
 * the chain (the root, each OU from the root down, the account), some policy attached there allows
 * it, and no policy at any level denies it. Conditions are three-valued, as for identity policies.
 *
 * The management account is never restricted by either; an account outside an organization has no
 * chain; a chain whose links or documents the snapshot lacks is UNKNOWN, never an empty chain.
 */
import type { Entity, Unknown, Value } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { globMatches, hasWildcard } from '../policy-document/glob.ts';
import type { PolicyDocument, PolicyStatement } from '../policy-document/types.ts';
import { actionCatalog } from './catalog.ts';
import { describeCondition, evaluateCondition } from './conditions.ts';
import { FALSE, not, TRUE, type Tri, UNDECIDED } from './context-keys.ts';
import { actionApplies, minTri, type ResourceMode, resourceTri } from './decide.ts';
import { type Gap, gapText, orUnknown } from './gap.ts';
import type { PreparedStatement, ResourcePattern } from './prepare.ts';
import type { ActionCatalog, PolicySource, PrincipalContext } from './types.ts';
import { hasVariables, substitute } from './variables.ts';

export type ControlKind = 'scp' | 'rcp';

/** One level of a chain: where it is (`Root`, `Root/Workloads/Prod`, the account's name) and what is attached there. */
export interface ChainLevel {
  readonly kind: 'root' | 'ou' | 'account';
  /** The OU's path from the root, or the account's name. */
  readonly name: string;
  /** The SCP or RCP entities attached directly at this level. */
  readonly policies: readonly Entity[];
}

/**
 * Why no chain applies, or the chain:
 * - `management`: the management account, which SCPs and RCPs never restrict;
 * - `outside`: the account is in no organization;
 * - `disabled`: the policy type is not enabled (nothing is attached to the root: while a type is
 *   enabled AWS keeps at least one policy of it on every root, OU and account);
 * - `chain`: the levels, root first.
 */
export type ControlChain =
  | { readonly kind: 'management' }
  | { readonly kind: 'outside' }
  | { readonly kind: 'disabled' }
  | {
      readonly kind: 'chain';
      readonly levels: readonly ChainLevel[];
      readonly documents: readonly (readonly PolicySource[])[];
      /** The organization id from the account's ARN (`.../account/o-.../ID`): `aws:PrincipalOrgID` of its principals; null when not known. */
      readonly organizationId: string | null;
    };

const LABEL: Readonly<Record<ControlKind, string>> = { scp: 'SCPs', rcp: 'RCPs' };

/** The reason a chain does not apply, for evidence: `SCPs do not apply to the management account`. */
export function notApplyingText(kind: ControlKind, chain: Exclude<ControlChain, { kind: 'chain' }>): string {
  const label = LABEL[kind];
  switch (chain.kind) {
    case 'management':
      return `${label} do not apply to the management account`;
    case 'outside':
      return `${label} do not apply: the account is in no organization`;
    case 'disabled':
      return `${label} do not apply: the policy type is not enabled (none is attached to the organization root)`;
  }
}

function entityList(v: Value | undefined): readonly Entity[] | null {
  return Array.isArray(v) ? (v as readonly Entity[]) : null;
}

// One PolicySource per policy entity, so that prepare.ts shares the statements of a policy
// attached at several levels or reached by many principals.
const sources = new WeakMap<Entity, PolicySource>();

/** `p-abc123 DenyLeave`: an organization policy's id and name, as AWS's console lists them. */
function policyLabel(policy: Entity): string {
  const id = policy.attrs['id'];
  return typeof id === 'string' ? `${id} ${policy.name}` : policy.name;
}

function sourceOf(policy: Entity): PolicySource | Unknown {
  const cached = sources.get(policy);
  if (cached !== undefined) return cached;
  const docs = policy.attrs['permissions'];
  if (!Array.isArray(docs)) return UNKNOWN;
  const source: PolicySource = { name: policyLabel(policy), arn: policy.arn, via: null, documents: docs as readonly PolicyDocument[] };
  sources.set(policy, source);
  return source;
}

const chains: Readonly<Record<ControlKind, WeakMap<Entity, ControlChain | Gap>>> = { scp: new WeakMap(), rcp: new WeakMap() };

function chainOrGap(account: Entity, kind: ControlKind): ControlChain | Gap {
  const cache = chains[kind];
  let chain = cache.get(account);
  if (chain === undefined) {
    chain = buildChain(account, kind);
    cache.set(account, chain);
  }
  return chain;
}

/** The account's SCP or RCP chain (cached per account entity); UNKNOWN when the snapshot lacks part of it (chainGap says which). */
export function controlChain(account: Entity, kind: ControlKind): ControlChain | Unknown {
  return orUnknown(chainOrGap(account, kind));
}

/** Why controlChain is UNKNOWN, as a clause for messages; null when it is known. */
export function chainGap(account: Entity, kind: ControlKind): string | null {
  return gapText(chainOrGap(account, kind));
}

/** `example-payments-prod (111122223333)`, or the id alone when the account has no other name. */
function accountLabel(account: Entity): string {
  const id = account.attrs['id'];
  return typeof id === 'string' && id !== account.name ? `${account.name} (${id})` : account.name;
}

function buildChain(account: Entity, kind: ControlKind): ControlChain | Gap {
  const label = LABEL[kind];
  if (account.type !== 'account') return { gap: `${account.type} ${account.name} is not an account` };
  const inOrganization = account.attrs['in_organization'];
  if (inOrganization === false) return { kind: 'outside' };
  // The usual reason: a hand-wrapped authorization-details dump, whose account may well be in no organization.
  if (inOrganization !== true)
    return {
      gap: `the \`organizations\` section was not collected, so whether account ${accountLabel(account)} is in an organization, and the ${label} that bound it, are unknown; an account in no organization has \`"organizations": null\``,
    };
  const management = account.attrs['management_account'];
  if (management === true) return { kind: 'management' };
  if (management !== false) return { gap: `the snapshot does not say whether account ${accountLabel(account)} is the organization's management account, which ${label} do not bound` };
  const attribute = kind === 'scp' ? 'scps' : 'rcps';
  const levels: ChainLevel[] = [];
  const own = entityList(account.attrs[attribute]);
  if (own === null) return { gap: `the ${label} attached to account ${accountLabel(account)} were not collected` };
  levels.push({ kind: 'account', name: account.name, policies: own });
  let node: Value | undefined = account.attrs['parent'];
  let below = `account ${accountLabel(account)}`;
  // A cycle in the OU tree (only in a malformed snapshot) stops at AWS's depth limit and more.
  for (let depth = 0; depth <= 64; depth++) {
    if (node === null || node === undefined || node === UNKNOWN || Array.isArray(node) || typeof node !== 'object') return { gap: `the OU or root above ${below} is not in the snapshot` };
    const unit = node as Entity;
    const attached = entityList(unit.attrs[attribute]);
    const path = unit.attrs['path'];
    const name = typeof path === 'string' ? path : unit.name;
    if (attached === null) return { gap: `the ${label} attached to ${name} were not collected` };
    const isRoot = unit.attrs['root'] === true;
    levels.push({ kind: isRoot ? 'root' : 'ou', name, policies: attached });
    if (isRoot) {
      levels.reverse();
      if (attached.length === 0) return { kind: 'disabled' };
      const documents: PolicySource[][] = [];
      for (const level of levels) {
        const list: PolicySource[] = [];
        for (const p of level.policies) {
          const source = sourceOf(p);
          if (source === UNKNOWN) return { gap: `the content of ${kind.toUpperCase()} ${policyLabel(p)} (attached to ${level.name}) is not in the snapshot` };
          list.push(source);
        }
        documents.push(list);
      }
      const org = account.arn?.match(/:account\/(o-[a-z0-9]+)\//)?.[1] ?? null;
      return { kind: 'chain', levels, documents, organizationId: org };
    }
    below = name;
    node = unit.attrs['parent'];
  }
  return { gap: `the OU tree above account ${accountLabel(account)} reaches no root within 64 levels` };
}

// ---------------------------------------------------------------------------------------------
// The chain's decision on one request.

/** Why a level refuses a request: an explicit Deny there, or no Allow there. */
export type Refusal =
  | { readonly kind: 'deny'; readonly level: ChainLevel; readonly policy: string; readonly index: number; readonly sid: string | null; readonly conditions: readonly string[] }
  | { readonly kind: 'no-allow'; readonly level: ChainLevel; readonly conditions: readonly string[] };

export interface ChainDecision {
  /** TRUE: permitted whatever the request carries; UNDECIDED: permitted only under conditions; FALSE: refused. */
  readonly permitted: Tri;
  /** What refuses it (perhaps, when a refusal's conditions are listed): every Deny that may apply, every level whose Allows may fail. */
  readonly refusals: readonly Refusal[];
}

/**
 * The request a guardrail asks about: an action (or a glob: every action it matches) on a resource
 * (an ARN, or a glob: some resource it covers; `*` by default).
 */
export interface ChainRequest {
  readonly action: string;
  readonly resource: string;
  /** The request's `aws:RequestedRegion`; absent: left to the request. */
  readonly region?: string;
}

/**
 * A principal of the account the guardrail asks about, without naming one: principal condition keys
 * (`aws:PrincipalArn`, its tags, its type) are left to the request, so a break-glass exemption makes
 * a Deny conditional. Its account and organization are known (`aws:PrincipalAccount`,
 * `aws:PrincipalOrgID`); time keys are left to the request too.
 */
function anyPrincipal(accountId: string, partition: string, now: number, organizationId: string | null): PrincipalContext {
  return { type: 'group', accountId, partition, arn: `arn:${partition}:iam::${accountId}:root`, name: '', id: null, tags: null, now, ...(organizationId === null ? {} : { organizationId }) };
}

// Keys of the principal and its session, and the time (the predicate has no evaluation time): left to the request.
const PRINCIPAL_KEYS = /^aws:(principal|username$|userid$|tokenissuetime$|multifactorauth|viaawsservice$|calledvia|sourceidentity$|federatedprovider$|currenttime$|epochtime$)/i;

function conditionTri(s: PolicyStatement, doc: PolicyDocument, p: PrincipalContext, named: boolean, out: string[]): Tri {
  let t: Tri = TRUE;
  for (const c of s.conditions) {
    const key = c.key.toLowerCase();
    const v = !named && PRINCIPAL_KEYS.test(key) && key !== 'aws:principalaccount' && key !== 'aws:principalorgid' ? UNDECIDED : evaluateCondition(c, p, doc.version);
    if (v === FALSE) return FALSE;
    if (v !== TRUE) {
      t = UNDECIDED;
      out.push(describeCondition(c));
    }
  }
  return t;
}

function patterns(list: readonly string[] | null, version: string | null, p: PrincipalContext): readonly ResourcePattern[] | null {
  if (list === null) return null;
  return list.map((text) => (hasVariables(text, version) ? substitute(text, p) : { text, exact: true }));
}

interface LevelStatements {
  readonly allows: readonly PreparedStatement[];
  readonly denies: readonly PreparedStatement[];
}

function prepareLevel(sources: readonly PolicySource[], p: PrincipalContext, named: boolean): LevelStatements {
  const allows: PreparedStatement[] = [];
  const denies: PreparedStatement[] = [];
  for (const source of sources) {
    for (const doc of source.documents) {
      let index = 0;
      for (const s of doc.statements) {
        index++;
        const conditions: string[] = [];
        const condition = conditionTri(s, doc, p, named, conditions);
        if (condition === FALSE) continue;
        const prepared: PreparedStatement = {
          ref: { policy: source.name, policyArn: source.arn, via: null, index, sid: s.sid },
          deny: s.effect === 'Deny',
          actions: s.actions,
          notActions: s.notActions,
          resources: patterns(s.resources, doc.version, p),
          notResources: patterns(s.notResources, doc.version, p),
          condition,
          conditions,
        };
        (prepared.deny ? denies : allows).push(prepared);
      }
    }
  }
  return { allows, denies };
}

/**
 * The chain's decision on a request by a principal of account `accountId`: `principal` names one
 * (its condition keys decided), or null for any principal of the account.
 */
export function decideChain(
  chain: Extract<ControlChain, { kind: 'chain' }>,
  request: ChainRequest,
  context: { readonly accountId: string; readonly partition: string; readonly now: number; readonly principal: PrincipalContext | null },
  catalog: ActionCatalog = actionCatalog(),
): ChainDecision {
  const base = context.principal ?? anyPrincipal(context.accountId, context.partition, context.now, chain.organizationId);
  const p = request.region === undefined ? base : { ...base, requestedRegion: request.region };
  const named = context.principal !== null;
  const levels = chain.levels.map((level, i) => ({ level, statements: prepareLevel(chain.documents[i] ?? [], p, named) }));
  const symbolic = hasWildcard(request.action);
  // `*` asks about some resource of the action's types (an action with none has `*` as its only
  // resource, as IAM requests it), as `can` without `on` does: the best of those regions.
  const info = symbolic || request.resource !== '*' ? undefined : catalog.lookup(request.action);
  const targets: readonly (readonly [ResourceMode, string])[] =
    info === undefined ? [[hasWildcard(request.resource) ? 'some' : 'concrete', request.resource]] : info.resourceArns.length === 0 ? [['concrete', '*']] : info.resourceArns.map((r) => ['some', r] as const);
  let best: ChainDecision | null = null;
  for (const [mode, resource] of targets) {
    const decision = decideLevels(levels, request.action, symbolic, mode, resource);
    if (best === null || decision.permitted > best.permitted) best = decision;
    if (best.permitted === TRUE) break;
  }
  return best ?? { permitted: FALSE, refusals: [] };
}

function decideLevels(levels: readonly { readonly level: ChainLevel; readonly statements: LevelStatements }[], action: string, symbolic: boolean, mode: ResourceMode, resource: string): ChainDecision {
  const request = { action, resource };
  const refusals: Refusal[] = [];
  let permitted: Tri = TRUE;
  for (const { level, statements } of levels) {
    // Some Allow at this level must apply.
    let allowed: Tri = FALSE;
    const allowConditions: string[] = [];
    for (const s of statements.allows) {
      if (!actionApplies(s, request.action, symbolic, false)) continue;
      const t = minTri(s.condition, resourceTri(s, mode, request.resource, false));
      if (t === UNDECIDED) for (const c of s.conditions) if (!allowConditions.includes(c)) allowConditions.push(c);
      if (t > allowed) allowed = t;
    }
    if (allowed !== TRUE) refusals.push({ kind: 'no-allow', level, conditions: allowed === FALSE ? [] : allowConditions.map((c) => `unless ${c}`) });
    permitted = minTri(permitted, allowed);
    // No Deny at any level may apply.
    for (const s of statements.denies) {
      if (!actionApplies(s, request.action, symbolic, true)) continue;
      const t = minTri(s.condition, resourceTri(s, mode, request.resource, true));
      if (t === FALSE) continue;
      refusals.push({ kind: 'deny', level, policy: s.ref.policy, index: s.ref.index, sid: s.ref.sid, conditions: t === TRUE ? [] : s.conditions.map((c) => `if ${c}`) });
      permitted = minTri(permitted, not(t));
    }
  }
  return { permitted, refusals };
}

/** `denied at OU Root/Workloads by p-aaaa1111 deny-leave#1 (DenyLeave) if ...`, `no SCP at the account example-prod allows it`. */
export function refusalText(kind: ControlKind, r: Refusal): string {
  const where = r.level.kind === 'root' ? `the root ${r.level.name}` : r.level.kind === 'ou' ? `OU ${r.level.name}` : `the account ${r.level.name}`;
  const conditions = r.conditions.length === 0 ? '' : ` ${r.conditions.join(' and ')}`;
  if (r.kind === 'deny') return `denied at ${where} by ${r.policy}#${r.index}${r.sid === null ? '' : ` (${r.sid})`}${conditions}`;
  return `no ${kind === 'scp' ? 'SCP' : 'RCP'} at ${where} allows it${conditions}`;
}

// ---------------------------------------------------------------------------------------------
// RCPs apply only to the services AWS lists for them.

/**
 * The services RCPs apply to (orgs_manage_policies_rcps.html, "List of AWS services that support
 * RCPs"): Amazon S3, AWS STS, AWS KMS, Amazon SQS, AWS Secrets Manager (at launch), Amazon ECR and
 * Amazon OpenSearch Serverless (June 2025), Amazon CloudWatch Logs and Amazon Cognito user pools
 * (January 2026). Requests to other services pass every RCP level.
 */
export const RCP_SERVICES: readonly string[] = ['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'logs', 'cognito-idp'];

/** Whether an RCP can apply to requests for this action (or glob): its service prefix may be one RCPs support. */
export function rcpApplies(action: string): boolean {
  const colon = action.indexOf(':');
  const prefix = colon < 0 ? action : action.slice(0, colon);
  return RCP_SERVICES.some((s) => globMatches(prefix, s, true));
}

import type { Entity } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { EMPTY, exactList } from '../lists.ts';
import { arnAccount } from '../policy-document/principal.ts';
import type { PolicyCondition, PolicyDocument, PolicyStatement, Principal } from '../policy-document/types.ts';
import type { NormalizeContext } from './context.ts';
import type { TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';

/**
 * One statement entity per statement of a document, owned by the policy (or role, for trust
 * policies) so that an exception for the owner covers its statements. Keys: `<owner key>/statement/<n>`
 * (`<role arn>/trust/statement/<n>` for trust policies), n from 1.
 */
export function statementEntities(ctx: NormalizeContext, doc: PolicyDocument, owner: Entity, keyPrefix: string): readonly Entity[] {
  return doc.statements.map((s, i) => statementEntity(ctx, s, i + 1, owner, `${keyPrefix}/statement/${i + 1}`));
}

function statementEntity(ctx: NormalizeContext, s: PolicyStatement, index: number, owner: Entity, key: string): TypedEntity<'statement'> {
  // Only the attributes the program reads are computed (all without a read set); the rest are
  // unknown, which nothing reads. Every statement keeps the same shape either way.
  const w = ctx.statementWants;
  const map = s.principal?.kind === 'map' ? s.principal : null;
  const accounts = w.principal_accounts || w.cross_account || w.external_accounts ? principalAccounts(s.principal) : EMPTY;
  return newEntity('statement', key, `${owner.name}/${s.sid ?? String(index)}`, null, owner, {
    index,
    sid: s.sid,
    effect: s.effect,
    actions: s.actions ?? EMPTY,
    not_actions: s.notActions ?? EMPTY,
    resources: s.resources ?? EMPTY,
    not_resources: s.notResources ?? EMPTY,
    principals: w.principals ? principalValues(s.principal) : UNKNOWN,
    not_principals: w.not_principals ? principalValues(s.notPrincipal) : UNKNOWN,
    public: isPublic(s.principal),
    principal_accounts: w.principal_accounts ? accounts : UNKNOWN,
    principal_services: map === null ? EMPTY : map.service,
    principal_federated: map === null ? EMPTY : map.federated,
    condition_keys: w.condition_keys ? conditionKeys(s.conditions) : UNKNOWN,
    conditions: w.conditions ? conditionTexts(s.conditions) : UNKNOWN,
    has_condition: s.conditions.length > 0,
    cross_account: w.cross_account ? accounts.some((a) => a !== ctx.accountId) : UNKNOWN,
    external_accounts: !w.external_accounts ? UNKNOWN : accounts.length === 0 ? EMPTY : exactList(accounts.filter((a) => a !== ctx.accountId && !ctx.organizationAccounts.has(a))),
    service_wildcards: w.service_wildcards ? serviceWildcards(s.actions) : UNKNOWN,
    wildcard_condition_keys: w.wildcard_condition_keys ? wildcardConditionKeys(s.conditions) : UNKNOWN,
    required_condition_keys: w.required_condition_keys ? requiredConditionKeys(s.conditions) : UNKNOWN,
  });
}

/** The condition keys, each once, in order of appearance. */
export function conditionKeys(conditions: readonly PolicyCondition[]): readonly string[] {
  // Most statements have no condition: share the empty list rather than build one per statement.
  if (conditions.length === 0) return EMPTY;
  return unique(conditions.map((c) => c.key));
}

/** `StringEquals aws:SourceAccount=111122223333`: one text per condition value. */
function conditionTexts(conditions: readonly PolicyCondition[]): readonly string[] {
  if (conditions.length === 0) return EMPTY;
  const out: string[] = [];
  for (const c of conditions) for (const v of c.values) out.push(`${c.operator} ${c.key}=${v}`);
  return exactList(out);
}

/** `s3` for `s3:*` (or `S3:**`): an Action naming every action of one service. */
function serviceWildcards(actions: readonly string[] | null): readonly string[] {
  if (actions === null) return EMPTY;
  let out: string[] | null = null;
  for (const action of actions) {
    const colon = action.indexOf(':');
    if (colon <= 0 || colon === action.length - 1) continue;
    if (!onlyStars(action, colon + 1) || hasWildcardBefore(action, colon)) continue;
    const name = action.slice(0, colon).toLowerCase();
    out ??= [];
    if (!out.includes(name)) out.push(name);
  }
  return out === null ? EMPTY : exactList(out);
}

/** Is every character of `text` from `start` on a `*`. */
function onlyStars(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) if (text.charCodeAt(i) !== STAR) return false;
  return true;
}

/** Is there a `*` or `?` in `text` before `end`. */
function hasWildcardBefore(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === STAR || c === QUESTION) return true;
  }
  return false;
}

const STAR = 42;
const QUESTION = 63;

/**
 * Operators for which `*` is a wildcard (ArnEquals behaves as ArnLike), before any set prefix or IfExists.
 * IAM spells the prefixes `ForAnyValue:` (singular) and `ForAllValues:`.
 */
const WILDCARD_OPERATORS = new Set(['stringlike', 'arnlike', 'arnequals']);
const SET_PREFIX = /^for(anyvalue|allvalues):/;
const IF_EXISTS = /ifexists$/;

/**
 * Condition keys whose every condition admits any value: a wildcard operator tested against the
 * bare `*`. A key with one condition naming real values besides (`StringEquals` a repository) is
 * constrained, since all of a statement's conditions must hold. Keys compare case-insensitively.
 */
function wildcardConditionKeys(conditions: readonly PolicyCondition[]): readonly string[] {
  if (conditions.length === 0) return EMPTY;
  const byKey = new Map<string, { written: string; everyWildcard: boolean }>();
  for (const c of conditions) {
    const operator = c.operator.toLowerCase().replace(SET_PREFIX, '').replace(IF_EXISTS, '');
    const wildcard = WILDCARD_OPERATORS.has(operator) && c.values.includes('*');
    const entry = byKey.get(c.key.toLowerCase());
    if (entry === undefined) byKey.set(c.key.toLowerCase(), { written: c.key, everyWildcard: wildcard });
    else entry.everyWildcard &&= wildcard;
  }
  const out = [...byKey.values()].filter((e) => e.everyWildcard).map((e) => e.written);
  return out.length === 0 ? EMPTY : out;
}

/**
 * Condition keys a request must carry for the statement to apply. `...IfExists` and `ForAllValues:`
 * hold when the key is absent, and `Null: true` asks for it to be absent, so they require nothing;
 * `Null: false` asks for it to be present.
 */
function requiredConditionKeys(conditions: readonly PolicyCondition[]): readonly string[] {
  let out: string[] | null = null;
  for (const c of conditions) {
    const operator = c.operator.toLowerCase();
    const required = operator === 'null' ? c.values.length > 0 && c.values.every((v) => v.toLowerCase() === 'false') : !operator.endsWith('ifexists') && !operator.startsWith('forallvalues:');
    if (!required) continue;
    out ??= [];
    if (!out.includes(c.key)) out.push(c.key);
  }
  return out === null ? EMPTY : exactList(out);
}

/** Every principal value of every type; `*` for `"Principal": "*"`. */
export function principalValues(p: Principal | null): readonly string[] {
  if (p === null) return EMPTY;
  if (p.kind === 'any') return ANY;
  const { aws, service, federated, canonicalUser } = p;
  // Most statements name one type of principal (a trust policy's service): its own list, shared, not a copy.
  if (service.length === 0 && federated.length === 0 && canonicalUser.length === 0) return aws;
  if (aws.length === 0 && federated.length === 0 && canonicalUser.length === 0) return service;
  if (aws.length === 0 && service.length === 0 && canonicalUser.length === 0) return federated;
  return aws.concat(service, federated, canonicalUser);
}

const ANY: readonly string[] = Object.freeze(['*']);

export function isPublic(p: Principal | null): boolean {
  if (p === null) return false;
  return p.kind === 'any' || p.aws.includes('*');
}

/** Account ids named by AWS principals: a bare 12-digit id, or the account field of an ARN. */
function principalAccounts(p: Principal | null): readonly string[] {
  if (p === null || p.kind === 'any' || p.aws.length === 0) return EMPTY;
  const out: string[] = [];
  for (const value of p.aws) {
    const account = isAccountId(value) ? value : value.startsWith('arn:') ? arnAccount(value) : null;
    if (account !== null && isAccountId(account) && !out.includes(account)) out.push(account);
  }
  return exactList(out);
}

function isAccountId(value: string): boolean {
  if (value.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function unique(values: readonly string[]): readonly string[] {
  if (values.length === 0) return EMPTY;
  if (values.length === 1) return values;
  return [...new Set(values)];
}

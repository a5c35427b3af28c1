import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/index.ts';
import { type Entity, type Model, type PolicyDocument, type PolicyStatement, UNKNOWN, type Value } from '../../src/model/index.ts';
import {
  type AccountSpec,
  accountSpecArb,
  type DocumentSpec,
  documentSpecArb,
  GENERATED_FOREIGN_ACCOUNTS,
  GENERATED_ORGANIZATION_ACCOUNTS,
  type ManagedPolicySpec,
  type RoleSpec,
  type SnapshotArbOptions,
  type StatementSpec,
  snapshotOf,
} from '../../src/testing/index.ts';
import { assertAgreesWithOracle, compileLibrary, DAY, kImplies, kNot, kOr, loadModel, NOW, type Oracle, ruleVerdicts, type Verdict } from './oracle-support.ts';

/**
 * The policy, trust, role and federation rules of the library against oracles written from issue 4's
 * wording over the normalized model. The oracles match actions and resources with a glob matcher of
 * their own (not the engine's match.ts), so that a shared mistake cannot make them agree.
 */

// ---------------------------------------------------------------------------------------------
// an independent IAM glob matcher

/** `*` any run of characters, `?` one character; IAM actions compare case-insensitively, resources not. */
function globMatches(pattern: string, text: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  // reach[j]: the pattern read so far matches the first j characters of the text.
  let reach: boolean[] = Array.from({ length: t.length + 1 }, (_, j) => j === 0);
  for (const c of p) {
    const next: boolean[] = Array.from({ length: t.length + 1 }, () => false);
    for (let j = 0; j <= t.length; j++) {
      if (c === '*') next[j] = reach[j] === true || (j > 0 && next[j - 1] === true);
      else next[j] = j > 0 && reach[j - 1] === true && (c === '?' || c === t[j - 1]);
    }
    reach = next;
  }
  return reach[t.length] === true;
}

const onlyStars = (pattern: string): boolean => pattern.length > 0 && [...pattern].every((c) => c === '*');
/** Every action is `service:name`, so `*` and `*:*` (any number of stars each side) name them all. */
const namesEveryAction = (pattern: string): boolean => onlyStars(pattern) || (pattern.includes(':') && pattern.split(':').length === 2 && pattern.split(':').every(onlyStars));
/** A statement about every resource: a Resource of `*` (a NotResource always leaves some out). */
const onEveryResource = (s: PolicyStatement): boolean => (s.resources ?? []).some(onlyStars);
/** The statement applies to `action`: Action names it, or NotAction does not. */
const appliesToAction = (s: PolicyStatement, action: string): boolean =>
  s.actions !== null ? s.actions.some((p) => globMatches(p, action, true)) : s.notActions !== null && !s.notActions.some((p) => globMatches(p, action, true));

/**
 * "Allows `action` on `*`": an Allow statement (conditions ignored: guardrails over-approximate)
 * applies to the action on every resource, and no unconditional Deny does the same.
 */
function allowsOnStar(docs: readonly PolicyDocument[], action: string): boolean {
  const statements = docs.flatMap((d) => d.statements);
  const covers = (s: PolicyStatement): boolean => appliesToAction(s, action) && onEveryResource(s);
  return statements.some((s) => s.effect === 'Allow' && covers(s)) && !statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && covers(s));
}

/** "Grants `*` on `*`": an Allow of every action on every resource, not cancelled by an unconditional Deny of the same. */
function grantsEverything(docs: readonly PolicyDocument[]): boolean {
  const statements = docs.flatMap((d) => d.statements);
  const everything = (s: PolicyStatement): boolean => (s.actions ?? []).some(namesEveryAction) && onEveryResource(s);
  return statements.some((s) => s.effect === 'Allow' && everything(s)) && !statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && everything(s));
}

/** "Allows iam:PassRole on every role": on `*` or on a pattern that covers `arn:aws:iam::*:role/*`, not cancelled by an unconditional Deny of the same. */
function allowsOnEveryRole(docs: readonly PolicyDocument[]): boolean {
  const statements = docs.flatMap((d) => d.statements);
  // A NotResource covers every role when none of its patterns could name one (no IAM ARN, no leading wildcard).
  const mayNameRole = (r: string): boolean => !/^arn:[^:*]+:[^:*]+:/.test(r) || /^arn:[^:]*:iam:/.test(r);
  const onRoles = (s: PolicyStatement): boolean => (s.resources ?? []).some((r) => onlyStars(r) || globMatches(r, 'arn:aws:iam::*:role/*', false)) || (s.notResources !== null && !s.notResources.some(mayNameRole));
  const covers = (s: PolicyStatement): boolean => appliesToAction(s, 'iam:PassRole') && onRoles(s);
  return statements.some((s) => s.effect === 'Allow' && covers(s)) && !statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && covers(s));
}

/** An unconditional Deny of every IAM action on every resource: beside it `*` on `*` is no administrator grant. */
function deniesAllOfIam(docs: readonly PolicyDocument[]): boolean {
  return docs.flatMap((d) => d.statements).some((s) => s.effect === 'Deny' && s.conditions.length === 0 && onEveryResource(s) && (s.actions ?? []).some((a) => globMatches(a, 'iam:*', true)));
}

// ---------------------------------------------------------------------------------------------
// reading the model

const entities = (v: Value | undefined): readonly Entity[] | null => (v === UNKNOWN || v === undefined || v === null ? null : (v as readonly Entity[]));
const documents = (v: Value | undefined): readonly PolicyDocument[] | null => (v === UNKNOWN || v === undefined || v === null ? null : (v as readonly PolicyDocument[]));
/** A verdict from a policy's documents, unknown when the snapshot lacks them. */
const fromDocuments = (policy: Entity, f: (docs: readonly PolicyDocument[]) => boolean): Verdict => {
  const docs = documents(policy.attrs['document']);
  return docs === null ? 'unknown' : f(docs) ? 'pass' : 'fail';
};

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//;
/** An AWS managed policy by name, whatever its path (`arn:aws:iam::aws:policy/job-function/...`). */
const isAwsManaged = (policy: Entity, name: string): boolean => policy.arn !== null && AWS_MANAGED_ARN.test(policy.arn) && policy.arn.endsWith(`/${name}`);
/** Customer managed: a managed policy (it has an ARN) that AWS does not own. */
const isCustomerManaged = (policy: Entity): boolean => policy.arn !== null && !AWS_MANAGED_ARN.test(policy.arn);
/** Inline policies: those embedded in a user, group or role. */
function inlineKeys(model: Model): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const identity of model.collections['identities']?.entities ?? []) for (const p of entities(identity.attrs['inline_policies']) ?? []) keys.add(p.key);
  return keys;
}
/** Attached to a principal: AWS's attachment count (inline policies count 1). */
const attached = (policy: Entity): Verdict => {
  const count = policy.attrs['attachment_count'];
  return count === UNKNOWN || count === undefined ? 'unknown' : typeof count === 'number' && count > 0 ? 'pass' : 'fail';
};
/** Whether an identity has the AWS managed policy `name` attached directly. */
const hasAttached = (identity: Entity, name: string): Verdict => {
  const list = entities(identity.attrs['attached_policies']);
  return list === null ? 'unknown' : list.some((p) => isAwsManaged(p, name)) ? 'pass' : 'fail';
};
const trustPolicy = (role: Entity): readonly PolicyDocument[] | null => documents(role.attrs['trust_policy']);
const allowStatements = (docs: readonly PolicyDocument[]): readonly PolicyStatement[] => docs.flatMap((d) => d.statements).filter((s) => s.effect === 'Allow');
/**
 * "requires" a key: some condition on it cannot hold when the request lacks the key. IfExists and
 * ForAllValues: conditions hold on an absent key; Null "true" demands absence, Null "false" presence.
 */
const requiresConditionKey = (s: PolicyStatement, key: string): boolean =>
  s.conditions.some((c) => {
    if (c.key.toLowerCase() !== key.toLowerCase()) return false;
    const op = c.operator.toLowerCase();
    if (op === 'null') return c.values.length > 0 && c.values.every((v) => v.toLowerCase() === 'false');
    return !op.endsWith('ifexists') && !op.startsWith('forallvalues:');
  });

/** Account ids an AWS principal names: a 12-digit id, or the account field of an ARN. */
function principalAccounts(s: PolicyStatement): string[] {
  if (s.principal === null || s.principal.kind === 'any') return [];
  const out: string[] = [];
  for (const value of s.principal.aws) {
    const id = /^\d{12}$/.test(value) ? value : (/^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(value)?.[1] ?? null);
    if (id !== null) out.push(id);
  }
  return out;
}

/** The accounts of the organization that the snapshot lists: its accounts and the management account. */
function organizationAccounts(model: Model): ReadonlySet<string> {
  const ids = new Set<string>();
  const accounts = model.collections['accounts'];
  if (accounts?.known === true) for (const a of accounts.entities) if (typeof a.attrs['id'] === 'string') ids.add(a.attrs['id']);
  const management = model.collections['organization']?.entities[0]?.attrs['management_account_id'];
  if (typeof management === 'string') ids.add(management);
  return ids;
}

const GITHUB = 'token.actions.githubusercontent.com';
const GITHUB_PROVIDER_ARN = /:oidc-provider\/token\.actions\.githubusercontent\.com(\/[^/]+)?$/;
const GITHUB_SUB_KEY = /^token\.actions\.githubusercontent\.com(\/[^/:]+)?:sub$/i;
/** A wildcard operator (`*` matches anything), with any set prefix or `IfExists`; IAM's ArnEquals behaves as ArnLike. */
const isWildcardOperator = (operator: string): boolean =>
  ['stringlike', 'arnlike', 'arnequals'].includes(
    operator
      .toLowerCase()
      .replace(/^for(anyvalue|allvalues):/, '') // IAM: ForAnyValue (singular), ForAllValues
      .replace(/ifexists$/, ''),
  );

// ---------------------------------------------------------------------------------------------
// the oracles, each from the issue's sentence quoted above it

/** "a role trusting an AWS account other than its own and not in trusted_accounts (nor, when the snapshot has the organization, in the organization) requires sts:ExternalId or aws:MultiFactorAuthPresent" */
function crossAccountOracle(trusted: readonly string[]): Oracle {
  return {
    collection: 'roles',
    verdict: (role, model) => {
      const docs = trustPolicy(role);
      if (docs === null) return 'unknown';
      const organization = organizationAccounts(model);
      // Per statement: a statement letting a foreign account in without the condition is enough.
      const open = allowStatements(docs).some(
        (s) =>
          principalAccounts(s).some((a) => a !== model.account.id && !trusted.includes(a) && !organization.has(a)) && !requiresConditionKey(s, 'sts:ExternalId') && !requiresConditionKey(s, 'aws:MultiFactorAuthPresent'),
      );
      return open ? 'fail' : 'pass';
    },
  };
}

const ORACLES: Readonly<Record<string, Oracle>> = {
  // "no attached policy (customer managed, AWS managed, or inline on a user, group or role) has an Allow statement granting * on *; a finding per offending policy"
  'pol.no-admin-star': {
    collection: 'policies',
    verdict: (p) =>
      kImplies(
        attached(p),
        fromDocuments(p, (d) => !(grantsEverything(d) && !deniesAllOfIam(d))),
      ),
  },
  // "AWS managed AdministratorAccess is not attached directly to a user, group or role; a finding per entity"
  'pol.adminaccess-not-attached': { collection: 'identities', verdict: (i) => kNot(hasAttached(i, 'AdministratorAccess')) },
  // "no inline policies on users, groups, roles": each inline policy is a finding.
  'pol.no-inline': { collection: 'policies', verdict: (p, model) => (inlineKeys(model).has(p.key) ? 'fail' : 'pass') },
  // "no customer managed or inline policy allows service:*": an Allow statement naming a whole service (`*` alone names no service).
  'pol.no-service-wildcard': {
    collection: 'policies',
    verdict: (p, model) => (isCustomerManaged(p) || inlineKeys(model).has(p.key) ? fromDocuments(p, (docs) => !allowStatements(docs).some((s) => (s.actions ?? []).some((a) => /^[^*?:]+:\*+$/.test(a)))) : 'pass'),
  },
  // "no Allow statement with NotAction in customer managed or inline policies"
  'pol.no-allow-notaction': {
    collection: 'policies',
    verdict: (p, model) => (isCustomerManaged(p) || inlineKeys(model).has(p.key) ? fromDocuments(p, (docs) => !allowStatements(docs).some((s) => s.notActions !== null)) : 'pass'),
  },
  // "no policy attached to a principal allows iam:PassRole on * (also through iam:*, iam:Pass*, *)"
  'pol.no-passrole-star': {
    collection: 'policies',
    verdict: (p) =>
      kImplies(
        attached(p),
        fromDocuments(p, (d) => !allowsOnEveryRole(d)),
      ),
  },
  // "no customer managed or inline policy allows sts:AssumeRole on *"
  'pol.no-assumerole-star': {
    collection: 'policies',
    verdict: (p, model) => (isCustomerManaged(p) || inlineKeys(model).has(p.key) ? fromDocuments(p, (d) => !allowsOnStar(d, 'sts:AssumeRole')) : 'pass'),
  },
  // "customer managed policies attached to nothing": a policy in use as a permissions boundary is
  // attached (IAM lists it among the policy's attached entities, "as permissions boundary").
  'pol.unattached-customer': {
    collection: 'customer_policies',
    verdict: (p) => {
      const inUse = (v: Value | undefined): Verdict => (v === UNKNOWN || v === undefined ? 'unknown' : typeof v === 'number' && v > 0 ? 'pass' : 'fail');
      return kOr(inUse(p.attrs['attachment_count']), inUse(p.attrs['boundary_usage_count']));
    },
  },
  // "at least one role has AWS managed AWSSupportAccess (a finding on the account when none has)"
  'pol.support-role': {
    collection: 'account',
    verdict: (_account, model) => {
      const roles = model.collections['roles'];
      return roles?.known === true ? kOr('fail', ...roles.entities.map((r) => hasAttached(r, 'AWSSupportAccess'))) : 'unknown';
    },
  },
  // "AWSCloudShellFullAccess is attached to no user, group or role"
  'pol.cloudshell-full-access': { collection: 'identities', verdict: (i) => kNot(hasAttached(i, 'AWSCloudShellFullAccess')) },
  // "no role's trust policy allows "*" (or {"AWS": "*"}) without a condition"
  'trust.no-public-principal': {
    collection: 'roles',
    verdict: (role) => {
      const docs = trustPolicy(role);
      if (docs === null) return 'unknown';
      // NotPrincipal does not count: IAM rejects it in role trust policies.
      const everyone = (s: PolicyStatement): boolean => s.principal !== null && (s.principal.kind === 'any' || s.principal.aws.includes('*'));
      return allowStatements(docs).some((s) => everyone(s) && s.conditions.length === 0) ? 'fail' : 'pass';
    },
  },
  'trust.cross-account-needs-externalid': crossAccountOracle([]),
  // "a role trusting the GitHub Actions OIDC provider constrains token.actions.githubusercontent.com:sub, and not to * alone"
  'trust.github-oidc-sub': {
    collection: 'roles',
    verdict: (role) => {
      const docs = trustPolicy(role);
      if (docs === null) return 'unknown';
      // GitHub's provider, or an enterprise's custom issuer on it (`token.actions.githubusercontent.com/<slug>`).
      const trustsGithub = (s: PolicyStatement): boolean => s.principal?.kind === 'map' && s.principal.federated.some((f) => GITHUB_PROVIDER_ARN.test(f));
      // A `*` among the values of a wildcard operator admits every subject: that constrains nothing.
      const constrainsSub = (s: PolicyStatement): boolean => s.conditions.some((c) => GITHUB_SUB_KEY.test(c.key) && !(isWildcardOperator(c.operator) && c.values.includes('*')));
      return allowStatements(docs).some((s) => trustsGithub(s) && !constrainsSub(s)) ? 'fail' : 'pass';
    },
  },
  // "roles, other than service-linked roles (path /aws-service-role/), whose last use (creation when never used) is older than 90 days"
  'role.unused': {
    collection: 'roles',
    verdict: (role) => {
      const path = role.attrs['path'];
      if (path === UNKNOWN || path === undefined) return 'unknown';
      if (typeof path === 'string' && path.startsWith('/aws-service-role/')) return 'pass';
      const lastUsed = role.attrs['last_used'];
      const since = lastUsed === null ? role.attrs['created'] : lastUsed;
      if (since === UNKNOWN || since === undefined) return 'unknown';
      return typeof since === 'number' && NOW - since > 90 * DAY ? 'fail' : 'pass';
    },
  },
  // "every SAML and OIDC provider is trusted by at least one role": some role's trust policy allows it as a federated principal.
  'fed.orphan-idp': {
    collection: 'identity_providers',
    verdict: (provider, model) => {
      const roles = model.collections['roles'];
      if (roles?.known !== true) return 'unknown';
      const trusts = (role: Entity): Verdict => {
        const docs = trustPolicy(role);
        if (docs === null) return 'unknown';
        return allowStatements(docs).some((s) => s.principal?.kind === 'map' && s.principal.federated.includes(provider.arn ?? provider.key)) ? 'pass' : 'fail';
      };
      return kOr('fail', ...roles.entities.map(trusts));
    },
  },
};

// ---------------------------------------------------------------------------------------------
// arbitraries that exercise these rules

const awsManagedArn = (name: string): string => `arn:aws:iam::aws:policy/${name}`;
const objectDocument = (statements: readonly StatementSpec[]): DocumentSpec => ({ statements, form: 'object', single: false });

/**
 * Lists every attached AWS managed policy in `Policies`, as GetAccountAuthorizationDetails does, so
 * that their documents are known (unlisted ones are stubs with unknown documents).
 */
function listAttachedAwsManaged(spec: AccountSpec): AccountSpec {
  const listed = new Set(spec.policies.map((p) => p.arn));
  const attachedArns = new Set([...spec.users, ...spec.groups, ...spec.roles].flatMap((p) => p.attached));
  const extra: ManagedPolicySpec[] = [...attachedArns]
    .filter((arn) => AWS_MANAGED_ARN.test(arn) && !listed.has(arn))
    // The writer substitutes each AWS managed policy's fixed content for this placeholder.
    .map((arn) => ({ arn, document: objectDocument([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), attachmentCount: null, boundaryUsageCount: null }));
  return { ...spec, policies: [...spec.policies, ...extra] };
}

/** Actions and resources beyond the generator's: case variants, `?`, prefix wildcards, near misses. */
const EXTRA_ACTIONS = [
  'iam:passrole',
  'IAM:PassRole',
  'iam:Pass?ole',
  'iam:P*',
  'iam:PassRoles',
  '*:*',
  '**',
  'sts:Assume*',
  'STS:ASSUMEROLE',
  'sts:AssumeRoleWithSAML',
  'iAm:*',
  's3:**',
  'ec2:*Instances',
  '*:Get*',
] as const;
const EXTRA_RESOURCES = ['*', '**', 'arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:role/deploy', 'arn:*'] as const;
const stringOrList = (values: readonly string[]): fc.Arbitrary<string | readonly string[]> => fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));
const extraStatementArb: fc.Arbitrary<StatementSpec> = fc
  .record({
    Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    actions: stringOrList(EXTRA_ACTIONS),
    resources: stringOrList(EXTRA_RESOURCES),
    notAction: fc.boolean(),
    notResource: fc.constantFrom(false, false, false, true),
    condition: fc.option(fc.constant({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), { nil: undefined, freq: 3 }),
  })
  .map(({ Effect, actions, resources, notAction, notResource, condition }) => ({
    Effect,
    ...(notAction ? { NotAction: actions } : { Action: actions }),
    ...(notResource ? { NotResource: resources } : { Resource: resources }),
    ...(condition === undefined ? {} : { Condition: condition }),
  }));

/** Documents of customer managed policies, sometimes from the extra actions and resources. */
const withExtraDocuments = (spec: fc.Arbitrary<AccountSpec>): fc.Arbitrary<AccountSpec> =>
  fc
    .tuple(spec, fc.array(fc.option(documentSpecArb(extraStatementArb, 3), { nil: null }), { minLength: 5, maxLength: 5 }))
    .map(([s, docs]) => ({ ...s, policies: s.policies.map((p, i) => ({ ...p, document: docs[i] ?? p.document })) }));

/** Every section present, or sections varied (missing, in `errors`) so that unknowns turn up. */
const sectionsArb = (options: SnapshotArbOptions = {}): fc.Arbitrary<AccountSpec> => fc.oneof(accountSpecArb({ ...options, sections: 'complete' }), accountSpecArb({ ...options, sections: 'vary' }));

/** For the policy rules: AWS managed policies listed or not, customer documents from either generator. */
const policySnapshots: fc.Arbitrary<Record<string, unknown>> = fc.tuple(withExtraDocuments(sectionsArb()), fc.boolean()).map(([spec, list]) => snapshotOf(list ? listAttachedAwsManaged(spec) : spec));

/** `pol.support-role`: AWSSupportAccess on a role, on a user only, or nowhere in particular. */
const supportSnapshots: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(sectionsArb(), fc.constantFrom('role', 'user', 'as generated'))
  .map(([spec, where]) => {
    const support = awsManagedArn('AWSSupportAccess');
    const strip = (list: readonly string[]): string[] => list.filter((a) => a !== support);
    if (where === 'role' && spec.roles.length > 0) return { ...spec, roles: spec.roles.map((r, i) => (i === 0 ? { ...r, attached: [...strip(r.attached), support] } : r)) };
    if (where === 'user') {
      return { ...spec, roles: spec.roles.map((r) => ({ ...r, attached: strip(r.attached) })), users: spec.users.map((u) => ({ ...u, attached: [...strip(u.attached), support] })) };
    }
    return spec;
  })
  .map(snapshotOf);

/** Trust statements beyond the generator's, aimed at the trust rules' edges. */
const GITHUB_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${GITHUB}`;
const SUB = `${GITHUB}:sub`;
const githubConditionArb = fc.constantFrom<StatementSpec['Condition'] | undefined>(
  undefined,
  { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } },
  { StringLike: { [SUB]: '*' } },
  { StringLike: { [SUB]: ['*', 'repo:my-org/my-repo:*'] } },
  { StringLike: { [SUB]: 'repo:my-org/*' } },
  { StringEquals: { [SUB]: '*' } },
  { StringLikeIfExists: { [SUB]: '*' } },
  { 'ForAllValues:StringLike': { [SUB]: '*' } },
  { StringEquals: { 'Token.Actions.GitHubUserContent.com:Sub': 'repo:my-org/my-repo:ref:refs/heads/main' } },
  { StringNotLike: { [SUB]: 'repo:evil/*' } },
  // All conditions must hold: the StringEquals constrains sub although the StringLike admits anything.
  { StringLike: { [SUB]: '*' }, StringEquals: { [SUB]: 'repo:my-org/my-repo:ref:refs/heads/main' } },
  { StringLike: { [SUB]: '*', 'Token.Actions.GitHubUserContent.com:Sub': 'repo:my-org/*' } },
);
const crossAccountPrincipalArb = fc.constantFrom<unknown>(
  { AWS: GENERATED_FOREIGN_ACCOUNTS[0] },
  { AWS: `arn:aws:iam::${GENERATED_FOREIGN_ACCOUNTS[0]}:user/partner` },
  { AWS: [`arn:aws:iam::123456789012:root`, `arn:aws:iam::${GENERATED_FOREIGN_ACCOUNTS[1]}:role/x`] },
  { AWS: GENERATED_ORGANIZATION_ACCOUNTS[0] },
  { AWS: `arn:aws:sts::${GENERATED_ORGANIZATION_ACCOUNTS[1]}:assumed-role/ops/s` },
  { AWS: ['*'], Service: 'ec2.amazonaws.com' },
);
const crossAccountConditionArb = fc.constantFrom<StatementSpec['Condition'] | undefined>(
  undefined,
  { StringEquals: { 'STS:EXTERNALID': 'x' } },
  // These mention the key without requiring it: a request without an external id or MFA gets in.
  { StringEqualsIfExists: { 'sts:ExternalId': 'x' } },
  { Null: { 'sts:ExternalId': 'true' } },
  { Null: { 'sts:ExternalId': 'false' } },
  { 'ForAllValues:StringEquals': { 'sts:ExternalId': 'x' } },
  { BoolIfExists: { 'aws:multifactorauthpresent': 'true' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } },
);
/** An enterprise's custom issuer: its own provider ARN and condition-key prefix. */
const ENTERPRISE = `${GITHUB}/acme`;
const enterpriseConditionArb = fc.constantFrom<StatementSpec['Condition'] | undefined>(
  undefined,
  { StringLike: { [`${ENTERPRISE}:sub`]: 'repo:acme/app:*' } },
  { StringLike: { [`${ENTERPRISE}:sub`]: '*' } },
  { StringEquals: { [`${ENTERPRISE}:aud`]: 'sts.amazonaws.com' } },
);
const extraTrustStatementArb: fc.Arbitrary<StatementSpec> = fc.oneof(
  enterpriseConditionArb.map((Condition) => ({
    Effect: 'Allow' as const,
    Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ENTERPRISE}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(Condition === undefined ? {} : { Condition }),
  })),
  githubConditionArb.map((Condition) => ({
    Effect: 'Allow' as const,
    Principal: { Federated: GITHUB_PROVIDER },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(Condition === undefined ? {} : { Condition }),
  })),
  fc.tuple(crossAccountPrincipalArb, crossAccountConditionArb, fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny')).map(([Principal, Condition, Effect]) => ({
    Effect,
    Principal,
    Action: 'sts:AssumeRole',
    ...(Condition === undefined ? {} : { Condition }),
  })),
);

/** For the role rules: at least one role, some trust policies from the extra statements. */
const roleSnapshots = (options: SnapshotArbOptions = {}): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      sectionsArb({ maxRoles: 5, ...options }).filter((s) => s.roles.length > 0),
      fc.array(fc.option(documentSpecArb(extraTrustStatementArb, 2), { nil: null }), { minLength: 5, maxLength: 5 }),
    )
    .map(([spec, trusts]) => ({ ...spec, roles: spec.roles.map((r, i): RoleSpec => ({ ...r, trust: trusts[i] ?? r.trust })) }))
    .map(snapshotOf);

/** Which arbitrary each rule is checked on. */
const SNAPSHOTS: Readonly<Record<string, fc.Arbitrary<Record<string, unknown>>>> = {
  'pol.no-admin-star': policySnapshots,
  'pol.adminaccess-not-attached': policySnapshots,
  'pol.no-inline': policySnapshots,
  'pol.no-service-wildcard': policySnapshots,
  'pol.no-allow-notaction': policySnapshots,
  'pol.no-passrole-star': policySnapshots,
  'pol.no-assumerole-star': policySnapshots,
  'pol.unattached-customer': policySnapshots,
  'pol.support-role': supportSnapshots,
  'pol.cloudshell-full-access': policySnapshots,
  'trust.no-public-principal': roleSnapshots(),
  'trust.cross-account-needs-externalid': roleSnapshots(),
  'trust.github-oidc-sub': roleSnapshots(),
  'role.unused': roleSnapshots(),
  'fed.orphan-idp': roleSnapshots(),
};

// ---------------------------------------------------------------------------------------------
// the properties

let library: Awaited<ReturnType<typeof compileLibrary>>;
beforeAll(async () => {
  library = await compileLibrary();
});

describe('policy, trust, role and federation rules agree with independent oracles', () => {
  for (const [rule, oracle] of Object.entries(ORACLES)) {
    const snapshots = SNAPSHOTS[rule];
    it(rule, () => {
      if (snapshots === undefined) throw new Error(`no arbitrary for ${rule}`);
      assertAgreesWithOracle(library, rule, oracle, snapshots, 100);
    });
  }

  it('every rule meets pass, fail and unknown on its arbitrary (a fixed sample)', () => {
    for (const [rule, oracle] of Object.entries(ORACLES)) {
      const snapshots = SNAPSHOTS[rule];
      if (snapshots === undefined) throw new Error(`no arbitrary for ${rule}`);
      const seen = new Set<Verdict>();
      for (const raw of fc.sample(snapshots, { seed: 4, numRuns: 150 })) {
        const model = loadModel(raw);
        const collection = model.collections[oracle.collection];
        if (collection?.known !== true) seen.add('unknown');
        else for (const e of collection.entities) seen.add(oracle.verdict(e, model));
      }
      expect([rule, [...seen].sort()]).toEqual([rule, ['fail', 'pass', 'unknown']]);
    }
  });
});

describe('trust.cross-account-needs-externalid with trusted_accounts', () => {
  const partner = GENERATED_FOREIGN_ACCOUNTS[0];

  it('agrees with the oracle when a foreign account is trusted', async () => {
    const trusting = await compileLibrary({ trusted_accounts: JSON.stringify([partner]) });
    assertAgreesWithOracle(trusting, 'trust.cross-account-needs-externalid', crossAccountOracle([partner]), roleSnapshots(), 100);
  });

  it('a role trusting only that account without an external id fails by default and passes once it is trusted', async () => {
    const trusting = await compileLibrary({ trusted_accounts: JSON.stringify([partner]) });
    const arn = 'arn:aws:iam::123456789012:role/partner';
    const raw = {
      format: 'guard-snapshot/v1',
      capturedAt: '2026-11-27T10:00:00Z',
      account: { id: '123456789012', partition: 'aws' },
      iam: {
        authorizationDetails: {
          UserDetailList: [],
          GroupDetailList: [],
          Policies: [],
          RoleDetailList: [
            {
              Path: '/',
              RoleName: 'partner',
              RoleId: 'AROAPARTNER',
              Arn: arn,
              CreateDate: '2026-11-01T00:00:00Z',
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${partner}:root` }, Action: 'sts:AssumeRole' }] },
              RolePolicyList: [],
              AttachedManagedPolicies: [],
              RoleLastUsed: {},
            },
          ],
        },
      },
      organizations: null,
      errors: [],
    };
    const model = loadModel(raw);
    expect(ruleVerdicts(evaluate(library, model), 'trust.cross-account-needs-externalid').get(arn)).toBe('fail');
    expect(ruleVerdicts(evaluate(trusting, model), 'trust.cross-account-needs-externalid').get(arn)).toBeUndefined();
  });
});

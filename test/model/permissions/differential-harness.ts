/**
 * The harness of the differential tests (differential.test.ts, differential-managed.test.ts):
 * guard's decisions against @cloud-copilot/iam-simulate's (AGPL: a devDependency, imported by tests
 * only). Where the snapshot decides every condition and variable, guard's "unconditional" must
 * be iam-simulate's Strict "Allowed"; where something is left to the request, guard's "perhaps"
 * (conditional or better) must be its Discovery "Allowed". Disagreement classes where guard is
 * right by AWS's documentation are named exclusions, counted and reported.
 */
import { type DiscoveryContextKeyConstraint, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import { contextKey } from '../../../src/model/permissions/context-keys.ts';
import { decideAction } from '../../../src/model/permissions/decide.ts';
import { type PreparedPolicies, preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { PolicySource, PrincipalContext, PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { parsePolicyDocument } from '../../../src/model/policy-document/parse.ts';
import type { PolicyDocument } from '../../../src/model/policy-document/types.ts';
import { ACCOUNT, NOW, roleContext, userContext } from './support.ts';

const catalog = actionCatalog();

export interface RawPolicy {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export interface Case {
  readonly principal: PrincipalContext;
  readonly identity: readonly RawPolicy[];
  readonly boundary: RawPolicy | null;
  readonly action: string;
  readonly resource: string;
}

function parsed(raw: RawPolicy): PolicyDocument {
  const d = parsePolicyDocument(raw);
  if ('error' in d) throw new Error(d.error);
  return d;
}

export function guardPolicies(c: Case): PreparedPolicies {
  const policies: PrincipalPolicies = {
    principal: c.principal,
    identity: c.identity.map((raw, i) => ({ name: `p${i}`, arn: null, via: null, documents: [parsed(raw)] })),
    boundary: c.boundary === null ? null : { name: 'boundary', arn: null, via: null, documents: [parsed(c.boundary)] },
    bounds: [],
  };
  return preparePolicies(policies);
}

/** Does the snapshot decide everything: no undecided condition, no unresolved variable. */
export function fullyDecided(pp: PreparedPolicies): boolean {
  const all = [...pp.identity.allows, ...(pp.boundary?.allows ?? []), ...pp.denies];
  return all.every((s) => s.conditions.length === 0);
}

/** The request context the snapshot decides, as iam-simulate wants it. */
export function contextOf(p: PrincipalContext): Record<string, string> {
  const ctx: Record<string, string> = {
    'aws:PrincipalAccount': p.accountId,
    'aws:PrincipalArn': p.arn,
    'aws:PrincipalType': p.type === 'role' ? 'AssumedRole' : 'User',
    'aws:CurrentTime': new Date(p.now).toISOString(),
    'aws:EpochTime': String(Math.floor(p.now / 1000)),
    // Request-time for guard (undecided), but every request here is on a resource of the principal's account.
    'aws:ResourceAccount': p.accountId,
  };
  if (p.type === 'user') {
    ctx['aws:username'] = p.name;
    if (p.id !== null) ctx['aws:userid'] = p.id;
  } else {
    ctx['aws:TokenIssueTime'] = new Date(p.now - 3_600_000).toISOString();
  }
  for (const [k, v] of p.tags ?? []) ctx[`aws:PrincipalTag/${k}`] = v;
  return ctx;
}

/** For Discovery mode: the keys whose presence and value the snapshot decides (the rest stay open). */
export function knownKeys(p: PrincipalContext): DiscoveryContextKeyConstraint[] {
  const known = (keyName: string): DiscoveryContextKeyConstraint => ({ keyName, presenceIsKnown: true, valueIsKnown: true });
  const keys = ['aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalType', 'aws:CurrentTime', 'aws:EpochTime', 'aws:username'].map(known);
  if (p.type === 'user') keys.push(known('aws:userid'));
  else keys.push({ keyName: 'aws:TokenIssueTime', presenceIsKnown: true, valueIsKnown: false });
  if (p.tags !== null) keys.push(known('/^aws:PrincipalTag\\/.*$/'));
  return keys;
}

export function requestPrincipal(p: PrincipalContext): string {
  return p.type === 'role' ? `arn:aws:sts::${p.accountId}:assumed-role/${p.name}/session` : p.arn;
}

export type Verdict = 'allowed' | 'denied' | 'error';

export async function simulate(c: Case, mode: 'Strict' | 'Discovery'): Promise<Verdict> {
  const simulation: Simulation = {
    request: { principal: requestPrincipal(c.principal), action: c.action, resource: { resource: c.resource, accountId: ACCOUNT }, contextVariables: contextOf(c.principal) },
    identityPolicies: c.identity.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.boundary === null ? {} : { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] }),
  };
  const result = await runSimulation(simulation, { simulationMode: mode, discoveryContextKeyConstraints: knownKeys(c.principal) });
  if (result.resultType === 'error') return 'error';
  return result.overallResult === 'Allowed' ? 'allowed' : 'denied';
}

/** guard's answer and whether the snapshot decided everything. */
export function guardVerdict(c: Case): { level: 0 | 1 | 2; decided: boolean } {
  const pp = guardPolicies(c);
  return { level: decideAction(pp, c.action, false, c.resource, catalog, null), decided: fullyDecided(pp) };
}

// ---------------------------------------------------------------------------------------------
// Generated principals and requests

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role`;
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user`;

/** Actions and, per action, concrete resources of its types (`*` for actions without one). */
const REQUESTS: readonly (readonly [string, readonly string[]])[] = [
  ['iam:PassRole', [`${ROLE_ARN}/app-web`, `${ROLE_ARN}/admin`]],
  ['iam:CreateAccessKey', [`${USER_ARN}/alice`, `${USER_ARN}/bob`]],
  ['iam:ListUsers', ['*']],
  ['s3:GetObject', ['arn:aws:s3:::bucket-a/alice/x', 'arn:aws:s3:::bucket-a/bob/x', 'arn:aws:s3:::bucket-b/k']],
  ['s3:PutObject', ['arn:aws:s3:::bucket-a/alice/x', 'arn:aws:s3:::bucket-b/k']],
  ['s3:ListBucket', ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-b']],
  ['s3:ListAllMyBuckets', ['*']],
  ['sts:AssumeRole', [`${ROLE_ARN}/app-web`, `${ROLE_ARN}/admin`]],
];

export const ACTION_PATTERNS = ['*', 'iam:*', 's3:*', 'iam:PassRole', 'iam:Pass*', 'iam:List*', 's3:Get*', 's3:*Object', 's3:ListBucket', 'sts:AssumeRole', 'iam:CreateAccessKey', 'S3:getobject'];
export const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket-a/*',
  'arn:aws:s3:::bucket-a',
  'arn:aws:s3:::bucket-*',
  'arn:aws:s3:::*/alice/*',
  `${ROLE_ARN}/app-*`,
  'arn:aws:iam::*:role/*',
  `${USER_ARN}/*`,
  // Policy variables: substituted in 2012-10-17 documents.
  `${USER_ARN}/\${aws:username}`,
  'arn:aws:s3:::bucket-a/${aws:username}/*',
  'arn:aws:s3:::bucket-a/${aws:PrincipalTag/team}/*',
];

const DECIDED_CONDITIONS: readonly Record<string, Record<string, unknown>>[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringEquals: { 'aws:PrincipalTag/team': ['red', 'green'] } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringLike: { 'aws:username': 'a*' } },
  { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
  { StringEquals: { 'aws:PrincipalAccount': '999999999999' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } },
  { ArnNotLike: { 'aws:PrincipalArn': `${ROLE_ARN}/*` } },
  { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
  { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
  { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
  { NumericLessThan: { 'aws:EpochTime': String(Math.floor(NOW / 1000) + 100) } },
  { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { Null: { 'aws:PrincipalTag/team': 'false' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/missing': 'x' } },
  { StringEquals: { 'aws:PrincipalTag/missing': 'x' } },
  { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['blue', 'red'] } },
  { 'ForAllValues:StringLike': { 'aws:PrincipalTag/missing': 'x*' } },
  { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } },
];
const UNDECIDED_CONDITIONS: readonly Record<string, Record<string, unknown>>[] = [
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
];

const oneOrMany = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const condition = (undecided: boolean) => fc.option(undecided ? fc.constantFrom(...DECIDED_CONDITIONS, ...UNDECIDED_CONDITIONS) : fc.constantFrom(...DECIDED_CONDITIONS), { nil: undefined, freq: 2 });

export const statementArb = (undecided: boolean) =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      notAction: fc.boolean(),
      actions: oneOrMany(fc.constantFrom(...ACTION_PATTERNS)),
      notResource: fc.boolean(),
      resources: oneOrMany(fc.constantFrom(...RESOURCE_PATTERNS)),
      condition: condition(undecided),
    })
    .map(({ effect, notAction, actions, notResource, resources, condition }) => {
      const s: Record<string, unknown> = { Effect: effect, [notAction ? 'NotAction' : 'Action']: actions, [notResource ? 'NotResource' : 'Resource']: resources };
      if (condition !== undefined) s['Condition'] = condition;
      return s;
    });

export const policyArb = (undecided: boolean): fc.Arbitrary<RawPolicy> =>
  fc.record({ Version: fc.constantFrom('2012-10-17', '2012-10-17', '2008-10-17'), Statement: fc.array(statementArb(undecided), { minLength: 1, maxLength: 3 }) });

export const principalArb = fc.record({ role: fc.boolean(), name: fc.constantFrom('alice', 'bob'), team: fc.option(fc.constantFrom('blue', 'red', 'alice'), { nil: undefined }) }).map(({ role, name, team }) => {
  const tags = new Map(team === undefined ? [] : [['team', team]]);
  return role ? roleContext(name === 'alice' ? 'app-web' : 'admin', { tags }) : userContext(name, { tags });
});

export const caseArb = (undecided: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      principal: principalArb,
      // A user's group policies are more identity policies: the same to both evaluators.
      identity: fc.array(policyArb(undecided), { minLength: 1, maxLength: 3 }),
      boundary: fc.option(policyArb(undecided), { nil: null, freq: 3 }),
      request: fc.constantFrom(...REQUESTS).chain(([action, resources]) => fc.constantFrom(...resources).map((resource) => ({ action, resource }))),
    })
    .map(({ principal, identity, boundary, request }) => ({ principal, identity, boundary, ...request }));

/** A policy source of one raw document. */
export function sourceOf(name: string, raw: RawPolicy): PolicySource {
  const document = parsePolicyDocument(raw);
  if ('error' in document) throw new Error(document.error);
  return { name, arn: null, via: null, documents: [document] };
}

/** A principal's identity policies, perhaps a boundary, and up to two SCP levels, as the analysis reads them. */
export const principalPoliciesArb: fc.Arbitrary<PrincipalPolicies> = fc
  .record({
    principal: principalArb,
    identity: fc.array(policyArb(true), { minLength: 1, maxLength: 3 }),
    boundary: fc.option(policyArb(true), { nil: null, freq: 3 }),
    bounds: fc.array(policyArb(true), { maxLength: 2 }),
  })
  .map(({ principal, identity, boundary, bounds }) => ({
    principal,
    identity: identity.map((raw, i) => sourceOf(`p${i}`, raw)),
    boundary: boundary === null ? null : sourceOf('boundary', boundary),
    bounds: bounds.map((raw, i) => ({ kind: 'scp' as const, name: `level${i}`, policies: [sourceOf(`scp${i}`, raw)] })),
  }));

// ---------------------------------------------------------------------------------------------
// Named exclusions: classes where guard follows AWS's documentation and iam-simulate does not.

function unresolvedVariable(text: string, p: PrincipalContext): boolean {
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inside = (m[1] ?? '').trim();
    if (inside === '*' || inside === '?' || inside === '$' || inside.includes(',')) continue;
    const v = contextKey(inside, p);
    if (v.kind !== 'values' || v.values.length !== 1) return true;
  }
  return false;
}

const policiesOf = (c: Case): readonly RawPolicy[] => [...c.identity, ...(c.boundary === null ? [] : [c.boundary])];

/** The named disagreement classes where guard follows AWS's documentation; the first that fits a case names it. */
export const EXCLUSIONS: readonly { readonly name: string; readonly why: string; readonly fits: (c: Case) => boolean }[] = [
  {
    name: 'wildcard-only action under NotResource',
    // An action with no resource type is requested on `*`; NotResource "matches every resource
    // except those listed" (reference_policies_elements_notresource.html), so an Allow whose
    // NotResource patterns do not match `*` grants it. iam-simulate does not apply NotResource to it.
    why: 'guard grants a wildcard-only action under an Allow with NotResource that does not exclude `*`',
    fits: (c) => c.resource === '*' && policiesOf(c).some((p) => p.Statement.some((s) => 'NotResource' in s)),
  },
  {
    name: 'policy variables in a 2008-10-17 document',
    // "Policy variables ... are supported only with Version 2012-10-17"; in earlier versions the
    // text is literal (reference_policies_variables.html#policy-vars-using-variables). iam-simulate substitutes them anyway.
    why: 'guard reads `${...}` in a 2008-10-17 document literally',
    fits: (c) => policiesOf(c).some((p) => p.Version !== '2012-10-17' && JSON.stringify(p.Statement).includes('${')),
  },
  {
    name: 'variable the snapshot cannot resolve',
    // "If AWS cannot resolve a variable, this might cause the entire statement to be invalid"
    // (reference_policies_variables.html): a role's `${aws:username}`, a tag the principal lacks,
    // a request key (`${aws:SourceIdentity}`). guard leaves such a statement undecided (perhaps);
    // iam-simulate, even in Discovery mode, reads the pattern as matching nothing.
    why: 'an unresolvable policy variable makes guard answer perhaps',
    fits: (c) => policiesOf(c).some((p) => p.Version === '2012-10-17' && unresolvedVariable(JSON.stringify(p.Statement), c.principal)),
  },
];

/** Kept for the managed-policy comparison. */
export function wildcardOnlyUnderNotResource(c: Case): boolean {
  return EXCLUSIONS[0]?.fits(c) === true;
}

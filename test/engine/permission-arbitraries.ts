import fc from 'fast-check';
import type { Model } from '../../src/model/index.ts';
import type { CheckedCondition, PermissionQuestion } from '../../src/semantics/index.ts';
import { managedPolicy, role, user } from '../model/fixtures.ts';
import { ACTION_PATTERNS, policyArb, type RawPolicy, RESOURCE_PATTERNS } from '../model/permissions/differential-harness.ts';
import { arn, group, modelOf, trustAws, trustService } from '../model/permissions/escalation-support.ts';

/**
 * Generated accounts for the permissions predicates' property tests (engine and semantics): users
 * in a group, roles trusting users or a service, identity policies with Action/NotAction,
 * Resource/NotResource, policy variables and decided and request-time conditions, boundaries, and
 * now and then a managed policy the snapshot lacks (so answers can be unknown). And generated
 * checked conditions that mix `can`, `admin` and `can escalate` with attribute reads.
 */

const USERS = ['alice', 'bob'] as const;
const ROLES = ['app-web', 'admin'] as const;
const span = { file: 'generated', start: 0, end: 0 };

const inlineOf = (policies: readonly RawPolicy[]) => policies.map((p, i) => ({ PolicyName: `p${i}`, PolicyDocument: p }));
const boundaryOf = (name: string | null) => (name === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', name) } });

const principalArb = fc.record({
  policies: fc.array(policyArb(true), { maxLength: 2 }),
  boundary: fc.option(fc.constantFrom('boundary'), { nil: null, freq: 4 }),
  // A managed policy that is not in the snapshot: its holder's permissions are unknown.
  missing: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  team: fc.option(fc.constantFrom('blue', 'red'), { nil: null }),
});

type PrincipalDraw = typeof principalArb extends fc.Arbitrary<infer T> ? T : never;

/** A drawn account before it is a model: tests change it (a statement added) and compare. */
export const accountDrawArb = fc.record({
  users: fc.tuple(...USERS.map(() => principalArb)),
  roles: fc.tuple(...ROLES.map(() => fc.record({ principal: principalArb, trusted: fc.constantFrom<'user' | 'service'>('user', 'service') }))),
  groupPolicies: fc.array(policyArb(true), { maxLength: 1 }),
  inGroup: fc.boolean(),
  boundary: policyArb(true),
});
export type AccountDraw = typeof accountDrawArb extends fc.Arbitrary<infer T> ? T : never;

/** Where a statement can be added: each user's, each role's inline policies, the group's, the boundary. */
export const HOLDERS = [...USERS.map((u) => `user ${u}`), ...ROLES.map((r) => `role ${r}`), 'group g', 'boundary'] as const;

/** The account with `statement` added, in a policy of its own, to `holder` (an index into HOLDERS). */
export function withStatement(d: AccountDraw, holder: number, statement: Record<string, unknown>): AccountDraw {
  const policy: RawPolicy = { Version: '2012-10-17', Statement: [statement] };
  const add = (p: PrincipalDraw): PrincipalDraw => ({ ...p, policies: [...p.policies, policy] });
  const at = holder % HOLDERS.length;
  if (at < USERS.length) return { ...d, users: d.users.map((p, i) => (i === at ? add(p) : p)) as AccountDraw['users'] };
  if (at < USERS.length + ROLES.length) return { ...d, roles: d.roles.map((r, i) => (i === at - USERS.length ? { ...r, principal: add(r.principal) } : r)) as AccountDraw['roles'] };
  if (HOLDERS[at] === 'group g') return { ...d, groupPolicies: [...d.groupPolicies, policy] };
  return { ...d, boundary: { ...d.boundary, Statement: [...d.boundary.Statement, statement] } };
}

export function accountModel({ users, roles, groupPolicies, inGroup, boundary }: AccountDraw): Model {
  const extra = (p: PrincipalDraw) => ({
    ...boundaryOf(p.boundary),
    AttachedManagedPolicies: p.missing ? [{ PolicyName: 'gone', PolicyArn: arn('policy', 'gone') }] : [],
    Tags: p.team === null ? [] : [{ Key: 'team', Value: p.team }],
  });
  return modelOf({
    users: users.map((p, i) => user(USERS[i] ?? 'nobody', { UserPolicyList: inlineOf(p.policies), GroupList: i === 0 && inGroup ? ['g'] : [], ...extra(p) })),
    roles: roles.map((r, i) => {
      const trust = r.trusted === 'user' ? trustAws(arn('user', 'alice')) : trustService('lambda.amazonaws.com');
      return role(ROLES[i] ?? 'nobody', trust, { RolePolicyList: inlineOf(r.principal.policies), ...extra(r.principal) });
    }),
    groups: [group('g', { GroupPolicyList: inlineOf(groupPolicies) })],
    policies: [managedPolicy('boundary', boundary)],
  });
}

export const accountArb: fc.Arbitrary<Model> = accountDrawArb.map(accountModel);

const ACTIONS = [...ACTION_PATTERNS.filter((a) => a !== 'S3:getobject'), 'iam:PutUserPolicy', 'iam:CreatePolicyVersion', 'lambda:CreateFunction'];
const RESOURCES = [null, 'arn:aws:s3:::bucket-a/alice/x', `arn:aws:iam::123456789012:role/app-web`, ...RESOURCE_PATTERNS.filter((r) => !r.includes('$'))];

export const questionArb: fc.Arbitrary<PermissionQuestion> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('can' as const), actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 }), resource: fc.constantFrom(...RESOURCES) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'admin' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'escalate' as const }) },
);

/** A permissions predicate as the checker makes it, its text as the printer writes it (evidence keys on it). */
export const permissionArb: fc.Arbitrary<CheckedCondition> = fc.tuple(questionArb, fc.boolean()).map(([question, unconditionally]) => ({
  kind: 'permission',
  question,
  unconditionally,
  text: textOf(question, unconditionally),
  span,
}));

function textOf(question: PermissionQuestion, unconditionally: boolean): string {
  const tail = unconditionally ? ' unconditionally' : '';
  switch (question.kind) {
    case 'admin':
      return `admin${tail}`;
    case 'escalate':
      return `can escalate${tail}`;
    case 'can': {
      const actions = question.actions.length === 1 ? JSON.stringify(question.actions[0]) : `[${question.actions.map((a) => JSON.stringify(a)).join(', ')}]`;
      return `can ${actions}${question.resource === null ? '' : ` on ${JSON.stringify(question.resource)}`}${tail}`;
    }
  }
}

/** Conditions of permissions predicates with `and`, `or`, `not` and a plain attribute read among them. */
export const permissionConditionArb: fc.Arbitrary<CheckedCondition> = fc.letrec<{ c: CheckedCondition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    permissionArb,
    // Users and roles both have tags: a plain read beside the predicates.
    fc.constant<CheckedCondition>({ kind: 'have', path: { steps: ['tags'], type: { kind: 'strings' }, text: 'tags', span }, span }),
    fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((operands): CheckedCondition => ({ kind: 'and', operands, span })),
    fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((operands): CheckedCondition => ({ kind: 'or', operands, span })),
    tie('c').map((operand): CheckedCondition => ({ kind: 'not', operand, span })),
  ),
})).c;

/**
 * What the analysis shares between principals must be what each would get alone: one permission set
 * for principals with the same principal-free policies (analysis.ts, prepare.ts sharedPoliciesKey),
 * a `can` question's answer kept per set (engine/permissions.ts), action masks interned by content
 * (action-index.ts). On generated accounts where users and roles hold the same managed policies
 * and groups (some policies with conditions or variables, so not shareable), boundaries and tags,
 * every principal's shared answers are held to ones computed for it alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../../src/engine/permission-provider.ts';
import { answer, permissionEnv, permissionEvidence } from '../../../src/engine/permissions.ts';
import { type Entity, type Model, UNKNOWN } from '../../../src/model/index.ts';
import { actionIndex, permissionAnalysis, principalPolicies } from '../../../src/model/permissions/index.ts';
import { permissionSet } from '../../../src/model/permissions/permission-set.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { GrantLevel, PermissionSet } from '../../../src/model/permissions/types.ts';
import type { PermissionQuestion } from '../../../src/semantics/index.ts';
import { managedPolicy, role, user } from '../fixtures.ts';
import { policyArb } from './differential-harness.ts';
import { arn, group, modelOf, trustService } from './escalation-support.ts';

const POLICIES = ['p0', 'p1', 'p2', 'p3'] as const;
const attached = (names: readonly string[]) => names.map((n) => ({ PolicyName: n, PolicyArn: arn('policy', n) }));
const boundaryOf = (name: string | null) => (name === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', name) } });
const some = fc.subarray([...POLICIES], { maxLength: 2 });
const principalArb = fc.record({
  policies: some,
  boundary: fc.option(fc.constantFrom(...POLICIES), { nil: null, freq: 3 }),
  team: fc.option(fc.constantFrom('blue', 'red'), { nil: null }),
});

/** Four users in two groups and three roles, all drawing on one pool of four managed policies. */
const accountArb = fc
  .record({
    documents: fc.tuple(...POLICIES.map(() => policyArb(true))),
    groups: fc.tuple(some, some),
    users: fc.array(fc.record({ principal: principalArb, groups: fc.subarray(['g0', 'g1']) }), { minLength: 4, maxLength: 4 }),
    roles: fc.array(principalArb, { minLength: 3, maxLength: 3 }),
  })
  .map(({ documents, groups, users, roles }) => {
    const extra = (p: { policies: string[]; boundary: string | null; team: string | null }) => ({
      AttachedManagedPolicies: attached(p.policies),
      ...boundaryOf(p.boundary),
      Tags: p.team === null ? [] : [{ Key: 'team', Value: p.team }],
    });
    return modelOf({
      policies: POLICIES.map((name, i) => managedPolicy(name, documents[i])),
      groups: groups.map((names, i) => group(`g${i}`, { AttachedManagedPolicies: attached(names) })),
      users: users.map((u, i) => user(`u${i}`, { GroupList: u.groups, ...extra(u.principal) })),
      roles: roles.map((r, i) => role(`r${i}`, trustService('lambda.amazonaws.com'), extra(r))),
    });
  });

const ACTIONS = ['iam:PassRole', 'iam:CreateAccessKey', 's3:GetObject', 'sts:AssumeRole', 'iam:List*', 's3:*'];
const RESOURCES = [null, '*', 'arn:aws:s3:::bucket-a/alice/x', arn('role', 'r0'), arn('user', 'u1')];
const QUESTIONS: readonly PermissionQuestion[] = [
  ...RESOURCES.map((resource): PermissionQuestion => ({ kind: 'can', actions: ['iam:PassRole', 'iam:CreateAccessKey', 's3:GetObject', 'sts:AssumeRole'], resource })),
  ...RESOURCES.map((resource): PermissionQuestion => ({ kind: 'can', actions: ['s3:GetObject'], resource })),
  { kind: 'admin' },
];

const RANK: Record<GrantLevel, number> = { none: 0, conditional: 1, unconditional: 2 };

function principals(model: Model): readonly Entity[] {
  return ['users', 'roles', 'groups'].flatMap((c) => model.collections[c]?.entities ?? []);
}

/** The principal's set built for it alone: no key, nothing shared with another principal. */
function alone(model: Model, p: Entity): PermissionSet | typeof UNKNOWN {
  const policies = principalPolicies(model, p);
  return policies === UNKNOWN ? UNKNOWN : permissionSet(preparePolicies(policies), permissionAnalysis(model).catalog);
}

describe('what principals share is what each would get alone', () => {
  it('the shared permission set answers every question, admin and action mask as the set built for the principal alone', () => {
    fc.assert(
      fc.property(accountArb, (model) => {
        const analysis = permissionAnalysis(model);
        const index = actionIndex(['iam:PassRole', 'iam:CreateAccessKey', 's3:GetObject', 'sts:AssumeRole'], analysis.catalog);
        // Every principal asked in turn, so a set shared wrongly answers with another's statements.
        for (const p of principals(model)) {
          const shared = analysis.of(p);
          const own = alone(model, p);
          expect(shared === UNKNOWN, p.key).toBe(own === UNKNOWN);
          if (shared === UNKNOWN || own === UNKNOWN) continue;
          expect(shared.admin(), p.key).toBe(own.admin());
          expect([...shared.grantable(index)], p.key).toEqual([...own.grantable(index)]);
          for (const action of ACTIONS) for (const resource of RESOURCES) expect(shared.query({ action, resource }), `${p.key} ${action} ${resource}`).toEqual(own.query({ action, resource }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a question's answer and evidence, kept per set, are each principal's own grants, asked of its set built alone", () => {
    fc.assert(
      fc.property(accountArb, (model) => {
        const env = permissionEnv(model, PERMISSIONS);
        for (const question of QUESTIONS) {
          if (question.kind !== 'can') continue;
          for (const p of principals(model)) {
            const kept = answer(question, p, env);
            const own = alone(model, p);
            expect(kept === UNKNOWN, p.key).toBe(own === UNKNOWN);
            if (kept === UNKNOWN || own === UNKNOWN) continue;
            // What the answer was before it was kept: every action's grant, unmerged.
            const grants = question.actions.map((action) => own.query({ action, resource: question.resource })).filter((g) => g.level !== 'none');
            const level = grants.reduce<GrantLevel>((l, g) => (RANK[g.level] > RANK[l] ? g.level : l), 'none');
            expect(kept.level, p.key).toBe(level);
            expect(permissionEvidence('q', kept, true), p.key).toEqual(permissionEvidence('q', { level, grants, paths: [] }, true));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

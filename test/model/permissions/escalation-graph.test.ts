import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/model/index.ts';
import { UNKNOWN } from '../../../src/model/index.ts';
import { newSearchContext, type SearchContext, trusting } from '../../../src/model/permissions/escalation/context.ts';
import { escalationSteps, escalationsOf, PATH_RULES } from '../../../src/model/permissions/escalation/index.ts';
import { type Asker, assumes, evaluateRule, type Level } from '../../../src/model/permissions/escalation/rules.ts';
import type { PermissionAnalysis } from '../../../src/model/permissions/types.ts';
import { role, user } from '../fixtures.ts';
import { type AccountSpec, allow, analyze, arn, inline, modelOf, trustAws, trustService } from './escalation-support.ts';

/**
 * The escalation search (Tarjan components, paths propagated along AssumeRole edges, one witness
 * chain per path) against the naive definition: the least fixed point reached by re-evaluating
 * every principal until nothing changes. Then its cost: steps counted, never time.
 */

type Reach = Map<string, Level>;

const better = (a: Level | undefined, b: Level): boolean => a === undefined || (a === 'conditional' && b === 'unconditional');
const weaker = (a: Level, b: Level): Level => (a === 'conditional' ? a : b);

/** Kleene iteration from "nobody escalates": each round evaluates every principal's rules and chains with the last round's answers. */
function naive(analysis: PermissionAnalysis): Map<Entity, Reach> {
  const ctx: SearchContext = newSearchContext(analysis);
  const principals = analysis.principals();
  let reach = new Map<Entity, Reach>(principals.map((p) => [p, new Map()]));
  for (let round = 0; ; round++) {
    if (round > 4 * principals.length + 4) throw new Error('no fixed point');
    const next = new Map<Entity, Reach>();
    for (const p of principals) {
      const perms = analysis.of(p);
      const mine: Reach = new Map();
      next.set(p, mine);
      if (perms === UNKNOWN || perms.admin() === 'unconditional') continue;
      const ask: Asker = {
        privileged(target, mode) {
          const theirs = analysis.of(target);
          if (theirs === UNKNOWN) return false;
          if (theirs.admin() !== 'none') return true;
          return mode === 'escalates' && (reach.get(target)?.size ?? 0) > 0;
        },
        unknown() {},
        spend() {},
      };
      for (const rule of PATH_RULES) {
        const found = evaluateRule(ctx, rule, p, perms, ask);
        if (found !== null && better(mine.get(found.pathId), found.level)) mine.set(found.pathId, found.level);
      }
      for (const r of trusting(ctx, p, perms)) {
        const theirs = analysis.of(r);
        if (r === p || theirs === UNKNOWN || theirs.admin() !== 'none') continue;
        const grant = assumes(ctx, r, p, perms, null);
        if (grant === null) continue;
        for (const [id, level] of reach.get(r) ?? []) if (better(mine.get(id), weaker(grant.level, level))) mine.set(id, weaker(grant.level, level));
      }
    }
    const same = principals.every((p) => {
      const a = reach.get(p) as Reach;
      const b = next.get(p) as Reach;
      return a.size === b.size && [...a].every(([id, l]) => b.get(id) === l);
    });
    reach = next;
    if (same) return reach;
  }
}

/** What the search lists: each path with its best level. */
function listed(analysis: PermissionAnalysis, p: Entity): Reach {
  const es = escalationsOf(analysis, p);
  if (es === UNKNOWN) throw new Error(`${p.name}: unknown`);
  const out: Reach = new Map();
  for (const e of es) if (better(out.get(e.pathId), e.level)) out.set(e.pathId, e.level);
  return out;
}

const USERS = ['u1', 'u2'];
const ROLES = ['r1', 'r2', 'r3', 'r4', 'r5'];
const ACTIONS = ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PassRole', 'iam:CreateAccessKey', 'sts:AssumeRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 's3:GetObject', '*'];
const RESOURCES = ['*', ...USERS.map((u) => arn('user', u)), ...ROLES.map((r) => arn('role', r))];
const TRUSTED = [...USERS.map((u) => arn('user', u)), ...ROLES.map((r) => arn('role', r)), 'arn:aws:iam::123456789012:root'];

const statement = fc
  .record({ action: fc.constantFrom(...ACTIONS), resource: fc.constantFrom(...RESOURCES), mfa: fc.boolean() })
  .map(({ action, resource, mfa }) => allow(action, resource, mfa ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}));
const policy = fc.array(statement, { maxLength: 3 });
const trust = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...TRUSTED), { minLength: 1, maxLength: 3 }).map((ts) => trustAws(...ts)),
  fc.constant(trustService('lambda.amazonaws.com')),
);
const account = fc.record({ users: fc.tuple(...USERS.map(() => policy)), roles: fc.tuple(...ROLES.map(() => fc.record({ policy, trust }))) });

function specOf(d: typeof account extends fc.Arbitrary<infer T> ? T : never): AccountSpec {
  const inlineOf = (statements: readonly unknown[]) => (statements.length === 0 ? [] : inline(...statements));
  return {
    users: USERS.map((u, i) => user(u, { UserPolicyList: inlineOf(d.users[i] ?? []) })),
    roles: ROLES.map((r, i) => role(r, d.roles[i]?.trust, { RolePolicyList: inlineOf(d.roles[i]?.policy ?? []) })),
  };
}

describe('the escalation search', () => {
  it('lists the paths of the naive fixed point, at the same levels, whichever principal is asked first', () => {
    fc.assert(
      fc.property(account, fc.nat(), (d, seed) => {
        const spec = specOf(d);
        const expected = new Map([...naive(analyze(modelOf(spec)))].map(([p, reach]) => [p.name, [...reach].sort()]));
        const analysis = analyze(modelOf(spec));
        const principals = [...analysis.principals()];
        // Asked in a rotated order: components must not depend on where the search starts.
        const order = [...principals.slice(seed % principals.length), ...principals.slice(0, seed % principals.length)];
        for (const p of order) expect([...listed(analysis, p)].sort(), p.name).toEqual(expected.get(p.name));
      }),
      { numRuns: 200 },
    );
  });

  it("gives chains that start at the principal and pass each role once (the last hop, a path's target, may be one of them)", () => {
    fc.assert(
      fc.property(account, (d) => {
        const analysis = analyze(modelOf(specOf(d)));
        for (const p of analysis.principals()) {
          const es = escalationsOf(analysis, p);
          if (es === UNKNOWN) continue;
          for (const e of es) {
            if (e.hops.length === 0) continue;
            expect(e.hops[0]).toBe(p.arn);
            const passed = e.hops.slice(0, -1);
            expect(new Set(passed).size, e.hops.join(' -> ')).toBe(passed.length);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('the cost of the escalation search', () => {
  /** n users and n roles, every role trusting the account, everyone allowed sts:AssumeRole on every role: n² AssumeRole edges. */
  function dense(n: number): PermissionAnalysis {
    const assume = allow('sts:AssumeRole');
    const roles = Array.from({ length: n }, (_, i) => {
      const own = i % 10 === 0 ? [allow('*')] : i % 10 === 1 ? [assume, allow('iam:PutRolePolicy', arn('role', `role-${i}`))] : [assume];
      return role(`role-${i}`, trustAws('arn:aws:iam::123456789012:root'), { RolePolicyList: inline(...own) });
    });
    const users = Array.from({ length: n }, (_, i) => user(`user-${i}`, { UserPolicyList: inline(assume) }));
    return analyze(modelOf({ users, roles }));
  }

  /** Steps of the first question (which settles the component of all the roles), and of all the others together. */
  function steps(n: number): { first: number; rest: number } {
    const analysis = dense(n);
    const [first, ...others] = analysis.principals();
    if (first === undefined) throw new Error('no principals');
    escalationsOf(analysis, first);
    const afterFirst = escalationSteps(analysis);
    for (const p of others) {
      const es = escalationsOf(analysis, p);
      if (es === UNKNOWN || (p.type === 'user' && es.length === 0)) throw new Error(`${p.name} should escalate`);
    }
    return { first: afterFirst, rest: escalationSteps(analysis) - afterFirst };
  }

  it("costs each principal about a constant once the shared roles are settled, and the first question about the graph's size", () => {
    const small = steps(40);
    const large = steps(160);
    // Four times the principals and sixteen times the AssumeRole edges among roles: the later
    // questions cost about four times as much: a step or two each, not a scan of every role.
    expect(large.rest / small.rest).toBeLessThan(5);
    // The first settles the roles' component, whose edges it reads once: at most one step per edge and principal.
    expect(large.first).toBeLessThanOrEqual(2 * 160 + 160 * 160);
    expect(large.first / small.first).toBeLessThan(17);
  });
});

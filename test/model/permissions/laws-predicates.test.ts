/**
 * The laws of effective permissions (issue 13) as the rule language sees them: the predicates `can`,
 * `admin` and `can escalate`, answered through the engine (engine/permissions.ts) on generated
 * accounts (users in a group, roles, identity policies with NotAction, NotResource, variables and
 * conditions, boundaries, a policy the snapshot lacks), before and after one change. laws.test.ts
 * states the same laws on one principal's permission set.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { whoCan } from '../../../src/cli/commands/who-can-run.ts';
import { PERMISSIONS } from '../../../src/engine/permission-provider.ts';
import { answer, levelHolds, type PermissionEnv, permissionEnv } from '../../../src/engine/permissions.ts';
import { type Entity, type Model, UNKNOWN } from '../../../src/model/index.ts';
import { permissionAnalysis } from '../../../src/model/permissions/index.ts';
import type { GrantLevel } from '../../../src/model/permissions/types.ts';
import type { PermissionQuestion } from '../../../src/semantics/index.ts';
import { type AccountDraw, accountDrawArb, accountModel, HOLDERS, questionArb, withStatement } from '../../engine/permission-arbitraries.ts';
import { statementArb } from './differential-harness.ts';

const RANK: Record<GrantLevel, number> = { none: 0, conditional: 1, unconditional: 2 };
const RUNS = { numRuns: 80 };

/** Users, roles and the group: everything a permissions predicate can be asked of. */
function principals(model: Model): readonly Entity[] {
  return ['users', 'roles', 'groups'].flatMap((c) => model.collections[c]?.entities ?? []);
}

/** Each principal's level for the question, by key; `unknown` where it cannot be computed. */
function levels(model: Model, question: PermissionQuestion, env: PermissionEnv = permissionEnv(model, PERMISSIONS)): Map<string, GrantLevel | 'unknown'> {
  const out = new Map<string, GrantLevel | 'unknown'>();
  for (const p of principals(model)) {
    // Escalation is asked of users and roles: a group assumes nothing and passes nothing.
    if (question.kind === 'escalate' && p.type === 'group') continue;
    const result = answer(question, p, env);
    out.set(p.key, result === UNKNOWN ? 'unknown' : result.level);
  }
  return out;
}

/** `after` is no stronger (`atMost`) or no weaker than `before` for every principal; unknown stays unknown. */
function compare(before: Map<string, GrantLevel | 'unknown'>, after: Map<string, GrantLevel | 'unknown'>, direction: 'at most' | 'at least'): void {
  for (const [key, b] of before) {
    const a = after.get(key);
    expect(a === 'unknown', key).toBe(b === 'unknown');
    if (a === 'unknown' || b === 'unknown' || a === undefined) continue;
    if (direction === 'at most') expect(RANK[a], `${key}: ${b} -> ${a}`).toBeLessThanOrEqual(RANK[b]);
    else expect(RANK[a], `${key}: ${b} -> ${a}`).toBeGreaterThanOrEqual(RANK[b]);
  }
}

const grantQuestion = questionArb.filter((q) => q.kind !== 'escalate');
const holder = fc.nat({ max: HOLDERS.length - 1 });
const withEffect = (effect: 'Allow' | 'Deny') => statementArb(true).map((s) => ({ ...s, Effect: effect }));

describe('laws of the permissions predicates on generated accounts', () => {
  it('adding a Deny (to a user, role, group or boundary policy) never adds a permission', () => {
    fc.assert(
      fc.property(
        accountDrawArb,
        holder.filter((h) => HOLDERS[h] !== 'boundary'),
        withEffect('Deny'),
        grantQuestion,
        (d, at, deny, q) => {
          compare(levels(accountModel(d), q), levels(accountModel(withStatement(d, at, deny)), q), 'at most');
        },
      ),
      RUNS,
    );
  });

  it('adding an Allow (anywhere, the boundary too) never removes one', () => {
    fc.assert(
      fc.property(accountDrawArb, holder, withEffect('Allow'), grantQuestion, (d, at, allow, q) => {
        compare(levels(accountModel(d), q), levels(accountModel(withStatement(d, at, allow)), q), 'at least');
      }),
      RUNS,
    );
  });

  it('a boundary never adds: a principal with it can do no more than without it', () => {
    const unbounded = (d: AccountDraw): AccountDraw => ({
      ...d,
      users: d.users.map((p) => ({ ...p, boundary: null })) as AccountDraw['users'],
      roles: d.roles.map((r) => ({ ...r, principal: { ...r.principal, boundary: null } })) as AccountDraw['roles'],
    });
    let bounded = 0;
    fc.assert(
      fc.property(accountDrawArb, grantQuestion, (d, q) => {
        if ([...d.users, ...d.roles.map((r) => r.principal)].some((p) => p.boundary !== null)) bounded++;
        compare(levels(accountModel(unbounded(d)), q), levels(accountModel(d), q), 'at most');
      }),
      RUNS,
    );
    expect(bounded).toBeGreaterThan(20);
  });

  it('unconditionally implies perhaps, for can, admin and can escalate, and in who-can', () => {
    fc.assert(
      fc.property(accountDrawArb, questionArb, (d, q) => {
        const model = accountModel(d);
        const env = permissionEnv(model, PERMISSIONS);
        for (const p of principals(model)) {
          if (q.kind === 'escalate' && p.type === 'group') continue;
          const result = answer(q, p, env);
          if (result === UNKNOWN) continue;
          if (levelHolds(result.level, true)) expect(levelHolds(result.level, false)).toBe(true);
        }
        if (q.kind !== 'can') return;
        const analysis = permissionAnalysis(model);
        for (const action of q.actions) {
          const query = { action, resource: q.resource };
          const perhaps = new Set(whoCan(analysis, query, false).rows.map((r) => r.principal.arn));
          for (const row of whoCan(analysis, query, true).rows) expect(perhaps.has(row.principal.arn), row.principal.name).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('more permissions never remove an escalation: admin or can escalate stays so when an Allow is added', () => {
    const ADMIN: PermissionQuestion = { kind: 'admin' };
    const ESCALATE: PermissionQuestion = { kind: 'escalate' };
    let escalating = 0;
    fc.assert(
      fc.property(accountDrawArb, holder, withEffect('Allow'), (d, at, allow) => {
        const strong = (model: Model): Map<string, boolean | 'unknown'> => {
          const env = permissionEnv(model, PERMISSIONS);
          const [admin, escalates] = [levels(model, ADMIN, env), levels(model, ESCALATE, env)];
          const out = new Map<string, boolean | 'unknown'>();
          for (const [key, e] of escalates) {
            const a = admin.get(key);
            out.set(key, e === 'unknown' || a === 'unknown' ? 'unknown' : e !== 'none' || a !== 'none');
          }
          return out;
        };
        const before = strong(accountModel(d));
        const after = strong(accountModel(withStatement(d, at, allow)));
        for (const [key, b] of before) {
          if (b !== true) continue;
          escalating++;
          const a = after.get(key);
          if (a !== 'unknown') expect(a, key).toBe(true);
        }
      }),
      RUNS,
    );
    expect(escalating).toBeGreaterThan(20);
  });
});

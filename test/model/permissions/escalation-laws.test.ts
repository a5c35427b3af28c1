import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../../../src/model/index.ts';
import { escalationsOf, PATH_RULES, PATHS_FILE, pathCatalogue } from '../../../src/model/permissions/escalation/index.ts';
import { role, user } from '../fixtures.ts';
import { type AccountSpec, allow, analyze, arn, group, modelOf, trustAws, trustService } from './escalation-support.ts';

describe('the path table and the bundled catalogue', () => {
  it('name the same paths with the same required actions', () => {
    const catalogue = pathCatalogue();
    expect(PATH_RULES.map((r) => r.id).sort()).toEqual([...catalogue.keys()].sort());
    for (const rule of PATH_RULES) {
      const required = catalogue.get(rule.id)?.required.map((r) => r.action.toLowerCase()) ?? [];
      expect(rule.requires.map((r) => r.action.toLowerCase()).sort(), rule.id).toEqual(required.sort());
    }
  });

  it('is found by a path relative to the module, at the same depth from src/ and from dist/', () => {
    expect(existsSync(PATHS_FILE)).toBe(true);
    const fromSrc = new URL('../../../../data/privesc/paths.json', new URL('../../../src/model/permissions/escalation/catalogue.ts', import.meta.url));
    const fromDist = new URL('../../../../data/privesc/paths.json', new URL('../../../dist/model/permissions/escalation/catalogue.js', import.meta.url));
    expect(fileURLToPath(fromDist)).toBe(fileURLToPath(fromSrc));
    expect(fileURLToPath(fromSrc)).toBe(fileURLToPath(PATHS_FILE));
  });
});

/**
 * Law (issue 13): more permissions never remove an escalation. Stated per principal as: once it is
 * admin or can escalate, an added Allow keeps it so; and its direct paths (no hops, or sts-001 to an
 * admin role) stay unless it became admin itself, which needs no path. Chained path ids may change:
 * when a role on the way becomes admin, the chain through it turns into sts-001.
 */
describe('more permissions never remove an escalation path', () => {
  const USERS = ['u1', 'u2'];
  const ROLES = ['r1', 'r2', 'r3'];
  const ACTIONS = [
    '*',
    'iam:*',
    'iam:PutUserPolicy',
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:CreateAccessKey',
    'iam:AddUserToGroup',
    'iam:UpdateAssumeRolePolicy',
    'iam:PassRole',
    'sts:AssumeRole',
    'lambda:CreateFunction',
    'lambda:InvokeFunction',
    'lambda:UpdateFunctionCode',
    's3:GetObject',
  ];
  const RESOURCES = ['*', ...USERS.map((u) => arn('user', u)), ...ROLES.map((r) => arn('role', r)), arn('group', 'g')];
  const TRUSTED = [...USERS.map((u) => arn('user', u)), ...ROLES.map((r) => arn('role', r)), 'arn:aws:iam::123456789012:root'];

  const statement = fc.record({ action: fc.constantFrom(...ACTIONS), resource: fc.constantFrom(...RESOURCES) }).map(({ action, resource }) => allow(action, resource));
  const policy = fc.array(statement, { maxLength: 3 });
  const account = fc.record({
    users: fc.tuple(...USERS.map(() => policy)),
    roles: fc.tuple(
      ...ROLES.map(() =>
        fc.record({
          policy,
          trust: fc.oneof(
            fc.constantFrom(...TRUSTED).map((t) => trustAws(t)),
            fc.constant(trustService('lambda.amazonaws.com')),
          ),
        }),
      ),
    ),
    groupPolicy: policy,
    inGroup: fc.boolean(),
  });
  type Drawn = typeof account extends fc.Arbitrary<infer T> ? T : never;

  const inlineOf = (statements: readonly unknown[]) => (statements.length === 0 ? [] : [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }]);
  const specOf = (d: Drawn): AccountSpec => ({
    users: USERS.map((u, i) => user(u, { UserPolicyList: inlineOf(d.users[i] ?? []), GroupList: i === 0 && d.inGroup ? ['g'] : [] })),
    roles: ROLES.map((r, i) => role(r, d.roles[i]?.trust, { RolePolicyList: inlineOf(d.roles[i]?.policy ?? []) })),
    groups: [group('g', { GroupPolicyList: inlineOf(d.groupPolicy) })],
  });
  const withAdded = (d: Drawn, who: number, s: unknown): Drawn => {
    if (who < USERS.length) return { ...d, users: d.users.map((p, i) => (i === who ? [...p, s] : p)) as Drawn['users'] };
    const r = who - USERS.length;
    return { ...d, roles: d.roles.map((x, i) => (i === r ? { ...x, policy: [...x.policy, s] } : x)) as Drawn['roles'] };
  };

  function observe(d: Drawn): Map<string, { escalates: boolean; admin: boolean; direct: Set<string> }> {
    const model = modelOf(specOf(d));
    const analysis = analyze(model);
    const out = new Map<string, { escalates: boolean; admin: boolean; direct: Set<string> }>();
    for (const p of analysis.principals()) {
      const set = analysis.of(p);
      const es = escalationsOf(analysis, p);
      if (set === UNKNOWN || es === UNKNOWN) throw new Error(`${p.name}: unknown`);
      const direct = new Set(es.filter((e) => e.hops.length === 0 || (e.pathId === 'sts-001' && e.hops.length === 2)).map((e) => e.pathId));
      out.set(p.name, { escalates: set.admin() !== 'none' || es.length > 0, admin: set.admin() === 'unconditional', direct });
    }
    return out;
  }

  it('holds on generated accounts', () => {
    fc.assert(
      fc.property(account, fc.integer({ min: 0, max: USERS.length + ROLES.length - 1 }), statement, (d, who, s) => {
        const before = observe(d);
        const after = observe(withAdded(d, who, s));
        for (const [name, b] of before) {
          const a = after.get(name);
          if (a === undefined) throw new Error(`${name} vanished`);
          if (b.escalates) expect(a.escalates, name).toBe(true);
          if (!a.admin) for (const id of b.direct) expect(a.direct.has(id), `${name} lost ${id}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * The laws of effective permissions (issue 13), as fast-check properties over generated
 * principals (Action/NotAction, Resource/NotResource, conditions, variables, boundaries) and queries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permissionSet } from '../../../src/model/permissions/permission-set.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { GrantLevel, PermissionQuery, PermissionSet, PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { parsePolicyDocument } from '../../../src/model/policy-document/parse.ts';
import type { PolicyDocument } from '../../../src/model/policy-document/types.ts';
import { ACTION_PATTERNS, policyArb, principalArb, type RawPolicy, RESOURCE_PATTERNS, statementArb } from './differential-harness.ts';
import { testCatalog } from './support.ts';

const RANK: Record<GrantLevel, number> = { none: 0, conditional: 1, unconditional: 2 };

function parsed(raw: RawPolicy): PolicyDocument {
  const d = parsePolicyDocument(raw);
  if ('error' in d) throw new Error(d.error);
  return d;
}

const policiesArb = fc.record({
  principal: principalArb,
  identity: fc.array(policyArb(true), { minLength: 1, maxLength: 3 }),
  boundary: fc.option(policyArb(true), { nil: null, freq: 3 }),
});

type Raw = { principal: PrincipalPolicies['principal']; identity: RawPolicy[]; boundary: RawPolicy | null };

function build(raw: Raw, bounds: PrincipalPolicies['bounds'] = []): PermissionSet {
  const policies: PrincipalPolicies = {
    principal: raw.principal,
    identity: raw.identity.map((p, i) => ({ name: `p${i}`, arn: null, via: i === 0 ? null : 'group', documents: [parsed(p)] })),
    boundary: raw.boundary === null ? null : { name: 'boundary', arn: null, via: null, documents: [parsed(raw.boundary)] },
    bounds,
  };
  return permissionSet(preparePolicies(policies), testCatalog);
}

const CONCRETE = ['arn:aws:iam::123456789012:role/app-web', 'arn:aws:iam::123456789012:user/alice', 'arn:aws:s3:::bucket-a/alice/x', 'arn:aws:s3:::bucket-b', '*'];
const queryArb: fc.Arbitrary<PermissionQuery> = fc.record({
  action: fc.constantFrom(...ACTION_PATTERNS, 'iam:PassRole', 's3:GetObject', 'newsvc:Do', 'newsvc:*'),
  resource: fc.oneof(fc.constant(null), fc.constantFrom(...CONCRETE), fc.constantFrom(...RESOURCE_PATTERNS)),
});
const queries = fc.array(queryArb, { minLength: 1, maxLength: 6 });
const withEffect = (effect: 'Allow' | 'Deny') => statementArb(true).map((s) => ({ ...s, Effect: effect }));
const addStatement = (raw: Raw, s: Record<string, unknown>, at: number): Raw => ({
  ...raw,
  identity: raw.identity.map((p, i) => (i === at % raw.identity.length ? { ...p, Statement: [...p.Statement, s] } : p)),
});
const RUNS = { numRuns: 300, seed: 7 };

describe('laws', () => {
  it('adding a Deny never adds a permission', () => {
    fc.assert(
      fc.property(policiesArb, withEffect('Deny'), fc.nat(), queries, (raw, deny, at, qs) => {
        const before = build(raw);
        const after = build(addStatement(raw, deny, at));
        for (const q of qs) expect(RANK[after.query(q).level]).toBeLessThanOrEqual(RANK[before.query(q).level]);
        expect(RANK[after.admin()]).toBeLessThanOrEqual(RANK[before.admin()]);
      }),
      RUNS,
    );
  });

  it('adding an Allow never removes one', () => {
    fc.assert(
      fc.property(policiesArb, withEffect('Allow'), fc.nat(), queries, (raw, allow, at, qs) => {
        const before = build(raw);
        const after = build(addStatement(raw, allow, at));
        for (const q of qs) expect(RANK[after.query(q).level]).toBeGreaterThanOrEqual(RANK[before.query(q).level]);
        expect(RANK[after.admin()]).toBeGreaterThanOrEqual(RANK[before.admin()]);
      }),
      RUNS,
    );
  });

  it('a boundary never adds', () => {
    fc.assert(
      fc.property(policiesArb, policyArb(true), queries, (raw, boundary, qs) => {
        const without = build({ ...raw, boundary: null });
        const bounded = build({ ...raw, boundary });
        for (const q of qs) expect(RANK[bounded.query(q).level]).toBeLessThanOrEqual(RANK[without.query(q).level]);
        expect(RANK[bounded.admin()]).toBeLessThanOrEqual(RANK[without.admin()]);
      }),
      RUNS,
    );
  });

  it('a Deny SCP never turns an admin into a non-admin, while `can` the denied action turns false', () => {
    const adminish = policiesArb.map((raw) => addStatement(raw, { Effect: 'Allow', Action: '*', Resource: '*' }, 0));
    const denied = fc.constantFrom('iam:PassRole', 'iam:CreateUser', 's3:GetObject', 'iam:*', 's3:Get*');
    let admins = 0;
    fc.assert(
      fc.property(fc.oneof(policiesArb, adminish), denied, queries, (raw, action, qs) => {
        const scp = parsed({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: action, Resource: '*' },
          ],
        });
        const without = build(raw);
        const bounded = build(raw, [{ kind: 'scp', name: 'root', policies: [{ name: 'deny-scp', arn: null, via: null, documents: [scp] }] }]);
        expect(bounded.admin()).toBe(without.admin());
        if (without.admin() !== 'none') admins++;
        expect(bounded.query({ action, resource: null }).level).toBe('none');
        for (const q of qs) expect(RANK[bounded.query(q).level]).toBeLessThanOrEqual(RANK[without.query(q).level]);
      }),
      RUNS,
    );
    // Not vacuous: some generated principals are admins.
    expect(admins).toBeGreaterThan(10);
  });

  it('unconditionally implies perhaps: a grant names its actions and statements; only a conditional one lists conditions', () => {
    fc.assert(
      fc.property(policiesArb, queries, (raw, qs) => {
        const set = build(raw);
        for (const q of qs) {
          const g = set.query(q);
          if (g.level === 'none') expect(g.actions).toEqual([]);
          else {
            expect(g.actions.length).toBeGreaterThan(0);
            expect(g.allowedBy.length).toBeGreaterThan(0);
          }
          if (g.level === 'unconditional') expect(g.conditions).toEqual([]);
          if (g.level === 'conditional') expect(g.conditions.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('admin() unconditional implies every query unconditional', () => {
    const adminish = policiesArb.map((raw) => addStatement(raw, { Effect: 'Allow', Action: '*', Resource: '*' }, 0));
    let admins = 0;
    fc.assert(
      fc.property(fc.oneof(policiesArb, adminish), queries, (raw, qs) => {
        const set = build(raw);
        if (set.admin() !== 'unconditional') return;
        admins++;
        for (const q of qs) expect(set.query(q).level).toBe('unconditional');
      }),
      RUNS,
    );
    // Not vacuous: some generated principals are admins.
    expect(admins).toBeGreaterThan(10);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Entity, type Model, normalizeSnapshot, UNKNOWN, type Value } from '../../../src/model/index.ts';
import { whyEscalationUnknown } from '../../../src/model/permissions/escalation/index.ts';
import { identityCenterPolicies, identityCenterPoliciesGap } from '../../../src/model/permissions/identity-center-policies.ts';
import { permissionAnalysis } from '../../../src/model/permissions/index.ts';
import { EXAMPLE_PATH, snapshotOf } from '../fixtures.ts';

/**
 * Permission sets and account assignments through the permission engine, on the example account
 * (a member, 111122223333, under SCPs): a set is asked in the snapshot account, an assignment in its
 * own account through that account's SCP chain; customer managed policies resolve only in the
 * snapshot account (docs/identity-center.md).
 */

const model: Model = normalizeSnapshot(snapshotOf(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8'))));
const analysis = permissionAnalysis(model);

function entity(collection: string, name: string): Entity {
  const found = model.collections[collection]?.entities.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no ${collection} ${name}`);
  return found;
}

const admin = (e: Entity): string => {
  const set = analysis.of(e);
  return set === UNKNOWN ? 'unknown' : set.admin();
};
const grant = (e: Entity, action: string): string => {
  const set = analysis.of(e);
  return set === UNKNOWN ? 'unknown' : set.query({ action, resource: null }).level;
};

describe('permission sets and assignments as principals', () => {
  it('AdministratorAccess is admin in the management account (no SCPs) and in a member, where SCPs bound what it can do but not its being admin', () => {
    expect(admin(entity('account_assignments', 'AdministratorAccess/999988887777/carol@example.com'))).toBe('unconditional');
    // The snapshot account's chain denies leaving the organization and restricts regions: admin is
    // relative to the account's guardrails (docs/permissions.md), so the set is still its admin.
    expect(admin(entity('permission_sets', 'AdministratorAccess'))).toBe('unconditional');
    expect(admin(entity('account_assignments', 'AdministratorAccess/111122223333/Platform-Admins'))).toBe('unconditional');
    expect(grant(entity('permission_sets', 'AdministratorAccess'), 'organizations:LeaveOrganization')).toBe('none');
    expect(grant(entity('permission_sets', 'AdministratorAccess'), 'iam:PassRole')).toBe('unconditional');
  });

  it('inline, customer managed and boundary policies all count in the snapshot account', () => {
    const developer = entity('permission_sets', 'DeveloperAccess');
    expect(grant(developer, 's3:GetObject')).toBe('conditional');
    // Neither the inline policy nor reporting-read grants IAM writes.
    expect(grant(developer, 'iam:CreateUser')).toBe('none');
    expect(grant(entity('account_assignments', 'DeveloperAccess/111122223333/Developers'), 's3:GetObject')).toBe('conditional');
  });

  it('customer managed policies are another account’s own: unknown there, never no grant', () => {
    expect(grant(entity('account_assignments', 'DeveloperAccess/555566667777/Developers'), 's3:GetObject')).toBe('unknown');
  });

  it('AWS managed policies and boundaries resolve in any account, through its own chain', () => {
    const audit = entity('account_assignments', 'SecurityAudit/333344445555/Security');
    expect(grant(audit, 'iam:GetRole')).not.toBe('unknown');
    expect(grant(audit, 'iam:CreateUser')).toBe('none');
  });

  it('who-can asks permission sets too', () => {
    expect(
      analysis
        .principals()
        .filter((p) => p.type === 'permission-set')
        .map((p) => p.name),
    ).toEqual(['AdministratorAccess', 'DeveloperAccess', 'SecurityAudit']);
  });
});

describe('identityCenterPoliciesGap on sets and assignments made by hand: each part the snapshot may lack', () => {
  const here = model.collections['account']?.entities[0] as Entity;
  const other = entity('accounts', 'example-sandbox');
  const made = (type: Entity['type'], name: string, attrs: Record<string, Value>): Entity => ({ type, name, key: `${type}/${name}`, arn: null, owner: null, attrs });
  const policy = (name: string, attrs: Record<string, Value>): Entity => made('policy', name, { customer: true, permissions: [], ...attrs });
  const set = (attrs: Record<string, Value>): Entity => made('permission-set', 'Dev', { name: 'Dev', inline_policy: [], attached_policies: [], permissions_boundary: null, boundary_policy: null, roles: [], ...attrs });
  const assignment = (attrs: Record<string, Value>): Entity => made('account-assignment', 'Dev/x/y', { permission_set: set({}), account: here, ...attrs });
  const cases: readonly (readonly [string, Entity, string | null])[] = [
    ['nothing', set({}), null],
    ['its inline policy', set({ inline_policy: UNKNOWN }), 'the inline policy of permission set Dev was not collected'],
    ['its managed policies', set({ attached_policies: UNKNOWN }), 'the managed policies of permission set Dev were not collected'],
    ['a managed policy', set({ attached_policies: [policy('reports', { permissions: UNKNOWN })] }), 'policy reports is not in the snapshot'],
    ['its boundary', set({ permissions_boundary: UNKNOWN }), 'the permissions boundary of permission set Dev was not collected'],
    ['its boundary policy', set({ permissions_boundary: 'dev-boundary', boundary_policy: UNKNOWN }), 'the permissions boundary of permission set Dev, dev-boundary, is not in the snapshot'],
    ["its boundary policy's documents", set({ permissions_boundary: 'dev-boundary', boundary_policy: policy('dev-boundary', { permissions: UNKNOWN }) }), 'policy dev-boundary is not in the snapshot'],
    ["an assignment's set", assignment({ permission_set: UNKNOWN }), 'the permission set of assignment Dev/x/y is not in the snapshot'],
    ["an assignment's account", assignment({ account: null }), 'the account of assignment Dev/x/y is not in the snapshot'],
    ["an account's id", assignment({ account: made('account', 'nameless', {}) }), 'the id of account nameless is not in the snapshot'],
    [
      'a customer managed policy in another account',
      assignment({ permission_set: set({ attached_policies: [policy('reports', {})] }), account: other }),
      'customer managed policy reports is resolved in account example-sandbox, whose IAM the snapshot does not hold',
    ],
    [
      'a customer managed boundary in another account',
      assignment({ permission_set: set({ permissions_boundary: 'b', boundary_policy: policy('b', {}) }), account: other }),
      'customer managed policy b is resolved in account example-sandbox, whose IAM the snapshot does not hold',
    ],
    ['a user', made('user', 'alice', {}), 'a user is not a permission set or an account assignment'],
  ];
  for (const [what, e, gap] of cases) {
    it(`${gap === null ? 'has no gap' : 'names what is missing'}: ${what}`, () => {
      expect(identityCenterPoliciesGap(model, e)).toBe(gap);
      expect(identityCenterPolicies(model, e) === UNKNOWN).toBe(gap !== null);
    });
  }
});

describe('why a permission set escalates or not cannot be decided', () => {
  it('names a set with no single provisioned role in the snapshot account; a set with one is decided', () => {
    const none: Entity = { type: 'permission-set', name: 'Unprovisioned', key: 'permission-set/Unprovisioned', arn: null, owner: null, attrs: { roles: [] } };
    expect(whyEscalationUnknown(analysis, none)).toBe('the snapshot does not hold exactly one role that Identity Center provisioned for permission set Unprovisioned in its account');
    // The example provisions none; a set with one role escalates as that role, whose answer is known.
    const role = model.collections['roles']?.entities[0] as Entity;
    const provisioned: Entity = { ...none, name: 'Provisioned', key: 'permission-set/Provisioned', attrs: { roles: [role] } };
    expect(whyEscalationUnknown(analysis, provisioned)).toBeNull();
    expect(whyEscalationUnknown(analysis, { ...none, attrs: { roles: [role, role] } })).toMatch(/^the snapshot does not hold exactly one role/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Entity, type Model, normalizeSnapshot, UNKNOWN } from '../../../src/model/index.ts';
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

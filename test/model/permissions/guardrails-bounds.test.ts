import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeSnapshot } from '../../../src/model/index.ts';
import { run } from '../../engine/evaluate-fixture.ts';
import { EXAMPLE_PATH, snapshotOf } from '../fixtures.ts';

// SCPs bound effective permissions (model/permissions/bounds.ts): a member account's principals
// get what the chain leaves them; the management account's are not bounded at all.

type Data = { organizations: { organization: { MasterAccountId: string }; policies: unknown[] } | null } & Record<string, unknown>;

function exampleData(): Data {
  return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as Data;
}

const DENY_KEYS = {
  PolicySummary: { Id: 'p-keys0001', Arn: 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-keys0001', Name: 'deny-access-keys', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false },
  Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' }] }),
  Targets: [{ TargetId: '111122223333', Arn: 'arn:aws:organizations::999988887777:account/o-a1b2c3d4e5/111122223333', Name: 'example-payments-prod', Type: 'ACCOUNT' }],
};

function canCreateKeys(data: Data): Record<string, string> {
  const result = run('rule r:\n  users must not be able to "iam:CreateAccessKey"\n', normalizeSnapshot(snapshotOf(data)));
  return Object.fromEntries(result.findings.map((f) => [f.resource.name, f.status]));
}

describe('SCPs bound effective permissions', () => {
  it('a member account whose SCP denies iam:CreateAccessKey: no user can; the same snapshot as the management account: they can', () => {
    const member = exampleData();
    member.organizations?.policies.push(DENY_KEYS);
    expect(canCreateKeys(member)).toEqual({});
    const management = exampleData();
    management.organizations?.policies.push(DENY_KEYS);
    if (management.organizations) management.organizations.organization.MasterAccountId = '111122223333';
    expect(Object.keys(canCreateKeys(management))).toEqual(expect.arrayContaining(['alice', 'dave']));
  });

  it('an account in no organization is not bounded; one whose organization data was not collected is unknown, never a pass', () => {
    const outside = exampleData();
    outside.organizations = null;
    expect(Object.keys(canCreateKeys(outside))).toEqual(expect.arrayContaining(['alice', 'dave']));
    const uncollected = exampleData();
    delete (uncollected as Record<string, unknown>)['organizations'];
    const verdicts = Object.values(canCreateKeys(uncollected));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts)).toEqual(new Set(['unknown']));
  });
});

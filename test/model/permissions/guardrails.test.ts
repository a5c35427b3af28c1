import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Entity, normalizeSnapshot, UNKNOWN } from '../../../src/model/index.ts';
import { permissionAnalysis } from '../../../src/model/permissions/analysis.ts';
import { chainGap, controlChain, decideChain, refusalText } from '../../../src/model/permissions/guardrails.ts';
import { EXAMPLE_PATH, snapshotOf } from '../fixtures.ts';

// An account's chains read from the entity model, and the chain's decision (guardrails.ts), on the
// example organization and variations of it.

type Policy = { PolicySummary: { Id: string; Type: string }; Targets: { TargetId: string }[]; Content: string };
type Data = Record<string, unknown> & { organizations: { policies: Policy[]; organizationalUnits: unknown[] } };

function data(): Data {
  return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as Data;
}

function accountOf(d: Data, id = '111122223333'): Entity {
  const account = normalizeSnapshot(snapshotOf(d)).collections['accounts']?.entities.find((a) => a.attrs['id'] === id);
  if (account === undefined) throw new Error(`no account ${id}`);
  return account;
}

describe('controlChain', () => {
  it('is the root, each OU from the root down, and the account, each with what is attached there', () => {
    const chain = controlChain(accountOf(data()), 'scp');
    if (chain === UNKNOWN || chain.kind !== 'chain') throw new Error('expected a chain');
    expect(chain.levels.map((l) => [l.kind, l.name, l.policies.map((p) => p.name)])).toEqual([
      ['root', 'Root', ['FullAWSAccess', 'deny-leave-organization']],
      ['ou', 'Root/Workloads', ['FullAWSAccess', 'deny-root-user']],
      ['ou', 'Root/Workloads/Prod', ['FullAWSAccess', 'region-restriction']],
      ['account', 'example-payments-prod', ['FullAWSAccess']],
    ]);
  });

  it('is unknown when an OU of the path is not in the snapshot, and "disabled" when nothing is attached to the root', () => {
    const missing = data();
    missing.organizations.organizationalUnits = missing.organizations.organizationalUnits.filter((ou) => (ou as { Name: string }).Name !== 'Workloads');
    expect(controlChain(accountOf(missing), 'scp')).toBe(UNKNOWN);
    expect(chainGap(accountOf(missing), 'scp')).toBe('the OU or root above Prod is not in the snapshot');
    expect(chainGap(accountOf(data()), 'scp')).toBeNull();
    const disabled = data();
    disabled.organizations.policies = disabled.organizations.policies.filter((p) => p.PolicySummary.Type !== 'SERVICE_CONTROL_POLICY');
    expect(controlChain(accountOf(disabled), 'scp')).toEqual({ kind: 'disabled' });
  });
});

describe('decideChain', () => {
  it('a level whose allow-list does not name the action refuses it, and says which level', () => {
    const d = data();
    // The Prod OU keeps only an allow-list of EC2 and S3 in place of FullAWSAccess.
    const full = d.organizations.policies.find((p) => p.PolicySummary.Id === 'p-FullAWSAccess');
    if (full) full.Targets = full.Targets.filter((t) => t.TargetId !== 'ou-ab12-33333333');
    d.organizations.policies.push({
      PolicySummary: { Id: 'p-allowlist', Type: 'SERVICE_CONTROL_POLICY', ...{ Arn: 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-allowlist', Name: 'allow-ec2-s3' } },
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }] }),
      Targets: [{ TargetId: 'ou-ab12-33333333', ...{ Arn: 'arn:aws:organizations::999988887777:ou/o-a1b2c3d4e5/ou-ab12-33333333', Name: 'Prod', Type: 'ORGANIZATIONAL_UNIT' } }],
    });
    const chain = controlChain(accountOf(d), 'scp');
    if (chain === UNKNOWN || chain.kind !== 'chain') throw new Error('expected a chain');
    const context = { accountId: '111122223333', partition: 'aws', now: 0, principal: null };
    const iam = decideChain(chain, { action: 'iam:CreateUser', resource: '*' }, context);
    expect(iam.permitted).toBe(0);
    expect(iam.refusals.map((r) => refusalText('scp', r))).toContain('no SCP at OU Root/Workloads/Prod allows it');
    expect(decideChain(chain, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, context).permitted).toBe(1);
  });
});

describe('decideChain for any principal of the account', () => {
  it('knows its organization from the account ARN: a Deny for principals outside it does not apply', () => {
    const chainWith = (orgId: string) => {
      const d = data();
      d.organizations.policies.push({
        PolicySummary: { Id: 'p-org', Type: 'SERVICE_CONTROL_POLICY', ...{ Arn: 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-org', Name: 'outsiders' } },
        Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': orgId } } }] }),
        Targets: [{ TargetId: 'r-ab12', ...{ Arn: 'arn:aws:organizations::999988887777:root/o-a1b2c3d4e5/r-ab12', Name: 'Root', Type: 'ROOT' } }],
      });
      const chain = controlChain(accountOf(d, '222233334444'), 'scp');
      if (chain === UNKNOWN || chain.kind !== 'chain') throw new Error('expected a chain');
      return decideChain(chain, { action: 'iam:CreateUser', resource: '*' }, { accountId: '222233334444', partition: 'aws', now: 0, principal: null }).permitted;
    };
    expect(chainWith('o-a1b2c3d4e5')).toBe(2);
    expect(chainWith('o-other')).toBe(0);
  });
});

describe('RCPs bound requests to the services they cover', () => {
  it('s3 requests are conditional under enforce-tls, IAM requests are not touched', () => {
    const d = data();
    // Without the SCPs' own conditions (region restriction at Prod), to see the RCP's alone.
    d.organizations.policies = d.organizations.policies.filter((p) => p.PolicySummary.Id !== 'p-cccc3333');
    const model = normalizeSnapshot(snapshotOf(d));
    const alice = model.collections['users']?.entities.find((u) => u.name === 'alice');
    if (alice === undefined) throw new Error('no alice');
    const set = permissionAnalysis(model).of(alice);
    if (set === UNKNOWN) throw new Error('unknown');
    expect(set.query({ action: 'iam:CreateUser', resource: null }).level).toBe('unconditional');
    const s3 = set.query({ action: 's3:GetObject', resource: null });
    expect(s3.level).toBe('conditional');
    expect(s3.conditions).toContain('unless BoolIfExists aws:SecureTransport=false');
    expect(set.query({ action: 'ec2:RunInstances', resource: null }).level).toBe('unconditional');
  });

  it('aws:PrincipalOrgID is decided for the principals of the account: a data-perimeter RCP refuses only outsiders', () => {
    const perimeter = (orgId: string): Data => {
      const d = data();
      d.organizations.policies = d.organizations.policies.filter((p) => p.PolicySummary.Id !== 'p-cccc3333' && p.PolicySummary.Id !== 'p-gggg7777');
      d.organizations.policies.push({
        PolicySummary: { Id: 'p-perimeter', Type: 'RESOURCE_CONTROL_POLICY', ...{ Arn: 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/resource_control_policy/p-perimeter', Name: 'perimeter' } },
        Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId } } }] }),
        Targets: [{ TargetId: 'r-ab12', ...{ Arn: 'arn:aws:organizations::999988887777:root/o-a1b2c3d4e5/r-ab12', Name: 'Root', Type: 'ROOT' } }],
      });
      return d;
    };
    const level = (d: Data): string => {
      const model = normalizeSnapshot(snapshotOf(d));
      const alice = model.collections['users']?.entities.find((u) => u.name === 'alice');
      const set = alice && permissionAnalysis(model).of(alice);
      if (set === undefined || set === UNKNOWN) throw new Error('unknown');
      return set.query({ action: 's3:GetObject', resource: null }).level;
    };
    expect(level(perimeter('o-a1b2c3d4e5'))).toBe('unconditional');
    expect(level(perimeter('o-someoneelse'))).toBe('none');
  });
});

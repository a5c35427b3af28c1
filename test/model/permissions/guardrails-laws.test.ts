/**
 * The laws of SCP chains (issue 14), as fast-check properties over generated chains and requests:
 * attaching another Deny never permits more; removing FullAWSAccess at a level denies everything
 * that level's other policies do not allow explicitly; the management account's permissions never
 * depend on SCPs.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSnapshot } from '../../../src/model/index.ts';
import { permissionAnalysis } from '../../../src/model/permissions/analysis.ts';
import { FALSE } from '../../../src/model/permissions/context-keys.ts';
import { controlChain } from '../../../src/model/permissions/guardrails.ts';
import { EXAMPLE_PATH, snapshotOf } from '../fixtures.ts';
import { type RawPolicy, statementArb } from './differential-harness.ts';
import { type ChainCase, chainCaseArb, FULL_ACCESS, guardLevels } from './guardrails-support.ts';

const denyArb = statementArb(true).map((s): RawPolicy => ({ Version: '2012-10-17', Statement: [{ ...s, Effect: 'Deny' }] }));

describe('laws of the SCP chain', () => {
  it('attaching another Deny at any level never permits more', () => {
    fc.assert(
      fc.property(chainCaseArb(true), denyArb, fc.nat(), (c, deny, at) => {
        const i = at % c.levels.length;
        const more: ChainCase = { ...c, levels: c.levels.map((l, j) => (j === i ? [...l, deny] : l)) };
        const before = guardLevels(c);
        const after = guardLevels(more);
        expect(after.chain).toBeLessThanOrEqual(before.chain);
        expect(after.bounds).toBeLessThanOrEqual(before.bounds);
      }),
      { numRuns: 300 },
    );
  });

  it('removing FullAWSAccess at a level denies everything its other policies do not allow there', () => {
    fc.assert(
      fc.property(chainCaseArb(true), fc.nat(), (c, at) => {
        const i = at % c.levels.length;
        const rest = (c.levels[i] ?? []).filter((p) => p !== FULL_ACCESS);
        const without: ChainCase = { ...c, levels: c.levels.map((l, j) => (j === i ? rest : l)) };
        const after = guardLevels(without);
        expect(after.chain).toBeLessThanOrEqual(guardLevels(c).chain);
        // The level's own Allows, alone as a one-level chain without its Denies.
        const allowsOnly = rest.map((p) => ({ ...p, Statement: p.Statement.filter((s) => s['Effect'] === 'Allow') })).filter((p) => p.Statement.length > 0);
        if (guardLevels({ ...c, levels: [allowsOnly] }).chain === FALSE) {
          expect(after.chain).toBe(FALSE);
          expect(after.bounds).toBe(FALSE);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// The management account: the example snapshot with the snapshot account as management account,
// and arbitrary SCPs attached at the root and to the account.

type Data = Record<string, unknown> & { organizations: { organization: { MasterAccountId: string }; policies: Record<string, unknown>[] } | null };

function managementData(scps: readonly RawPolicy[]): Data {
  const data = JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as Data;
  if (data.organizations === null) throw new Error('the example snapshot is in an organization');
  data.organizations.organization.MasterAccountId = '111122223333';
  scps.forEach((policy, i) => {
    data.organizations?.policies.push({
      PolicySummary: { Id: `p-law${i}`, Arn: `arn:aws:organizations::111122223333:policy/o-a1b2c3d4e5/service_control_policy/p-law${i}`, Name: `law-${i}`, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false },
      Content: JSON.stringify(policy),
      Targets: [
        { TargetId: 'r-ab12', Arn: 'arn:aws:organizations::111122223333:root/o-a1b2c3d4e5/r-ab12', Name: 'Root', Type: 'ROOT' },
        { TargetId: '111122223333', Arn: 'arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/111122223333', Name: 'example-payments-prod', Type: 'ACCOUNT' },
      ],
    });
  });
  return data;
}

const QUESTIONS = ['iam:CreateAccessKey', 'iam:PassRole', 's3:GetObject', 'organizations:LeaveOrganization', 'ec2:RunInstances', 'kms:Decrypt'];

function answers(data: Data): string[] {
  const model = normalizeSnapshot(snapshotOf(data));
  const analysis = permissionAnalysis(model);
  return analysis.principals().map((p) => {
    const set = analysis.of(p);
    if (typeof set === 'symbol') return `${p.name}: unknown`;
    return `${p.name}: ${QUESTIONS.map((q) => set.query({ action: q, resource: null }).level).join(' ')} admin ${set.admin()}`;
  });
}

describe("the management account's permissions never depend on SCPs", () => {
  const baseline = answers(managementData([]));

  it('are those of the same account with no SCP at all, whatever is attached', () => {
    const account = normalizeSnapshot(snapshotOf(managementData([]))).collections['account']?.entities[0];
    expect(account && controlChain(account, 'scp')).toEqual({ kind: 'management' });
    fc.assert(
      fc.property(fc.array(denyArb, { minLength: 1, maxLength: 3 }), (scps) => {
        expect(answers(managementData(scps))).toEqual(baseline);
      }),
      { numRuns: 15 },
    );
  });
});

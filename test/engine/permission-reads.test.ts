import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AttributeReads, type ConcreteEntityType, type Model, normalizeSnapshot, UNKNOWN } from '../../src/model/index.ts';
import { escalationsOf } from '../../src/model/permissions/escalation/index.ts';
import { permissionAnalysis } from '../../src/model/permissions/index.ts';
import { PERMISSION_READS } from '../../src/semantics/index.ts';
import { EXAMPLE_PATH, HAVE_SHARED_DATA, snapshotOf, wrappedDump } from '../model/fixtures.ts';

/**
 * `guard eval` normalizes only what the program reads; a permissions predicate reads PERMISSION_READS
 * (semantics/condition-walk.ts), a list kept by hand beside what src/model/permissions reads. This
 * holds the list complete: on real accounts, every answer the analysis gives (admin, escalation paths
 * with their targets and hops, grants of actions the paths and rules ask about) is the same on a model
 * normalized with only those attributes as on the full model.
 */

const READS: AttributeReads = new Map(Object.entries(PERMISSION_READS).map(([type, names]) => [type as ConcreteEntityType, new Set(names)]));
const ACTIONS = ['iam:PassRole', 'iam:CreatePolicyVersion', 'sts:AssumeRole', 'iam:CreateAccessKey', 's3:GetObject', 'ec2:RunInstances', 'ssm:SendCommand', 'lambda:CreateFunction'];

function answers(model: Model): Record<string, unknown> {
  const analysis = permissionAnalysis(model);
  const out: Record<string, unknown> = {};
  for (const p of analysis.principals()) {
    const set = analysis.of(p);
    const escalations = escalationsOf(analysis, p);
    out[p.key] = {
      admin: set === UNKNOWN ? 'unknown' : set.admin(),
      grants: set === UNKNOWN ? 'unknown' : ACTIONS.map((action) => set.query({ action, resource: null })),
      escalations: escalations === UNKNOWN ? 'unknown' : escalations.map((e) => ({ ...e })),
    };
  }
  return out;
}

function sameAnswers(snapshot: unknown): void {
  const full = answers(normalizeSnapshot(snapshotOf(snapshot)));
  const read = answers(normalizeSnapshot(snapshotOf(snapshot), { reads: READS }));
  expect(Object.keys(full).length).toBeGreaterThan(5);
  expect(read).toEqual(full);
}

describe('PERMISSION_READS is what the permission analysis reads', () => {
  it('on the example account', () => {
    sameAnswers(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')));
  });

  it.skipIf(!HAVE_SHARED_DATA)('on the iam-vulnerable account (instance profiles, policy versions, trust policies)', () => {
    sameAnswers(wrappedDump('cloudsplaining-iam-vulnerable-account.json', '200611803367'));
  });
});

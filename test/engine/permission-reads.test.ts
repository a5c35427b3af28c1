import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AttributeReads, type ConcreteEntityType, type Model, normalizeSnapshot, SCHEMA, UNKNOWN } from '../../src/model/index.ts';
import { escalationsOf } from '../../src/model/permissions/escalation/index.ts';
import { PERMISSION_READS, permissionAnalysis } from '../../src/model/permissions/index.ts';
import { EXAMPLE_PATH, HAVE_SHARED_DATA, snapshotOf, wrappedDump } from '../model/fixtures.ts';

/**
 * `guard eval` normalizes only what the program reads; a permissions predicate reads PERMISSION_READS
 * (model/permissions/reads.ts, beside the code that reads it). This holds the list to what the
 * analysis reads, both ways, on real accounts: every answer it gives (admin, escalation paths with
 * their targets and hops, grants of actions the paths and rules ask about) is the same on a model
 * normalized with only those attributes as on the full model (complete); and each attribute read,
 * recorded as the analysis runs, is listed, and each listed one is read (exact).
 */

const listed = (type: string): readonly string[] => (PERMISSION_READS as Readonly<Record<string, readonly string[]>>)[type] ?? [];
const READS: AttributeReads = new Map(Object.keys(PERMISSION_READS).map((type) => [type as ConcreteEntityType, new Set(listed(type))]));
const ACTIONS = ['iam:PassRole', 'iam:CreatePolicyVersion', 'sts:AssumeRole', 'iam:CreateAccessKey', 's3:GetObject', 'ec2:RunInstances', 'ssm:SendCommand', 'lambda:CreateFunction'];

/**
 * Every answer of the analysis: of users, roles and permission sets (permissions and escalation), of
 * groups (`groups must not be admin`) and of Identity Center account assignments (`can` in their account).
 */
function answers(model: Model): Record<string, unknown> {
  const analysis = permissionAnalysis(model);
  const out: Record<string, unknown> = {};
  for (const p of [...analysis.principals(), ...(model.collections['groups']?.entities ?? []), ...(model.collections['account_assignments']?.entities ?? [])]) {
    const set = analysis.of(p);
    const escalations = p.type === 'group' || p.type === 'account-assignment' ? [] : escalationsOf(analysis, p);
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

/** The attributes the analysis reads, per entity type, that the schema has for that type: every entity's attributes behind a recording proxy. */
function recordedReads(snapshot: unknown): Map<string, Set<string>> {
  const model = normalizeSnapshot(snapshotOf(snapshot));
  const seen = new Map<string, Set<string>>();
  const record = (type: string, name: string | symbol): void => {
    const spec = SCHEMA.entityTypes[type as ConcreteEntityType];
    if (typeof name !== 'string' || !spec?.attributes.some((a) => a.name === name)) return;
    const names = seen.get(type) ?? new Set<string>();
    names.add(name);
    seen.set(type, names);
  };
  for (const collection of Object.values(model.collections)) {
    for (const entity of collection.entities) {
      const target = entity.attrs;
      const attrs = new Proxy(target, {
        get: (t, name) => {
          record(entity.type, name);
          return Reflect.get(t, name);
        },
        has: (t, name) => {
          record(entity.type, name);
          return Reflect.has(t, name);
        },
      });
      (entity as { attrs: typeof target }).attrs = attrs;
    }
  }
  answers(model);
  return seen;
}

function listedOnly(): Map<string, Set<string>> {
  return new Map(Object.keys(PERMISSION_READS).map((type) => [type, new Set(listed(type))]));
}

describe('PERMISSION_READS is what the permission analysis reads', () => {
  it('on the example account: the same answers with only those attributes, and nothing read that is not listed', () => {
    const snapshot = JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8'));
    sameAnswers(snapshot);
    for (const [type, names] of recordedReads(snapshot))
      expect(
        [...names].filter((n) => !listed(type).includes(n)),
        type,
      ).toEqual([]);
  });

  // The iam-vulnerable account exercises escalation (instance profiles, versions, trust policies) but is
  // in no organization; the example account is a member, whose SCP and RCP chains are read.
  it.skipIf(!HAVE_SHARED_DATA)('on the iam-vulnerable account (instance profiles, policy versions, trust policies): the same, and with the example account every listed attribute is read', () => {
    if (!HAVE_SHARED_DATA) return;
    const snapshot = wrappedDump('cloudsplaining-iam-vulnerable-account.json', '200611803367');
    sameAnswers(snapshot);
    const recorded = recordedReads(snapshot);
    for (const [type, names] of recordedReads(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')))) recorded.set(type, new Set([...(recorded.get(type) ?? []), ...names]));
    const sorted = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([t, s]) => [t, [...s].sort()]).sort());
    expect(sorted(recorded)).toEqual(sorted(listedOnly()));
  });
});

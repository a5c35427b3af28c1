import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/model/index.ts';
import { normalizeSnapshot, UNKNOWN } from '../../../src/model/index.ts';
import { escalationsOf } from '../../../src/model/permissions/escalation/index.ts';
import { permissionAnalysis } from '../../../src/model/permissions/index.ts';
import { HAVE_SHARED_DATA, sharedPath, snapshotOf, wrappedDump } from '../fixtures.ts';

/**
 * Ground truth (issue 13): the deployed BishopFox iam-vulnerable account, labelled by its scenarios.
 * Every user and role of a scenario is one of its principals, except targets that are already
 * admin (privesc-AssumeRole-ending-role): they have nothing to escalate to. A principal of an
 * exploitable scenario must be flagged with a path of the scenario's method (through the shared
 * method index); no principal of an `fp*` scenario may be flagged at all.
 */

interface Scenario {
  readonly id: string;
  readonly path_name?: string;
  readonly expected: { readonly exploitable: boolean | null };
  readonly users?: readonly { readonly name: string }[];
  readonly roles?: readonly { readonly name: string }[];
}
interface IndexMethod {
  readonly id: string;
  readonly sources: readonly { readonly source: string; readonly ref?: string | number }[];
}

/** Scenarios without a README path name: the method they exercise, by the iam-vulnerable name of the path, or any path. */
const METHOD_OF: Readonly<Record<string, string | 'any'>> = {
  'fn1-privesc3-multiple-policies': 'EC2-CreateInstanceWithExistingProfile',
  'fn2-ExploitableResourceConstraint': 'IAM-CreateNewPolicyVersion',
  'fn3-ExploitableConditionConstraint': 'IAM-CreateNewPolicyVersion',
  // Allows everything but iam:Update*, Create* and Attach*: the policy says "non iam privesc paths like ssm and ec2-connect-instance".
  'fn4-ExploitableNotAction': 'any',
  // iam:*, ec2:*, s3:* in a group and a role: any IAM self-modification does.
  sre: 'any',
};

/**
 * Labels we disagree with: principals of exploitable scenarios that cannot escalate in this account
 * by AWS's rules. The scenario is exploitable through its other principal; these are asserted NOT
 * flagged, so a change that starts flagging them has to come here and argue.
 */
const DISPUTED: Readonly<Record<string, string>> = {
  'privesc-AssumeRole-start-user': 'no policy at all, and no trust policy names it: the chain starts at privesc-AssumeRole-starting-role, which is flagged',
  'privesc2-SetExistingDefaultPolicyVersion-user': 'SetDefaultPolicyVersion needs a second version to switch to; every customer policy of the account has exactly one (PolicyVersionList)',
  'privesc2-SetExistingDefaultPolicyVersion-role': 'as the user: no policy of the account has another version',
  'privesc9-AttachRolePolicy-user': 'a user has no role policies; attaching to a role helps only with sts:AssumeRole on it, which the user lacks',
  'privesc12-PutRolePolicy-user': 'as privesc9: PutRolePolicy on some role, but no way to assume one',
  'privesc7-AttachUserPolicy-role': 'a role is not a user: attaching to a user helps only with that user’s credentials (CreateAccessKey, a login profile), which the role cannot get',
  'privesc10-PutUserPolicy-role': 'as privesc7: PutUserPolicy on some user, but no way to act as one',
  'privesc8-AttachGroupPolicy-role': 'a role is in no group, and cannot act as any member',
  'privesc11-PutGroupPolicy-role': 'as privesc8',
  'privesc13-AddUserToGroup-role': 'a role cannot be added to a group, and adding a user helps only with that user’s credentials',
};

const ACCOUNT_ID = '200611803367';

describe.skipIf(!HAVE_SHARED_DATA)('escalation on the iam-vulnerable account', () => {
  // skipIf still runs this body to collect the tests: read the shared data only when it is there.
  if (!HAVE_SHARED_DATA) return;
  const scenarios = (JSON.parse(readFileSync(sharedPath('privesc', 'iam-vulnerable', 'scenarios.json'), 'utf8')) as { scenarios: readonly Scenario[] }).scenarios;
  const methods = (JSON.parse(readFileSync(sharedPath('privesc', 'privesc-methods-index.json'), 'utf8')) as { methods: readonly IndexMethod[] }).methods;
  const model = normalizeSnapshot(snapshotOf(wrappedDump('cloudsplaining-iam-vulnerable-account.json', ACCOUNT_ID)));
  const analysis = permissionAnalysis(model);
  const byName = new Map<string, Entity>(analysis.principals().map((p) => [p.name, p]));

  /** Path ids of the index methods iam-vulnerable lists under that name (`IAM-AttachUserPolicy (privesc7) and IAM-CreateAccessKey (privesc4)` counts for both). */
  const pathIdsOf = (ivName: string): Set<string> => {
    const out = new Set<string>();
    for (const m of methods) {
      for (const s of m.sources) {
        if (s.source !== 'iam-vulnerable' || typeof s.ref !== 'string') continue;
        const names = s.ref.split(' and ').map((n) => n.replace(/\s*\(.*\)$/, '').trim());
        if (names.includes(ivName)) out.add(m.id.startsWith('pathfinding:') ? m.id.slice('pathfinding:'.length) : m.id);
      }
    }
    return out;
  };

  const labelled = scenarios.filter((s) => s.expected.exploitable !== null);
  const rows = labelled.flatMap((s) =>
    [...(s.users ?? []), ...(s.roles ?? [])].flatMap(({ name }) => {
      const p = byName.get(name);
      if (p === undefined) throw new Error(`${s.id}: ${name} is not in the account`);
      const set = analysis.of(p);
      if (set !== UNKNOWN && set.admin() === 'unconditional') return [];
      const result = escalationsOf(analysis, p);
      if (result === UNKNOWN) throw new Error(`${name}: escalations unknown`);
      const method = s.path_name ?? METHOD_OF[s.id];
      const wanted = method === undefined || method === 'any' ? null : pathIdsOf(method);
      return [{ scenario: s.id, name, exploitable: s.expected.exploitable === true, found: result.map((e) => e.pathId), wanted }];
    }),
  );

  it('maps every labelled scenario to principals and a method', () => {
    expect(labelled.filter((s) => s.expected.exploitable)).toHaveLength(36);
    expect(labelled.filter((s) => !s.expected.exploitable)).toHaveLength(5);
    for (const r of rows) if (r.exploitable && r.wanted !== null) expect(r.wanted.size, r.scenario).toBeGreaterThan(0);
    for (const name of Object.keys(DISPUTED)) expect(rows.some((r) => r.name === name && r.exploitable)).toBe(true);
  });

  it('flags every principal of an exploitable scenario with a path of its method, except the disputed labels', () => {
    const missed = rows.filter((r) => r.exploitable && !(r.name in DISPUTED) && !r.found.some((id) => r.wanted === null || r.wanted.has(id)));
    expect(missed.map((r) => `${r.name}: found [${r.found.join(', ')}], wanted [${[...(r.wanted ?? [])].join(', ')}]`)).toEqual([]);
  });

  it('flags none of the disputed principals, for the reasons given', () => {
    expect(rows.filter((r) => r.name in DISPUTED && r.found.length > 0).map((r) => `${r.name}: ${r.found.join(', ')}`)).toEqual([]);
  });

  it('flags no principal of an fp* scenario', () => {
    const fps = rows.filter((r) => !r.exploitable);
    expect(fps).toHaveLength(10);
    expect(fps.filter((r) => r.found.length > 0).map((r) => `${r.name}: ${r.found.join(', ')}`)).toEqual([]);
  });

  it('reports precision and recall per principal', () => {
    const tp = rows.filter((r) => r.exploitable && r.found.length > 0).length;
    const fn = rows.filter((r) => r.exploitable && r.found.length === 0).length;
    const fp = rows.filter((r) => !r.exploitable && r.found.length > 0).length;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    const disputed = Object.keys(DISPUTED).length;
    const argued = tp / (tp + fn - disputed);
    console.log(
      `iam-vulnerable escalation, per principal: ${tp} flagged of ${tp + fn} labelled exploitable, ${fp} of ${rows.length - tp - fn} fp* principals flagged; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${argued.toFixed(3)} with the ${disputed} disputed labels set aside)`,
    );
    expect(precision).toBe(1);
    expect(argued).toBe(1);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeSnapshot, UNKNOWN } from '../../src/model/index.ts';
import { escalationsOf } from '../../src/model/permissions/escalation/index.ts';
import { permissionAnalysis } from '../../src/model/permissions/index.ts';
import { HAVE_SHARED_DATA, REPO, sharedPath, snapshotOf, wrappedDump } from '../model/fixtures.ts';

/**
 * Ground truth through the real binary (issue 13): `guard eval` of the library's effective-permissions
 * theme on the deployed iam-vulnerable account flags, under perm.privilege-escalation, exactly the
 * principals escalationsOf finds (test/model/permissions/escalation-ground-truth.test.ts holds those to
 * the labels, with the disputed ones argued): every principal of an exploitable scenario but the
 * disputed ones and the targets that are already admin, and none of an fp* scenario.
 */

interface Scenario {
  readonly id: string;
  readonly expected: { readonly exploitable: boolean | null };
  readonly users?: readonly { readonly name: string }[];
  readonly roles?: readonly { readonly name: string }[];
}
interface Finding {
  readonly rule: string;
  readonly status: string;
  readonly resource: { readonly type: string; readonly name: string };
  readonly evidence: Readonly<Record<string, unknown>>;
}

const ACCOUNT_ID = '200611803367';
/** The same labels escalation-ground-truth.test.ts disputes, with its reasons. */
const DISPUTED = new Set([
  'privesc-AssumeRole-start-user',
  'privesc2-SetExistingDefaultPolicyVersion-user',
  'privesc2-SetExistingDefaultPolicyVersion-role',
  'privesc9-AttachRolePolicy-user',
  'privesc12-PutRolePolicy-user',
  'privesc7-AttachUserPolicy-role',
  'privesc10-PutUserPolicy-role',
  'privesc8-AttachGroupPolicy-role',
  'privesc11-PutGroupPolicy-role',
  'privesc13-AddUserToGroup-role',
]);

describe.skipIf(!HAVE_SHARED_DATA)('perm.privilege-escalation on the iam-vulnerable account, through the CLI', () => {
  // skipIf still runs this body to collect the tests: read the shared data only when it is there.
  if (!HAVE_SHARED_DATA) return;
  const dir = mkdtempSync(join(tmpdir(), 'guard-iam-vulnerable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = wrappedDump('cloudsplaining-iam-vulnerable-account.json', ACCOUNT_ID);
  const snapshotPath = join(dir, 'snapshot.json');
  writeFileSync(snapshotPath, JSON.stringify(data));
  const out = execFileSync(process.execPath, ['bin/guard.js', 'eval', 'policies/effective-permissions.guard', 'policies/definitions.guard', '--snapshot', snapshotPath, '--fail-on', 'none', '-f', 'json'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const findings = (JSON.parse(out) as { findings: readonly Finding[] }).findings.filter((f) => f.rule === 'perm.privilege-escalation');
  const flagged = new Set(findings.filter((f) => f.status === 'fail' && f.resource.type !== 'group').map((f) => f.resource.name));
  const scenarios = (JSON.parse(readFileSync(sharedPath('privesc', 'iam-vulnerable', 'scenarios.json'), 'utf8')) as { scenarios: readonly Scenario[] }).scenarios;
  const principalsOf = (s: Scenario): string[] => [...(s.users ?? []), ...(s.roles ?? [])].map((p) => p.name);

  it('flags exactly the users and roles escalationsOf finds, with no unknown verdict', () => {
    const analysis = permissionAnalysis(normalizeSnapshot(snapshotOf(data)));
    const expected = analysis
      .principals()
      .filter((p) => {
        const found = escalationsOf(analysis, p);
        return found !== UNKNOWN && found.length > 0;
      })
      .map((p) => p.name);
    expect([...flagged].sort()).toEqual(expected.sort());
    expect(findings.filter((f) => f.status === 'unknown')).toEqual([]);
  });

  it('flags every principal of an exploitable scenario but the disputed ones and admins, and none of an fp* scenario', () => {
    const exploitable = scenarios.filter((s) => s.expected.exploitable === true).flatMap(principalsOf);
    const traps = scenarios.filter((s) => s.expected.exploitable === false).flatMap(principalsOf);
    expect(exploitable.length).toBeGreaterThan(60);
    expect(traps).toHaveLength(10);
    const missed = exploitable.filter((name) => !flagged.has(name) && !DISPUTED.has(name));
    // What is missed must be an administrator already: perm.admin-named-or-mfa reports those.
    const analysis = permissionAnalysis(normalizeSnapshot(snapshotOf(data)));
    const byName = new Map(analysis.principals().map((p) => [p.name, p]));
    for (const name of missed) {
      const set = analysis.of(byName.get(name) ?? expect.fail(`${name} not in the account`));
      expect(set !== UNKNOWN && set.admin(), name).toBe('unconditional');
    }
    expect(traps.filter((name) => flagged.has(name))).toEqual([]);
  });

  it('names the path and the granting statement in each finding', () => {
    const finding = findings.find((f) => f.status === 'fail' && f.resource.name === 'privesc1-CreateNewPolicyVersion-user');
    expect(finding).toBeDefined();
    const paths = finding?.evidence['be able to escalate: paths'];
    expect(Array.isArray(paths) && paths.some((p) => typeof p === 'string' && p.startsWith('iam-001') && p.includes('privesc1-CreateNewPolicyVersion'))).toBe(true);
  });
});

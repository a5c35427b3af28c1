import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES, loadRules } from '../../src/cli/load-rules.ts';
import { compileProgram, type EvaluationResult, evaluate } from '../../src/engine/index.ts';
import { normalizeSnapshot, parseSnapshot, type Snapshot } from '../../src/model/index.ts';
import { parseRuleFile, printRuleFile } from '../../src/syntax/index.ts';

/**
 * The built-in library against the example account, whose README lists what it was built to
 * trigger: every failing (rule, resource) is pinned, so a changed rule or normalizer shows here.
 */
const EXAMPLE = new URL('../../examples/snapshots/example-account.json', import.meta.url);

const EXPECTED_FAILURES: Record<string, string[]> = {
  'user.console-mfa': ['bob', 'carol', 'frank'],
  'user.unused': ['carol', 'legacy-reporting'],
  'cred.password-unused': ['carol'],
  'cred.key-unused': ['<root_account>/1', 'ci-deploy/1', 'legacy-reporting/1'],
  'key.rotation': ['<root_account>/1', 'bob/1', 'ci-deploy/1', 'legacy-reporting/1'],
  'key.single-active': ['ci-deploy'],
  'user.password-and-key': ['bob'],
  'user.no-direct-policies': ['ci-deploy', 'erin', 'legacy-reporting', 'svc-backup'],
  'user.in-group': ['ci-deploy', 'legacy-reporting', 'svc-backup'],
  'pwd.min-length': ['password-policy'],
  'pwd.reuse-prevention': ['password-policy'],
  'pwd.complexity': ['password-policy'],
  'pwd.max-age': ['password-policy'],
  'pol.no-admin-star': ['legacy-full-access', 'AdministratorAccess', 'saml-admin/admin-with-mfa'],
  'pol.adminaccess-not-attached': ['Admins', 'ci-deploy'],
  'pol.no-inline': [
    'Developers/deny-billing',
    'app-task-role/payments-data',
    'github-actions-ci/ecr-push',
    'github-sandbox/sandbox-s3',
    'lambda-orders/orders-table',
    'legacy-open-trust/read-config',
    'saml-admin/admin-with-mfa',
    'vendor-integration/read-invoices',
    'ci-deploy/pass-any-role',
    'erin/everything-but-iam',
  ],
  'pol.no-passrole-star': ['legacy-full-access', 'AdministratorAccess', 'saml-admin/admin-with-mfa', 'ci-deploy/pass-any-role'],
  // The account is a member of its organization: deny-leave-organization (an SCP at the root) bounds
  // what everyone can do, but admin is relative to those guardrails (docs/permissions.md), so the
  // AdministratorAccess holders are administrators (without MFA), not escalating.
  'perm.admin-named-or-mfa': ['Admins', 'old-batch-role', 'alice', 'ci-deploy', 'dave'],
  'perm.privilege-escalation': ['saml-admin', 'bob', 'carol', 'frank'],
  'perm.no-credential-actions-on-star': ['Admins', 'Developers', 'old-batch-role', 'saml-admin', 'alice', 'bob', 'carol', 'ci-deploy', 'dave', 'frank'],
  'pol.no-assumerole-star': ['legacy-full-access', 'saml-admin/admin-with-mfa', 'erin/everything-but-iam'],
  'pol.no-allow-notaction': ['erin/everything-but-iam'],
  'pol.no-service-wildcard': ['backup-operator', 'developer-boundary', 'github-actions-ci/ecr-push', 'lambda-orders/orders-table'],
  'pol.unattached-customer': ['unused-scratch-s3'],
  'pol.support-role': ['example-payments-prod'],
  'trust.no-public-principal': ['legacy-open-trust'],
  'trust.github-oidc-sub': ['github-actions-ci', 'github-sandbox'],
  'trust.cross-account-needs-externalid': ['partner-audit'],
  'role.unused': ['legacy-open-trust', 'old-batch-role'],
  'fed.orphan-idp': ['OldOkta'],
  'root.no-access-keys': ['<root_account>'],
  'root.hardware-mfa': ['<root_account>'],
  'root.not-used-recently': ['<root_account>'],
  // Organization rules. RootSessions is not enabled; the snapshot account (a member) keeps a root
  // password, MFA and a key, and the other members' root users are in their own snapshots (unknown).
  'org.root-access-centralized': ['o-a1b2c3d4e5'],
  'org.member-root-credentials': ['example-payments-prod', 'unknown:example-log-archive', 'unknown:example-security-tooling', 'unknown:example-sandbox', 'unknown:example-legacy'],
  'org.delegated-admins-trusted': ['example-security-tooling'],
  // The Security OU has FullAWSAccess and the root's deny-leave only. Workloads' deny-root-user (a
  // Deny of `*` for the root user) counts as a conditional refusal of every action, and Suspended's
  // deny-all refuses everything, so those accounts pass.
  'org.scp-protects-cloudtrail': ['example-log-archive', 'example-security-tooling'],
  'org.scp-protects-config': ['example-log-archive', 'example-security-tooling'],
  'org.scp-protects-guardduty': ['example-log-archive', 'example-security-tooling'],
  'org.scp-protects-access-analyzer': ['example-log-archive', 'example-security-tooling'],
  'org.scp-protects-securityhub': ['example-log-archive', 'example-security-tooling'],
  // Identity Center and Access Analyzer. The six IAM users with console passwords; the
  // AdministratorAccess set assigned to Platform-Admins (not a default admin group), with an
  // 8-hour session, and to carol@example.com in the management account; eu-west-1 has no analyzer;
  // a bucket shared with 444455556666 and the partner-audit role with 222233334444 (no account is
  // trusted by default); old-batch-role unused.
  'idc.human-access': ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
  'idc.admin-assigned-narrowly': ['AdministratorAccess'],
  'idc.admin-session-short': ['AdministratorAccess'],
  'idc.assign-groups': ['AdministratorAccess/999988887777/carol@example.com'],
  'idc.management-account-assignments': ['example-management'],
  'aa.analyzer-every-region': ['eu-west-1'],
  'aa.external-access': ['arn:aws:s3:::example-payments-exports', 'arn:aws:iam::111122223333:role/partner-audit'],
  'aa.unused-access': ['arn:aws:iam::111122223333:role/old-batch-role'],
};

let prepared: ReturnType<typeof compileProgram>;
let example: Snapshot;

function run(snapshot: Snapshot, now?: number): EvaluationResult {
  return evaluate(prepared, normalizeSnapshot(snapshot, now === undefined ? {} : { now }));
}

interface RawSnapshot {
  iam: Record<string, unknown>;
  errors: unknown[];
}

function clone(): RawSnapshot {
  return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as RawSnapshot;
}

function load(raw: unknown): Snapshot {
  const parsed = parseSnapshot(JSON.stringify(raw), 'test.json');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.value;
}

beforeAll(async () => {
  const loaded = await loadRules([BUILTIN_POLICIES], { cwd: process.cwd() });
  expect(loaded.diagnostics).toEqual([]);
  if (!loaded.program) throw new Error('library does not check');
  prepared = compileProgram(loaded.program);
  example = load(clone());
});

describe('the built-in library on the example account', () => {
  it('finds exactly the planted problems', () => {
    const result = run(example);
    const actual: Record<string, string[]> = {};
    for (const f of result.findings) actual[f.rule] = [...(actual[f.rule] ?? []), `${f.status === 'fail' ? '' : `${f.status}:`}${f.resource.name}`];
    expect(actual).toEqual(EXPECTED_FAILURES);
  });

  it('is written in canonical form, as `guard fmt` prints it: users copy from it', () => {
    const dir = new URL('../../policies/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.guard') && !f.endsWith('.test.guard'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(printRuleFile(parseRuleFile(text, file).file), file).toBe(text);
    }
  });

  it('every rule has an id, title, severity, rationale, remediation and references', () => {
    const ids = prepared.map(({ info }) => info.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { info } of prepared) {
      expect(info.id).toMatch(/^(root|pwd|user|cred|key|pol|trust|role|fed|perm|org|idc|aa)\.[a-z0-9-]+$/);
      expect(info.title.length, info.id).toBeGreaterThan(10);
      expect(info.rationale?.length ?? 0, `${info.id} rationale`).toBeGreaterThan(20);
      expect(info.remediation?.length ?? 0, `${info.id} remediation`).toBeGreaterThan(10);
      expect(info.references.length, `${info.id} references`).toBeGreaterThan(0);
      // A CIS reference names its version and control: `CIS v6.0 2.9`, `CIS v7.0 2.1.1`.
      for (const ref of info.references.filter((r) => r.startsWith('CIS'))) expect(ref).toMatch(/^CIS v\d+\.\d+ \d+(\.\d+)+$/);
    }
  });

  it('turns credential-report rules into unknown, never pass, when the report was not collected', () => {
    const raw = clone();
    delete raw.iam['credentialReport'];
    raw.errors = [{ section: 'iam.credentialReport', code: 'AccessDenied', message: 'denied' }];
    const result = run(load(raw));
    const status = (rule: string): string[] => [...new Set(result.findings.filter((f) => f.rule === rule).map((f) => f.status))];
    for (const rule of ['user.console-mfa', 'key.rotation', 'cred.key-unused', 'user.unused']) expect(status(rule)).toContain('unknown');
    expect(result.findings.filter((f) => f.rule === 'key.rotation').every((f) => f.status === 'unknown')).toBe(true);
  });

  it('with no password policy set, every password rule fails', () => {
    const raw = clone();
    raw.iam['passwordPolicy'] = null;
    const failing = new Set(
      run(load(raw))
        .findings.filter((f) => f.rule.startsWith('pwd.'))
        .map((f) => f.rule),
    );
    expect([...failing].sort()).toEqual(['pwd.complexity', 'pwd.max-age', 'pwd.min-length', 'pwd.policy-exists', 'pwd.reuse-prevention']);
  });

  it('key.rotation: a key rotated exactly 90 days ago passes; one more second fails; inactive keys never fail', () => {
    const rotated = (result: EvaluationResult): string[] => result.findings.filter((f) => f.rule === 'key.rotation').map((f) => f.resource.name);
    const key = run(example).findings.find((f) => f.rule === 'key.rotation' && f.resource.name === 'bob/1');
    expect(key).toBeDefined();
    const ageDays = Number(String(key?.evidence['age']).replace('d', ''));
    const capturedAt = Date.parse(example.capturedAt);
    const lastRotated = capturedAt - ageDays * 86_400_000;
    // Move time so that bob's key is exactly 90 days old (to the day granularity of the evidence).
    const exactly = lastRotated + 90 * 86_400_000;
    expect(rotated(run(example, exactly - 86_400_000))).not.toContain('bob/1');
    expect(rotated(run(example, exactly + 86_400_000))).toContain('bob/1');
  });
});

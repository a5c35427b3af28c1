import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, HAVE_SHARED_DATA, role, SERVICE_TRUST, snapshotData, user, wrappedDump } from '../model/fixtures.ts';
import { fencedBlocks, guardCommands, shellWords } from '../support/doc-blocks.ts';
import { REPO, runGuard } from '../support/run-guard.ts';
import { doc, EXAMPLE, inline, snapshotFiles } from './permission-fixtures.ts';

/** `guard permissions` as users run it: the real binary on the example account, small hand-made snapshots and the iam-vulnerable dump. */

const snapshotFile = snapshotFiles('guard-permissions-');

interface Level {
  level: string;
  actions: string[];
  inCatalog: number;
}
interface PermissionsJson {
  format: string;
  principal: { type: string; name: string; arn: string | null };
  known: boolean;
  policies: { name: string; arn: string | null; via: string | null }[];
  boundary: { name: string; arn: string | null } | null;
  admin: string;
  summary: { actions: number; conditional: number; services: { service: string; actions: number; levels: Level[] }[]; notInCatalog: string[] };
  conditionalActions: string[];
  escalations: { pathId: string; pathName: string; actions: string[]; hops: string[] }[] | null;
  escalationsUnknownBecause: string | null;
  unknownBecause?: string;
}

async function permissionsJson(args: readonly string[]): Promise<PermissionsJson> {
  const run = await runGuard(['permissions', ...args, '-f', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as PermissionsJson;
}

const actionsOf = (report: PermissionsJson, service: string): string[] => report.summary.services.find((s) => s.service === service)?.levels.flatMap((l) => l.actions) ?? [];

const HAND_MADE = snapshotData(
  {},
  {
    authorizationDetails: {
      UserDetailList: [
        user('twin', {
          UserPolicyList: [
            inline(
              'mixed',
              doc(
                { Effect: 'Allow', Action: ['s3:*', 'newsvc:DoThing', 'iam:CreateAccesKey'], Resource: '*' },
                { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
                { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
              ),
            ),
          ],
        }),
        user('alice'),
      ],
      GroupDetailList: [],
      RoleDetailList: [role('twin', SERVICE_TRUST)],
      Policies: [],
    },
  },
);

describe('guard permissions on a hand-made account', () => {
  const file = snapshotFile('hand-made', HAND_MADE);

  it('expands globs through the catalog, applies Deny, keeps actions the catalog does not know and marks conditional ones', async () => {
    const report = await permissionsJson(['user/twin', '--snapshot', file]);
    expect(report.format).toBe('guard-permissions/v1');
    expect(report.principal).toEqual({ type: 'user', name: 'twin', arn: `arn:aws:iam::${ACCOUNT}:user/twin` });
    expect(report.admin).toBe('none');
    expect(report.boundary).toBeNull();
    const s3 = actionsOf(report, 's3');
    expect(s3).toContain('s3:GetObject');
    expect(s3.length).toBeGreaterThan(50);
    expect(s3.filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
    expect(report.summary.notInCatalog.sort()).toEqual(['iam:CreateAccesKey', 'newsvc:DoThing']);
    expect(report.conditionalActions).toEqual(['sts:GetCallerIdentity']);
    const levels = report.summary.services.find((s) => s.service === 's3')?.levels.map((l) => l.level);
    expect(levels).toEqual(expect.arrayContaining(['List', 'Read', 'Write']));
  });

  it('a name shared by a user and a role is ambiguous: the message lists both and how to choose', async () => {
    const run = await runGuard(['permissions', 'twin', '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/`twin` names user\/twin and role\/twin: give `user\/twin` or an ARN/);
    const byArn = await permissionsJson([`arn:aws:iam::${ACCOUNT}:role/twin`, '--snapshot', file]);
    expect(byArn.principal.type).toBe('role');
    expect(byArn.summary.actions).toBe(0);
  });

  it('a missing name is an error with a suggestion', async () => {
    const run = await runGuard(['permissions', 'alcie', '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no user, role or permission set `alcie` in the snapshot \(its permission sets were not collected\); did you mean `alice`\?/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('guard permissions says what an unknown answer lacks', () => {
  const hopper = `arn:aws:iam::${ACCOUNT}:user/hopper`;
  const file = snapshotFile(
    'unknowns',
    snapshotData(
      {},
      {
        authorizationDetails: {
          UserDetailList: [
            user('hopper', { UserPolicyList: [inline('assume', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/mystery` }))] }),
            user('orphan', { AttachedManagedPolicies: [{ PolicyName: 'not-collected', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/not-collected` }] }),
          ],
          GroupDetailList: [],
          RoleDetailList: [
            role('mystery', doc({ Effect: 'Allow', Principal: { AWS: hopper }, Action: 'sts:AssumeRole' }), { AttachedManagedPolicies: [{ PolicyName: 'lost', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/lost` }] }),
          ],
          Policies: [],
        },
      },
    ),
  );

  it('a principal whose policy is not in the snapshot: `known` false, and which policy', async () => {
    const report = await permissionsJson(['orphan', '--snapshot', file]);
    expect(report.known).toBe(false);
    expect(report.unknownBecause).toBe(`policy arn:aws:iam::${ACCOUNT}:policy/not-collected is not in the snapshot`);
    const text = await runGuard(['permissions', 'orphan', '--snapshot', file]);
    expect(text.stdout).toContain(`unknown: policy arn:aws:iam::${ACCOUNT}:policy/not-collected is not in the snapshot, so its permissions cannot be decided`);
  });

  it('escalation through a role whose policies are not in the snapshot is unknown, and says so', async () => {
    const report = await permissionsJson(['hopper', '--snapshot', file]);
    expect(report.known).toBe(true);
    expect(report.escalations).toBeNull();
    expect(report.escalationsUnknownBecause).toMatch(/^no known path was found, but one may apply through a user or role it can act on or assume whose permissions/);
    const text = await runGuard(['permissions', 'hopper', '--snapshot', file]);
    expect(text.stdout).toMatch(/^ {2}escalation {2}unknown: no known path was found, but one may apply through/m);
  });
});

describe('guard permissions on the example account', () => {
  it('AdministratorAccess through a group is admin of the account: the root SCP denying LeaveOrganization bounds `can`, not `admin`', async () => {
    const report = await permissionsJson(['alice', '--snapshot', EXAMPLE]);
    expect(report.admin).toBe('unconditional');
    expect(report.policies).toEqual([{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess', via: 'Admins' }]);
    expect(actionsOf(report, 'iam')).toContain('iam:CreateAccessKey');
    expect(actionsOf(report, 'organizations')).toContain('organizations:DescribeOrganization');
    expect(actionsOf(report, 'organizations')).not.toContain('organizations:LeaveOrganization');
  });

  it('a boundary limits a developer to the services it allows, in text with the table and --verbose actions', async () => {
    const run = await runGuard(['permissions', 'erin', '--snapshot', EXAMPLE, '--verbose']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^user erin {2}arn:aws:iam::111122223333:user\/erin/);
    expect(run.stdout).toMatch(/^ {2}boundary {4}developer-boundary$/m);
    expect(run.stdout).toMatch(/^ {2}admin {7}no$/m);
    expect(run.stdout).toMatch(/^ {2}service +List +Read +Write +Permissions management +Tagging +granted +conditional$/m);
    expect(run.stdout).toMatch(/^ {2}s3 +\d+/m);
    expect(run.stdout).not.toMatch(/^ {2}iam /m);
    expect(run.stdout).toMatch(/^ {2}s3 Read \(\d+ of \d+\): .*s3:GetObject/m);
    const report = await permissionsJson(['erin', '--snapshot', EXAMPLE]);
    expect(report.boundary?.name).toBe('developer-boundary');
    expect(report.summary.services.map((s) => s.service).every((s) => ['s3', 'dynamodb', 'lambda', 'logs', 'cloudwatch'].includes(s))).toBe(true);
  });

  it('a group is not a principal to ask, and says so', async () => {
    const run = await runGuard(['permissions', 'Admins', '--snapshot', EXAMPLE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/`Admins` is a group/);
  });

  it('bad input exits 2 without a stack trace', async () => {
    for (const args of [['alice'], ['alice', '--snapshot', 'missing.json'], ['alice', '--snapshot', EXAMPLE, '--nope']]) {
      const run = await runGuard(['permissions', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });
});

interface Evaluation extends Omit<PermissionsJson, 'format' | 'principal'> {
  evaluatedIn: { account: string; accountName: string | null; assignments: number | null; snapshotAccount: boolean; managementAccount: boolean | null };
}
interface PermissionSetJson {
  format: string;
  principal: { type: string; name: string; arn: string | null };
  evaluations: Evaluation[];
}

async function permissionSetJson(args: readonly string[]): Promise<PermissionSetJson> {
  const run = await runGuard(['permissions', ...args, '-f', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as PermissionSetJson;
}

const PERMISSION_SET = (id: string): string => `arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-a1b2c3d4e5f6000${id}`;

describe('guard permissions on a permission set of the example account (IAM Identity Center)', () => {
  it('by name: evaluated in each account it is assigned in; a customer managed policy is unknown outside the snapshot account', async () => {
    const report = await permissionSetJson(['DeveloperAccess', '--snapshot', EXAMPLE]);
    expect(report.principal).toEqual({ type: 'permission-set', name: 'DeveloperAccess', arn: PERMISSION_SET('2') });
    expect(report.evaluations.map((e) => [e.evaluatedIn.account, e.evaluatedIn.accountName, e.evaluatedIn.snapshotAccount, e.known])).toEqual([
      ['111122223333', 'example-payments-prod', true, true],
      ['555566667777', 'example-sandbox', false, false],
    ]);
    // Not known there, and it says why: the set's customer managed policy is that account's own.
    expect(report.evaluations[1]?.unknownBecause).toBe('customer managed policy reporting-read is resolved in account example-sandbox, whose IAM the snapshot does not hold');
    const [here] = report.evaluations;
    expect(here?.policies.map((p) => p.name)).toEqual(['DeveloperAccess/inline', 'reporting-read']);
    expect(here?.boundary?.name).toBe('developer-boundary');
  });

  it("by ARN: an assignment in another account goes through that account's SCP chain; the management account has none", async () => {
    const admin = await permissionSetJson([PERMISSION_SET('1'), '--snapshot', EXAMPLE]);
    const [member, management] = admin.evaluations;
    expect(member?.evaluatedIn).toEqual({ account: '111122223333', accountName: 'example-payments-prod', assignments: 1, snapshotAccount: true, managementAccount: false });
    expect(management?.evaluatedIn).toEqual({ account: '999988887777', accountName: 'example-management', assignments: 1, snapshotAccount: false, managementAccount: true });
    // The member's SCPs (regions, LeaveOrganization) make grants conditional or refuse them; nothing bounds the management account.
    expect(member?.conditionalActions.length).toBeGreaterThan(0);
    expect(actionsOf(member as unknown as PermissionsJson, 'organizations')).not.toContain('organizations:LeaveOrganization');
    expect(management?.conditionalActions).toEqual([]);
    expect(actionsOf(management as unknown as PermissionsJson, 'organizations')).toContain('organizations:LeaveOrganization');
    expect(management?.admin).toBe('unconditional');
  });

  it('in text, each evaluation names its account and how it is bounded; escalation is searched only in the snapshot account', async () => {
    const run = await runGuard(['permissions', 'SecurityAudit', '--snapshot', EXAMPLE]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^permission-set SecurityAudit {2}arn:aws:sso:::permissionSet\/\S+ {2}in 333344445555 at /);
    expect(run.stdout).toMatch(/^ {2}account {5}333344445555 \(example-security-tooling\), through its SCP chain; 1 assignment there$/m);
    expect(run.stdout).toMatch(/^ {2}escalation {2}not searched: the snapshot holds the IAM of its own account only$/m);
    const admin = await runGuard(['permissions', 'AdministratorAccess', '--snapshot', EXAMPLE]);
    expect(admin.stdout).toMatch(/^AdministratorAccess is evaluated in each of the 2 accounts it is assigned in:$/m);
    expect(admin.stdout).toMatch(/^ {2}account {5}999988887777 \(example-management\), the management account: no SCP applies; 1 assignment there$/m);
  });

  it('a name shared by a role and a permission set is ambiguous: the message lists both and how to choose', async () => {
    const data = JSON.parse(readFileSync(join(REPO, EXAMPLE), 'utf8')) as { iam: { authorizationDetails: { RoleDetailList: { RoleName: string; Arn: string }[] } } };
    const role = data.iam.authorizationDetails.RoleDetailList.find((r) => r.RoleName === 'partner-audit');
    if (role === undefined) throw new Error('the example account has no partner-audit role');
    role.RoleName = 'SecurityAudit';
    role.Arn = `arn:aws:iam::111122223333:role/SecurityAudit`;
    const file = snapshotFile('shared-name', data);
    const run = await runGuard(['permissions', 'SecurityAudit', '--snapshot', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /`SecurityAudit` names role\/SecurityAudit and permission-set\/SecurityAudit: give `role\/SecurityAudit` or an ARN \(arn:aws:iam::111122223333:role\/SecurityAudit, arn:aws:sso:::permissionSet\/\S+\)/,
    );
    expect((await permissionSetJson(['permission-set/SecurityAudit', '--snapshot', file])).principal.type).toBe('permission-set');
    expect((await permissionsJson(['role/SecurityAudit', '--snapshot', file])).principal.type).toBe('role');
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('guard permissions on the iam-vulnerable account', () => {
  it('privesc1-CreateNewPolicyVersion-user can create policy versions and has an escalation path', async () => {
    const file = snapshotFile('iam-vulnerable', wrappedDump('cloudsplaining-iam-vulnerable-account.json', '200611803367'));
    const report = await permissionsJson(['privesc1-CreateNewPolicyVersion-user', '--snapshot', file]);
    expect(actionsOf(report, 'iam')).toContain('iam:CreatePolicyVersion');
    expect(report.escalations?.some((e) => e.actions.includes('iam:CreatePolicyVersion'))).toBe(true);
  });
});

/**
 * docs/permissions.md's worked examples stay true: each `sh` block of one guard command followed by a
 * `text` block prints exactly that; followed by a `json` block, the same document, where the doc may
 * show only the first principals of `who-can` (the real output's list is cut to the doc's length).
 */
describe('docs/permissions.md examples', () => {
  const blocks = fencedBlocks(readFileSync(join(REPO, 'docs/permissions.md'), 'utf8'));
  const examples = blocks.flatMap((block, i) => {
    const next = blocks[i + 1];
    const commands = block.info === 'sh' ? guardCommands(block) : [];
    return commands.length === 1 && next !== undefined && (next.info === 'text' || next.info === 'json') ? [{ line: block.line, args: shellWords(commands[0] ?? ''), output: next }] : [];
  });

  it('there are some of each command, in text and JSON', () => {
    expect(new Set(examples.map((e) => `${e.args[0]} ${e.output.info}`))).toEqual(new Set(['who-can text', 'who-can json', 'permissions text', 'permissions json']));
  });

  for (const { line, args, output } of examples) {
    it(`docs/permissions.md:${line}: guard ${args.join(' ')}`, async () => {
      const run = await runGuard(args);
      expect(run.code, run.stderr).toBe(0);
      if (output.info === 'text') {
        expect(run.stdout).toBe(output.body);
        return;
      }
      const shown = JSON.parse(output.body) as { principals?: unknown[] };
      const real = JSON.parse(run.stdout) as { principals?: unknown[] };
      if (shown.principals !== undefined && real.principals !== undefined) real.principals = real.principals.slice(0, shown.principals.length);
      expect(real).toEqual(shown);
    });
  }
});

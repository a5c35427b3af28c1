import { describe, expect, it } from 'vitest';
import { ACCOUNT, ALLOW_ALL, HAVE_SHARED_DATA, managedPolicy, role, SERVICE_TRUST, snapshotData, user, wrappedDump } from '../model/fixtures.ts';
import { runGuard } from '../support/run-guard.ts';
import { doc, EXAMPLE, inline, snapshotFiles } from './permission-fixtures.ts';

/** `guard who-can` as users run it: the real binary on the example account, small hand-made snapshots and the iam-vulnerable dump. */

const snapshotFile = snapshotFiles('guard-who-can-');
const attached = (name: string): Record<string, unknown> => ({ PolicyName: name, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/${name}` });

interface WhoCanJson {
  format: string;
  query: { action: string; resource: string | null; unconditionally: boolean };
  summary: { principals: number; unconditional: number; conditional: number; unknown: number; none: number };
  notEnumerated: string[];
  principals: {
    type: string;
    name: string;
    arn: string | null;
    level: string;
    actions: string[];
    allowedBy: { policy: string; policyArn: string | null; via: string | null; index: number; sid: string | null }[];
    conditions: string[];
    unknownBecause: string | null;
  }[];
}

async function whoCanJson(args: readonly string[]): Promise<WhoCanJson> {
  const run = await runGuard(['who-can', ...args, '-f', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as WhoCanJson;
}

const listed = (report: WhoCanJson): string[] => report.principals.map((p) => `${p.type} ${p.name} ${p.level}`);

/** Users and roles that show each way a grant is made or taken away. */
const HAND_MADE = snapshotData(
  {},
  {
    authorizationDetails: {
      UserDetailList: [
        user('admin', { AttachedManagedPolicies: [attached('Admin')] }),
        user('denied', { AttachedManagedPolicies: [attached('Admin')], UserPolicyList: [inline('no-pass', doc({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }))] }),
        user('bounded', { AttachedManagedPolicies: [attached('Admin')], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/s3-only` } }),
        user('with-mfa', { UserPolicyList: [inline('pass-mfa', doc({ Sid: 'PassWithMfa', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] }),
        user('member', { GroupList: ['passers'] }),
        user('nobody'),
      ],
      GroupDetailList: [
        {
          Path: '/',
          GroupName: 'passers',
          GroupId: 'AGPAPASSERS',
          Arn: `arn:aws:iam::${ACCOUNT}:group/passers`,
          CreateDate: '2025-01-01T00:00:00Z',
          GroupPolicyList: [inline('pass-app-roles', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/app-*` }))],
          AttachedManagedPolicies: [],
        },
      ],
      RoleDetailList: [role('app-runner', SERVICE_TRUST, { RolePolicyList: [inline('put-policies', doc({ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:PutUserPolicy'], Resource: '*' }))] })],
      Policies: [managedPolicy('Admin', ALLOW_ALL, { AttachmentCount: 2 }), managedPolicy('s3-only', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), { PermissionsBoundaryUsageCount: 1 })],
    },
  },
);

describe('guard who-can on hand-made accounts', () => {
  const file = snapshotFile('hand-made', HAND_MADE);

  it('applies Deny, boundaries and groups, and tells conditional grants from unconditional ones', async () => {
    const report = await whoCanJson(['iam:PassRole', '--snapshot', file]);
    expect(report.format).toBe('guard-who-can/v1');
    expect(report.query).toEqual({ action: 'iam:PassRole', resource: null, unconditionally: false });
    expect(listed(report)).toEqual(['user admin unconditional', 'user member unconditional', 'user with-mfa conditional']);
    expect(report.summary).toEqual({ principals: 7, permissionSets: 0, unconditional: 2, conditional: 1, unknown: 0, none: 4 });
    // The group that grants member's PassRole is not listed: a group is not a principal (docs/permissions.md).
    expect(report.principals.filter((p) => p.type === 'group')).toEqual([]);
    const [admin, member, mfa] = report.principals;
    expect(admin?.allowedBy).toEqual([{ policy: 'Admin', policyArn: `arn:aws:iam::${ACCOUNT}:policy/Admin`, via: null, index: 1, sid: null }]);
    expect(member?.allowedBy.map((s) => [s.policy, s.via])).toEqual([['passers/pass-app-roles', 'passers']]);
    expect(mfa?.allowedBy.map((s) => s.sid)).toEqual(['PassWithMfa']);
    expect(mfa?.conditions.join(' ')).toContain('aws:MultiFactorAuthPresent');
  });

  it('--unconditionally leaves out grants that need request-time conditions, and still counts them', async () => {
    const report = await whoCanJson(['iam:PassRole', '--snapshot', file, '--unconditionally']);
    expect(listed(report)).toEqual(['user admin unconditional', 'user member unconditional']);
    expect(report.summary.conditional).toBe(1);
  });

  it('--on a concrete ARN asks about that resource; a glob about every resource it covers', async () => {
    const app = await whoCanJson(['iam:PassRole', '--on', `arn:aws:iam::${ACCOUNT}:role/app-runner`, '--snapshot', file]);
    expect(listed(app)).toContain('user member unconditional');
    const other = await whoCanJson(['iam:PassRole', '--on', `arn:aws:iam::${ACCOUNT}:role/ops`, '--snapshot', file]);
    expect(listed(other)).not.toContain('user member unconditional');
    const every = await whoCanJson(['iam:PassRole', '--on', `arn:aws:iam::${ACCOUNT}:role/*`, '--snapshot', file]);
    expect(listed(every)).toEqual(['user admin unconditional', 'user with-mfa conditional']);
  });

  it('an action glob asks about some action it matches, and lists the granted ones', async () => {
    const report = await whoCanJson(['iam:Put*Policy', '--snapshot', file]);
    const runner = report.principals.find((p) => p.name === 'app-runner');
    expect(runner?.actions.sort()).toEqual(['iam:PutRolePolicy', 'iam:PutUserPolicy']);
    expect(listed(report)).not.toContain('user bounded unconditional');
  });

  it('prints aligned text: principals by how they can, their statements, the conditions and a summary', async () => {
    const run = await runGuard(['who-can', 'iam:PassRole', '--snapshot', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^who can iam:PassRole on some resource in 123456789012 at 2026-11-27T10:00:00Z$/m);
    expect(run.stdout).toMatch(/^unconditionally \(2\)\n {2}user {2}admin {5}Admin#1$/m);
    expect(run.stdout).toMatch(/^ {2}user {2}member {4}passers\/pass-app-roles#1 via group passers$/m);
    expect(run.stdout).toMatch(/^under conditions \(1\)\n {2}user {2}with-mfa {2}with-mfa\/pass-mfa#1 PassWithMfa\n {18}if .*aws:MultiFactorAuthPresent/m);
    expect(run.stdout).toMatch(/^3 of 7 users and roles can \(2 unconditionally, 1 under conditions\); 0 unknown; 4 cannot$/m);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('lists principals whose policies are not in the snapshot as unknown, never as cannot', async () => {
    const missing = snapshotData({}, { authorizationDetails: { UserDetailList: [user('orphan', { AttachedManagedPolicies: [attached('not-collected')] })], GroupDetailList: [], RoleDetailList: [], Policies: [] } });
    const report = await whoCanJson(['iam:PassRole', '--snapshot', snapshotFile('missing-policy', missing)]);
    expect(listed(report)).toEqual(['user orphan unknown']);
    expect(report.summary).toMatchObject({ unknown: 1, none: 0 });
    expect(report.principals[0]?.unknownBecause).toBe(`policy arn:aws:iam::${ACCOUNT}:policy/not-collected is not in the snapshot`);
  });

  it('says what an unknown principal lacks: a snapshot without `organizations` leaves the SCPs that bound it unknown', async () => {
    const { organizations: _, ...wrapped } = snapshotData(
      {},
      { authorizationDetails: { UserDetailList: [user('dana', { UserPolicyList: [inline('all', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))] })], GroupDetailList: [], RoleDetailList: [], Policies: [] } },
    );
    const path = snapshotFile('no-organizations', wrapped);
    const report = await whoCanJson(['iam:PassRole', '--snapshot', path]);
    expect(listed(report)).toEqual(['user dana unknown']);
    expect(report.principals[0]?.unknownBecause).toMatch(/^the `organizations` section was not collected, so whether account \d{12} is in an organization, and the SCPs that bound it, are unknown/);
    const text = await runGuard(['who-can', 'iam:PassRole', '--snapshot', path, '--no-color']);
    // One reason shared by every unknown principal is said once, under the heading, not on each row.
    expect(text.stdout).toMatch(/^unknown \(1\)\n {2}the `organizations` section was not collected, .*\n {2}user {2}dana\n/m);
    // Known principals have no reason.
    const known = await whoCanJson([
      'iam:PassRole',
      '--snapshot',
      snapshotFile(
        'with-organizations',
        snapshotData(
          {},
          { authorizationDetails: { UserDetailList: [user('dana', { UserPolicyList: [inline('all', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))] })], GroupDetailList: [], RoleDetailList: [], Policies: [] } },
        ),
      ),
    ]);
    expect(known.principals.map((p) => [p.name, p.level, p.unknownBecause])).toEqual([['dana', 'unconditional', null]]);
  });

  it('says when the snapshot does not list users or roles at all', async () => {
    const data = snapshotData({ errors: [{ section: 'iam.authorizationDetails', code: 'AccessDenied', message: 'not authorized' }] });
    const iam = data['iam'] as Record<string, unknown>;
    delete iam['authorizationDetails'];
    const path = snapshotFile('no-details', data);
    const report = await whoCanJson(['iam:PassRole', '--snapshot', path]);
    expect(report.principals.every((p) => p.level === 'unknown')).toBe(true);
    expect(report.notEnumerated).toEqual(['users', 'roles']);
    const text = await runGuard(['who-can', 'iam:PassRole', '--snapshot', path]);
    expect(text.stdout).toContain('unknown beyond these: the snapshot does not list its users or roles');
  });
});

describe('guard who-can on the example account', () => {
  it('iam:PassRole: the administrators, the PassRole grants, and not the boundary-limited developer', async () => {
    const report = await whoCanJson(['iam:PassRole', '--snapshot', EXAMPLE]);
    const names = report.principals.map((p) => p.name);
    for (const name of ['alice', 'dave', 'ci-deploy', 'old-batch-role']) expect(names).toContain(name);
    for (const name of ['erin', 'bob', 'legacy-reporting']) expect(names).not.toContain(name);
    const alice = report.principals.find((p) => p.name === 'alice');
    expect(alice?.allowedBy.map((s) => `${s.policy} via ${s.via}`)).toEqual(['AdministratorAccess via Admins']);
    const k = report.summary;
    expect(k.unconditional + k.conditional + k.unknown + k.none).toBe(k.principals);
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('guard who-can on the iam-vulnerable account', () => {
  it('iam:CreatePolicyVersion lists privesc1-CreateNewPolicyVersion-user', async () => {
    const file = snapshotFile('iam-vulnerable', wrappedDump('cloudsplaining-iam-vulnerable-account.json', '200611803367'));
    const report = await whoCanJson(['iam:CreatePolicyVersion', '--snapshot', file]);
    expect(report.principals.map((p) => p.name)).toContain('privesc1-CreateNewPolicyVersion-user');
  });
});

describe('guard who-can: bad input exits 2 with a located message, never a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['an action with nothing after its colon', ['iam:', '--snapshot', EXAMPLE], /ACTION: .*`iam:` has no action after its `:`/],
    ['an action with two colons', ['a:b:c', '--snapshot', EXAMPLE], /`a:b:c` has more than one `:`/],
    ['an action without a service', ['PassRole', '--snapshot', EXAMPLE], /`PassRole` has no `:` between service and action/],
    ['a resource that is no ARN', ['iam:PassRole', '--on', 'role/deploy', '--snapshot', EXAMPLE], /--on: expected `\*` or an ARN/],
    ['an unknown flag', ['iam:PassRole', '--snapshot', EXAMPLE, '--frobnicate'], /unknown option '--frobnicate'/],
    ['no snapshot', ['iam:PassRole'], /required option '-s, --snapshot <file>' not specified/],
    ['a missing snapshot file', ['iam:PassRole', '--snapshot', 'no/such/file.json'], /no\/such\/file\.json: error: cannot read snapshot[\s\S]*not a valid snapshot/],
    ['an unknown format', ['iam:PassRole', '--snapshot', EXAMPLE, '-f', 'sarif'], /argument 'sarif' is invalid/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const run = await runGuard(['who-can', ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).toBe('');
    });
  }

  it('an invalid snapshot gets the same messages as eval', async () => {
    const path = snapshotFile('broken', '{"format": "guard-snapshot/v1",');
    const [whoCan, evaluated] = await Promise.all([runGuard(['who-can', 'iam:PassRole', '--snapshot', path]), runGuard(['eval', '--snapshot', path])]);
    expect(whoCan.code).toBe(2);
    expect(whoCan.stderr).toBe(evaluated.stderr);
  });

  it('an action the catalog does not know is refused with a suggestion: "nobody can" would read as safe', async () => {
    for (const [action, message] of [
      ['iam:PasRole', /ACTION: no action of service `iam` matches `iam:PasRole`.*; did you mean `iam:PassRole`\?/],
      ['iamm:Pass*', /ACTION: the IAM action catalog has no service `iamm`.*; did you mean `iam:Pass\*`\?/],
      ['*:PassRol', /ACTION: no action of the catalog matches `\*:PassRol`/],
    ] as const) {
      const run = await runGuard(['who-can', action, '--snapshot', EXAMPLE]);
      expect(run.code, action).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).toBe('');
    }
  });
});

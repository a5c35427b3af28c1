import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/index.ts';
import { REPORT_COLUMN_NAMES, type ReportColumn } from '../../src/model/index.ts';
import { type DocumentForm, encodeDocument } from '../../src/testing/index.ts';
import { ACCOUNT, managedPolicy, role, snapshotData, user } from '../model/fixtures.ts';
import { compileLibrary, DAY, loadModel, NOW, type Verdict } from './oracle-support.ts';

/**
 * Example tests of the built-in library on raw snapshots: the edges of issue 4 that exist only in
 * the snapshot file (document encodings, string-vs-list fields, date spellings, credential report
 * sentinels, CRLF, upper-case booleans, sections missing or in `errors`). The model-level examples
 * live in policies/*.test.guard; these go through parsing and normalizing as `guard eval` does.
 */

type Library = Awaited<ReturnType<typeof compileLibrary>>;
let library: Library;

beforeAll(async () => {
  library = await compileLibrary();
});

/**
 * The library's verdict for `rule` on the entity named `name` of the rule's collection. A collection
 * that cannot be listed must give exactly one unknown finding; otherwise the entity must exist, so
 * that a pass is never a pass on nothing.
 */
function verdict(raw: Record<string, unknown>, rule: string, name: string): Verdict {
  const prepared = library.find((p) => p.info.id === rule);
  if (prepared === undefined) throw new Error(`no library rule ${rule}`);
  const collectionName = prepared.compiled.rule.body.scope.collection;
  const model = loadModel(raw);
  const findings = evaluate([prepared], model).findings;
  const collection = model.collections[collectionName];
  if (collection === undefined || !collection.known) {
    expect(findings.map((f) => [f.resource.key, f.status])).toEqual([[`collection/${collectionName}`, 'unknown']]);
    return 'unknown';
  }
  const target = collection.entities.find((e) => e.name === name);
  if (target === undefined) throw new Error(`${rule}: no ${collectionName} entity named ${name} (have ${collection.entities.map((e) => e.name).join(', ')})`);
  const finding = findings.find((f) => f.resource.key === target.key);
  return finding === undefined ? 'pass' : finding.status === 'unknown' ? 'unknown' : 'fail';
}

// ---------------------------------------------------------------------------------------------
// raw snapshot builders

const ISO_SECOND = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
type DateForm = 'Z' | '+00:00' | 'micro' | 'boto' | '+01:00';
const FORMS: readonly DateForm[] = ['Z', '+00:00', 'micro', 'boto', '+01:00'];

/** `ms` (whole seconds) written the way one AWS tool or another writes it. */
function at(ms: number, form: DateForm): string {
  switch (form) {
    case 'Z':
      return `${ISO_SECOND(ms)}Z`;
    case '+00:00':
      return `${ISO_SECOND(ms)}+00:00`;
    case 'micro':
      return `${ISO_SECOND(ms)}.000000+00:00`;
    case 'boto':
      return `${ISO_SECOND(ms).replace('T', ' ')}+00:00`;
    case '+01:00':
      return `${ISO_SECOND(ms + 3_600_000)}+01:00`;
  }
}
const daysAgo = (days: number, form: DateForm = '+00:00'): string => at(NOW - days * DAY, form);

const COLUMNS = REPORT_COLUMN_NAMES;
type Column = ReportColumn;
type Row = Partial<Record<Column, string>> & { readonly user: string };

/** A report row's defaults: no password, no MFA, no keys, no certificates (root: real reports' not_supported). */
function rowValues(row: Row): Record<Column, string> {
  const root = row.user === '<root_account>';
  const defaults: Record<Column, string> = {
    user: row.user,
    arn: root ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${row.user}`,
    user_creation_time: '2025-01-01T00:00:00+00:00',
    password_enabled: root ? 'not_supported' : 'false',
    password_last_used: 'N/A',
    password_last_changed: root ? 'not_supported' : 'N/A',
    password_next_rotation: root ? 'not_supported' : 'N/A',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
  return { ...defaults, ...row };
}

/** The credential report CSV, columns in `columns` order (the report is read by header name), lines ended by `eol`. */
function csv(rows: readonly Row[], options: { eol?: string; columns?: readonly Column[] } = {}): string {
  const columns = options.columns ?? COLUMNS;
  const eol = options.eol ?? '\n';
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => rowValues(r)[c]).join(','))];
  return lines.join(eol) + eol;
}

const ROOT_OK: Row = { user: '<root_account>', mfa_active: 'true', user_creation_time: '2020-01-01T00:00:00+00:00' };

/** A valid snapshot of account ACCOUNT at NOW: every section collected and empty unless `iam` says otherwise. */
function snap(iam: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Record<string, unknown> {
  return snapshotData(top, { credentialReport: csv([ROOT_OK]), ...iam });
}

/** `data` with these IAM sections left out (not collected). */
function without(data: Record<string, unknown>, ...sections: string[]): Record<string, unknown> {
  const iam = { ...(data['iam'] as Record<string, unknown>) };
  for (const s of sections) delete iam[s];
  return { ...data, iam };
}

const details = (lists: { users?: unknown[]; groups?: unknown[]; roles?: unknown[]; policies?: unknown[] }): Record<string, unknown> => ({
  UserDetailList: lists.users ?? [],
  GroupDetailList: lists.groups ?? [],
  RoleDetailList: lists.roles ?? [],
  Policies: lists.policies ?? [],
});

function group(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Path: '/', GroupName: name, GroupId: `AGPA${name.toUpperCase()}`, Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`, CreateDate: '2025-01-01T00:00:00Z', GroupPolicyList: [], AttachedManagedPolicies: [], ...extra };
}

// ---------------------------------------------------------------------------------------------
// policy documents

type DocForm = DocumentForm | 'url-plus';
const DOC_FORMS: readonly DocForm[] = ['object', 'json', 'url', 'url-plus'];

/** A policy document in one of the accepted encodings. */
function encode(doc: Record<string, unknown>, form: DocForm): unknown {
  // The raw IAM API form may write spaces as `+`; indentation gives the document spaces.
  if (form === 'url-plus') return encodeURIComponent(JSON.stringify(doc, null, 2)).replace(/%20/g, '+');
  return encodeDocument(doc, form);
}

const doc = (Statement: unknown): Record<string, unknown> => ({ Version: '2012-10-17', Statement });
const ADMIN = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const READ_S3 = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }]);

/** A customer managed policy `name` with `document`, attached to user `alice`. */
function attachedPolicy(name: string, document: unknown): Record<string, unknown> {
  return snap({
    authorizationDetails: details({
      users: [user('alice', { AttachedManagedPolicies: [{ PolicyName: name, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/${name}` }] })],
      policies: [managedPolicy(name, document, { AttachmentCount: 1 })],
    }),
    credentialReport: csv([ROOT_OK, { user: 'alice' }]),
  });
}

describe('pol.no-admin-star on policy documents in every encoding', () => {
  it.each(DOC_FORMS)('pol.no-admin-star fails on managed policy "admin" given as %s', (form) => {
    expect(verdict(attachedPolicy('admin', encode(ADMIN, form)), 'pol.no-admin-star', 'admin')).toBe('fail');
  });

  it.each(DOC_FORMS)('pol.no-admin-star passes on managed policy "reader" given as %s', (form) => {
    expect(verdict(attachedPolicy('reader', encode(READ_S3, form)), 'pol.no-admin-star', 'reader')).toBe('pass');
  });

  it.each(DOC_FORMS)('pol.no-admin-star fails on inline policies "alice/admin", "Ops/admin", "app/admin" given as %s', (form) => {
    const inline = [{ PolicyName: 'admin', PolicyDocument: encode(ADMIN, form) }];
    const trust = doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const data = snap({
      authorizationDetails: details({
        users: [user('alice', { UserPolicyList: inline })],
        groups: [group('Ops', { GroupPolicyList: inline })],
        roles: [role('app', trust, { RolePolicyList: inline })],
      }),
      credentialReport: csv([ROOT_OK, { user: 'alice' }]),
    });
    expect(['alice/admin', 'Ops/admin', 'app/admin'].map((name) => verdict(data, 'pol.no-admin-star', name))).toEqual(['fail', 'fail', 'fail']);
  });

  const shapes: readonly [string, Verdict, unknown][] = [
    ['Statement as one object', 'fail', { Effect: 'Allow', Action: '*', Resource: '*' }],
    ['Action and Resource as lists', 'fail', [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }]],
    ['Action a list holding "*" among others', 'fail', [{ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: '*' }]],
    ['Action "*:*"', 'fail', [{ Effect: 'Allow', Action: '*:*', Resource: '*' }]],
    ['Action "*:Get*"', 'pass', [{ Effect: 'Allow', Action: '*:Get*', Resource: '*' }]],
    ['Resource a list not holding "*"', 'pass', [{ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }]],
    [
      'an unconditional Deny of everything',
      'pass',
      [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: ['*'], Resource: '*' },
      ],
    ],
  ];
  it.each(shapes)('pol.no-admin-star on managed policy "p" with %s: %s', (_, expected, statement) => {
    for (const form of DOC_FORMS) expect([form, verdict(attachedPolicy('p', encode(doc(statement), form)), 'pol.no-admin-star', 'p')]).toEqual([form, expected]);
  });

  it('pol.no-admin-star passes on an unattached managed policy "spare" that grants * on *', () => {
    const data = snap({ authorizationDetails: details({ policies: [managedPolicy('spare', encode(ADMIN, 'url'))] }) });
    expect(verdict(data, 'pol.no-admin-star', 'spare')).toBe('pass');
  });

  it('pol.no-admin-star reads only the default version of managed policy "versioned"', () => {
    const versions = [
      { Document: encode(ADMIN, 'url'), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2025-01-01T00:00:00Z' },
      { Document: encode(READ_S3, 'json'), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2025-02-01T00:00:00Z' },
    ];
    const passing = attachedPolicy('versioned', READ_S3);
    const ad = (passing['iam'] as Record<string, Record<string, unknown[]>>)['authorizationDetails']!;
    ad['Policies'] = [managedPolicy('versioned', READ_S3, { AttachmentCount: 1, DefaultVersionId: 'v2', PolicyVersionList: versions })];
    expect(verdict(passing, 'pol.no-admin-star', 'versioned')).toBe('pass');
    ad['Policies'] = [managedPolicy('versioned', READ_S3, { AttachmentCount: 1, DefaultVersionId: 'v1', PolicyVersionList: versions.map((v) => ({ ...v, IsDefaultVersion: v.VersionId === 'v1' })) })];
    expect(verdict(passing, 'pol.no-admin-star', 'versioned')).toBe('fail');
  });
});

describe('trust.no-public-principal on trust policies in every encoding', () => {
  const roleWith = (trust: unknown): Record<string, unknown> => snap({ authorizationDetails: details({ roles: [role('r', trust)] }) });
  const statement = (extra: Record<string, unknown>): Record<string, unknown> => ({ Effect: 'Allow', Action: 'sts:AssumeRole', ...extra });

  const principals: readonly [string, Verdict, Record<string, unknown>][] = [
    ['Principal "*"', 'fail', statement({ Principal: '*' })],
    ['Principal {AWS: "*"}', 'fail', statement({ Principal: { AWS: '*' } })],
    ['Principal {AWS: ["*"]}', 'fail', statement({ Principal: { AWS: ['*'] } })],
    ['Principal {AWS: [own account, "*"]}', 'fail', statement({ Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, '*'] } })],
    ['Principal "*" with a condition', 'pass', statement({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc1234567' } } })],
    ['Principal "*" in a Deny', 'pass', { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*' }],
    ['Principal {Service: ec2}', 'pass', statement({ Principal: { Service: 'ec2.amazonaws.com' } })],
    ['Principal {AWS: own account}', 'pass', statement({ Principal: { AWS: ACCOUNT } })],
  ];

  it.each(principals)('trust.no-public-principal on role "r" with %s, Statement as a list, in every encoding: %s', (_, expected, s) => {
    for (const form of DOC_FORMS) expect([form, verdict(roleWith(encode(doc([s]), form)), 'trust.no-public-principal', 'r')]).toEqual([form, expected]);
  });

  it.each(principals)('trust.no-public-principal on role "r" with %s, Statement as one object, in every encoding: %s', (_, expected, s) => {
    for (const form of DOC_FORMS) expect([form, verdict(roleWith(encode(doc(s), form)), 'trust.no-public-principal', 'r')]).toEqual([form, expected]);
  });

  it('trust.no-public-principal fails on role "r" when a second statement is public, Action as a list', () => {
    const trust = doc([statement({ Principal: { Service: 'lambda.amazonaws.com' } }), { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { AWS: '*' } }]);
    expect(verdict(roleWith(encode(trust, 'url')), 'trust.no-public-principal', 'r')).toBe('fail');
  });
});

describe('trust.github-oidc-sub and the spelling of condition operators', () => {
  const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const SUB = 'token.actions.githubusercontent.com:sub';
  const github = (Condition: Record<string, unknown> | undefined): Record<string, unknown> =>
    snap({
      authorizationDetails: details({
        roles: [role('gha', encode(doc({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', ...(Condition ? { Condition } : {}) }), 'url'))],
      }),
    });

  const cases: readonly [string, Verdict, Record<string, unknown> | undefined][] = [
    ['no condition', 'fail', undefined],
    ['StringLike sub "*"', 'fail', { StringLike: { [SUB]: '*' } }],
    // IAM spells the prefix ForAnyValue (singular): it was once missed, leaving `*` unnoticed.
    ['ForAnyValue:StringLike sub "*"', 'fail', { 'ForAnyValue:StringLike': { [SUB]: '*' } }],
    ['ForAllValues:StringLike sub "*"', 'fail', { 'ForAllValues:StringLike': { [SUB]: '*' } }],
    ['StringLikeIfExists sub ["*"]', 'fail', { StringLikeIfExists: { [SUB]: ['*'] } }],
    ['StringLike sub "repo:my-org/app:*"', 'pass', { StringLike: { [SUB]: 'repo:my-org/app:*' } }],
    ['StringEquals sub a list of refs', 'pass', { StringEquals: { [SUB]: ['repo:my-org/app:ref:refs/heads/main', 'repo:my-org/app:environment:prod'] } }],
  ];
  it.each(cases)('trust.github-oidc-sub on role "gha" (URL-encoded trust) with %s: %s', (_, expected, condition) => {
    expect(verdict(github(condition), 'trust.github-oidc-sub', 'gha')).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// dates

describe('dates in every form, at the threshold', () => {
  const keyRotated = (rotated: string, capturedAt?: string): Record<string, unknown> =>
    snap(
      {
        authorizationDetails: details({ users: [user('alice')] }),
        credentialReport: csv([
          ROOT_OK,
          { user: 'alice', access_key_1_active: 'true', access_key_1_last_rotated: rotated, access_key_1_last_used_date: daysAgo(1), access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 's3' },
        ]),
      },
      capturedAt === undefined ? {} : { capturedAt },
    );
  const EXACTLY_90 = NOW - 90 * DAY;

  it.each(FORMS)('key.rotation passes on access key "alice/1" rotated exactly 90 days ago, written %s', (form) => {
    expect(verdict(keyRotated(at(EXACTLY_90, form)), 'key.rotation', 'alice/1')).toBe('pass');
  });

  it.each(FORMS)('key.rotation fails on access key "alice/1" rotated 90 days and 1 second ago, written %s', (form) => {
    expect(verdict(keyRotated(at(EXACTLY_90 - 1000, form)), 'key.rotation', 'alice/1')).toBe('fail');
  });

  it('key.rotation on access key "alice/1": a millisecond past 90 days fails, sub-millisecond fractions are dropped', () => {
    expect(verdict(keyRotated(`${ISO_SECOND(EXACTLY_90 - 1000)}.999+00:00`), 'key.rotation', 'alice/1')).toBe('fail');
    expect(verdict(keyRotated(`${ISO_SECOND(EXACTLY_90 - 1000)}.999999Z`), 'key.rotation', 'alice/1')).toBe('fail');
    // 0.0009 s after the threshold instant: beyond millisecond precision, so exactly 90 days.
    expect(verdict(keyRotated(`${ISO_SECOND(EXACTLY_90)}.000900Z`), 'key.rotation', 'alice/1')).toBe('pass');
  });

  it.each(FORMS)('key.rotation on access key "alice/1" with capturedAt written %s: exactly 90 days passes, +1s fails', (form) => {
    expect(verdict(keyRotated(at(EXACTLY_90, 'Z'), at(NOW, form)), 'key.rotation', 'alice/1')).toBe('pass');
    expect(verdict(keyRotated(at(EXACTLY_90 - 1000, 'Z'), at(NOW, form)), 'key.rotation', 'alice/1')).toBe('fail');
  });

  const roleUsed = (lastUsed: string, created: string = at(NOW - 400 * DAY, 'Z')): Record<string, unknown> => {
    const trust = doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    return snap({ authorizationDetails: details({ roles: [role('batch', trust, { CreateDate: created, RoleLastUsed: { LastUsedDate: lastUsed, Region: 'us-east-1' } })] }) });
  };

  it.each(FORMS)('role.unused on role "batch" last used exactly 90 days ago (%s) passes, 90 days and 1 second fails', (form) => {
    expect(verdict(roleUsed(at(EXACTLY_90, form)), 'role.unused', 'batch')).toBe('pass');
    expect(verdict(roleUsed(at(EXACTLY_90 - 1000, form)), 'role.unused', 'batch')).toBe('fail');
  });

  it.each(FORMS)('role.unused on role "fresh" never used, created exactly 90 days ago (%s), passes; +1s fails', (form) => {
    const trust = doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const never = (created: number): Record<string, unknown> => snap({ authorizationDetails: details({ roles: [role('fresh', trust, { CreateDate: at(created, form), RoleLastUsed: {} })] }) });
    expect(verdict(never(EXACTLY_90), 'role.unused', 'fresh')).toBe('pass');
    expect(verdict(never(EXACTLY_90 - 1000), 'role.unused', 'fresh')).toBe('fail');
  });
});

// ---------------------------------------------------------------------------------------------
// credential report sentinels: known absent, never unknown

describe('N/A and no_information last-used values are known absent', () => {
  const withUser = (row: Row): Record<string, unknown> => snap({ authorizationDetails: details({ users: [user(row.user, { CreateDate: rowValues(row).user_creation_time })] }), credentialReport: csv([ROOT_OK, row]) });

  it.each(['N/A', 'no_information'])('user.unused on user "ghost" never used (%s), created 91 days ago: fail; created 89 days ago: pass', (never) => {
    const ghost = (created: number): Row => ({ user: 'ghost', user_creation_time: daysAgo(created), password_enabled: 'true', password_last_used: never, mfa_active: 'true' });
    expect(verdict(withUser(ghost(91)), 'user.unused', 'ghost')).toBe('fail');
    expect(verdict(withUser(ghost(89)), 'user.unused', 'ghost')).toBe('pass');
  });

  it('user.unused fails on user "idle" whose key, rotated 10 days ago, was never used: unused counts from creation (200 days)', () => {
    const row: Row = { user: 'idle', user_creation_time: daysAgo(200), access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(10) };
    expect(verdict(withUser(row), 'user.unused', 'idle')).toBe('fail');
  });

  it.each(['N/A', 'no_information'])('cred.key-unused on access key "ci/1" never used (%s): rotated 46 days ago fails, exactly 45 days passes', (never) => {
    const ci = (rotated: number): Row => ({ user: 'ci', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(rotated), access_key_1_last_used_date: never });
    expect(verdict(withUser(ci(46)), 'cred.key-unused', 'ci/1')).toBe('fail');
    expect(verdict(withUser(ci(45)), 'cred.key-unused', 'ci/1')).toBe('pass');
  });

  it.each(['N/A', 'no_information'])('cred.password-unused on user "pat" with password never used (%s): counted from the last change, else creation', (never) => {
    const pat = (changed: string, created: number): Row => ({ user: 'pat', user_creation_time: daysAgo(created), password_enabled: 'true', password_last_used: never, password_last_changed: changed, mfa_active: 'true' });
    expect(verdict(withUser(pat(daysAgo(46), 300)), 'cred.password-unused', 'pat')).toBe('fail');
    expect(verdict(withUser(pat(daysAgo(44), 300)), 'cred.password-unused', 'pat')).toBe('pass');
    expect(verdict(withUser(pat('N/A', 46)), 'cred.password-unused', 'pat')).toBe('fail');
    expect(verdict(withUser(pat('N/A', 44)), 'cred.password-unused', 'pat')).toBe('pass');
  });

  it.each(['N/A', 'no_information'])('root.not-used-recently passes on <root_account> whose password was never used (%s) and which has no keys', (never) => {
    const data = snap({ credentialReport: csv([{ ...ROOT_OK, password_last_used: never }]) });
    expect(verdict(data, 'root.not-used-recently', '<root_account>')).toBe('pass');
  });

  it('root.not-used-recently fails on <root_account> whose password was used 10 days ago', () => {
    const data = snap({ credentialReport: csv([{ ...ROOT_OK, password_last_used: daysAgo(10) }]) });
    expect(verdict(data, 'root.not-used-recently', '<root_account>')).toBe('fail');
  });
});

describe('root password_enabled `not_supported` in the report', () => {
  const rootRow = (mfa: string): Record<string, unknown> => snap({ credentialReport: csv([{ ...ROOT_OK, password_enabled: 'not_supported', mfa_active: mfa }]) });
  const withSummary = (data: Record<string, unknown>, passwordPresent: number): Record<string, unknown> => ({
    ...data,
    iam: { ...(data['iam'] as Record<string, unknown>), accountSummary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: passwordPresent, AccountSigningCertificatesPresent: 0 } },
  });

  it('root.mfa passes on <root_account> without MFA when the summary says no password (centralized root access)', () => {
    expect(verdict(withSummary(rootRow('false'), 0), 'root.mfa', '<root_account>')).toBe('pass');
  });

  it('root.mfa fails on <root_account> without MFA when the summary says it has a password', () => {
    expect(verdict(withSummary(rootRow('false'), 1), 'root.mfa', '<root_account>')).toBe('fail');
  });

  it('root.mfa is unknown on <root_account> without MFA when only the report, saying not_supported, speaks of the password', () => {
    // not_supported says the report does not track root's password: it is not "no password".
    expect(verdict(without(rootRow('false'), 'accountSummary'), 'root.mfa', '<root_account>')).toBe('unknown');
  });

  it('root.mfa passes on <root_account> with MFA whatever the password', () => {
    expect(verdict(without(rootRow('true'), 'accountSummary'), 'root.mfa', '<root_account>')).toBe('pass');
  });

  it('root.hardware-mfa passes on <root_account> with no password, even with a virtual device', () => {
    const device = { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root`, User: { Arn: `arn:aws:iam::${ACCOUNT}:root`, UserId: ACCOUNT, CreateDate: '2020-01-01T00:00:00Z' }, EnableDate: '2020-01-02T00:00:00Z' };
    const data = withSummary(rootRow('true'), 0);
    const withDevice = { ...data, iam: { ...(data['iam'] as Record<string, unknown>), virtualMfaDevices: [device] } };
    expect(verdict(withDevice, 'root.hardware-mfa', '<root_account>')).toBe('pass');
    expect(verdict(withSummary(withDevice, 1), 'root.hardware-mfa', '<root_account>')).toBe('fail');
  });
});

// ---------------------------------------------------------------------------------------------
// inactive keys

describe('inactive access keys', () => {
  const OLD = daysAgo(400);
  const rows = (alice: Row): Record<string, unknown> => snap({ authorizationDetails: details({ users: [user('alice')] }), credentialReport: csv([ROOT_OK, alice]) });
  const oneActiveOneInactive = rows({
    user: 'alice',
    password_enabled: 'true',
    password_last_used: daysAgo(1),
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_1_last_rotated: OLD,
    access_key_2_active: 'false',
    access_key_2_last_rotated: OLD,
    access_key_2_last_used_date: OLD,
    access_key_2_last_used_region: 'us-east-1',
    access_key_2_last_used_service: 's3',
  });

  it('key.rotation passes on inactive access keys "alice/1" (never used) and "alice/2", rotated 400 days ago', () => {
    expect(verdict(oneActiveOneInactive, 'key.rotation', 'alice/1')).toBe('pass');
    expect(verdict(oneActiveOneInactive, 'key.rotation', 'alice/2')).toBe('pass');
  });

  it('cred.key-unused passes on inactive access keys "alice/1" and "alice/2", unused for 400 days', () => {
    expect(verdict(oneActiveOneInactive, 'cred.key-unused', 'alice/1')).toBe('pass');
    expect(verdict(oneActiveOneInactive, 'cred.key-unused', 'alice/2')).toBe('pass');
  });

  it('user.password-and-key passes on user "alice", whose keys are all inactive', () => {
    expect(verdict(oneActiveOneInactive, 'user.password-and-key', 'alice')).toBe('pass');
  });

  it('key.single-active on user "bob": one active and one inactive key pass, two active fail', () => {
    const bob = (second: string): Record<string, unknown> =>
      snap({
        authorizationDetails: details({ users: [user('bob')] }),
        credentialReport: csv([ROOT_OK, { user: 'bob', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(5), access_key_2_active: second, access_key_2_last_rotated: daysAgo(100) }]),
      });
    expect(verdict(bob('false'), 'key.single-active', 'bob')).toBe('pass');
    expect(verdict(bob('true'), 'key.single-active', 'bob')).toBe('fail');
  });

  it('root.no-access-keys fails on <root_account> with only an inactive key; key.rotation passes on it', () => {
    const data = snap({ credentialReport: csv([{ ...ROOT_OK, access_key_1_active: 'false', access_key_1_last_rotated: OLD }]) });
    expect(verdict(data, 'root.no-access-keys', '<root_account>')).toBe('fail');
    expect(verdict(data, 'key.rotation', '<root_account>/1')).toBe('pass');
  });
});

// ---------------------------------------------------------------------------------------------
// sections not collected

describe('a section missing or listed in errors gives unknown, never pass', () => {
  /** A snapshot on which every rule below passes when all its sections are taken at face value. */
  const healthy = (): Record<string, unknown> =>
    snap({
      authorizationDetails: details({ users: [user('alice', { GroupList: ['Ops'] })], groups: [group('Ops')] }),
      credentialReport: csv([
        ROOT_OK,
        {
          user: 'alice',
          password_enabled: 'true',
          password_last_used: daysAgo(1),
          mfa_active: 'true',
          access_key_1_active: 'true',
          access_key_1_last_rotated: daysAgo(5),
          access_key_1_last_used_date: daysAgo(1),
          access_key_1_last_used_region: 'us-east-1',
          access_key_1_last_used_service: 's3',
        },
      ]),
      accountSummary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1, AccountSigningCertificatesPresent: 0 },
      passwordPolicy: {
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        PasswordReusePrevention: 24,
        MaxPasswordAge: 90,
        ExpirePasswords: true,
      },
    });
  const errored = (data: Record<string, unknown>, ...sections: string[]): Record<string, unknown> => ({ ...data, errors: sections.map((section) => ({ section, code: 'AccessDenied', message: 'denied' })) });

  // [rule, resource, the IAM section it needs]
  const cases: readonly [string, string, string][] = [
    ['key.rotation', 'alice/1', 'credentialReport'],
    ['cred.key-unused', 'alice/1', 'credentialReport'],
    ['user.console-mfa', 'alice', 'credentialReport'],
    ['user.unused', 'alice', 'credentialReport'],
    ['cred.password-unused', 'alice', 'credentialReport'],
    ['root.mfa', '<root_account>', 'credentialReport'],
    ['user.in-group', 'alice', 'authorizationDetails'],
    ['user.no-direct-policies', 'alice', 'authorizationDetails'],
    ['pol.no-admin-star', '(whole collection)', 'authorizationDetails'],
    ['pol.adminaccess-not-attached', 'alice', 'authorizationDetails'],
    ['trust.no-public-principal', '(whole collection)', 'authorizationDetails'],
    ['pol.support-role', ACCOUNT, 'authorizationDetails'],
    ['pwd.policy-exists', 'password-policy', 'passwordPolicy'],
    ['pwd.min-length', 'password-policy', 'passwordPolicy'],
    ['pwd.complexity', 'password-policy', 'passwordPolicy'],
    ['root.hardware-mfa', '<root_account>', 'virtualMfaDevices'],
    ['fed.orphan-idp', '(whole collection)', 'samlProviders'],
    ['fed.orphan-idp', '(whole collection)', 'oidcProviders'],
  ];
  const baseline: readonly [string, string][] = [
    ['key.rotation', 'alice/1'],
    ['user.console-mfa', 'alice'],
    ['user.in-group', 'alice'],
    ['pwd.min-length', 'password-policy'],
    ['root.hardware-mfa', '<root_account>'],
  ];

  it.each(baseline)('%s passes on %s when every section is collected (the baseline)', (rule, name) => {
    expect(verdict(healthy(), rule, name)).toBe('pass');
  });

  it.each(cases)('%s on %s is unknown when iam.%s is missing', (rule, name, section) => {
    const data = without(healthy(), section);
    // The account summary would otherwise speak for root in the report's place.
    const noSummary = section === 'credentialReport' && rule.startsWith('root.') ? without(data, 'accountSummary') : data;
    expect(verdict(noSummary, rule, name)).toBe('unknown');
  });

  it.each(cases)('%s on %s is unknown when iam.%s is listed in errors, its data present', (rule, name, section) => {
    const paths = section === 'credentialReport' && rule.startsWith('root.') ? [`iam.${section}`, 'iam.accountSummary'] : [`iam.${section}`];
    expect(verdict(errored(healthy(), ...paths), rule, name)).toBe('unknown');
  });

  it.each([
    ['root.no-access-keys', '<root_account>'],
    ['root.mfa', '<root_account>'],
    ['root.no-signing-certs', '<root_account>'],
    ['key.rotation', 'alice/1'],
    ['pwd.policy-exists', 'password-policy'],
    ['user.console-mfa', 'alice'],
  ])('%s on %s is unknown when the whole "iam" container is listed in errors', (rule, name) => {
    expect(verdict(errored(healthy(), 'iam'), rule, name)).toBe('unknown');
  });

  it('pwd.min-length fails on password-policy when passwordPolicy is null: known, none set', () => {
    expect(verdict(snap({ passwordPolicy: null }), 'pwd.min-length', 'password-policy')).toBe('fail');
    expect(verdict(snap({ passwordPolicy: null }), 'pwd.policy-exists', 'password-policy')).toBe('fail');
  });

  it('root.no-access-keys on <root_account> without the report: the summary decides, else unknown', () => {
    const noReport = without(healthy(), 'credentialReport');
    expect(verdict(noReport, 'root.no-access-keys', '<root_account>')).toBe('pass');
    expect(verdict(without(noReport, 'accountSummary'), 'root.no-access-keys', '<root_account>')).toBe('unknown');
  });
});

// ---------------------------------------------------------------------------------------------
// report text variants

describe('credential report line ends and boolean case', () => {
  // mfa_active last, so the CRLF's `\r` would land on it if lines were split on `\n` alone.
  const MFA_LAST: readonly Column[] = [...COLUMNS.filter((c) => c !== 'mfa_active'), 'mfa_active'];
  const users = (rows: readonly Row[], options: { eol?: string; columns?: readonly Column[] } = {}): Record<string, unknown> =>
    snap({ authorizationDetails: details({ users: rows.map((r) => user(r.user)) }), credentialReport: csv([ROOT_OK, ...rows], options) });

  it.each([
    ['CRLF, AWS column order', { eol: '\r\n' }],
    ['CRLF, mfa_active last', { eol: '\r\n', columns: MFA_LAST }],
    ['LF, mfa_active last', { eol: '\n', columns: MFA_LAST }],
  ] as const)('user.console-mfa with a %s report: fails on user "carol" (no MFA), passes on user "dave" (MFA)', (_, options) => {
    const data = users(
      [
        { user: 'carol', password_enabled: 'true', password_last_used: daysAgo(1), mfa_active: 'false' },
        { user: 'dave', password_enabled: 'true', password_last_used: daysAgo(1), mfa_active: 'true' },
      ],
      options,
    );
    expect([verdict(data, 'user.console-mfa', 'carol'), verdict(data, 'user.console-mfa', 'dave')]).toEqual(['fail', 'pass']);
  });

  it('key.rotation with a CRLF report whose last column is a date: fails on access key "erin/1" rotated 91 days ago', () => {
    const ROTATED_LAST: readonly Column[] = [...COLUMNS.filter((c) => c !== 'access_key_1_last_rotated'), 'access_key_1_last_rotated'];
    const data = users([{ user: 'erin', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(91) }], { eol: '\r\n', columns: ROTATED_LAST });
    expect(verdict(data, 'key.rotation', 'erin/1')).toBe('fail');
  });

  it('root.mfa with a CRLF report: passes on <root_account> with MFA, root row last', () => {
    const data = snap({ credentialReport: csv([{ user: 'zoe' }, ROOT_OK], { eol: '\r\n' }), authorizationDetails: details({ users: [user('zoe')] }) });
    expect(verdict(without(data, 'accountSummary'), 'root.mfa', '<root_account>')).toBe('pass');
  });

  it('user.console-mfa reads upper-case TRUE/FALSE: fails on user "upper" (TRUE password, FALSE MFA), passes on "mixed" (True, True)', () => {
    const data = users([
      { user: 'upper', password_enabled: 'TRUE', password_last_used: daysAgo(1), mfa_active: 'FALSE' },
      { user: 'mixed', password_enabled: 'True', password_last_used: daysAgo(1), mfa_active: 'True' },
      { user: 'nopass', password_enabled: 'FALSE', mfa_active: 'FALSE' },
    ]);
    expect(['upper', 'mixed', 'nopass'].map((n) => verdict(data, 'user.console-mfa', n))).toEqual(['fail', 'pass', 'pass']);
  });

  it('key.rotation reads upper-case key flags: fails on active access key "old/1" (TRUE), passes on inactive "old/2" (FALSE)', () => {
    const data = users([{ user: 'old', access_key_1_active: 'TRUE', access_key_1_last_rotated: daysAgo(400), access_key_2_active: 'FALSE', access_key_2_last_rotated: daysAgo(400) }]);
    expect([verdict(data, 'key.rotation', 'old/1'), verdict(data, 'key.rotation', 'old/2')]).toEqual(['fail', 'pass']);
    expect(verdict(data, 'key.single-active', 'old')).toBe('pass');
  });

  it('root.mfa reads upper-case mfa_active on the root row: TRUE passes, FALSE fails (summary saying a password)', () => {
    expect(verdict(snap({ credentialReport: csv([{ ...ROOT_OK, mfa_active: 'TRUE' }]) }), 'root.mfa', '<root_account>')).toBe('pass');
    expect(verdict(snap({ credentialReport: csv([{ ...ROOT_OK, mfa_active: 'FALSE' }]) }), 'root.mfa', '<root_account>')).toBe('fail');
  });
});

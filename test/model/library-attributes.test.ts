import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import type { Entity, Model } from '../../src/model/index.ts';
import { normalizeSnapshot, SCHEMA, UNKNOWN } from '../../src/model/index.ts';
import { checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';
import { compileRuleText, evaluateSnapshot, verdictsByRule } from '../../src/testing/index.ts';
import { ACCOUNT, entity, exampleSnapshot, managedPolicy, names, report, role, snapshotData, snapshotOf, user } from './fixtures.ts';

/**
 * The model features commit 232d8c1 added for the library: statement attributes
 * (`service_wildcards`, `wildcard_condition_keys`, `external_accounts`), the `identities`
 * collection and the account's IAM link lists, `allow "*"` also meaning `*:*`, root `hardware_mfa`
 * settled by a virtual device, and the `except identity` check.
 */

const model = (data: Record<string, unknown>): Model => normalizeSnapshot(snapshotOf(data));

const FOREIGN = '444455556666';
const OTHER_FOREIGN = '777788889999';
const ORG_MEMBER = '999988887777';
const MANAGEMENT = '210987654321';

/** The statements of a one-policy snapshot whose policy document has these statements. */
function policyStatements(statements: readonly Record<string, unknown>[]): readonly Entity[] {
  const doc = { Version: '2012-10-17', Statement: statements };
  const m = model(snapshotData({}, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [managedPolicy('p', doc)] } }));
  return entity(m, 'policies', 'p').attrs['statements'] as readonly Entity[];
}

/** One Allow statement's attribute, for a statement given by its Action and Condition. */
function statementAttr(attr: string, statement: Record<string, unknown>): unknown {
  const [s] = policyStatements([{ Effect: 'Allow', Resource: '*', ...statement }]);
  return s?.attrs[attr];
}

describe('statement attribute service_wildcards', () => {
  const wildcards = (action: unknown): unknown => statementAttr('service_wildcards', { Action: action });

  it('names the service of a whole-service wildcard, lowercase', () => {
    expect(wildcards('s3:*')).toEqual(['s3']);
    expect(wildcards('S3:**')).toEqual(['s3']);
  });

  it('lists each service once, whatever the case or repetition', () => {
    expect(wildcards(['s3:*', 'S3:*', 'ec2:*', 's3:**', 'EC2:*'])).toEqual(['s3', 'ec2']);
  });

  it('does not count `*` alone or `*:*`: they are every action, not one service', () => {
    expect(wildcards('*')).toEqual([]);
    expect(wildcards('*:*')).toEqual([]);
  });

  it('does not count a prefixed wildcard or a wildcard in the service name', () => {
    expect(wildcards('s3:Get*')).toEqual([]);
    expect(wildcards('s3:*Object')).toEqual([]);
    expect(wildcards('s3:?')).toEqual([]);
    expect(wildcards('s?:*')).toEqual([]);
    expect(wildcards('s*:*')).toEqual([]);
    expect(wildcards('iam:PassRole')).toEqual([]);
  });

  it('picks the service wildcards out of a mixed list', () => {
    expect(wildcards(['iam:Get*', '*', 'sqs:*', 's?:*', 'kms:Decrypt'])).toEqual(['sqs']);
  });

  it('is empty for NotAction statements: NotAction names what is excluded, not granted', () => {
    const [s] = policyStatements([{ Effect: 'Allow', NotAction: ['s3:*', 'iam:*'], Resource: '*' }]);
    expect(s?.attrs['service_wildcards']).toEqual([]);
    expect(s?.attrs['not_actions']).toEqual(['s3:*', 'iam:*']);
  });

  it('is a fact about the Action element, whatever the effect (rules filter on effect)', () => {
    const [deny] = policyStatements([{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }]);
    expect(deny?.attrs['service_wildcards']).toEqual(['kms']);
  });
});

describe('statement attribute wildcard_condition_keys', () => {
  const keys = (condition: Record<string, unknown>): unknown => statementAttr('wildcard_condition_keys', { Action: 's3:GetObject', Condition: condition });
  const SUB = 'token.actions.githubusercontent.com:sub';

  it('lists a key tested against the bare `*` with StringLike, ArnLike or ArnEquals', () => {
    expect(keys({ StringLike: { [SUB]: '*' } })).toEqual([SUB]);
    expect(keys({ ArnLike: { 'aws:SourceArn': '*' } })).toEqual(['aws:SourceArn']);
    // ArnEquals matches with wildcards as ArnLike does.
    expect(keys({ ArnEquals: { 'aws:PrincipalArn': '*' } })).toEqual(['aws:PrincipalArn']);
  });

  it('sees through ForAnyValue:/ForAllValues: prefixes and the IfExists suffix', () => {
    expect(keys({ 'ForAnyValue:StringLike': { 'aws:TagKeys': '*' } })).toEqual(['aws:TagKeys']);
    expect(keys({ 'ForAllValues:StringLike': { 'aws:TagKeys': ['*'] } })).toEqual(['aws:TagKeys']);
    expect(keys({ StringLikeIfExists: { [SUB]: '*' } })).toEqual([SUB]);
    expect(keys({ 'ForAnyValue:ArnLikeIfExists': { 'aws:SourceArn': '*' } })).toEqual(['aws:SourceArn']);
  });

  it('counts `*` among other values: the condition still admits any value', () => {
    expect(keys({ StringLike: { [SUB]: ['repo:my-org/app:ref:refs/heads/main', '*'] } })).toEqual([SUB]);
  });

  it('does not count StringEquals `*`: there `*` is a literal character', () => {
    expect(keys({ StringEquals: { [SUB]: '*' } })).toEqual([]);
    expect(keys({ StringEqualsIfExists: { [SUB]: '*' } })).toEqual([]);
    expect(keys({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': '*' } })).toEqual([]);
  });

  it('does not count a pattern that is more than the bare `*`', () => {
    expect(keys({ StringLike: { [SUB]: 'repo:x:*' } })).toEqual([]);
    expect(keys({ StringLike: { [SUB]: '**' } })).toEqual([]);
    expect(keys({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } })).toEqual([]);
  });

  it('lists each key once and only the wildcard ones', () => {
    expect(keys({ StringLike: { [SUB]: '*', 'aws:userid': 'AIDA*' }, ArnLike: { [SUB]: '*' }, StringEquals: { 'aws:PrincipalOrgID': 'o-1' } })).toEqual([SUB]);
  });

  it('does not list a key another condition constrains: every condition of a statement must hold', () => {
    expect(keys({ StringLike: { [SUB]: '*' }, StringEquals: { [SUB]: 'repo:o/r:ref:refs/heads/main' } })).toEqual([]);
    // Condition keys are case-insensitive: the two spellings are one key.
    expect(keys({ StringLike: { [SUB]: '*', 'Token.Actions.GitHubUserContent.com:Sub': 'repo:o/*' } })).toEqual([]);
  });

  it('is empty without a Condition', () => {
    expect(statementAttr('wildcard_condition_keys', { Action: 's3:GetObject' })).toEqual([]);
  });
});

describe('statement attribute external_accounts', () => {
  const ORGANIZATION = { Id: 'o-abc1234567', Arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-abc1234567`, MasterAccountId: MANAGEMENT };
  const MEMBERS = [
    { Id: ORG_MEMBER, ParentId: 'r-ab12' },
    { Id: ACCOUNT, ParentId: 'r-ab12' },
  ];

  /** The external_accounts of the single trust statement of a role trusting `aws`, in a snapshot with `patch`. */
  function external(aws: unknown, patch: Record<string, unknown> = {}): unknown {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }] };
    const data = snapshotData(patch, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('r', trust)], Policies: [] } });
    const [s] = entity(model(data), 'roles', 'r').attrs['trust_statements'] as readonly Entity[];
    return s?.attrs['external_accounts'];
  }

  it('names a foreign account in every principal form: bare id, root ARN, role ARN', () => {
    expect(external(FOREIGN)).toEqual([FOREIGN]);
    expect(external(`arn:aws:iam::${FOREIGN}:root`)).toEqual([FOREIGN]);
    expect(external(`arn:aws:iam::${FOREIGN}:role/deployer`)).toEqual([FOREIGN]);
    expect(external(`arn:aws:sts::${FOREIGN}:assumed-role/deployer/session`)).toEqual([FOREIGN]);
  });

  it('excludes the snapshot account in every form', () => {
    expect(external(ACCOUNT)).toEqual([]);
    expect(external(`arn:aws:iam::${ACCOUNT}:root`)).toEqual([]);
    expect(external(`arn:aws:iam::${ACCOUNT}:role/admin`)).toEqual([]);
  });

  it('lists each foreign account once, in order, among own ones', () => {
    const principals = [ACCOUNT, `arn:aws:iam::${FOREIGN}:root`, FOREIGN, `arn:aws:iam::${OTHER_FOREIGN}:user/bob`];
    expect(external(principals)).toEqual([FOREIGN, OTHER_FOREIGN]);
  });

  it('is empty for public, service and federated principals', () => {
    const trusts = (principal: unknown): unknown => {
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] };
      const data = snapshotData({}, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('r', trust)], Policies: [] } });
      const [s] = entity(model(data), 'roles', 'r').attrs['trust_statements'] as readonly Entity[];
      return s?.attrs['external_accounts'];
    };
    expect(trusts('*')).toEqual([]);
    expect(trusts({ AWS: '*' })).toEqual([]);
    expect(trusts({ Service: 'ec2.amazonaws.com' })).toEqual([]);
    expect(trusts({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` })).toEqual([]);
  });

  it('excludes the accounts organizations.accounts lists, and the management account', () => {
    const org = { organizations: { organization: ORGANIZATION, accounts: MEMBERS } };
    expect(external([ORG_MEMBER, MANAGEMENT, FOREIGN], org)).toEqual([FOREIGN]);
  });

  it('excludes the management account named by organizations.organization alone', () => {
    const org = { organizations: { organization: ORGANIZATION } };
    expect(external([ORG_MEMBER, MANAGEMENT, FOREIGN], org)).toEqual([ORG_MEMBER, FOREIGN]);
  });

  it('counts organization accounts as external when the snapshot does not list them', () => {
    // Without the organization, an account of it cannot be told from a third party's.
    expect(external([ORG_MEMBER, MANAGEMENT], { organizations: null })).toEqual([ORG_MEMBER, MANAGEMENT]);
    const absent = snapshotData();
    delete absent['organizations'];
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ORG_MEMBER }, Action: 'sts:AssumeRole' }] };
    const data = { ...absent, iam: { ...(absent['iam'] as Record<string, unknown>), authorizationDetails: { RoleDetailList: [role('r', trust)], Policies: [] } } };
    const [s] = entity(model(data), 'roles', 'r').attrs['trust_statements'] as readonly Entity[];
    expect(s?.attrs['external_accounts']).toEqual([ORG_MEMBER]);
  });

  it('does not trust organization data from sections listed in errors', () => {
    const org = {
      organizations: { organization: ORGANIZATION, accounts: MEMBERS },
      errors: [
        { section: 'organizations.accounts', code: 'AccessDenied' },
        { section: 'organizations.organization', code: 'AccessDenied' },
      ],
    };
    expect(external([ORG_MEMBER, MANAGEMENT, FOREIGN], org)).toEqual([ORG_MEMBER, MANAGEMENT, FOREIGN]);
  });
});

describe('the identities collection', () => {
  const group = (name: string): Record<string, unknown> => ({
    Path: '/',
    GroupName: name,
    GroupId: `AGPA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    CreateDate: '2025-01-01T00:00:00Z',
    GroupPolicyList: [],
    AttachedManagedPolicies: [],
  });
  const SERVICE_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const details = {
    UserDetailList: [user('zed'), user('alice')],
    GroupDetailList: [group('Ops'), group('Admins')],
    RoleDetailList: [role('worker', SERVICE_TRUST), role('api', SERVICE_TRUST)],
    Policies: [],
  };
  const rows = [{ user: '<root_account>', mfa: 'true' }, { user: 'zed' }, { user: 'alice' }];

  it('holds every user, group and role, as the entities of their own collections', () => {
    const m = model(snapshotData({}, { authorizationDetails: details, credentialReport: report(rows) }));
    const identities = m.collections['identities']!;
    expect(identities.known).toBe(true);
    expect(identities.entities.map((e) => `${e.type}:${e.name}`)).toEqual(['user:zed', 'user:alice', 'group:Ops', 'group:Admins', 'role:worker', 'role:api']);
    expect(identities.entities).toContain(entity(m, 'users', 'alice'));
    expect(identities.entities).toContain(entity(m, 'roles', 'api'));
  });

  it('gives a finding per user, group and role, named by its own type', () => {
    const rules = compileRuleText('rule all-identities:\n  identities denied\n');
    const result = evaluateSnapshot(rules, snapshotData({}, { authorizationDetails: details }));
    expect(result.findings.map((f) => `${f.resource.type}:${f.resource.name}:${f.status}`).sort()).toEqual([
      'group:Admins:fail',
      'group:Ops:fail',
      'role:api:fail',
      'role:worker:fail',
      'user:alice:fail',
      'user:zed:fail',
    ]);
  });

  it('is unknown without authorization details, even when the report lists users', () => {
    const data = snapshotData({}, { credentialReport: report(rows) });
    delete (data['iam'] as Record<string, unknown>)['authorizationDetails'];
    const m = model(data);
    // The report may predate the newest users, so it alone lists neither users nor identities.
    expect(m.collections['users']!.known).toBe(false);
    expect(m.collections['identities']!.known).toBe(false);
    const result = evaluateSnapshot(compileRuleText('rule all-identities:\n  identities denied\n'), data);
    expect(result.findings.map((f) => [f.resource.key, f.status])).toEqual([['collection/identities', 'unknown']]);
  });

  it('is unknown when authorization details are listed in errors', () => {
    const m = model(snapshotData({ errors: [{ section: 'iam.authorizationDetails', code: 'AccessDenied' }] }, { authorizationDetails: details }));
    expect(m.collections['identities']!.known).toBe(false);
  });

  it('is known and empty for an account with no users, groups or roles', () => {
    const m = model(snapshotData());
    expect(m.collections['identities']).toMatchObject({ known: true, entities: [] });
  });
});

describe("the account's users, groups and roles", () => {
  const account = (m: Model): Entity => m.collections['account']!.entities[0]!;
  const details = {
    UserDetailList: [user('zed'), user('alice'), user('Bob')],
    GroupDetailList: [],
    RoleDetailList: [role('worker', {}), role('api', {})].map((r) => ({ ...r, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } })),
    Policies: [],
  };

  it('links every user, group and role of the snapshot account, sorted by name', () => {
    const m = model(snapshotData({}, { authorizationDetails: details, credentialReport: report([{ user: '<root_account>' }, { user: 'zed' }, { user: 'alice' }, { user: 'Bob' }]) }));
    const attrs = account(m).attrs;
    // Code-unit order, as the model sorts: upper case first.
    expect(names(attrs['users'])).toEqual(['Bob', 'alice', 'zed']);
    expect(attrs['groups']).toEqual([]);
    expect(names(attrs['roles'])).toEqual(['api', 'worker']);
    expect((attrs['users'] as readonly Entity[])[1]).toBe(entity(m, 'users', 'alice'));
  });

  it('is unknown without authorization details, even when the credential report lists users', () => {
    const data = snapshotData({}, { credentialReport: report([{ user: '<root_account>' }, { user: 'zed' }, { user: 'alice' }]) });
    delete (data['iam'] as Record<string, unknown>)['authorizationDetails'];
    const attrs = account(model(data)).attrs;
    expect(attrs['users']).toBe(UNKNOWN);
    expect(attrs['groups']).toBe(UNKNOWN);
    expect(attrs['roles']).toBe(UNKNOWN);
  });

  it('is unknown when neither section is there', () => {
    const data = snapshotData({ errors: [{ section: 'iam.credentialReport' }, { section: 'iam.authorizationDetails' }] });
    const attrs = account(model(data)).attrs;
    expect(attrs['users']).toBe(UNKNOWN);
    expect(attrs['groups']).toBe(UNKNOWN);
    expect(attrs['roles']).toBe(UNKNOWN);
  });

  it("is unknown for other accounts of the organization: their IAM is another snapshot's", () => {
    const m = normalizeSnapshot(exampleSnapshot());
    const own = account(m);
    expect(Array.isArray(own.attrs['users'])).toBe(true);
    const members = m.collections['accounts']!.entities.filter((a) => a !== own);
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) {
      expect([member.name, member.attrs['users'], member.attrs['groups'], member.attrs['roles']]).toEqual([member.name, UNKNOWN, UNKNOWN, UNKNOWN]);
    }
  });

  it('lets a rule ask for a role with a given policy (pol.support-role style)', () => {
    const support = { PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' };
    const rules = compileRuleText('rule support:\n  account must have at least 1 roles where any attached policies where name = "AWSSupportAccess"\n');
    const withRole = { ...details, RoleDetailList: [{ ...details.RoleDetailList[0], AttachedManagedPolicies: [support] }] };
    expect(evaluateSnapshot(rules, snapshotData({}, { authorizationDetails: withRole })).findings).toEqual([]);
    const without = evaluateSnapshot(rules, snapshotData({}, { authorizationDetails: details })).findings;
    expect(without.map((f) => [f.resource.key, f.status])).toEqual([[`account/${ACCOUNT}`, 'fail']]);
    const data = snapshotData({ errors: [{ section: 'iam.authorizationDetails' }] });
    expect(evaluateSnapshot(rules, data).findings.map((f) => f.status)).toEqual(['unknown']);
  });
});

describe('allow "*" on "*" and the `*:*` action', () => {
  const rules = compileRuleText('rule admin:\n  policies must not allow "*" on "*"\n');
  /** Policy name → status of the admin rule, for managed policies with these documents. */
  function verdicts(docs: Record<string, readonly Record<string, unknown>[]>): Record<string, string> {
    const policies = Object.entries(docs).map(([name, statements]) => managedPolicy(name, { Version: '2012-10-17', Statement: statements }));
    const result = evaluateSnapshot(rules, snapshotData({}, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: policies } }));
    const out: Record<string, string> = {};
    for (const name of Object.keys(docs)) out[name] = 'pass';
    for (const f of result.findings) out[f.resource.name] = f.status;
    return out;
  }

  it('matches "Action": "*:*" as it matches "Action": "*"', () => {
    expect(
      verdicts({
        star: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        'star-colon-star': [{ Effect: 'Allow', Action: '*:*', Resource: '*' }],
        'in-a-list': [{ Effect: 'Allow', Action: ['s3:GetObject', '*:*'], Resource: ['*'] }],
      }),
    ).toEqual({ star: 'fail', 'star-colon-star': 'fail', 'in-a-list': 'fail' });
  });

  it('does not match a grant of only some actions of every service', () => {
    expect(
      verdicts({
        'get-everywhere': [{ Effect: 'Allow', Action: '*:Get*', Resource: '*' }],
        'one-service': [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
        'some-resource': [{ Effect: 'Allow', Action: '*:*', Resource: 'arn:aws:s3:::bucket/*' }],
      }),
    ).toEqual({ 'get-everywhere': 'pass', 'one-service': 'pass', 'some-resource': 'pass' });
  });

  it('is cancelled by an unconditional Deny of `*:*`, and by one of `*`', () => {
    expect(
      verdicts({
        'deny-star-colon-star': [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: '*:*', Resource: '*' },
        ],
        'deny-star': [
          { Effect: 'Allow', Action: '*:*', Resource: '*' },
          { Effect: 'Deny', Action: '*', Resource: '*' },
        ],
      }),
    ).toEqual({ 'deny-star-colon-star': 'pass', 'deny-star': 'pass' });
  });
});

describe('root hardware_mfa', () => {
  const ROOT_DEVICE = {
    SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
    User: { Arn: `arn:aws:iam::${ACCOUNT}:root`, UserId: ACCOUNT, CreateDate: '2020-01-01T00:00:00Z' },
    EnableDate: '2020-01-02T00:00:00Z',
  };
  const USER_DEVICE = {
    SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
    User: { UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, UserId: 'AIDAALICE', Path: '/', CreateDate: '2025-01-01T00:00:00Z' },
    EnableDate: '2025-01-02T00:00:00Z',
  };
  const root = (data: Record<string, unknown>): Entity => entity(model(data), 'root', '<root_account>');

  /** A snapshot in which root's `mfa` is unknown: neither the report nor the summary was collected. */
  function mfaUnknown(virtualMfaDevices: unknown): Record<string, unknown> {
    const data = snapshotData({}, { virtualMfaDevices });
    const iam = data['iam'] as Record<string, unknown>;
    delete iam['credentialReport'];
    delete iam['accountSummary'];
    return data;
  }

  it('is false when a virtual device is assigned to root, even with `mfa` unknown', () => {
    const r = root(mfaUnknown([ROOT_DEVICE]));
    expect(r.attrs['mfa']).toBe(UNKNOWN);
    expect(r.attrs['virtual_mfa']).toBe(true);
    expect(r.attrs['hardware_mfa']).toBe(false);
  });

  it('is false with `mfa` true and a virtual device on root', () => {
    expect(root(snapshotData({}, { virtualMfaDevices: [ROOT_DEVICE] })).attrs).toMatchObject({ mfa: true, virtual_mfa: true, hardware_mfa: false });
  });

  it('is true with `mfa` true and no virtual device on root (a user’s device does not count)', () => {
    expect(root(snapshotData({}, { virtualMfaDevices: [] })).attrs).toMatchObject({ mfa: true, virtual_mfa: false, hardware_mfa: true });
    expect(root(snapshotData({}, { virtualMfaDevices: [USER_DEVICE] })).attrs).toMatchObject({ mfa: true, virtual_mfa: false, hardware_mfa: true });
  });

  it('is false when root has no MFA at all', () => {
    const data = snapshotData({}, { credentialReport: report([{ user: '<root_account>', mfa: 'false' }]) });
    expect(root(data).attrs).toMatchObject({ mfa: false, hardware_mfa: false });
  });

  it('is unknown with `mfa` unknown and no virtual device on root', () => {
    expect(root(mfaUnknown([])).attrs['hardware_mfa']).toBe(UNKNOWN);
    expect(root(mfaUnknown([USER_DEVICE])).attrs['hardware_mfa']).toBe(UNKNOWN);
  });

  it('is unknown with `mfa` true when the virtual devices were not collected', () => {
    const listed = root(snapshotData({ errors: [{ section: 'iam.virtualMfaDevices', code: 'AccessDenied' }] }, { virtualMfaDevices: [ROOT_DEVICE] }));
    expect(listed.attrs).toMatchObject({ mfa: true, virtual_mfa: UNKNOWN, hardware_mfa: UNKNOWN });
    const data = snapshotData();
    delete (data['iam'] as Record<string, unknown>)['virtualMfaDevices'];
    expect(root(data).attrs).toMatchObject({ mfa: true, virtual_mfa: UNKNOWN, hardware_mfa: UNKNOWN });
  });

  it('is unknown with neither `mfa` nor the devices known', () => {
    const data = mfaUnknown([]);
    delete (data['iam'] as Record<string, unknown>)['virtualMfaDevices'];
    expect(root(data).attrs['hardware_mfa']).toBe(UNKNOWN);
  });
});

describe('exceptions on a rule over identities', () => {
  /** The errors of a rule file as `code@line:col`. */
  function errors(text: string): string[] {
    const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
    expect(diagnostics, 'syntax diagnostics').toEqual([]);
    const result = checkRuleFiles([{ ast: file, text }], { schema: SCHEMA, params: {} });
    if (result.ok) return [];
    return result.errors.map((e) => {
      const at = e.span ? lineColumnAt(text, e.span.start) : null;
      return at ? `${e.code}@${at.line}:${at.column}` : e.code;
    });
  }

  it('rejects `except identity`: findings name a user, group or role, never an identity', () => {
    const text = 'rule admins:\n  identities denied\n  except identity "breakglass" until 2027-03-01 because "emergency access"\n';
    expect(errors(text)).toEqual(['check/bad-exception@3:10']);
    const { file } = parseRuleFile(text, 'rules.guard');
    const result = checkRuleFiles([{ ast: file, text }], { schema: SCHEMA, params: {} });
    expect(result.ok ? '' : (result.errors[0]?.hint ?? '')).toBe('name one of `user`, `group`, `role`');
  });

  it('accepts user, group and role exceptions on the same rule', () => {
    const text =
      'rule admins:\n  identities denied\n' +
      '  except user "breakglass" until 2027-03-01 because "emergency access"\n' +
      '  except group "Admins" until 2027-03-01 because "reviewed"\n' +
      '  except role "OrganizationAccountAccessRole" until 2027-03-01 because "reviewed"\n';
    expect(errors(text)).toEqual([]);
  });

  it('waives the excepted user and no one else', () => {
    const rules = compileRuleText('rule admins:\n  identities denied\n  except user "breakglass" until 2027-03-01 because "emergency access"\n');
    const result = evaluateSnapshot(rules, snapshotData({}, { authorizationDetails: { UserDetailList: [user('breakglass'), user('alice')], Policies: [] } }));
    const verdicts = verdictsByRule(result).get('admins');
    expect(verdicts?.get(`arn:aws:iam::${ACCOUNT}:user/breakglass`)).toBe('waived');
    expect(verdicts?.get(`arn:aws:iam::${ACCOUNT}:user/alice`)).toBe('fail');
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/index.ts';
import { normalizeSnapshot, parseSnapshot, UNKNOWN } from '../../src/model/index.ts';
import { ACCOUNT, ALLOW_ALL, entity, managedPolicy, report, role, snapshotData, snapshotOf, user } from './fixtures.ts';

/**
 * Shapes that AWS rejects (errors) or accepts with a doubtful meaning (warnings, and a verdict that
 * cannot be a silent pass), found by mutating snapshots (issue 10). docs/snapshot-format.md,
 * "Shapes guard refuses or doubts", writes each decision down.
 */

const parse = (data: unknown) => parseSnapshot(JSON.stringify(data), 'test.json');
const errorsOf = (data: unknown): readonly Diagnostic[] => {
  const outcome = parse(data);
  return outcome.ok ? [] : outcome.errors;
};
const warningsOf = (data: unknown): readonly Diagnostic[] => parse(data).warnings;
const located = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.path ?? ''}: ${d.message}`);

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }] };
const withPolicy = (doc: unknown) => snapshotData({}, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [managedPolicy('p', doc, { AttachmentCount: 1 })] } });
const withTrust = (doc: unknown) => snapshotData({}, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('r', doc)], Policies: [] } });
const POLICY_PATH = 'iam.authorizationDetails.Policies[0].PolicyVersionList[0].Document';
const TRUST_PATH = 'iam.authorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument';

describe('statements AWS rejects are errors', () => {
  it('an identity statement needs Resource or NotResource', () => {
    const errors = errorsOf(withPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] }));
    expect(located(errors)).toEqual([`${POLICY_PATH}: not a policy document: \`Statement\` has no \`Resource\` or \`NotResource\` (identity policies need one)`]);
  });

  it('a trust statement needs Principal or NotPrincipal, but no Resource', () => {
    expect(located(errorsOf(withTrust({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] })))).toEqual([
      `${TRUST_PATH}: not a policy document: \`Statement\` has no \`Principal\` or \`NotPrincipal\` (trust policies need one)`,
    ]);
    expect(located(errorsOf(withTrust({ Statement: [{ ...TRUST.Statement[0], Resource: '*' }] })))).toEqual([`${TRUST_PATH}: not a policy document: \`Statement\` has \`Resource\`, which trust policies do not take`]);
  });

  it('an empty string is no action, resource or principal', () => {
    expect(located(errorsOf(withTrust({ Statement: [{ Effect: 'Allow', Principal: { AWS: '' }, Action: 'sts:AssumeRole' }] })))).toEqual([
      `${TRUST_PATH}: not a policy document: \`Statement\` has an empty string in \`Principal.AWS\``,
    ]);
    expect(located(errorsOf(withPolicy({ Statement: [{ Effect: 'Allow', Action: '*', Resource: ['*', ''] }] })))).toEqual([`${POLICY_PATH}: not a policy document: \`Statement\` has an empty string in \`Resource\``]);
  });

  it('an AWS principal is `*`, an account id, an ARN or a unique id', () => {
    const doc = { Statement: [{ Effect: 'Allow', Principal: { AWS: ['AROAEXAMPLEDELETED0001', 'arn:awsiam::444455556666:root'] }, Action: 'sts:AssumeRole' }] };
    expect(located(errorsOf(withTrust(doc)))).toEqual([
      `${TRUST_PATH}: not a policy document: \`Statement\` has \`Principal.AWS\` \`arn:awsiam::444455556666:root\`, which is neither \`*\`, an account id, an ARN nor a unique id`,
    ]);
  });

  it('every statement needs Action or NotAction; identity statements take no Principal', () => {
    expect(located(errorsOf(withPolicy({ Statement: [{ Effect: 'Allow', Resource: '*' }] })))).toEqual([`${POLICY_PATH}: not a policy document: \`Statement\` has no \`Action\` or \`NotAction\``]);
    expect(located(errorsOf(withTrust({ Statement: [{ Effect: 'Allow', Principal: '*' }] })))).toEqual([`${TRUST_PATH}: not a policy document: \`Statement\` has no \`Action\` or \`NotAction\``]);
    expect(located(errorsOf(withPolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, ALLOW_ALL.Statement[0]] })))).toEqual([
      `${POLICY_PATH}: not a policy document: \`Statement[0]\` has \`Principal\`, which identity policies do not take`,
    ]);
  });
});

describe('empty lists AWS accepts: a warning, and the document is unknown', () => {
  it('"Action": [] on an attached policy makes its document unknown instead of granting nothing', () => {
    const data = withPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] });
    expect(located(warningsOf(data))).toEqual([`${POLICY_PATH}: \`Statement[0]\` has an empty \`Action\`: AWS accepts it as matching nothing, but guard concludes nothing from it, so the document is unknown`]);
    const m = normalizeSnapshot(snapshotOf(data));
    expect(entity(m, 'policies', 'p').attrs['document']).toBe(UNKNOWN);
  });

  it('empty Resource, principal and condition-value lists are doubted the same way', () => {
    const resource = withPolicy({ Statement: [{ Effect: 'Allow', Action: '*', Resource: [] }] });
    expect(warningsOf(resource).map((d) => d.message)).toEqual([expect.stringContaining('empty `Resource`:')]);
    const principal = withTrust({ Statement: [{ Effect: 'Allow', Principal: { AWS: [] }, Action: 'sts:AssumeRole' }] });
    expect(warningsOf(principal).map((d) => d.message)).toEqual([expect.stringContaining('empty `Principal.AWS`:')]);
    expect(entity(normalizeSnapshot(snapshotOf(principal)), 'roles', 'r').attrs['trust_policy']).toBe(UNKNOWN);
    const condition = withTrust({ Statement: [{ ...TRUST.Statement[0], Condition: { StringEquals: { 'sts:ExternalId': [] } } }] });
    expect(warningsOf(condition).map((d) => d.message)).toEqual([expect.stringContaining('empty `Condition.StringEquals.sts:ExternalId`:')]);
  });
});

describe('duplicates are errors', () => {
  it('a credential-report row repeated for one user', () => {
    const text = report([{ user: '<root_account>' }, { user: 'alice', mfa: 'true' }, { user: 'alice', mfa: 'false' }]);
    expect(located(errorsOf(snapshotData({}, { credentialReport: text })))).toEqual(['iam.credentialReport: bad credential report: line 4 repeats user `alice` of line 3']);
  });

  it('users, groups, roles and managed policies listed twice', () => {
    const details = {
      UserDetailList: [user('alice'), user('bob'), user('alice')],
      GroupDetailList: [],
      RoleDetailList: [role('r', TRUST), role('R', TRUST)],
      Policies: [managedPolicy('p', ALLOW_ALL), managedPolicy('p', ALLOW_ALL)],
    };
    expect(located(errorsOf(snapshotData({}, { authorizationDetails: details })))).toEqual([
      'iam.authorizationDetails.UserDetailList[2]: user `alice` is listed twice (first at `UserDetailList[0]`); IAM names are unique, ignoring case',
      'iam.authorizationDetails.RoleDetailList[1]: role `R` is listed twice (first at `RoleDetailList[0]`); IAM names are unique, ignoring case',
      `iam.authorizationDetails.Policies[1]: policy \`arn:aws:iam::${ACCOUNT}:policy/p\` is listed twice (first at \`Policies[0]\`)`,
    ]);
  });
});

describe('repeats on one principal are errors, in the order of the list', () => {
  // A few entries are compared pairwise and many through a map: both must name the same repeats.
  const attach = (arns: readonly string[]) => arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
  const own = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
  const inline = (names: readonly string[]) => names.map((PolicyName) => ({ PolicyName, PolicyDocument: ALLOW_ALL }));
  it.each([
    ['a few', ['a', 'b', 'a'], [own('x'), 'arn:aws:iam::aws:policy/ReadOnlyAccess', own('x'), 'arn:aws:iam::999999999999:policy/y']],
    ['many', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'b', 'a', 'b'], [...'abcdefghij'.split('').map(own), own('c'), 'arn:aws:iam::999999999999:policy/y', own('a')]],
  ])('%s inline policies and attachments', (_size, names, arns) => {
    const details = {
      UserDetailList: [user('alice', { UserPolicyList: inline(names), AttachedManagedPolicies: attach(arns) })],
      GroupDetailList: [],
      RoleDetailList: [role('r', TRUST, { RolePolicyList: inline(names), AttachedManagedPolicies: attach(arns) })],
      Policies: [],
    };
    const expected = (base: string, list: string) => {
      const out: string[] = [];
      names.forEach((n, i) => {
        const first = names.indexOf(n);
        if (first < i) out.push(`${base}.${list}[${i}]: inline policy \`${n}\` is listed twice (first at \`${list}[${first}]\`)`);
      });
      arns.forEach((a, i) => {
        const first = arns.indexOf(a);
        if (first < i) out.push(`${base}.AttachedManagedPolicies[${i}]: attachment of \`${a}\` is listed twice (first at \`AttachedManagedPolicies[${first}]\`)`);
      });
      arns.forEach((a, i) => {
        if (a.includes('999999999999')) out.push(`${base}.AttachedManagedPolicies[${i}].PolicyArn: the ARN is in account \`999999999999\`, not the snapshot's \`account.id\` \`${ACCOUNT}\``);
      });
      return out;
    };
    expect(located(errorsOf(snapshotData({}, { authorizationDetails: details })))).toEqual([
      ...expected('iam.authorizationDetails.UserDetailList[0]', 'UserPolicyList'),
      ...expected('iam.authorizationDetails.RoleDetailList[0]', 'RolePolicyList'),
    ]);
  });
});

describe('dates after capturedAt: a warning, and durations from them unknown', () => {
  it('a user created after the snapshot has unknown unused, not a negative one that passes', () => {
    const data = snapshotData(
      {},
      { authorizationDetails: { UserDetailList: [user('alice', { CreateDate: '2030-01-01T00:00:00Z' })], GroupDetailList: [], RoleDetailList: [], Policies: [] }, credentialReport: report([{ user: 'alice' }]) },
    );
    expect(located(warningsOf(data))).toEqual(['iam.authorizationDetails.UserDetailList[0].CreateDate: `2030-01-01T00:00:00Z` is after `capturedAt` (`2026-11-27T10:00:00Z`): durations counted from it are unknown']);
    const alice = entity(normalizeSnapshot(snapshotOf(data)), 'users', 'alice');
    // The report's creation date is older, but authorizationDetails wins; either way the duration is not negative.
    expect(alice.attrs['unused']).toBe(UNKNOWN);
  });

  it('a date within the second capturedAt names (capturedAt written without a fraction) is not after it', () => {
    // The collector writes capturedAt to the second; moto and AWS write creation dates to the millisecond.
    const within = snapshotData(
      {},
      { authorizationDetails: { UserDetailList: [user('alice', { CreateDate: '2026-11-27T10:00:00.999Z' })], GroupDetailList: [], RoleDetailList: [], Policies: [] }, credentialReport: report([{ user: 'alice' }]) },
    );
    expect(located(warningsOf(within))).toEqual([]);
    const after = snapshotData(
      {},
      { authorizationDetails: { UserDetailList: [user('alice', { CreateDate: '2026-11-27T10:00:01Z' })], GroupDetailList: [], RoleDetailList: [], Policies: [] }, credentialReport: report([{ user: 'alice' }]) },
    );
    expect(located(warningsOf(after))).toHaveLength(1);
  });

  it('a report date after capturedAt is located by line and column', () => {
    const text = report([{ user: '<root_account>' }, { user: 'alice', key1: ['true', '2027-01-01T00:00:00+00:00', 'N/A', 'N/A', 'N/A'] }]);
    const data = snapshotData({}, { credentialReport: text, authorizationDetails: { UserDetailList: [user('alice')], GroupDetailList: [], RoleDetailList: [], Policies: [] } });
    expect(located(warningsOf(data))).toEqual([
      'iam.credentialReport: line 3, column `access_key_1_last_rotated`: `2027-01-01T00:00:00+00:00` is after `capturedAt` (`2026-11-27T10:00:00Z`): durations counted from it are unknown',
    ]);
    const key = entity(normalizeSnapshot(snapshotOf(data)), 'access_keys', 'alice/1');
    expect([key.attrs['age'], key.attrs['unused']]).toEqual([UNKNOWN, UNKNOWN]);
  });
});

describe("ARNs of another account than the snapshot's are errors", () => {
  it('names the ARN, the account it names and the snapshot account', () => {
    const other = '999999999999';
    const data = snapshotData({}, { authorizationDetails: { UserDetailList: [user('alice', { Arn: `arn:aws:iam::${other}:user/alice` })], GroupDetailList: [], RoleDetailList: [], Policies: [] } });
    const errors = errorsOf(data);
    expect(located(errors)).toEqual([`iam.authorizationDetails.UserDetailList[0].Arn: the ARN is in account \`${other}\`, not the snapshot's \`account.id\` \`${ACCOUNT}\``]);
    expect(errors[0]?.hint).toContain('account.id');
  });

  it('checks the partition and the credential report too', () => {
    const data = snapshotData({ account: { id: ACCOUNT, partition: 'aws-cn' } });
    expect(located(errorsOf(data))).toEqual([`iam.credentialReport: line 2, column \`arn\`: the ARN is in partition \`aws\`, not the snapshot's \`account.partition\` \`aws-cn\``]);
  });
});

describe('a user without a credential-report row', () => {
  it('puts one access key and one certificate of unknown details in the collections, owned by the user', () => {
    const m = normalizeSnapshot(snapshotOf(snapshotData({}, { authorizationDetails: { UserDetailList: [user('newcomer')], GroupDetailList: [], RoleDetailList: [], Policies: [] } })));
    expect(m.collections['access_keys']!.known).toBe(true);
    const key = entity(m, 'access_keys', 'newcomer/?');
    expect([key.owner?.name, key.attrs['active'], key.attrs['unused'], key.attrs['root']]).toEqual(['newcomer', UNKNOWN, UNKNOWN, false]);
    expect(entity(m, 'signing_certificates', 'newcomer/?').attrs['active']).toBe(UNKNOWN);
    expect(entity(m, 'users', 'newcomer').attrs['access_keys']).toBe(UNKNOWN);
  });
});

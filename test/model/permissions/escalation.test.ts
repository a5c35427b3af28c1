import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../../../src/model/index.ts';
import { escalationsOf, whyEscalationUnknown } from '../../../src/model/permissions/escalation/index.ts';
import { managedPolicy, role, user } from '../fixtures.ts';
import { ADMIN, allow, analyze, arn, deny, escalations, group, ids, inline, known, modelOf, principal, trustAws, trustService } from './escalation-support.ts';

/** One test per constraint kind of the path table, and the chains: hand-made accounts, one path each. */

const adminFor = (name: string, ...services: string[]): Record<string, unknown> => role(name, trustService(...services), { RolePolicyList: ADMIN });
const harmlessFor = (name: string, ...services: string[]): Record<string, unknown> => role(name, trustService(...services), { RolePolicyList: inline(allow('s3:GetObject')) });
const alice = (...statements: unknown[]): Record<string, unknown> => user('alice', { UserPolicyList: inline(...statements) });

describe('any, with the role of an existing resource', () => {
  it('lambda:UpdateFunctionCode escalates when an admin role trusts Lambda, and not otherwise', () => {
    expect(ids(escalations({ users: [alice(allow('lambda:UpdateFunctionCode'))], roles: [adminFor('fn', 'lambda.amazonaws.com')] }, 'alice'))).toEqual(['lambda-003']);
    expect(escalations({ users: [alice(allow('lambda:UpdateFunctionCode'))], roles: [harmlessFor('fn', 'lambda.amazonaws.com')] }, 'alice')).toEqual([]);
    expect(escalations({ users: [alice(allow('lambda:UpdateFunctionCode'))], roles: [adminFor('vm', 'ec2.amazonaws.com')] }, 'alice')).toEqual([]);
  });

  it('lists the statements that grant the actions', () => {
    const [e] = escalations({ users: [alice(allow('s3:*'), allow('lambda:UpdateFunctionCode'))], roles: [adminFor('fn', 'lambda.amazonaws.com')] }, 'alice');
    expect(e?.statements).toEqual([{ policy: 'alice/inline', policyArn: null, via: null, index: 2, sid: null }]);
    expect(e?.actions).toEqual(['lambda:UpdateFunctionCode']);
    expect(e?.pathName).toBe('lambda:UpdateFunctionCode');
  });
});

describe('pass-role', () => {
  const lambdaAdmin = adminFor('fn-admin', 'lambda.amazonaws.com');
  const create = [allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])];

  it('needs PassRole on a role the service trusts that is more privileged', () => {
    const es = escalations({ users: [alice(...create, allow('iam:PassRole', arn('role', 'fn-admin')))], roles: [lambdaAdmin] }, 'alice');
    expect(ids(es)).toEqual(['lambda-001']);
    expect(es[0]?.target).toBe(arn('role', 'fn-admin'));
  });

  it('does not count a role of another service, a harmless role or PassRole on other roles only', () => {
    expect(escalations({ users: [alice(...create, allow('iam:PassRole'))], roles: [adminFor('vm', 'ec2.amazonaws.com'), harmlessFor('fn', 'lambda.amazonaws.com')] }, 'alice')).toEqual([]);
    expect(escalations({ users: [alice(...create, allow('iam:PassRole', arn('role', 'other')))], roles: [lambdaAdmin] }, 'alice')).toEqual([]);
  });

  it('counts a passed role that is not admin but can escalate itself', () => {
    const escalating = role('fn-iam', trustService('lambda.amazonaws.com'), { RolePolicyList: inline(allow('iam:PutRolePolicy', arn('role', 'fn-iam'))) });
    expect(ids(escalations({ users: [alice(...create, allow('iam:PassRole'))], roles: [escalating] }, 'alice'))).toEqual(['lambda-001']);
  });

  it('passes EC2 only roles in an instance profile', () => {
    const run = allow(['ec2:RunInstances', 'iam:PassRole']);
    expect(escalations({ users: [alice(run)], roles: [adminFor('vm', 'ec2.amazonaws.com')] }, 'alice')).toEqual([]);
    const profiled = role('vm', trustService('ec2.amazonaws.com'), {
      RolePolicyList: ADMIN,
      InstanceProfileList: [{ InstanceProfileName: 'vm', Arn: 'arn:aws:iam::123456789012:instance-profile/vm', Path: '/', InstanceProfileId: 'AIPAVM', CreateDate: '2025-01-01T00:00:00Z', Roles: [] }],
    });
    expect(ids(escalations({ users: [alice(run)], roles: [profiled] }, 'alice'))).toEqual(['ec2-001']);
  });
});

describe('self', () => {
  it('PutUserPolicy on the user itself, not on another user', () => {
    expect(ids(escalations({ users: [alice(allow('iam:PutUserPolicy', arn('user', 'alice'))), user('bob')] }, 'alice'))).toEqual(['iam-007']);
    expect(escalations({ users: [alice(allow('iam:PutUserPolicy', arn('user', 'bob'))), user('bob')] }, 'alice')).toEqual([]);
  });

  it('PutRolePolicy on the role itself; a user cannot take a role-only path', () => {
    const self = role('r', trustService('ec2.amazonaws.com'), { RolePolicyList: inline(allow('iam:PutRolePolicy')) });
    expect(ids(escalations({ roles: [self] }, 'r'))).toEqual(['iam-005']);
    expect(escalations({ users: [alice(allow('iam:PutRolePolicy', arn('user', 'alice')))] }, 'alice')).toEqual([]);
  });
});

describe('own-group and group-of-account', () => {
  const devs = group('devs');
  const admins = group('admins', { GroupPolicyList: inline(allow('*')) });
  const readers = group('readers', { GroupPolicyList: inline(allow('s3:GetObject')) });

  it('AttachGroupPolicy on a group the user is in', () => {
    const member = user('alice', { GroupList: ['devs'], UserPolicyList: inline(allow('iam:AttachGroupPolicy', arn('group', 'devs'))) });
    expect(ids(escalations({ users: [member], groups: [devs] }, 'alice'))).toEqual(['iam-010']);
    expect(escalations({ users: [alice(allow('iam:AttachGroupPolicy', arn('group', 'devs')))], groups: [devs] }, 'alice')).toEqual([]);
  });

  it('AddUserToGroup on a more privileged group only', () => {
    expect(ids(escalations({ users: [alice(allow('iam:AddUserToGroup'))], groups: [admins] }, 'alice'))).toEqual(['iam-013']);
    expect(escalations({ users: [alice(allow('iam:AddUserToGroup'))], groups: [readers] }, 'alice')).toEqual([]);
    const escalatingGroup = group('iam-self', { GroupPolicyList: inline(allow('iam:PutUserPolicy')) });
    expect(ids(escalations({ users: [alice(allow('iam:AddUserToGroup', arn('group', 'iam-self')))], groups: [escalatingGroup] }, 'alice'))).toEqual(['iam-013']);
  });
});

describe('other-user and any-user', () => {
  const bob = user('bob', { UserPolicyList: ADMIN });
  const carol = user('carol');

  it('CreateAccessKey on a more privileged user', () => {
    const es = escalations({ users: [alice(allow('iam:CreateAccessKey', arn('user', 'bob'))), bob, carol] }, 'alice');
    expect(ids(es)).toEqual(['iam-002']);
    expect(es[0]?.target).toBe(arn('user', 'bob'));
    expect(escalations({ users: [alice(allow('iam:CreateAccessKey', arn('user', 'carol'))), bob, carol] }, 'alice')).toEqual([]);
  });

  it('PutUserPolicy and CreateAccessKey on the same other user, however unprivileged', () => {
    expect(ids(escalations({ users: [alice(allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], arn('user', 'carol'))), carol] }, 'alice'))).toEqual(['iam-018']);
    const split = alice(allow('iam:PutUserPolicy', arn('user', 'carol')), allow('iam:CreateAccessKey', arn('user', 'dave')));
    expect(escalations({ users: [split, carol, user('dave')] }, 'alice')).toEqual([]);
  });
});

describe('policy-attached-to-self', () => {
  const mine = managedPolicy('mine', doc0(), { AttachmentCount: 1 });
  const theirs = managedPolicy('theirs', doc0(), { AttachmentCount: 1 });
  const attached = (name: string) => [{ PolicyName: name, PolicyArn: arn('policy', name) }];

  it('CreatePolicyVersion on a customer policy attached to the user or its group', () => {
    const direct = user('alice', { AttachedManagedPolicies: attached('mine'), UserPolicyList: inline(allow('iam:CreatePolicyVersion', arn('policy', 'mine'))) });
    expect(ids(escalations({ users: [direct], policies: [mine] }, 'alice'))).toEqual(['iam-001']);
    const viaGroup = user('alice', { GroupList: ['devs'], UserPolicyList: inline(allow('iam:CreatePolicyVersion')) });
    expect(ids(escalations({ users: [viaGroup], groups: [group('devs', { AttachedManagedPolicies: attached('mine') })], policies: [mine] }, 'alice'))).toEqual(['iam-001']);
  });

  it('not on a policy attached to someone else', () => {
    const other = user('bob', { AttachedManagedPolicies: attached('theirs') });
    expect(escalations({ users: [alice(allow('iam:CreatePolicyVersion')), other], policies: [theirs] }, 'alice')).toEqual([]);
  });

  it('SetDefaultPolicyVersion needs a second version to switch to', () => {
    const holder = (p: string) => user('alice', { AttachedManagedPolicies: attached(p), UserPolicyList: inline(allow('iam:SetDefaultPolicyVersion')) });
    expect(escalations({ users: [holder('mine')], policies: [mine] }, 'alice')).toEqual([]);
    const two = managedPolicy('two', doc0(), {
      PolicyVersionList: [
        { Document: doc0(), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2025-01-02T00:00:00Z' },
        { Document: doc(allow('*')), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2025-01-01T00:00:00Z' },
      ],
      DefaultVersionId: 'v2',
    });
    expect(ids(escalations({ users: [holder('two')], policies: [two] }, 'alice'))).toEqual(['cloudsplaining:SetExistingDefaultPolicyVersion']);
  });
});

function doc0(): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] };
}
function doc(...statements: unknown[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

describe('assumable-role', () => {
  const root = `arn:aws:iam::123456789012:root`;

  it('AssumeRole on an admin role trusting the account, with an identity grant', () => {
    const es = escalations({ users: [alice(allow('sts:AssumeRole'))], roles: [role('admin', trustAws(root), { RolePolicyList: ADMIN })] }, 'alice');
    expect(ids(es)).toEqual(['sts-001']);
    expect(es[0]?.hops).toEqual([arn('user', 'alice'), arn('role', 'admin')]);
  });

  it('a trust policy naming the user is enough without an identity grant; one naming the account is not', () => {
    expect(ids(escalations({ users: [user('alice')], roles: [role('admin', trustAws(arn('user', 'alice')), { RolePolicyList: ADMIN })] }, 'alice'))).toEqual(['sts-001']);
    expect(escalations({ users: [user('alice')], roles: [role('admin', trustAws(root), { RolePolicyList: ADMIN })] }, 'alice')).toEqual([]);
  });

  it('an identity Deny or a trust naming someone else stops it', () => {
    expect(escalations({ users: [alice(deny('sts:AssumeRole'))], roles: [role('admin', trustAws(arn('user', 'alice')), { RolePolicyList: ADMIN })] }, 'alice')).toEqual([]);
    expect(escalations({ users: [alice(allow('sts:AssumeRole'))], roles: [role('admin', trustAws(arn('user', 'bob')), { RolePolicyList: ADMIN })] }, 'alice')).toEqual([]);
  });

  it('a conditional trust statement makes the path conditional', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn('user', 'alice') }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
    const [e] = escalations({ users: [user('alice')], roles: [role('admin', trust, { RolePolicyList: ADMIN })] }, 'alice');
    expect(e?.level).toBe('conditional');
  });

  it('AttachRolePolicy on a role the principal can assume: iam-014', () => {
    const plain = role('plain', trustAws(arn('user', 'alice')));
    expect(ids(escalations({ users: [alice(allow('iam:AttachRolePolicy', arn('role', 'plain')))], roles: [plain] }, 'alice'))).toEqual(['iam-014']);
  });

  it('CreatePolicyVersion on a policy of a role the principal can assume: iam-016', () => {
    const p = managedPolicy('ops', doc0(), { AttachmentCount: 1 });
    const ops = role('ops', trustAws(arn('user', 'alice')), { AttachedManagedPolicies: [{ PolicyName: 'ops', PolicyArn: arn('policy', 'ops') }] });
    expect(ids(escalations({ users: [alice(allow('iam:CreatePolicyVersion', arn('policy', 'ops')))], roles: [ops], policies: [p] }, 'alice'))).toEqual(['iam-016']);
  });
});

describe('role', () => {
  it('UpdateAssumeRolePolicy on a more privileged role, not on a harmless one', () => {
    expect(ids(escalations({ users: [alice(allow('iam:UpdateAssumeRolePolicy', arn('role', 'admin')))], roles: [adminFor('admin', 'ec2.amazonaws.com')] }, 'alice'))).toEqual(['iam-012']);
    expect(escalations({ users: [alice(allow('iam:UpdateAssumeRolePolicy'))], roles: [harmlessFor('plain', 'ec2.amazonaws.com')] }, 'alice')).toEqual([]);
  });
});

describe('chains', () => {
  it('follows AssumeRole through roles, hop by hop', () => {
    const r1 = role('r1', trustAws(arn('user', 'alice')));
    const r2 = role('r2', trustAws(arn('role', 'r1')));
    const r3 = role('r3', trustAws(arn('role', 'r2')), { RolePolicyList: ADMIN });
    const es = escalations({ users: [user('alice')], roles: [r1, r2, r3] }, 'alice');
    expect(es.map((e) => [e.pathId, e.hops])).toEqual([['sts-001', [arn('user', 'alice'), arn('role', 'r1'), arn('role', 'r2'), arn('role', 'r3')]]]);
    expect(es[0]?.actions).toEqual(['sts:AssumeRole']);
  });

  it('ends on a cycle, and the roles on it get the same answer whichever is asked first', () => {
    const r1 = role('r1', trustAws(arn('user', 'alice'), arn('role', 'r2')));
    const r2 = role('r2', trustAws(arn('role', 'r1')), { RolePolicyList: inline(allow('iam:PutRolePolicy', arn('role', 'r2'))) });
    const spec = { users: [user('alice')], roles: [r1, r2] };
    expect(escalations(spec, 'alice').map((e) => [e.pathId, e.hops])).toEqual([['iam-005', [arn('user', 'alice'), arn('role', 'r1'), arn('role', 'r2')]]]);
    const model = modelOf(spec);
    const analysis = analyze(model);
    expect(ids(known(escalationsOf(analysis, principal(model, 'r2'))))).toEqual(['iam-005']);
    expect(known(escalationsOf(analysis, principal(model, 'r1'))).map((e) => e.hops)).toEqual([[arn('role', 'r1'), arn('role', 'r2')]]);
    const fresh = analyze(modelOf(spec));
    expect(ids(known(escalationsOf(fresh, principal(fresh.model, 'r1'))))).toEqual(['iam-005']);
    expect(ids(known(escalationsOf(fresh, principal(fresh.model, 'r2'))))).toEqual(['iam-005']);
  });

  it('a cycle with no way out escalates nowhere', () => {
    const r1 = role('r1', trustAws(arn('role', 'r2')));
    const r2 = role('r2', trustAws(arn('role', 'r1')));
    expect(escalations({ roles: [r1, r2] }, 'r1')).toEqual([]);
  });
});

describe('admins, unknowns and caching', () => {
  it('an unconditional admin has no escalation path', () => {
    expect(escalations({ users: [user('alice', { UserPolicyList: ADMIN })] }, 'alice')).toEqual([]);
  });

  it('a conditional grant makes the path conditional', () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const [e] = escalations({ users: [alice(allow('iam:PutUserPolicy', arn('user', 'alice'), mfa))] }, 'alice');
    expect(e?.level).toBe('conditional');
  });

  it('is unknown when the principal’s policies are not in the snapshot', () => {
    const model = modelOf({ users: [user('alice', { AttachedManagedPolicies: [{ PolicyName: 'gone', PolicyArn: arn('policy', 'gone') }] })] });
    expect(escalationsOf(analyze(model), principal(model, 'alice'))).toBe(UNKNOWN);
  });

  it('computes each principal once per analysis', () => {
    const model = modelOf({ users: [alice(allow('iam:PutUserPolicy', arn('user', 'alice')))] });
    const analysis = analyze(model);
    const a = principal(model, 'alice');
    expect(escalationsOf(analysis, a)).toBe(escalationsOf(analysis, a));
  });
});

describe('why an escalation answer is unknown', () => {
  const hopper = (...statements: unknown[]): Record<string, unknown> => user('hopper', { UserPolicyList: inline(...statements) });
  const mystery = role('mystery', trustAws(arn('user', 'hopper')), { AttachedManagedPolicies: [{ PolicyName: 'lost', PolicyArn: arn('policy', 'lost') }] });

  it('names its own missing policy, a principal on the way, or nothing when the answer is known', () => {
    const model = modelOf({ users: [hopper(allow('sts:AssumeRole', arn('role', 'mystery'))), user('orphan', { AttachedManagedPolicies: [{ PolicyName: 'gone', PolicyArn: arn('policy', 'gone') }] })], roles: [mystery] });
    const analysis = analyze(model);
    expect(escalationsOf(analysis, principal(model, 'hopper'))).toBe(UNKNOWN);
    expect(whyEscalationUnknown(analysis, principal(model, 'hopper'))).toBe(
      'no known path was found, but one may apply through a user or role it can act on or assume whose permissions (or a role whose trust policy) the snapshot lacks',
    );
    expect(whyEscalationUnknown(analysis, principal(model, 'orphan'))).toBe(`policy ${arn('policy', 'gone')} is not in the snapshot`);
    const plain = modelOf({ users: [hopper(allow('s3:GetObject'))], roles: [] });
    expect(whyEscalationUnknown(analyze(plain), principal(plain, 'hopper'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { decide, serviceOf } from '../../../src/model/permissions/decide.ts';
import { permissionSet } from '../../../src/model/permissions/permission-set.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { doc, principal, roleContext, testCatalog } from './support.ts';

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const level = (p: PrincipalPolicies, action: string, resource: string | null = null) => decide(p, action, resource, testCatalog).level;
const set = (p: PrincipalPolicies) => permissionSet(preparePolicies(p), testCatalog);

describe('identity Allows', () => {
  it('grants what an Allow names, case-insensitively for actions, and nothing else', () => {
    const p = principal([doc([allow('IAM:passrole', 'arn:aws:iam::123456789012:role/app-*')])]);
    expect(level(p, 'iam:PassRole', 'arn:aws:iam::123456789012:role/app-web')).toBe('unconditional');
    expect(level(p, 'iam:PassRole', 'arn:aws:iam::123456789012:role/admin')).toBe('none');
    expect(level(p, 'iam:PassRole', 'arn:aws:iam::123456789012:ROLE/app-web')).toBe('none');
    expect(level(p, 'iam:CreateAccessKey', null)).toBe('none');
  });

  it('reads a query without a resource as some resource of the action types', () => {
    const p = principal([doc([allow('sagemaker:CreateTrainingJob', 'arn:aws:sagemaker:*:*:training-job/*')])]);
    expect(level(p, 'sagemaker:CreateTrainingJob')).toBe('unconditional');
    const wrongType = principal([doc([allow('sagemaker:CreateTrainingJob', 'arn:aws:sagemaker:*:*:model/*')])]);
    expect(level(wrongType, 'sagemaker:CreateTrainingJob')).toBe('none');
  });

  it('asks an action without resource types about the resource *', () => {
    expect(level(principal([doc([allow('iam:ListUsers', 'arn:aws:iam::*:user/*')])]), 'iam:ListUsers')).toBe('none');
    expect(level(principal([doc([allow('iam:ListUsers')])]), 'iam:ListUsers')).toBe('unconditional');
  });

  it('reads a resource glob as every resource it covers', () => {
    const p = principal([doc([allow('iam:PassRole', 'arn:aws:iam::123456789012:role/app-*')])]);
    expect(level(p, 'iam:PassRole', 'arn:aws:iam::123456789012:role/app-*')).toBe('unconditional');
    expect(level(p, 'iam:PassRole', 'arn:aws:iam::*:role/*')).toBe('none');
  });

  it('takes an action the catalog does not know as written, on any resource', () => {
    const p = principal([doc([allow('newsvc:DoThing', 'arn:aws:newsvc:::thing/*')])]);
    expect(level(p, 'newsvc:DoThing')).toBe('unconditional');
    expect(set(p).query({ action: 'newsvc:*', resource: null }).actions).toEqual(['newsvc:DoThing']);
  });

  it('honours NotAction and NotResource', () => {
    const p = principal([
      doc([
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' },
      ]),
    ]);
    expect(level(p, 'ec2:RunInstances')).toBe('unconditional');
    expect(level(p, 'iam:PassRole')).toBe('none');
    expect(level(p, 's3:GetObject', 'arn:aws:s3:::public/x')).toBe('unconditional');
    const q = principal([doc([{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }])]);
    expect(level(q, 's3:GetObject', 'arn:aws:s3:::secret/x')).toBe('none');
    expect(level(q, 's3:GetObject', 'arn:aws:s3:::secret/*')).toBe('none');
    expect(level(q, 's3:GetObject', 'arn:aws:s3:::public/*')).toBe('unconditional');
    expect(level(q, 's3:GetObject')).toBe('unconditional');
  });

  it('a statement with neither Resource nor NotResource grants nothing', () => {
    expect(level(principal([doc([{ Effect: 'Allow', Action: '*' }])]), 'iam:PassRole', 'arn:aws:iam::1:role/x')).toBe('none');
  });
});

describe('Deny', () => {
  it('an applicable Deny in any policy wins', () => {
    const p = principal([doc([allow('*')]), doc([deny('iam:*')])]);
    expect(level(p, 'iam:PassRole')).toBe('none');
    expect(level(p, 's3:GetObject')).toBe('unconditional');
    expect(set(p).admin()).toBe('none');
  });

  it('a Deny on part of the resources leaves "some resource" granted but not a resource it covers', () => {
    const p = principal([doc([allow('s3:GetObject'), deny('s3:GetObject', 'arn:aws:s3:::secret/*')])]);
    expect(level(p, 's3:GetObject')).toBe('unconditional');
    expect(level(p, 's3:GetObject', 'arn:aws:s3:::secret/a')).toBe('none');
    expect(level(p, 's3:GetObject', 'arn:aws:s3:::*')).toBe('none');
    expect(level(p, 's3:GetObject', 'arn:aws:s3:::public/*')).toBe('unconditional');
  });

  it('a Deny covering the region an Allow grants cancels the "some resource" query', () => {
    const p = principal([doc([allow('s3:GetObject', 'arn:aws:s3:::secret/*'), deny('s3:GetObject', 'arn:aws:s3:::secret*')])]);
    expect(level(p, 's3:GetObject')).toBe('none');
  });

  it('a Deny under undecided conditions makes the grant conditional, listing it as unless', () => {
    const p = principal([doc([allow('iam:*'), deny('iam:*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })])]);
    const g = decide(p, 'iam:PassRole', null, testCatalog);
    expect(g.level).toBe('conditional');
    expect(g.conditions).toEqual(['unless BoolIfExists aws:MultiFactorAuthPresent=false']);
    expect(g.allowedBy.map((r) => r.index)).toEqual([1]);
    expect(set(p).admin()).toBe('none');
  });

  it('a Deny whose conditions are decided false is dead', () => {
    const p = principal([doc([allow('*'), deny('*', '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': '999999999999' } } })])]);
    expect(level(p, 'iam:PassRole')).toBe('unconditional');
    expect(set(p).admin()).toBe('unconditional');
  });

  it('NotAction in a Deny spares the actions it names', () => {
    const p = principal([doc([allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }])]);
    expect(level(p, 's3:GetObject')).toBe('unconditional');
    expect(level(p, 'iam:PassRole')).toBe('none');
  });
});

describe('conditions on Allows', () => {
  it('a request-time condition makes the grant conditional and is listed', () => {
    const p = principal([doc([allow('iam:CreateAccessKey', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })])]);
    const g = decide(p, 'iam:CreateAccessKey', null, testCatalog);
    expect(g).toMatchObject({ level: 'conditional', conditions: ['Bool aws:MultiFactorAuthPresent=true'] });
  });

  it('a decided-false condition grants nothing; a decided-true one grants outright', () => {
    const old = principal([doc([allow('*', '*', { Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } })])], { context: roleContext() });
    expect(level(old, 'iam:PassRole')).toBe('none');
    const mine = principal([doc([allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } })])]);
    expect(level(mine, 'iam:PassRole')).toBe('unconditional');
  });
});

describe('policy variables in resources', () => {
  const home = doc([allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')]);
  it("are substituted for a user, and leave a role's grant conditional", () => {
    expect(level(principal([home]), 's3:GetObject', 'arn:aws:s3:::home/alice/x')).toBe('unconditional');
    expect(level(principal([home]), 's3:GetObject', 'arn:aws:s3:::home/bob/x')).toBe('none');
    const g = decide(principal([home], { context: roleContext() }), 's3:GetObject', 'arn:aws:s3:::home/ci/x', testCatalog);
    expect(g.level).toBe('conditional');
    expect(g.conditions).toEqual(['resource arn:aws:s3:::home/*/* (a policy variable the request decides)']);
  });

  it('are literal in a 2008-10-17 document', () => {
    const old = doc([allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')], '2008-10-17');
    expect(level(principal([old]), 's3:GetObject', 'arn:aws:s3:::home/alice/x')).toBe('none');
  });
});

describe('permissions boundaries', () => {
  it('the boundary must allow the request too, and its own Denies count', () => {
    const p = principal([doc([allow('*')])], { boundary: doc([allow('s3:*')]) });
    expect(level(p, 's3:GetObject')).toBe('unconditional');
    expect(level(p, 'iam:PassRole')).toBe('none');
    expect(set(p).admin()).toBe('none');
    const withDeny = principal([doc([allow('*')])], { boundary: doc([allow('*'), deny('s3:PutObject')]) });
    expect(level(withDeny, 's3:PutObject')).toBe('none');
    expect(level(withDeny, 's3:GetObject')).toBe('unconditional');
  });

  it('a boundary grants nothing by itself', () => {
    const p = principal([doc([allow('s3:GetObject')])], { boundary: doc([allow('*')]) });
    expect(level(p, 'iam:PassRole')).toBe('none');
    expect(set(p).admin()).toBe('none');
  });

  it('a conditional boundary makes the grant conditional', () => {
    const p = principal([doc([allow('*')])], { boundary: doc([allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })]) });
    const g = decide(p, 'iam:PassRole', null, testCatalog);
    expect(g).toMatchObject({ level: 'conditional', conditions: ['IpAddress aws:SourceIp=10.0.0.0/8'] });
    expect(set(p).admin()).toBe('conditional');
  });
});

describe('bounds (SCPs and RCPs, from bounds.ts)', () => {
  it('a hand-made bound restricts and its Denies count', () => {
    const base = principal([doc([allow('*')])]);
    const bounded: PrincipalPolicies = { ...base, bounds: [{ kind: 'scp', name: 'root', policies: [{ name: 'scp', arn: null, via: null, documents: [doc([allow('*'), deny('iam:CreateUser')])] }] }] };
    expect(level(bounded, 'iam:CreateUser')).toBe('none');
    expect(level(bounded, 'iam:PassRole')).toBe('unconditional');
    // Admin is relative to the account's guardrails: the bound's Deny limits `can`, not `admin`.
    expect(set(bounded).admin()).toBe('unconditional');
    const onlyS3: PrincipalPolicies = { ...base, bounds: [{ kind: 'scp', name: 'ou', policies: [{ name: 'scp', arn: null, via: null, documents: [doc([allow('s3:*')])] }] }] };
    expect(level(onlyS3, 'iam:PassRole')).toBe('none');
    expect(level(onlyS3, 's3:GetObject')).toBe('unconditional');
    expect(set(onlyS3).admin()).toBe('unconditional');
    // The principal's own Deny still takes admin away under a bound.
    const ownDeny: PrincipalPolicies = { ...bounded, identity: [{ name: 'own', arn: null, via: null, documents: [doc([allow('*'), deny('iam:CreateUser')])] }] };
    expect(set(ownDeny).admin()).toBe('none');
  });
});

describe('queries and admin', () => {
  it('a pattern query returns the best grant with every granted action', () => {
    const p = principal([doc([allow('iam:PutUserPolicy', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), allow('iam:PutRolePolicy')])]);
    const g = set(p).query({ action: 'iam:Put*Policy', resource: null });
    expect(g.level).toBe('unconditional');
    expect(g.actions).toEqual(['iam:PutUserPolicy', 'iam:PutRolePolicy']);
    expect(g.conditions).toEqual([]);
    expect(g.allowedBy.map((r) => r.index)).toEqual([1, 2]);
  });

  it('admin needs * on * after Denies: NotAction beside the excluded actions is admin', () => {
    expect(set(principal([doc([allow('*')])])).admin()).toBe('unconditional');
    expect(set(principal([doc([allow('*:*')])])).admin()).toBe('unconditional');
    expect(set(principal([doc([allow('*', 'arn:aws:s3:::*')])])).admin()).toBe('none');
    expect(set(principal([doc([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])])).admin()).toBe('none');
    expect(set(principal([doc([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, allow('iam:*')])])).admin()).toBe('unconditional');
    expect(set(principal([doc([allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })])])).admin()).toBe('conditional');
  });
});

describe('serviceOf', () => {
  it('answers each spelling of an action by its own name, asked again or first (it is kept per action name)', () => {
    // Asked in both orders and twice: a memo keyed by anything but the exact name would answer one of them wrongly.
    for (const names of [
      ['IAM:PassRole', 'iam*:PassRole', 'iam', 'iam:PassRole'],
      ['iam:PassRole', 'iam', 'iam*:PassRole', 'IAM:PassRole'],
    ]) {
      for (let round = 0; round < 2; round++) expect(names.map(serviceOf)).toEqual(names.map((n) => (n === 'iam' || n.startsWith('iam*') ? '*' : 'iam')));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { documentsAllow, documentTrusts, globCovers, globMatches, globsIntersect, statementCovers, summarizePrincipal, summarizeTrustPolicy, trustingStatements } from '../../src/model/policy-document/match.ts';
import type { PolicyDocument, PolicyStatement, Principal } from '../../src/model/policy-document/types.ts';

// Documents are built directly in their normalized form; parse.ts is tested on its own.
function stmt(fields: Partial<PolicyStatement>): PolicyStatement {
  return {
    sid: null,
    effect: 'Allow',
    actions: null,
    notActions: null,
    resources: null,
    notResources: null,
    principal: null,
    notPrincipal: null,
    conditions: [],
    ...fields,
  };
}
const allow = (actions: string[], resources: string[] | null = ['*'], more: Partial<PolicyStatement> = {}) => stmt({ effect: 'Allow', actions, resources, ...more });
const deny = (actions: string[], resources: string[] | null = ['*'], more: Partial<PolicyStatement> = {}) => stmt({ effect: 'Deny', actions, resources, ...more });
const doc = (...statements: PolicyStatement[]): PolicyDocument => ({ version: '2012-10-17', statements });
const principal = (p: Partial<Extract<Principal, { kind: 'map' }>>): Principal => ({
  kind: 'map',
  aws: [],
  service: [],
  federated: [],
  canonicalUser: [],
  ...p,
});
const trustDoc = (p: Principal, more: Partial<PolicyStatement> = {}) => doc(stmt({ actions: ['sts:AssumeRole'], principal: p, ...more }));
const ifTrue = [{ operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] }];

describe('globs', () => {
  it('compares actions case-insensitively and resources case-sensitively', () => {
    expect(globMatches('IAM:PassRole', 'iam:passrole', true)).toBe(true);
    expect(globCovers('iam:passrole', 'IAM:PassRole', true)).toBe(true);
    expect(globMatches('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', false)).toBe(false);
    expect(globCovers('arn:aws:s3:::B*', 'arn:aws:s3:::b/key', false)).toBe(false);
  });

  it('covers wildcard queries only when every string of the query is matched', () => {
    expect(globCovers('iam:Pass*', 'iam:PassRole', true)).toBe(true);
    expect(globCovers('*', 'iam:*', true)).toBe(true);
    expect(globCovers('iam:*', 'iam:*', true)).toBe(true);
    expect(globCovers('iam:Get*', 'iam:*', true)).toBe(false);
    expect(globCovers('iam:*', '*', true)).toBe(false);
    expect(globCovers('iam:*', 'iam:Get*', true)).toBe(true);
    expect(globCovers('iam:?et*', 'iam:Get*', true)).toBe(true);
    expect(globCovers('iam:Get?', 'iam:Get*', true)).toBe(false);
    // A `?` in the query is one unknown character; a query `*` needs a pattern `*`.
    expect(globCovers('a?*', 'a*b', false)).toBe(true);
    expect(globCovers('a?', 'a*', false)).toBe(false);
    expect(globCovers('*??*', 'a*b', false)).toBe(true);
  });

  it('decides intersection over an unbounded alphabet', () => {
    expect(globsIntersect('iam:*', 'iam:Get*', true)).toBe(true);
    expect(globsIntersect('iam:*', 's3:*', true)).toBe(false);
    expect(globsIntersect('*a', 'b*', false)).toBe(true);
    expect(globsIntersect('a?', '?b', false)).toBe(true);
    expect(globsIntersect('a?', '???', false)).toBe(false);
    expect(globsIntersect('IAM:*', 'iam:passrole', true)).toBe(true);
  });

  it('matches glob edge cases', () => {
    expect(globMatches('', '', false)).toBe(true);
    expect(globMatches('*', '', false)).toBe(true);
    expect(globMatches('a*a', 'a', false)).toBe(false);
    expect(globMatches('a*a', 'aa', false)).toBe(true);
    expect(globMatches('*ab*ab', 'xabab', false)).toBe(true);
    expect(globMatches('*ab*ab', 'xab', false)).toBe(false);
    expect(globMatches('?', '', false)).toBe(false);
  });
});

describe('statementCovers', () => {
  it('handles Action with wildcard queries', () => {
    expect(statementCovers(allow(['*']), 'iam:*', '*')).toBe(true);
    expect(statementCovers(allow(['iam:*']), 'iam:*', '*')).toBe(true);
    expect(statementCovers(allow(['iam:Get*']), 'iam:*', '*')).toBe(false);
    expect(statementCovers(allow(['s3:GetObject', 'iam:Pass*']), 'IAM:PASSROLE', '*')).toBe(true);
  });

  it('handles NotAction', () => {
    const s = stmt({ notActions: ['iam:*'], resources: ['*'] });
    expect(statementCovers(s, 's3:GetObject', '*')).toBe(true);
    expect(statementCovers(s, 'iam:PassRole', '*')).toBe(false);
    expect(statementCovers(s, '*', '*')).toBe(false);
    expect(statementCovers(s, 's3:*', '*')).toBe(true);
    expect(statementCovers(s, 'i*', '*')).toBe(false);
  });

  it('handles NotResource and absent Resource', () => {
    const s = stmt({ actions: ['s3:*'], notResources: ['arn:aws:s3:::secret/*'] });
    expect(statementCovers(s, 's3:GetObject', 'arn:aws:s3:::public/a')).toBe(true);
    expect(statementCovers(s, 's3:GetObject', 'arn:aws:s3:::secret/a')).toBe(false);
    expect(statementCovers(s, 's3:GetObject', '*')).toBe(false);
    expect(statementCovers(s, 's3:GetObject', 'arn:aws:s3:::SECRET/a')).toBe(true);
    expect(statementCovers(stmt({ actions: ['sts:AssumeRole'] }), 'sts:AssumeRole', '*')).toBe(true);
  });

  it('matches resources against wildcard resource queries', () => {
    const s = allow(['s3:GetObject'], ['arn:aws:s3:::bucket/*']);
    expect(statementCovers(s, 's3:GetObject', 'arn:aws:s3:::bucket/*')).toBe(true);
    expect(statementCovers(s, 's3:GetObject', 'arn:aws:s3:::bucket/a/b')).toBe(true);
    expect(statementCovers(s, 's3:GetObject', 'arn:aws:s3:::bucket*')).toBe(false);
    expect(statementCovers(s, 's3:GetObject', '*')).toBe(false);
  });

  it('reads a query `*` as `*:*`, which an `"Action": "*:*"` grant covers', () => {
    expect(statementCovers(allow(['*:*']), '*', '*')).toBe(true);
    expect(statementCovers(allow(['*:*']), 'iam:*', '*')).toBe(true);
    expect(statementCovers(allow(['iam:*']), '*', '*')).toBe(false);
  });

  it('folds case in NotAction but not in Resource', () => {
    const s = stmt({ notActions: ['IAM:*'], resources: ['*'] });
    expect(statementCovers(s, 'iam:passrole', '*')).toBe(false);
    expect(statementCovers(s, 's3:GetObject', '*')).toBe(true);
    const r = allow(['s3:GetObject'], ['arn:aws:s3:::Bucket/*']);
    expect(statementCovers(r, 's3:GetObject', 'arn:aws:s3:::bucket/x')).toBe(false);
    expect(statementCovers(r, 's3:GetObject', 'arn:aws:s3:::Bucket/x')).toBe(true);
  });

  it('covers nothing without Action or NotAction', () => {
    expect(statementCovers(stmt({ resources: ['*'] }), '*', '*')).toBe(false);
  });
});

describe('documentsAllow', () => {
  it('needs an Allow statement covering the query', () => {
    expect(documentsAllow([doc(allow(['*']))], '*', '*')).toBe(true);
    expect(documentsAllow([doc(allow(['iam:*']))], '*', '*')).toBe(false);
    expect(documentsAllow([], 'iam:PassRole', '*')).toBe(false);
    expect(documentsAllow([doc(allow(['s3:*'])), doc(allow(['iam:*']))], 'iam:PassRole', '*')).toBe(true);
  });

  it('ignores conditions on Allow statements', () => {
    expect(documentsAllow([doc(allow(['iam:*'], ['*'], { conditions: ifTrue }))], 'iam:PassRole', '*')).toBe(true);
  });

  it('lets an unconditional Deny in any document cancel, but not a conditional one', () => {
    const grant = doc(allow(['*']));
    expect(documentsAllow([grant, doc(deny(['iam:*']))], 'iam:PassRole', '*')).toBe(false);
    expect(documentsAllow([grant, doc(deny(['iam:*'], ['*'], { conditions: ifTrue }))], 'iam:PassRole', '*')).toBe(true);
    // A Deny that covers only part of a wildcard query does not cancel (grants are over-approximated).
    expect(documentsAllow([grant, doc(deny(['iam:*']))], '*', '*')).toBe(true);
    expect(documentsAllow([grant, doc(deny(['iam:*'], ['arn:aws:iam::1:role/x']))], 'iam:PassRole', '*')).toBe(true);
    expect(documentsAllow([doc(deny(['*']), allow(['*']))], 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(false);
  });

  it('handles a Deny with NotAction', () => {
    const d = doc(allow(['*']), stmt({ effect: 'Deny', notActions: ['s3:*'], resources: ['*'] }));
    expect(documentsAllow([d], 's3:GetObject', '*')).toBe(true);
    expect(documentsAllow([d], 'iam:PassRole', '*')).toBe(false);
    expect(documentsAllow([d], '*', '*')).toBe(true);
  });

  it('handles lists (already normalized from strings)', () => {
    const d = doc(allow(['ec2:Describe*', 'iam:PassRole'], ['arn:aws:iam::111122223333:role/app', 'arn:aws:iam::111122223333:role/ops-*']));
    expect(documentsAllow([d], 'iam:passrole', 'arn:aws:iam::111122223333:role/ops-admin')).toBe(true);
    expect(documentsAllow([d], 'iam:PassRole', 'arn:aws:iam::111122223333:role/other')).toBe(false);
    expect(documentsAllow([d], 'ec2:DescribeInstances', 'arn:aws:iam::111122223333:role/app')).toBe(true);
  });
});

describe('trust', () => {
  it('recognises public principals', () => {
    expect(documentTrusts(trustDoc({ kind: 'any' }), '*')).toBe(true);
    expect(documentTrusts(trustDoc(principal({ aws: ['*'] })), '*')).toBe(true);
    expect(documentTrusts(trustDoc(principal({ aws: ['111122223333'] })), '*')).toBe(false);
    // A public principal names everyone, so it also trusts any particular account.
    expect(documentTrusts(trustDoc({ kind: 'any' }), '111122223333')).toBe(true);
  });

  it('treats an Allow with NotPrincipal as public except for the excluded', () => {
    const d = doc(stmt({ actions: ['sts:AssumeRole'], notPrincipal: principal({ aws: ['111122223333'] }) }));
    expect(documentTrusts(d, '*')).toBe(true);
    expect(documentTrusts(d, '444455556666')).toBe(true);
    expect(documentTrusts(d, '111122223333')).toBe(false);
    expect(summarizeTrustPolicy(d).public).toBe(true);
  });

  it('lets a NotPrincipal beside a Principal exclude, and trusts no one without either', () => {
    const both = doc(stmt({ actions: ['sts:AssumeRole'], principal: principal({ aws: ['*'] }), notPrincipal: principal({ aws: ['111122223333'] }) }));
    expect(documentTrusts(both, '111122223333')).toBe(false);
    expect(documentTrusts(both, '444455556666')).toBe(true);
    expect(documentTrusts(doc(stmt({ actions: ['sts:AssumeRole'] })), '*')).toBe(false);
    expect(documentTrusts(doc(stmt({ actions: ['sts:AssumeRole'] })), '111122223333')).toBe(false);
  });

  it('matches accounts by id, root ARN, and any principal ARN in the account', () => {
    const byRoot = trustDoc(principal({ aws: ['arn:aws:iam::111122223333:root'] }));
    const byId = trustDoc(principal({ aws: ['111122223333'] }));
    const byRole = trustDoc(principal({ aws: ['arn:aws:iam::111122223333:role/deployer'] }));
    for (const d of [byRoot, byId, byRole]) {
      expect(documentTrusts(d, '111122223333')).toBe(true);
      expect(documentTrusts(d, '444455556666')).toBe(false);
    }
    expect(documentTrusts(byRoot, 'arn:aws:iam::111122223333:root')).toBe(true);
    expect(documentTrusts(byId, 'arn:aws:iam::111122223333:root')).toBe(true);
    expect(documentTrusts(byRole, 'arn:aws:iam::111122223333:root')).toBe(false);
    expect(documentTrusts(byRoot, 'arn:aws:iam::111122223333:role/deployer')).toBe(false);
  });

  it('matches ARNs exactly, case-sensitive except the service, with globs in the policy', () => {
    const d = trustDoc(principal({ aws: ['arn:aws:iam::111122223333:role/Deployer'] }));
    expect(documentTrusts(d, 'arn:aws:iam::111122223333:role/Deployer')).toBe(true);
    expect(documentTrusts(d, 'arn:aws:IAM::111122223333:role/Deployer')).toBe(true);
    expect(documentTrusts(d, 'arn:aws:iam::111122223333:role/deployer')).toBe(false);
    expect(documentTrusts(d, 'arn:aws:iam::111122223333:role/Deployer2')).toBe(false);
    const g = trustDoc(principal({ aws: ['arn:aws:iam::*:role/ci-*'] }));
    expect(documentTrusts(g, 'arn:aws:iam::444455556666:role/ci-runner')).toBe(true);
    expect(documentTrusts(g, 'arn:aws:iam::444455556666:role/prod')).toBe(false);
    expect(documentTrusts(g, '444455556666')).toBe(true);
    // A wildcard stays within its ARN field.
    const f = trustDoc(principal({ aws: ['arn:aws:iam::*:root'] }));
    expect(documentTrusts(f, 'arn:aws:iam::111122223333:root')).toBe(true);
    expect(documentTrusts(f, 'arn:aws:iam::111122223333:x:root')).toBe(false);
  });

  it('matches service principals', () => {
    const d = trustDoc(principal({ service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }));
    expect(documentTrusts(d, 'ec2.amazonaws.com')).toBe(true);
    expect(documentTrusts(d, 'lambda.amazonaws.com')).toBe(true);
    expect(documentTrusts(d, 'ecs-tasks.amazonaws.com')).toBe(false);
    expect(documentTrusts(d, '*')).toBe(false);
    expect(documentTrusts(d, '111122223333')).toBe(false);
  });

  it('matches GitHub OIDC and SAML federated providers by host, name or ARN', () => {
    const gh = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    const d = trustDoc(principal({ federated: [gh] }), {
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions: [{ operator: 'StringLike', key: 'token.actions.githubusercontent.com:sub', values: ['repo:o/r:*'] }],
    });
    expect(documentTrusts(d, 'token.actions.githubusercontent.com')).toBe(true);
    expect(documentTrusts(d, gh)).toBe(true);
    expect(documentTrusts(d, 'accounts.google.com')).toBe(false);
    // Trusting a provider in the account is not trusting the account's principals.
    expect(documentTrusts(d, '111122223333')).toBe(false);
    expect(documentTrusts(trustDoc(principal({ federated: ['token.actions.githubusercontent.com'] })), 'token.actions.githubusercontent.com')).toBe(true);
    expect(documentTrusts(trustDoc(principal({ federated: ['cognito-identity.amazonaws.com'] })), 'cognito-identity.amazonaws.com')).toBe(true);
    const saml = trustDoc(principal({ federated: ['arn:aws:iam::111122223333:saml-provider/Okta'] }));
    expect(documentTrusts(saml, 'Okta')).toBe(true);
    expect(documentTrusts(saml, 'arn:aws:iam::111122223333:saml-provider/Okta')).toBe(true);
  });

  it('looks only at Allow statements and returns the trusting ones', () => {
    const s1 = stmt({ sid: 'ci', actions: ['sts:AssumeRole'], principal: principal({ aws: ['111122223333'] }) });
    const s2 = stmt({ sid: 'ec2', actions: ['sts:AssumeRole'], principal: principal({ service: ['ec2.amazonaws.com'] }) });
    const s3 = stmt({ sid: 'no', effect: 'Deny', actions: ['sts:AssumeRole'], principal: principal({ aws: ['444455556666'] }) });
    const d = doc(s1, s2, s3);
    expect(trustingStatements(d, '111122223333')).toEqual([s1]);
    expect(trustingStatements(d, 'ec2.amazonaws.com')).toEqual([s2]);
    expect(trustingStatements(d, '444455556666')).toEqual([]);
    expect(documentTrusts(doc(), '*')).toBe(false);
  });

  it('summarizes principals', () => {
    expect(summarizePrincipal(null)).toEqual({ public: false, accounts: [], arns: [], services: [], federated: [], values: [] });
    expect(summarizePrincipal({ kind: 'any' })).toMatchObject({ public: true, values: ['*'] });
    const s = summarizePrincipal(
      principal({
        aws: ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/x', 'AROAEXAMPLEID'],
        service: ['ec2.amazonaws.com'],
        federated: ['token.actions.githubusercontent.com'],
      }),
    );
    expect(s).toEqual({
      public: false,
      accounts: ['111122223333', '444455556666'],
      arns: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/x'],
      services: ['ec2.amazonaws.com'],
      federated: ['token.actions.githubusercontent.com'],
      values: ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/x', 'AROAEXAMPLEID', 'ec2.amazonaws.com', 'token.actions.githubusercontent.com'],
    });
    expect(summarizePrincipal(principal({ aws: ['*'] })).public).toBe(true);
  });
});

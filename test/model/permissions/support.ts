import type { AccessLevel, ActionCatalog, CatalogAction, PolicySource, PrincipalContext, PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { globMatches } from '../../../src/model/policy-document/glob.ts';
import { parsePolicyDocument } from '../../../src/model/policy-document/parse.ts';
import type { PolicyDocument } from '../../../src/model/policy-document/types.ts';

/** A small in-memory catalog: unit tests do not need the real one. */
const ACTIONS: readonly [string, AccessLevel, readonly string[]][] = [
  ['iam:PassRole', 'Write', ['arn:*:iam::*:role/*']],
  ['iam:CreateAccessKey', 'Write', ['arn:*:iam::*:user/*']],
  ['iam:CreateUser', 'Write', ['arn:*:iam::*:user/*']],
  ['iam:PutUserPolicy', 'Permissions management', ['arn:*:iam::*:user/*']],
  ['iam:PutRolePolicy', 'Permissions management', ['arn:*:iam::*:role/*']],
  ['iam:ListUsers', 'List', []],
  ['s3:GetObject', 'Read', ['arn:*:s3:::*/*']],
  ['s3:PutObject', 'Write', ['arn:*:s3:::*/*']],
  ['s3:ListBucket', 'List', ['arn:*:s3:::*']],
  ['s3:ListAllMyBuckets', 'List', []],
  ['ec2:RunInstances', 'Write', ['arn:*:ec2:*:*:instance/*', 'arn:*:ec2:*:*:subnet/*']],
  ['ec2:DescribeInstances', 'List', []],
  ['sagemaker:CreateTrainingJob', 'Write', ['arn:*:sagemaker:*:*:training-job/*']],
  ['sts:AssumeRole', 'Write', ['arn:*:iam::*:role/*']],
];

export const TEST_CATALOG_ACTIONS: readonly CatalogAction[] = ACTIONS.map(([name, accessLevel, resourceArns]) => ({
  name,
  service: name.slice(0, name.indexOf(':')).toLowerCase(),
  accessLevel,
  resourceArns,
}));

export const testCatalog: ActionCatalog = {
  lookup: (action) => TEST_CATALOG_ACTIONS.find((a) => a.name.toLowerCase() === action.toLowerCase()),
  expand: (pattern) => TEST_CATALOG_ACTIONS.filter((a) => globMatches(pattern, a.name, true)),
  services: () => [...new Set(TEST_CATALOG_ACTIONS.map((a) => a.service))],
};

export const ACCOUNT = '123456789012';
export const NOW = Date.UTC(2026, 10, 27, 10);

export function userContext(name = 'alice', extra: Partial<PrincipalContext> = {}): PrincipalContext {
  return { type: 'user', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, name, id: `AIDA${name.toUpperCase()}`, tags: new Map(), now: NOW, ...extra };
}

export function roleContext(name = 'ci', extra: Partial<PrincipalContext> = {}): PrincipalContext {
  return { type: 'role', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name, id: `AROA${name.toUpperCase()}`, tags: new Map(), now: NOW, ...extra };
}

export function doc(statements: readonly unknown[], version = '2012-10-17'): PolicyDocument {
  const parsed = parsePolicyDocument({ Version: version, Statement: statements });
  if ('error' in parsed) throw new Error(`bad test policy: ${parsed.error}`);
  return parsed;
}

export function source(name: string, ...documents: PolicyDocument[]): PolicySource {
  return { name, arn: null, via: null, documents };
}

export function principal(identity: readonly PolicyDocument[], options: { boundary?: PolicyDocument; context?: PrincipalContext } = {}): PrincipalPolicies {
  return {
    principal: options.context ?? userContext(),
    identity: identity.map((d, i) => source(`p${i + 1}`, d)),
    boundary: options.boundary === undefined ? null : source('boundary', options.boundary),
    bounds: [],
  };
}

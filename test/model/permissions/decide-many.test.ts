import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionIndex, maskOf, mayGrant } from '../../../src/model/permissions/action-index.ts';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import { permissionSet } from '../../../src/model/permissions/permission-set.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { principalPoliciesArb, RESOURCE_PATTERNS, sourceOf } from './differential-harness.ts';
import { ACCOUNT } from './support.ts';

const catalog = actionCatalog();

// Concrete actions as a long list asks them (lower case, as the library's credential list), one the
// catalog does not know, and one repeated: the index holds each once.
const ACTIONS = ['iam:passrole', 'iam:createaccesskey', 'iam:ListUsers', 's3:getobject', 'S3:PutObject', 's3:ListBucket', 's3:ListAllMyBuckets', 'sts:assumerole', 'ec2:RunInstances', 'unknown:DoThing', 'iam:passrole'];
const RESOURCES = [...RESOURCE_PATTERNS, `arn:aws:iam::${ACCOUNT}:role/app-web`, `arn:aws:iam::${ACCOUNT}:user/alice`, 'arn:aws:s3:::bucket-a/alice/x', 'arn:aws:s3:::bucket-a'];

describe('decisions of many actions on one resource', () => {
  // engine/permissions.ts answers a list question on a resource from grantsOn instead of one query per action.
  it('grants each action exactly what a query of that action alone grants, evidence and all', () => {
    const index = actionIndex(ACTIONS, catalog);
    const all = maskOf(index, index.actions);
    fc.assert(
      fc.property(principalPoliciesArb, fc.constantFrom(...RESOURCES), (policies, resource) => {
        const set = permissionSet(preparePolicies(policies), catalog);
        // Every action, and those the set's own mask keeps (as engine/permissions.ts asks).
        for (const only of [all, set.grantable(index)]) {
          const alone = index.actions.filter((action) => mayGrant(index, only, action)).map((action) => set.query({ action, resource }, false));
          expect(set.grantsOn(index, only, resource)).toEqual(alone.filter((g) => g.level !== 'none'));
        }
      }),
      { numRuns: 600 },
    );
  });

  it('leaves out the conditions of a boundary that also grants the action unconditionally, as the single decision does', () => {
    const index = actionIndex(['iam:CreateAccessKey', 'iam:PassRole'], catalog);
    const policies: PrincipalPolicies = {
      principal: { type: 'user', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, name: 'alice', id: 'AIDAALICE', tags: new Map(), now: 0 },
      identity: [sourceOf('p0', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] })],
      boundary: sourceOf('boundary', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        ],
      }),
      bounds: [],
    };
    const set = permissionSet(preparePolicies(policies), catalog);
    const [key] = set.grantsOn(index, maskOf(index, index.actions), '*');
    expect(key).toEqual(set.query({ action: 'iam:CreateAccessKey', resource: '*' }, false));
    expect(key?.conditions).toEqual(['IpAddress aws:SourceIp=10.0.0.0/8']);
  });

  it('lists the conditions of the boundary and of undecided Denies, as the single decision does', () => {
    const index = actionIndex(['iam:CreateAccessKey', 'iam:PassRole'], catalog);
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const policies: PrincipalPolicies = {
      principal: { type: 'user', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, name: 'alice', id: 'AIDAALICE', tags: new Map(), now: 0 },
      identity: [
        sourceOf('p0', {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
            { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
          ],
        }),
      ],
      boundary: sourceOf('boundary', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: mfa }] }),
      bounds: [],
    };
    const [key, pass] = permissionSet(preparePolicies(policies), catalog).grantsOn(index, maskOf(index, index.actions), '*');
    expect(key).toMatchObject({ level: 'conditional', actions: ['iam:CreateAccessKey'], conditions: ['Bool aws:MultiFactorAuthPresent=true'] });
    expect(pass?.level).toBe('conditional');
    expect(pass?.conditions).toEqual(['Bool aws:MultiFactorAuthPresent=true', 'unless IpAddress aws:SourceIp=10.0.0.0/8']);
  });
});

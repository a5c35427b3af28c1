import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionIndex, grantsNothing, mayGrant } from '../../../src/model/permissions/action-index.ts';
import { permissionSet } from '../../../src/model/permissions/permission-set.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import type { PrincipalPolicies } from '../../../src/model/permissions/types.ts';
import { doc, principal, TEST_CATALOG_ACTIONS, testCatalog } from './support.ts';

const set = (p: PrincipalPolicies) => permissionSet(preparePolicies(p), testCatalog);
const NAMES = [...TEST_CATALOG_ACTIONS.map((a) => a.name), 'unknown:DoThing'];
const index = actionIndex(NAMES, testCatalog);

describe('action index', () => {
  it('rules out an action no Allow names, keeps one that some Allow names', () => {
    const s = set(principal([doc([{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }])]));
    const mask = s.grantable(index);
    expect(mayGrant(index, mask, 's3:GetObject')).toBe(true);
    expect(mayGrant(index, mask, 'iam:PassRole')).toBe(false);
  });

  it('rules out an action whose Allow names only resources of other types', () => {
    const s = set(principal([doc([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:s3:::bucket/*' }])]));
    expect(mayGrant(index, s.grantable(index), 'iam:PassRole')).toBe(false);
  });

  it('keeps NotAction complements and says nothing of actions outside the index', () => {
    const s = set(principal([doc([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])]));
    const mask = s.grantable(index);
    expect(mayGrant(index, mask, 's3:PutObject')).toBe(true);
    expect(mayGrant(index, mask, 'iam:CreateUser')).toBe(false);
    expect(mayGrant(index, mask, 'kms:Decrypt')).toBe(true);
  });

  it('grants nothing when no Allow names an action of the index on its resources, and then shares one empty mask', () => {
    const none = set(principal([doc([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:s3:::bucket/*' }])]));
    const other = set(principal([doc([{ Effect: 'Allow', Action: 'unknown:Other', Resource: '*' }])]));
    const some = set(principal([doc([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }])]));
    expect(grantsNothing(none.grantable(index))).toBe(true);
    expect(none.grantable(index)).toBe(other.grantable(index));
    expect(grantsNothing(some.grantable(index))).toBe(false);
  });

  // engine/permissions.ts answers a list question with one shared none when the mask grants nothing, asking no action.
  it('says it grants nothing exactly when it rules out every action of the index', () => {
    const pattern = fc.constantFrom('*', 'iam:*', 's3:Get*', 'sts:AssumeRole', 'iam:CreateUser', 'unknown:*', 'unknown:Other');
    const resource = fc.constantFrom('*', 'arn:aws:iam::123456789012:role/*', 'arn:aws:s3:::b/*');
    const statement = fc.record({ act: fc.constantFrom('Action', 'NotAction'), actions: fc.array(pattern, { minLength: 1, maxLength: 2 }), resources: fc.array(resource, { minLength: 1, maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (statements) => {
        const mask = set(principal([doc(statements.map((st) => ({ Effect: 'Allow', [st.act]: st.actions, Resource: st.resources })))])).grantable(index);
        expect(grantsNothing(mask)).toBe(NAMES.every((action) => !mayGrant(index, mask, action)));
      }),
      { numRuns: 200 },
    );
  });

  // The law the callers rely on: may-not-grant only when a question without a resource answers none.
  it('says may-not-grant only when the query answers none', () => {
    const pattern = fc.constantFrom('*', 'iam:*', 's3:*', 'iam:Pass*', 's3:Get*', 'ec2:*', 'sts:AssumeRole', 'iam:CreateUser', 'unknown:*', 'sagemaker:Create*');
    const resource = fc.constantFrom('*', 'arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:user/bob', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b', 'arn:aws:ec2:*:*:instance/*');
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      act: fc.constantFrom('Action', 'NotAction'),
      res: fc.constantFrom('Resource', 'NotResource'),
      actions: fc.array(pattern, { minLength: 1, maxLength: 3 }),
      resources: fc.array(resource, { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
        const s = set(principal([doc(statements.map((st) => ({ Effect: st.Effect, [st.act]: st.actions, [st.res]: st.resources })))]));
        const mask = s.grantable(index);
        for (const action of NAMES) if (!mayGrant(index, mask, action)) expect(s.query({ action, resource: null }).level).toBe('none');
      }),
      { numRuns: 300 },
    );
  });
});

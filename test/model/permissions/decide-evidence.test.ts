import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import { decideAction, type Evidence } from '../../../src/model/permissions/decide.ts';
import { preparePolicies } from '../../../src/model/permissions/prepare.ts';
import { principalPoliciesArb, RESOURCE_PATTERNS } from './differential-harness.ts';
import { ACCOUNT } from './support.ts';

const catalog = actionCatalog();
const ACTIONS = ['iam:PassRole', 'iam:CreateAccessKey', 'iam:ListUsers', 's3:GetObject', 's3:ListBucket', 's3:ListAllMyBuckets', 'sts:AssumeRole', 'unknown:DoThing'];
const RESOURCES = [null, ...RESOURCE_PATTERNS, `arn:aws:iam::${ACCOUNT}:role/app-web`, `arn:aws:iam::${ACCOUNT}:user/alice`, 'arn:aws:s3:::bucket-a/alice/x'];

describe('gathering evidence', () => {
  // permission-set.ts decides a question once, gathering its evidence on the way: that relies on this.
  it('changes no decision, and a refused request gathers nothing', () => {
    fc.assert(
      fc.property(principalPoliciesArb, fc.constantFrom(...ACTIONS), fc.constantFrom(...RESOURCES), (policies, action, resource) => {
        const pp = preparePolicies(policies);
        const evidence: Evidence = { allowedBy: [], conditions: [] };
        const gathered = decideAction(pp, action, false, resource, catalog, evidence);
        expect(gathered).toBe(decideAction(pp, action, false, resource, catalog, null));
        if (gathered === 0) expect(evidence).toEqual({ allowedBy: [], conditions: [] });
        else expect(evidence.allowedBy.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

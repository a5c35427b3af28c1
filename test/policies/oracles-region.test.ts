import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationPolicySpec, OrganizationSpec } from '../../src/guard-test/index.ts';
import { accountSpecArb, evaluate, GENERATED_ACCOUNT, GENERATED_ORGANIZATION_ACCOUNTS, type StatementSpec, snapshotOf } from '../../src/testing/index.ts';
import { compileLibrary, loadModel, ruleVerdicts, type Verdict } from './oracle-support.ts';

/**
 * org.region-guardrail against an oracle from the issue's wording ("accounts protected by an SCP
 * that denies actions outside the allowed regions"), with allowed_regions set. The oracle does not
 * call the guardrail code: for each region it tries (the allowed ones' neighbours, a region the
 * policies name, one no policy names) it walks the generated chain AWS's way, `aws:RequestedRegion`
 * being that region, and a Deny on `aws:PrincipalARN` as well refuses only perhaps.
 */

const [MANAGEMENT, MEMBER] = GENERATED_ORGANIZATION_ACCOUNTS;
const ALLOWED = ['us-east-1', 'eu-west-1'];
const POOL = ['us-east-1', 'eu-west-1', 'ap-south-1', 'sa-east-1'];
// Regions outside the list that can tell the generated policies apart: those they name, and others.
const TRIED = ['ap-south-1', 'sa-east-1', 'us-west-2', 'xx-unlisted-1'];
const ACTIONS = ['ec2:RunInstances', 'lambda:CreateFunction', 's3:CreateBucket'];
const BREAK_GLASS = { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/breakglass' } };

interface RegionStatement {
  readonly negated: boolean;
  readonly regions: readonly string[];
  readonly exempt: readonly string[];
  readonly breakGlass: boolean;
}

const statementArb: fc.Arbitrary<RegionStatement> = fc.record({
  negated: fc.boolean(),
  regions: fc.subarray(POOL, { minLength: 1 }),
  exempt: fc.subarray(['iam:*', 'ec2:*', 's3:*', 'lambda:*']),
  breakGlass: fc.boolean(),
});

interface Generated {
  readonly currentIsManagement: boolean;
  readonly statements: readonly { readonly statement: RegionStatement; readonly target: string }[];
}

const generatedArb: fc.Arbitrary<Generated> = fc.record({
  currentIsManagement: fc.boolean(),
  statements: fc.array(fc.record({ statement: statementArb, target: fc.constantFrom('r-1', MEMBER, GENERATED_ACCOUNT) }), { maxLength: 2 }),
});

function toStatement(s: RegionStatement): StatementSpec {
  const operator = s.negated ? 'StringNotEquals' : 'StringEquals';
  const condition = { [operator]: { 'aws:RequestedRegion': s.regions }, ...(s.breakGlass ? BREAK_GLASS : {}) };
  return { Effect: 'Deny', ...(s.exempt.length > 0 ? { NotAction: s.exempt } : { Action: '*' }), Resource: '*', Condition: condition };
}

function organizationOf(g: Generated): OrganizationSpec {
  const management = g.currentIsManagement ? GENERATED_ACCOUNT : MANAGEMENT;
  const policy = (id: string, statements: readonly StatementSpec[], targets: readonly string[]): OrganizationPolicySpec => ({
    id,
    arn: `arn:aws:organizations::${management}:policy/o-x/service_control_policy/${id}`,
    name: id,
    type: 'SERVICE_CONTROL_POLICY',
    content: { statements, form: 'json', single: false },
    targets: targets.map((t) => ({ id: t })),
  });
  const all = ['r-1', MANAGEMENT, MEMBER, GENERATED_ACCOUNT];
  return {
    id: 'o-x',
    managementAccountId: management,
    featureSet: 'ALL',
    root: { id: 'r-1', policyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] },
    units: [],
    accounts: [...(g.currentIsManagement ? [] : [{ id: MANAGEMENT, name: 'management', parentId: 'r-1' }]), { id: MEMBER, name: 'member', parentId: 'r-1' }, { id: GENERATED_ACCOUNT, name: 'me', parentId: 'r-1' }],
    policies: [
      { ...policy('p-FullAWSAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }], all), arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', awsManaged: true },
      ...g.statements.map((s, i) => policy(`p-region${i}`, [toStatement(s.statement)], [s.target])),
    ],
    delegatedAdministrators: [],
    missing: null,
    features: 'none',
  };
}

/** The action is exempt (NotAction names its service), or the request's region is not the one the Deny is about. */
function refuses(s: RegionStatement, action: string, region: string): 'always' | 'perhaps' | 'never' {
  if (s.exempt.some((e) => e.split(':')[0] === action.split(':')[0])) return 'never';
  const listed = s.regions.includes(region);
  if (listed === s.negated) return 'never';
  return s.breakGlass ? 'perhaps' : 'always';
}

function oracle(accountId: string, g: Generated, org: OrganizationSpec): Verdict {
  if (accountId === org.managementAccountId) return 'pass';
  const chain = ['r-1', accountId];
  const applying = g.statements.filter((s) => chain.includes(s.target));
  const refusedEverywhere = TRIED.every((region) => ACTIONS.every((action) => applying.some((s) => refuses(s.statement, action, region) !== 'never')));
  return refusedEverywhere ? 'pass' : 'fail';
}

let library: Awaited<ReturnType<typeof compileLibrary>>;
beforeAll(async () => {
  library = await compileLibrary({ allowed_regions: JSON.stringify(ALLOWED) });
});

describe('org.region-guardrail agrees with an oracle from the issue on generated organizations', () => {
  it('with allowed_regions = ["us-east-1", "eu-west-1"]', () => {
    const seen = new Set<Verdict>();
    fc.assert(
      fc.property(accountSpecArb({ organization: 'member' }), generatedArb, (base, g) => {
        const spec = { ...base, organization: organizationOf(g), organizationsSection: 'present' as const };
        const model = loadModel(snapshotOf(spec));
        const actual = ruleVerdicts(evaluate(library, model), 'org.region-guardrail');
        for (const account of model.collections['accounts']?.entities ?? []) {
          const expected = oracle(String(account.attrs['id']), g, spec.organization);
          seen.add(expected);
          expect([account.name, actual.get(account.key) ?? 'pass']).toEqual([account.name, expected]);
        }
      }),
      { numRuns: 150 },
    );
    expect([...seen].sort()).toEqual(['fail', 'pass']);
  });
});

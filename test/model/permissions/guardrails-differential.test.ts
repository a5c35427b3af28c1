/**
 * The SCP chain decision against @cloud-copilot/iam-simulate's (a test-only devDependency) given the
 * same chain, one SCP list per level, root first: on generated chains (FullAWSAccess or allow-lists
 * at each level, deny-lists, NotAction, NotResource, decided and request-time conditions) and on the
 * scp-examples corpus (../shared/data/scp-examples, skipped when absent). Both of guard's paths are
 * held to it: `decideChain` (the guardrail predicate, for a named principal) and `decide` with the
 * chain as bounds (what `can` and `who-can` use). Disagreement classes where guard follows AWS's
 * documentation are the harness's named exclusions, counted and reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRUE, type Tri } from '../../../src/model/permissions/context-keys.ts';
import { sharedPath } from '../fixtures.ts';
import { type Case, caseArb, contextOf, EXCLUSIONS, knownKeys, type RawPolicy, requestPrincipal } from './differential-harness.ts';
import { ALLOW_ALL_IDENTITY, type ChainCase, chainCaseArb, FULL_ACCESS, guardLevels } from './guardrails-support.ts';
import { ACCOUNT } from './support.ts';

async function simulateChain(c: ChainCase, mode: 'Strict' | 'Discovery'): Promise<'allowed' | 'denied' | 'error'> {
  const result = await runSimulation(
    {
      request: { principal: requestPrincipal(c.principal), action: c.action, resource: { resource: c.resource, accountId: ACCOUNT }, contextVariables: contextOf(c.principal) },
      identityPolicies: [{ name: 'identity', policy: ALLOW_ALL_IDENTITY }],
      serviceControlPolicies: c.levels.map((list, i) => ({
        orgIdentifier: i === 0 ? 'r-root' : i === c.levels.length - 1 ? ACCOUNT : `ou-level${i}`,
        policies: list.map((policy, j) => ({ name: `l${i}p${j}`, policy })),
      })),
      resourceControlPolicies: [],
    },
    { simulationMode: mode, discoveryContextKeyConstraints: knownKeys(c.principal) },
  );
  if (result.resultType === 'error') return 'error';
  return result.overallResult === 'Allowed' ? 'allowed' : 'denied';
}

/** Classes where the simulator asks for more than the chain, argued as in differential-managed.test.ts. */
const CHAIN_EXCLUSIONS: readonly { readonly name: string; readonly fits: (c: Case) => boolean }[] = [
  {
    // A KMS key's key policy must allow the account for identity policies to count
    // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html): iam-simulate
    // wants one for a user's request; resource policies are out of scope here.
    name: 'KMS key-policy requests',
    fits: (c) => c.action.toLowerCase().startsWith('kms:'),
  },
];

interface Tally {
  agree: number;
  excluded: Record<string, number>;
  refused: number;
  disagree: { c: ChainCase; chain: Tri; bounds: Tri; sim: string; mode: string }[];
}

async function compare(c: ChainCase, t: Tally): Promise<void> {
  const g = guardLevels(c);
  const mode = g.decided ? 'Strict' : 'Discovery';
  const sim = await simulateChain(c, mode);
  if (sim === 'error') {
    t.refused++;
    return;
  }
  const allows = (level: Tri): boolean => (g.decided ? level === TRUE : level >= 1);
  if (allows(g.chain) === (sim === 'allowed') && allows(g.bounds) === (sim === 'allowed')) {
    t.agree++;
    return;
  }
  // The harness's exclusions read a case's policies: the chain's, as if they were identity policies.
  const asCase: Case = { principal: c.principal, identity: c.levels.flat(), boundary: null, action: c.action, resource: c.resource };
  const exclusion = [...CHAIN_EXCLUSIONS, ...EXCLUSIONS].find((e) => e.fits(asCase));
  if (exclusion !== undefined) {
    t.excluded[exclusion.name] = (t.excluded[exclusion.name] ?? 0) + 1;
    return;
  }
  t.disagree.push({ c, chain: g.chain, bounds: g.bounds, sim, mode });
}

function report(name: string, total: number, t: Tally): void {
  console.log(`guardrails differential (${name}): ${t.agree}/${total} agree; excluded ${JSON.stringify(t.excluded)}; iam-simulate refused ${t.refused}; ${t.disagree.length} disagree`);
}

describe('the SCP chain decision against iam-simulate', () => {
  it.each([
    ['decided conditions only', false],
    ['with request-time conditions', true],
  ] as const)(
    'on generated chains, %s',
    async (name, undecided) => {
      const cases = fc.sample(chainCaseArb(undecided), { numRuns: 600, seed: undecided ? 23 : 22 });
      const t: Tally = { agree: 0, excluded: {}, refused: 0, disagree: [] };
      for (const c of cases) await compare(c, t);
      report(name, cases.length, t);
      expect(t.disagree.slice(0, 3).map((d) => JSON.stringify(d))).toEqual([]);
      expect(t.agree).toBeGreaterThan(cases.length * 0.8);
    },
    120_000,
  );
});

const CORPUS = sharedPath('scp-examples');

interface IndexEntry {
  readonly file: string;
  readonly policy_type: string;
}

/** Requests to ask each corpus SCP about: a spread of services, with resources of the actions' types. */
const CORPUS_REQUESTS: readonly (readonly [string, string])[] = [
  ['organizations:LeaveOrganization', '*'],
  ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/alice`],
  ['iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/alice`],
  ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/app-web`],
  ['s3:GetObject', 'arn:aws:s3:::bucket-a/k'],
  ['s3:PutBucketPolicy', 'arn:aws:s3:::bucket-a'],
  ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123`],
  ['cloudtrail:StopLogging', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`],
  ['guardduty:DeleteDetector', `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/d1`],
  ['kms:ScheduleKeyDeletion', `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`],
  ['sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/app-web`],
  ['account:PutAlternateContact', '*'],
];

describe.skipIf(!existsSync(CORPUS))('the SCP chain decision against iam-simulate on the scp-examples corpus', () => {
  if (!existsSync(CORPUS)) return;
  const index = (JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as { policies: readonly IndexEntry[] }).policies.filter((p) => p.policy_type === 'SCP');
  const principals = fc.sample(caseArb(false), { numRuns: 2, seed: 5 }).map((c) => c.principal);

  it('agrees on every SCP, beside FullAWSAccess at the root and alone at an OU, outside the named exclusions', async () => {
    const t: Tally = { agree: 0, excluded: {}, refused: 0, disagree: [] };
    let total = 0;
    for (const entry of index) {
      const policy = JSON.parse(readFileSync(join(CORPUS, entry.file), 'utf8')) as RawPolicy;
      const chains: (readonly (readonly RawPolicy[])[])[] = [
        [[FULL_ACCESS, policy], [FULL_ACCESS]],
        [[FULL_ACCESS], [policy], [FULL_ACCESS]],
      ];
      for (const levels of chains) {
        for (const principal of principals) {
          for (const [action, resource] of CORPUS_REQUESTS) {
            total++;
            await compare({ principal, levels, action, resource }, t);
          }
        }
      }
    }
    report(`corpus, ${index.length} SCPs`, total, t);
    expect(t.disagree.slice(0, 3).map((d) => JSON.stringify({ ...d, c: { ...d.c, levels: d.c.levels.map((l) => l.length) } }))).toEqual([]);
  }, 300_000);
});

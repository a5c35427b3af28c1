/**
 * The AWS managed policies (../shared/data/aws-managed-policies), each as a role's only policy,
 * crossed with a deterministic sample of catalog requests, guard against iam-simulate (see
 * differential.test.ts for the comparison and the named exclusions).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import { HAVE_SHARED_DATA, sharedPath } from '../fixtures.ts';
import { type Case, EXCLUSIONS, guardVerdict, type RawPolicy, simulate } from './differential-harness.ts';
import { ACCOUNT, roleContext } from './support.ts';

const catalog = actionCatalog();

interface IndexEntry {
  readonly name: string;
  readonly file: string;
}

/** A small deterministic hash (FNV-1a), so the sample is the same on every run. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A concrete ARN of a resource type pattern: partition, region and account filled in, names `example`. */
export function concreteArn(pattern: string): string {
  const fields = pattern.split(':');
  if (fields.length < 6) return pattern.replaceAll('*', 'example');
  const [arn, , service, region, account, ...rest] = fields;
  return [arn, 'aws', service, region === '' ? '' : 'us-east-1', account === '' ? '' : ACCOUNT, rest.join(':').replaceAll('*', 'example')].join(':');
}

/** Requests for one policy: an action it names (expanded through the catalog) and one from anywhere in the catalog. */
function requestsFor(name: string, policy: RawPolicy, everything: readonly string[]): { action: string; resource: string }[] {
  const patterns = policy.Statement.flatMap((s) => (s['Effect'] === 'Allow' && s['Action'] !== undefined ? [s['Action']].flat() : [])) as string[];
  const picks: string[] = [];
  const pattern = patterns[hash(name) % Math.max(1, patterns.length)];
  if (pattern !== undefined) {
    const expanded = catalog.expand(pattern);
    const chosen = expanded[hash(`${name}#a`) % Math.max(1, expanded.length)];
    if (chosen !== undefined) picks.push(chosen.name);
  }
  const any = everything[hash(`${name}#b`) % everything.length];
  if (any !== undefined) picks.push(any);
  return picks.map((action) => {
    const arns = catalog.lookup(action)?.resourceArns ?? [];
    const arn = arns[hash(`${name}#${action}`) % Math.max(1, arns.length)];
    return { action, resource: arn === undefined ? '*' : concreteArn(arn) };
  });
}

describe.skipIf(!HAVE_SHARED_DATA)('guard against iam-simulate on the AWS managed policies', () => {
  it('agrees on every request outside the named exclusions', async () => {
    const index: IndexEntry[] = JSON.parse(readFileSync(sharedPath('aws-managed-policies', 'index.json'), 'utf8'));
    const everything = catalog.expand('*').map((a) => a.name);
    const principal = roleContext('managed-test');
    let agree = 0;
    let errors = 0;
    const excluded: Record<string, number> = {};
    const disagree: string[] = [];
    for (const entry of index) {
      const policy = (JSON.parse(readFileSync(sharedPath('aws-managed-policies', entry.file), 'utf8')) as { document: RawPolicy }).document;
      for (const request of requestsFor(entry.name, policy, everything)) {
        const c: Case = { principal, identity: [policy], boundary: null, ...request };
        const g = guardVerdict(c);
        const sim = await simulate(c, g.decided ? 'Strict' : 'Discovery');
        if (sim === 'error') {
          errors++;
          continue;
        }
        const guardAllows = g.decided ? g.level === 2 : g.level >= 1;
        if (guardAllows === (sim === 'allowed')) {
          agree++;
          continue;
        }
        const exclusion = [...EXCLUSIONS, ...MANAGED_EXCLUSIONS].find((e) => e.fits(c));
        if (exclusion !== undefined) excluded[exclusion.name] = (excluded[exclusion.name] ?? 0) + 1;
        else disagree.push(`${entry.name} ${request.action} ${request.resource}: guard ${g.level} (${g.decided ? 'decided' : 'undecided'}), iam-simulate ${sim}`);
      }
    }
    console.log(`managed policies: ${agree} agree, ${errors} requests iam-simulate refused, excluded ${JSON.stringify(excluded)}, ${disagree.length} disagree`);
    expect(disagree).toEqual([]);
  }, 120_000);
});

/** Classes only the managed policies show. */
const MANAGED_EXCLUSIONS: readonly { readonly name: string; readonly fits: (c: Case) => boolean }[] = [
  {
    // A KMS key's key policy must allow the account for identity policies to count
    // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html): iam-simulate
    // wants one; resource policies are out of scope here.
    name: 'KMS key-policy requests',
    fits: (c) => c.action.toLowerCase().startsWith('kms:'),
  },
  {
    // `arn:*:identity-sync:*:*:*/*`: wildcards may stand in any ARN segment but the service
    // (reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards),
    // so guard matches the resource type too; iam-simulate does not.
    name: 'wildcard in the resource-type segment',
    fits: (c) => c.identity.some((p) => JSON.stringify(p.Statement).match(/arn:[^:"]*:[^:"]+:[^:"]*:[^:"]*:\*[^"]/) !== null),
  },
];

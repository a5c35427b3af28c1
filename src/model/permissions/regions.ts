/**
 * Region guardrails: does an account's SCP chain refuse a request in every region outside an allowed
 * list (`scps deny "ec2:RunInstances" outside regions ["eu-west-1"]`)? Regions are open-ended, so the
 * question is asked of each region that can tell two answers apart: every region AWS lists, every
 * region named (without wildcards) in a condition on `aws:RequestedRegion` in the chain, and one region named nowhere
 * (a region AWS opens later: a deny-list of regions lets it through). The answer is the most
 * permissive of them, since the guardrail must hold in every one.
 */
import type { PolicyDocument } from '../policy-document/types.ts';
import { type ChainDecision, type ChainRequest, type ControlChain, decideChain } from './guardrails.ts';
import type { PrincipalContext } from './types.ts';

/**
 * AWS Regions (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html),
 * commercial, China and GovCloud partitions; a region missing here is still covered by UNLISTED_REGION
 * unless a condition names it, and then it is asked about by name.
 */
export const AWS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-east-1',
  'us-gov-west-1',
];

/** A region no policy names and AWS does not list (yet): what a new region looks like to the chain. */
export const UNLISTED_REGION = 'xx-unlisted-1';

/** The chain's decision for the request in the region outside `allowed` where it is most permitted, and that region. */
export interface RegionDecision extends ChainDecision {
  /** The region decided (the first most permissive one); null when every region is allowed. */
  readonly region: string | null;
}

export function decideChainOutside(
  chain: Extract<ControlChain, { kind: 'chain' }>,
  request: ChainRequest,
  allowed: readonly string[],
  context: { readonly accountId: string; readonly partition: string; readonly now: number; readonly principal: PrincipalContext | null },
): RegionDecision {
  const inList = new Set(allowed);
  const candidates = new Set<string>(AWS_REGIONS);
  for (const list of chain.documents) for (const source of list) for (const doc of source.documents) namedRegions(doc, candidates);
  candidates.add(UNLISTED_REGION);
  let best: RegionDecision | null = null;
  for (const region of candidates) {
    if (inList.has(region)) continue;
    const decision = decideChain(chain, { ...request, region }, context);
    if (best === null || decision.permitted > best.permitted) best = { ...decision, region };
    if (best.permitted === 2) break;
  }
  return best ?? { permitted: 0, refusals: [], region: null };
}

function namedRegions(doc: PolicyDocument, out: Set<string>): void {
  for (const s of doc.statements) for (const c of s.conditions) if (c.key.toLowerCase() === 'aws:requestedregion') for (const v of c.values) if (!/[*?$]/.test(v)) out.add(v);
}

/**
 * What the snapshot decides about a request's context keys: the principal's own keys and the
 * evaluation time. Every other key (`aws:SourceIp`, `aws:MultiFactorAuthPresent`, service keys) is
 * set by the request, so it is undecided here.
 */
import type { PrincipalContext } from './types.ts';

/** Three-valued: 0 false, 1 undecided (depends on the request), 2 true; `and` is min, `or` is max, `not` is 2 - x. */
export type Tri = 0 | 1 | 2;
export const FALSE: Tri = 0;
export const UNDECIDED: Tri = 1;
export const TRUE: Tri = 2;

export function not(t: Tri): Tri {
  return (2 - t) as Tri;
}

/**
 * A context key's value for every request of the principal:
 * - `values`: known values (one for a single-valued key);
 * - `absent`: the key is never in the request context;
 * - `undecided`: set by the request;
 * - `recent`: an instant known to lie between `from` and `to` (epoch ms), perhaps absent.
 */
export type KeyValue =
  | { readonly kind: 'values'; readonly values: readonly string[] }
  | { readonly kind: 'absent' }
  | { readonly kind: 'undecided' }
  | { readonly kind: 'recent'; readonly from: number; readonly to: number; readonly mayBeAbsent: boolean };

const ABSENT: KeyValue = { kind: 'absent' };
const UNDECIDED_KEY: KeyValue = { kind: 'undecided' };

/**
 * The longest-lived temporary credentials: GetSessionToken and GetFederationToken last at most
 * 36 hours, role sessions at most 12 (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).
 * So a request's `aws:TokenIssueTime` lies between `now - 36 h` and `now`: a grant conditioned on
 * `DateLessThan aws:TokenIssueTime 2020-01-01` cannot apply to any request made at `now`, while one
 * on a time inside that window depends on the session.
 */
export const MAX_TOKEN_AGE_MS = 36 * 3_600_000;

function one(value: string): KeyValue {
  return { kind: 'values', values: [value] };
}

/** The principal's value of context key `key` (case-insensitive, as IAM compares key names). */
export function contextKey(key: string, p: PrincipalContext): KeyValue {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:principaltag/')) return principalTag(key.slice('aws:principaltag/'.length), p);
  switch (lower) {
    case 'aws:principalaccount':
      return one(p.accountId);
    case 'aws:principalorgid':
      return p.organizationId === undefined ? UNDECIDED_KEY : p.organizationId === null ? ABSENT : one(p.organizationId);
    case 'aws:principalarn':
      // A role's sessions report the role's ARN here (not the session's); a group stands for an unnamed member.
      return p.type === 'group' ? UNDECIDED_KEY : one(p.arn);
    case 'aws:principaltype':
      // A role acts through its sessions, whose principal type is AssumedRole.
      return one(p.type === 'role' ? 'AssumedRole' : 'User');
    case 'aws:username':
      // Only IAM users have it in their request context (reference_policies_condition-keys.html#condition-keys-username).
      if (p.type === 'user') return one(p.name);
      return p.type === 'role' ? ABSENT : UNDECIDED_KEY;
    case 'aws:userid':
      // A role session's user id is `AROA...:session-name`: the session name is the request's.
      return p.type === 'user' && p.id !== null ? one(p.id) : UNDECIDED_KEY;
    case 'aws:requestedregion':
      return p.requestedRegion === undefined ? UNDECIDED_KEY : one(p.requestedRegion);
    case 'aws:currenttime':
      return one(new Date(p.now).toISOString());
    case 'aws:epochtime':
      return one(String(Math.floor(p.now / 1000)));
    case 'aws:tokenissuetime':
      // A user signing with long-term access keys has no token; a role's requests always do.
      return { kind: 'recent', from: p.now - MAX_TOKEN_AGE_MS, to: p.now, mayBeAbsent: p.type !== 'role' };
    default:
      return UNDECIDED_KEY;
  }
}

function principalTag(tagKey: string, p: PrincipalContext): KeyValue {
  // Session tags of a role session may override the role's tags: out of scope with session policies.
  if (p.tags === null || p.type === 'group') return UNDECIDED_KEY;
  const exact = p.tags.get(tagKey);
  if (exact !== undefined) return one(exact);
  // IAM tag keys are unique ignoring case, and condition keys compare case-insensitively.
  const lower = tagKey.toLowerCase();
  for (const [k, v] of p.tags) if (k.toLowerCase() === lower) return one(v);
  return ABSENT;
}

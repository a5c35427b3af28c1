/**
 * Principals of trust (and other resource) policies: a summary for display and evidence, and the
 * `trust "P"` question for one Principal element.
 */
import { globMatches, hasWildcard } from './glob.ts';
import type { PolicyDocument, Principal } from './types.ts';

export interface PrincipalSummary {
  /** `"*"` or `{"AWS": "*"}` (or, in summarizeTrustPolicy, an Allow with NotPrincipal). */
  readonly public: boolean;
  /** 12-digit account ids named directly or inside AWS principal ARNs, deduplicated. */
  readonly accounts: readonly string[];
  /** AWS principal ARNs as written. */
  readonly arns: readonly string[];
  /** Service principals (`ec2.amazonaws.com`). */
  readonly services: readonly string[];
  /** Federated provider ARNs or hosts as written. */
  readonly federated: readonly string[];
  /** Every principal value as written (AWS, Service, Federated, CanonicalUser), for display and evidence. */
  readonly values: readonly string[];
}

const NOBODY: PrincipalSummary = { public: false, accounts: [], arns: [], services: [], federated: [], values: [] };
const EVERYBODY: PrincipalSummary = { public: true, accounts: [], arns: [], services: [], federated: [], values: ['*'] };

const COLON = 58;

/** Exactly twelve ASCII digits. */
export function isAccountId(s: string): boolean {
  if (s.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isArn(s: string): boolean {
  return s.startsWith('arn:');
}

/**
 * Offsets of the five colons that split `arn:partition:service:region:account:resource`, written
 * into `out`; false when there are fewer. Reuses the caller's buffer so the hot path allocates nothing.
 */
function arnColons(arn: string, out: Int32Array): boolean {
  let found = 0;
  for (let i = 0; i < arn.length && found < 5; i++) {
    if (arn.charCodeAt(i) === COLON) out[found++] = i;
  }
  return found === 5;
}

const colonsA = new Int32Array(5);
const colonsB = new Int32Array(5);

/** The account field of an ARN, or null. */
export function arnAccount(arn: string): string | null {
  if (!isArn(arn) || !arnColons(arn, colonsA)) return null;
  return arn.slice((colonsA[3] ?? 0) + 1, colonsA[4] ?? 0);
}

/** Is `arn` the root principal of its account (`arn:aws:iam::123456789012:root`)? */
function isRootArn(arn: string, colons: Int32Array): boolean {
  const resourceStart = (colons[4] ?? 0) + 1;
  return arn.length - resourceStart === 4 && arn.startsWith('root', resourceStart) && arn.startsWith('iam', (colons[1] ?? 0) + 1) && (colons[2] ?? 0) - (colons[1] ?? 0) === 4;
}

function field(s: string, colons: Int32Array, index: number): string {
  const start = index === 0 ? 0 : (colons[index - 1] ?? 0) + 1;
  const end = index === 5 ? s.length : (colons[index] ?? 0);
  return s.slice(start, end);
}

/**
 * Does the policy ARN `pattern` (globs honoured, field by field so a wildcard stays within its
 * field) name the concrete ARN `arn`? Case-sensitive except the service field.
 */
function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === arn) return true;
  if (!isArn(pattern) || !arnColons(pattern, colonsA) || !arnColons(arn, colonsB)) return false;
  if (!hasWildcard(pattern)) {
    // Same shape with only the service field differing in case.
    if (pattern.length !== arn.length || colonsA[1] !== colonsB[1] || colonsA[2] !== colonsB[2]) return false;
    const s0 = colonsA[1] ?? 0;
    const s1 = colonsA[2] ?? 0;
    for (let i = 0; i < arn.length; i++) {
      let a = pattern.charCodeAt(i);
      let b = arn.charCodeAt(i);
      if (i > s0 && i < s1) {
        a = a >= 65 && a <= 90 ? a + 32 : a;
        b = b >= 65 && b <= 90 ? b + 32 : b;
      }
      if (a !== b) return false;
    }
    return true;
  }
  for (let f = 0; f <= 5; f++) {
    if (!globMatches(field(pattern, colonsA, f), field(arn, colonsB, f), f === 2)) return false;
  }
  return true;
}

/** Does the AWS principal value `value` name account `id` (the id itself or any ARN in that account)? */
function namesAccount(value: string, id: string): boolean {
  if (value === id) return true;
  if (!isArn(value) || !arnColons(value, colonsA)) return false;
  const start = (colonsA[3] ?? 0) + 1;
  const end = colonsA[4] ?? 0;
  if (end - start === id.length && value.startsWith(id, start)) return true;
  return hasWildcard(value.slice(start, end)) && globMatches(value.slice(start, end), id, false);
}

/** Does the federated value name the provider given by host or name (`token.actions.githubusercontent.com`)? */
function namesProvider(value: string, host: string): boolean {
  if (globMatches(value, host, true)) return true;
  if (!isArn(value) || !arnColons(value, colonsA)) return false;
  const resourceStart = (colonsA[4] ?? 0) + 1;
  const slash = value.indexOf('/', resourceStart);
  if (slash < 0) return false;
  const kind = value.slice(resourceStart, slash);
  if (kind !== 'oidc-provider' && kind !== 'saml-provider') return false;
  return globMatches(value.slice(slash + 1), host, true);
}

function anyOf(values: readonly string[], test: (v: string, q: string) => boolean, q: string): boolean {
  for (const v of values) if (test(v, q)) return true;
  return false;
}

/** Is the principal public: `"*"` or an AWS value `"*"`? */
export function isPublicPrincipal(p: Principal): boolean {
  switch (p.kind) {
    case 'any':
      return true;
    case 'map':
      return p.aws.includes('*');
  }
}

/**
 * Does the Principal element name `query`: `"*"` (asks whether it is public), a 12-digit account,
 * an ARN (AWS principal or federated provider), a service principal, or a federated provider host?
 * A public principal names everyone.
 */
export function principalNames(p: Principal, query: string): boolean {
  if (isPublicPrincipal(p)) return true;
  switch (p.kind) {
    case 'any':
      return true;
    case 'map':
      if (query === '*') return false;
      if (isAccountId(query)) return anyOf(p.aws, namesAccount, query);
      if (isArn(query)) {
        if (anyOf(p.aws, arnMatches, query) || anyOf(p.federated, arnMatches, query)) return true;
        // AWS stores an account id as its root ARN: the two spellings name the same principal.
        if (arnColons(query, colonsB) && isRootArn(query, colonsB)) {
          const account = query.slice((colonsB[3] ?? 0) + 1, colonsB[4] ?? 0);
          return p.aws.includes(account);
        }
        return false;
      }
      for (const v of p.service) if (globMatches(v, query, true)) return true;
      return anyOf(p.federated, namesProvider, query);
  }
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Classify the values of one Principal element. */
export function summarizePrincipal(p: Principal | null): PrincipalSummary {
  if (p === null) return NOBODY;
  switch (p.kind) {
    case 'any':
      return EVERYBODY;
    case 'map': {
      const accounts: string[] = [];
      const arns: string[] = [];
      for (const v of p.aws) {
        if (isAccountId(v)) pushUnique(accounts, v);
        else if (isArn(v)) {
          arns.push(v);
          const account = arnAccount(v);
          if (account !== null && isAccountId(account)) pushUnique(accounts, account);
        }
      }
      return {
        public: p.aws.includes('*'),
        accounts,
        arns,
        services: p.service,
        federated: p.federated,
        values: [...p.aws, ...p.service, ...p.federated, ...p.canonicalUser],
      };
    }
  }
}

/**
 * Merge the principals of a trust policy's Allow statements. An Allow with NotPrincipal trusts
 * everyone it does not exclude, so it makes the summary public.
 */
export function summarizeTrustPolicy(doc: PolicyDocument): PrincipalSummary {
  let isPublic = false;
  const accounts: string[] = [];
  const arns: string[] = [];
  const services: string[] = [];
  const federated: string[] = [];
  const values: string[] = [];
  for (const s of doc.statements) {
    if (s.effect !== 'Allow') continue;
    if (s.notPrincipal !== null) isPublic = true;
    const one = summarizePrincipal(s.principal);
    isPublic ||= one.public;
    for (const v of one.accounts) pushUnique(accounts, v);
    for (const v of one.arns) pushUnique(arns, v);
    for (const v of one.services) pushUnique(services, v);
    for (const v of one.federated) pushUnique(federated, v);
    for (const v of one.values) pushUnique(values, v);
  }
  return { public: isPublic, accounts, arns, services, federated, values };
}

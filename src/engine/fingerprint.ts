import { hash } from 'node:crypto';
import type { Finding } from './finding.ts';

/** Names the fingerprint scheme in SARIF `partialFingerprints` and in findings JSON; bump it only with a migration note. */
export const FINGERPRINT_SCHEME = 'guard/v1';

const SCHEME_PREFIX = `[${JSON.stringify(FINGERPRINT_SCHEME)},`;

/**
 * A finding's identity across runs: sha256 (hex) of the rule id and the resource key (and, in an
 * organization run, the account id). It ignores
 * messages, evidence, status, severity and file positions, so editing a rule's wording, moving it
 * in its file or reordering the snapshot keeps the fingerprint, while renaming the rule id or
 * recreating the resource (new ARN) makes a new one.
 */
export function fingerprint(rule: string, resourceKey: string, account?: string): string {
  // An organization run's findings add the account id as a third member: the same resource key in two
  // accounts (a synthesized path such as the password policy's) differs, and a single account's stays as it was.
  // JSON of a pair is an unambiguous encoding: no choice of separator can make two pairs collide.
  // One-shot hash: a report fingerprints every finding, and a Hash object per call costs twice as much.
  // The array's JSON written out (what JSON.stringify([scheme, rule, key]) gives), without building the array.
  return hash('sha256', `${rulePrefix(rule)}${JSON.stringify(resourceKey)}${account === undefined ? ']' : accountSuffix(account)}`, 'hex');
}

/**
 * `["guard/v1","rule-id",`, remembered for the last rule asked: reports fingerprint findings in rule
 * order, so consecutive calls share it (a fifth of a fingerprint's cost, measured).
 */
let lastRule: string | null = null;
let lastPrefix = '';

function rulePrefix(rule: string): string {
  if (rule !== lastRule) {
    lastRule = rule;
    lastPrefix = `${SCHEME_PREFIX}${JSON.stringify(rule)},`;
  }
  return lastPrefix;
}

/** `,"123456789012"]`, likewise for the last account asked: an organization run's findings come account by account. */
let lastAccount: string | null = null;
let lastSuffix = '';

function accountSuffix(account: string): string {
  if (account !== lastAccount) {
    lastAccount = account;
    lastSuffix = `,${JSON.stringify(account)}]`;
  }
  return lastSuffix;
}

export function findingFingerprint(finding: Pick<Finding, 'rule' | 'resource' | 'account'>): string {
  return fingerprint(finding.rule, finding.resource.key, finding.account?.id);
}

export function isFingerprint(text: string): boolean {
  return /^[0-9a-f]{64}$/.test(text);
}

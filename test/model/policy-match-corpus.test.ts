import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentsAllow, documentTrusts, summarizePrincipal, summarizeTrustPolicy } from '../../src/model/policy-document/match.ts';
import type { PolicyCondition, PolicyDocument, PolicyStatement, Principal } from '../../src/model/policy-document/types.ts';
import { SHARED_DATA } from '../support/shared-data.ts';

const DATA = SHARED_DATA ?? '/nonexistent/shared/data';
const POLICIES = join(DATA, 'aws-managed-policies/policies');
const AUTH_DETAILS = join(DATA, 'auth-details-examples/cloudsplaining-iam-vulnerable-account.json');

// A small converter of our own: parse.ts is another helper's and is tested separately.
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function list(v: unknown): string[] | null {
  if (v === undefined) return null;
  const items = Array.isArray(v) ? v : [v];
  return items.map((x) => String(x));
}
function toPrincipal(v: unknown): Principal | null {
  if (v === undefined) return null;
  if (v === '*') return { kind: 'any' };
  if (!isRecord(v)) throw new Error(`unexpected principal ${JSON.stringify(v)}`);
  return {
    kind: 'map',
    aws: list(v['AWS']) ?? [],
    service: list(v['Service']) ?? [],
    federated: list(v['Federated']) ?? [],
    canonicalUser: list(v['CanonicalUser']) ?? [],
  };
}
function toConditions(v: unknown): PolicyCondition[] {
  if (!isRecord(v)) return [];
  return Object.entries(v).flatMap(([operator, keys]) => (isRecord(keys) ? Object.entries(keys).map(([key, values]) => ({ operator, key, values: list(values) ?? [] })) : []));
}
function toDocument(raw: unknown): PolicyDocument {
  const value: unknown = typeof raw === 'string' ? JSON.parse(decodeURIComponent(raw)) : raw;
  if (!isRecord(value)) throw new Error('policy document is not an object');
  const statements = Array.isArray(value['Statement']) ? value['Statement'] : [value['Statement']];
  return {
    version: typeof value['Version'] === 'string' ? value['Version'] : null,
    statements: statements.map((s: unknown): PolicyStatement => {
      if (!isRecord(s)) throw new Error('statement is not an object');
      return {
        sid: typeof s['Sid'] === 'string' ? s['Sid'] : null,
        effect: s['Effect'] === 'Deny' ? 'Deny' : 'Allow',
        actions: list(s['Action']),
        notActions: list(s['NotAction']),
        resources: list(s['Resource']),
        notResources: list(s['NotResource']),
        principal: toPrincipal(s['Principal']),
        notPrincipal: toPrincipal(s['NotPrincipal']),
        conditions: toConditions(s['Condition']),
      };
    }),
  };
}

function loadManagedPolicies(): { name: string; doc: PolicyDocument }[] {
  return readdirSync(POLICIES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const entry: unknown = JSON.parse(readFileSync(join(POLICIES, f), 'utf8'));
      if (!isRecord(entry) || typeof entry['name'] !== 'string') throw new Error(`bad file ${f}`);
      return { name: entry['name'], doc: toDocument(entry['document']) };
    });
}

describe.skipIf(!existsSync(POLICIES))('AWS managed policies corpus', () => {
  if (!existsSync(POLICIES)) console.warn(`skipping: ${POLICIES} is absent`);
  const corpus = existsSync(POLICIES) ? loadManagedPolicies() : [];

  it('flags only the full-admin policies for allow "*" on "*"', () => {
    const flagged = corpus.filter((p) => documentsAllow([p.doc], '*', '*')).map((p) => p.name);
    expect(flagged).toContain('AdministratorAccess');
    // Reviewed by hand: each grants Action "*" on Resource "*" with no unconditional Deny.
    // AWSMcpServiceActionsFullAccess does so under a Condition (aws:IsMcpServiceAction), which an
    // Allow's conditions do not prevent: guardrails over-approximate grants.
    expect(flagged).toEqual(EXPECTED_ADMIN_LIKE);
  });

  it('agrees with a regular-expression reference on concrete queries over the whole corpus', () => {
    const cache = new Map<string, RegExp>();
    const regex = (p: string, ci: boolean): RegExp => {
      const k = `${ci ? 'i' : 's'}${p}`;
      let r = cache.get(k);
      if (r === undefined) {
        r = new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replaceAll('*', '[\\s\\S]*')
            .replaceAll('?', '[\\s\\S]')}$`,
          ci ? 'i' : '',
        );
        cache.set(k, r);
      }
      return r;
    };
    const applies = (s: PolicyStatement, a: string, r: string): boolean =>
      (s.actions !== null ? s.actions.some((p) => regex(p, true).test(a)) : s.notActions !== null && !s.notActions.some((p) => regex(p, true).test(a))) &&
      (s.resources !== null ? s.resources.some((p) => regex(p, false).test(r)) : !(s.notResources ?? []).some((p) => regex(p, false).test(r)));
    const reference = (d: PolicyDocument, a: string, r: string): boolean =>
      d.statements.some((s) => s.effect === 'Allow' && applies(s, a, r)) && !d.statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && applies(s, a, r));
    const queries = [
      ['iam:PassRole', 'arn:aws:iam::111122223333:role/app'],
      ['s3:GetObject', 'arn:aws:s3:::bucket/key'],
      ['ec2:RunInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'],
      ['kms:Decrypt', '*'],
    ] as const;
    for (const [a, r] of queries) {
      const disagree = corpus.filter((p) => documentsAllow([p.doc], a, r) !== reference(p.doc, a, r)).map((p) => p.name);
      expect([a, r, disagree]).toEqual([a, r, []]);
    }
  });

  it('answers common guardrail queries over the whole corpus', () => {
    const count = (a: string, r: string) => corpus.filter((p) => documentsAllow([p.doc], a, r)).length;
    const passRole = count('iam:PassRole', '*');
    const iamAll = count('iam:*', '*');
    const s3Get = count('s3:GetObject', 'arn:aws:s3:::some-bucket/key');
    // Monotone in the query: a narrower query is allowed at least as often.
    expect(iamAll).toBeLessThanOrEqual(passRole);
    expect(count('*', '*')).toBeLessThanOrEqual(iamAll);
    expect(passRole).toBeGreaterThan(0);
    expect(s3Get).toBeGreaterThan(0);
    // PowerUserAccess allows everything but IAM (NotAction), so not iam:PassRole on "*".
    const power = corpus.find((p) => p.name === 'PowerUserAccess');
    if (power !== undefined) {
      expect(documentsAllow([power.doc], 's3:GetObject', '*')).toBe(true);
      expect(documentsAllow([power.doc], 'iam:CreateUser', '*')).toBe(false);
      expect(documentsAllow([power.doc], '*', '*')).toBe(false);
    }
    const readOnly = corpus.find((p) => p.name === 'ReadOnlyAccess');
    if (readOnly !== undefined) {
      expect(documentsAllow([readOnly.doc], 'iam:GetRole', 'arn:aws:iam::1:role/x')).toBe(true);
      expect(documentsAllow([readOnly.doc], 'iam:CreateUser', '*')).toBe(false);
    }
  });
});

const EXPECTED_ADMIN_LIKE = ['AWSMcpServiceActionsFullAccess', 'AdministratorAccess'];

describe.skipIf(!existsSync(AUTH_DETAILS))('trust policies from an authorization-details dump', () => {
  if (!existsSync(AUTH_DETAILS)) console.warn(`skipping: ${AUTH_DETAILS} is absent`);

  it('trusts exactly what the summary lists', () => {
    const dump: unknown = JSON.parse(readFileSync(AUTH_DETAILS, 'utf8'));
    if (!isRecord(dump) || !Array.isArray(dump['RoleDetailList'])) throw new Error('unexpected dump shape');
    let checked = 0;
    for (const role of dump['RoleDetailList']) {
      if (!isRecord(role)) continue;
      const doc = toDocument(role['AssumeRolePolicyDocument']);
      const summary = summarizeTrustPolicy(doc);
      expect(summary.public).toBe(documentTrusts(doc, '*'));
      for (const v of [...summary.accounts, ...summary.arns, ...summary.services, ...summary.federated]) {
        expect([role['RoleName'], v, documentTrusts(doc, v)]).toEqual([role['RoleName'], v, true]);
      }
      expect(documentTrusts(doc, '999999999999')).toBe(false);
      for (const s of doc.statements) summarizePrincipal(s.principal);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

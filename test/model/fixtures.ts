import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Entity, Model, Snapshot } from '../../src/model/index.ts';
import { parseSnapshot } from '../../src/model/index.ts';

/** Test helpers for the model stage: small snapshots built in code, the example, the shared dumps. */

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DATA = join(REPO, '..', 'shared', 'data');
export const EXAMPLE_PATH = join(REPO, 'examples', 'snapshots', 'example-account.json');
export const ACCOUNT = '123456789012';
export const DAY = 86_400_000;

export const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

export interface ReportRowSpec {
  readonly user: string;
  readonly created?: string;
  readonly passwordEnabled?: string;
  readonly passwordLastUsed?: string;
  readonly passwordLastChanged?: string;
  readonly mfa?: string;
  /** [active, lastRotated, lastUsed, region, service] */
  readonly key1?: readonly [string, string, string, string, string];
  readonly key2?: readonly [string, string, string, string, string];
  readonly cert1?: readonly [string, string];
}

const NO_KEY = ['false', 'N/A', 'N/A', 'N/A', 'N/A'] as const;

export function reportRow(r: ReportRowSpec): string {
  const root = r.user === '<root_account>';
  const arn = root ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${r.user}`;
  return [
    r.user,
    arn,
    r.created ?? '2025-01-01T00:00:00+00:00',
    r.passwordEnabled ?? (root ? 'not_supported' : 'false'),
    r.passwordLastUsed ?? 'N/A',
    r.passwordLastChanged ?? (root ? 'not_supported' : 'N/A'),
    root ? 'not_supported' : 'N/A',
    r.mfa ?? 'false',
    ...(r.key1 ?? NO_KEY),
    ...(r.key2 ?? NO_KEY),
    ...(r.cert1 ?? ['false', 'N/A']),
    'false',
    'N/A',
  ].join(',');
}

export function report(rows: readonly ReportRowSpec[], eol = '\n'): string {
  return [REPORT_HEADER, ...rows.map(reportRow)].join(eol) + eol;
}

export function user(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    CreateDate: '2025-01-01T00:00:00Z',
    GroupList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    ...extra,
  };
}

export function role(name: string, trust: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    CreateDate: '2025-01-01T00:00:00Z',
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    RoleLastUsed: {},
    ...extra,
  };
}

export function managedPolicy(name: string, doc: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: '2025-01-01T00:00:00Z',
    UpdateDate: '2025-01-01T00:00:00Z',
    PolicyVersionList: [{ Document: doc, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2025-01-01T00:00:00Z' }],
    ...extra,
  };
}

export const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** A valid trust policy (ALLOW_ALL is not one: trust statements need a Principal and take no Resource). */
export const SERVICE_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** A complete, valid snapshot with empty sections; `patch` replaces top-level parts. */
export function snapshotData(patch: Record<string, unknown> = {}, iam: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'guard-snapshot/v1',
    capturedAt: '2026-11-27T10:00:00Z',
    account: { id: ACCOUNT, partition: 'aws' },
    iam: {
      credentialReport: report([{ user: '<root_account>', mfa: 'true', created: '2020-01-01T00:00:00+00:00' }]),
      authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
      accountSummary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1, AccountSigningCertificatesPresent: 0 },
      passwordPolicy: null,
      virtualMfaDevices: [],
      mfaDevices: [],
      samlProviders: [],
      oidcProviders: [],
      accountAliases: [],
      ...iam,
    },
    organizations: null,
    errors: [],
    ...patch,
  };
}

/** Parses (and so validates) snapshot data; fails the test with the diagnostics when invalid. */
export function snapshotOf(data: unknown): Snapshot {
  const outcome = parseSnapshot(JSON.stringify(data), 'test.json');
  if (!outcome.ok) throw new Error(`invalid test snapshot: ${JSON.stringify(outcome.errors, null, 2)}`);
  return outcome.value;
}

export function exampleSnapshot(): Snapshot {
  const outcome = parseSnapshot(readFileSync(EXAMPLE_PATH), EXAMPLE_PATH);
  if (!outcome.ok) throw new Error(`example snapshot invalid: ${JSON.stringify(outcome.errors, null, 2)}`);
  return outcome.value;
}

export const AUTH_DETAILS_DUMPS = [
  { file: 'cloudsplaining-iam-vulnerable-account.json', account: '200611803367' },
  { file: 'cloudsplaining-teaching-example.json', account: '012345678901' },
  { file: 'cloudsplaining-example-authz-v2.json', account: '012345678901' },
] as const;

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

export const HAVE_SHARED_DATA = existsSync(sharedPath('auth-details-examples'));

/**
 * A shared GetAccountAuthorizationDetails dump wrapped into a v1 snapshot with only that section,
 * and `organizations: null`: the dumps are of accounts in no organization, so no SCP bounds their
 * principals (without it every principal's permissions would be unknown).
 */
export function wrappedDump(file: string, account: string): Record<string, unknown> {
  const details: unknown = JSON.parse(readFileSync(sharedPath('auth-details-examples', file), 'utf8'));
  return { format: 'guard-snapshot/v1', capturedAt: '2023-07-01T00:00:00Z', account: { id: account, partition: 'aws' }, iam: { authorizationDetails: details }, organizations: null };
}

export function entity(model: Model, collection: string, name: string): Entity {
  const found = model.collections[collection]?.entities.find((e) => e.name === name);
  if (found === undefined) throw new Error(`no ${collection} entity named ${name}`);
  return found;
}

export function names(value: unknown): string[] {
  if (!Array.isArray(value)) throw new Error(`expected a list of entities, got ${String(value)}`);
  return value.map((e: Entity) => e.name);
}

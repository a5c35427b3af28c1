import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { collectAccessAnalyzer } from './access-analyzer.ts';
import { type AwsClients, type AwsCredentials, type AwsSettings, type CallObserver, createAwsClients, destroyAwsClients, resolveRegion, withSignal } from './aws-clients.ts';
import { type AwsFailure, describeAwsError } from './aws-error.ts';
import { fetchCredentialReport } from './credential-report.ts';
import { callTimedOut, withDeadline } from './deadline.ts';
import {
  collectAccountAliases,
  collectAccountSummary,
  collectAuthorizationDetails,
  collectOidcProviders,
  collectOrganizationsFeatures,
  collectPasswordPolicy,
  collectSamlProviders,
  collectVirtualMfaDevices,
} from './iam.ts';
import { collectIdentityCenter, type IdentityCenterCollection } from './identity-center.ts';
import type { JsonObject } from './json-value.ts';
import { collectOrganizations, type OrganizationCollection } from './organizations.ts';
import type { ProgressListener } from './progress.ts';
import { plural, runSection, type SectionOutcome, type SectionScope } from './section.ts';
import { type AccessAnalyzerRegion, type IamSection, type SectionError, SNAPSHOT_FORMAT, type SnapshotDocument, sectionsNotCollected } from './snapshot-document.ts';

export interface CollectOptions {
  readonly settings: AwsSettings;
  /** How long to wait for IAM to generate the credential report (`--timeout`). */
  readonly credentialReportTimeoutMs: number;
  /** The most time one section may take, all its calls, pages and retries (`--section-timeout`). */
  readonly sectionTimeoutMs: number;
  readonly progress: ProgressListener;
  /** Sees every API call (counting, tests, least-privilege checks). */
  readonly observe?: CallObserver;
  /** The clock, for `capturedAt`. */
  readonly now?: () => Date;
  /** `--regions`: where Access Analyzer is asked (and Identity Center looked for); default the client's region. */
  readonly regions?: readonly string[];
}

/** A failure that leaves nothing worth writing: no credentials, no identity. */
export interface FatalFailure {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export type AccountOutcome = { readonly kind: 'collected'; readonly snapshot: SnapshotDocument; readonly calls: number } | { readonly kind: 'fatal'; readonly failure: FatalFailure };

export interface Identity {
  readonly account: string;
  readonly partition: string;
  readonly arn: string;
}

/** Collects the account the credentials belong to: identity, every IAM section, and its organization. */
export async function collectSnapshot(options: CollectOptions): Promise<AccountOutcome> {
  const counter = countingObserver(options.observe);
  const region = await resolveRegion(options.settings);
  const clients = createAwsClients(options.settings, region, undefined, counter.observe);
  try {
    const capturedAt = isoSeconds((options.now ?? (() => new Date()))());
    const identity = await callerIdentity(clients, options.sectionTimeoutMs);
    if ('code' in identity) return { kind: 'fatal', failure: identityFailure(identity) };
    const scope: SectionScope = { account: identity.account, progress: options.progress, clients, sectionTimeoutMs: options.sectionTimeoutMs };
    const started = Date.now();
    options.progress({ kind: 'account-started', account: identity.account, label: identity.arn });
    const regions = options.regions ?? [region];
    const [iam, organizations, identityCenter, accessAnalyzer] = await Promise.all([
      collectIamSections(scope, options.credentialReportTimeoutMs, 'collect'),
      collectOrganizations(scope),
      collectIdentityCenter(scope, identityCenterRegions(region, regions)),
      collectAccessAnalyzer(scope, regions),
    ]);
    const nothing = nothingCollected(identity.account, iam);
    if (nothing !== undefined) return { kind: 'fatal', failure: nothing };
    const snapshot = assembleSnapshot(capturedAt, identity, iam, organizations, { identityCenter, accessAnalyzer });
    options.progress({ kind: 'account-finished', account: identity.account, ms: Date.now() - started, calls: counter.calls(), errors: sectionsNotCollected(snapshot).length });
    return { kind: 'collected', snapshot, calls: counter.calls() };
  } finally {
    destroyAwsClients(clients);
  }
}

/** The IAM half of a snapshot: each section collected or failed, in snapshot order. */
export interface IamCollection {
  readonly section: IamSection;
  readonly errors: readonly SectionError[];
}

/**
 * Collects every IAM section concurrently (the credential report takes seconds to generate, the rest runs
 * meanwhile). `features` is either collected here or, in organization mode, the management account's.
 */
export async function collectIamSections(scope: SectionScope, credentialReportTimeoutMs: number, features: 'collect' | SectionOutcome<JsonObject | null>): Promise<IamCollection> {
  const reportTimeoutMs = credentialReportSectionTimeout(scope.sectionTimeoutMs, credentialReportTimeoutMs);
  const outcomes = await Promise.all([
    runSection(
      scope,
      'iam.credentialReport',
      async ({ clients: { iam }, signal, note }) => {
        const report = await fetchCredentialReport(iam, { timeoutMs: credentialReportTimeoutMs, note, signal });
        return { value: report, detail: plural(Math.max(0, report.trim().split(/\r?\n/).length - 1), 'row') };
      },
      reportTimeoutMs,
    ),
    runSection(scope, 'iam.authorizationDetails', ({ clients: { iam }, note }) => collectAuthorizationDetails(iam, note)),
    runSection(scope, 'iam.accountSummary', ({ clients: { iam } }) => collectAccountSummary(iam)),
    runSection(scope, 'iam.passwordPolicy', ({ clients: { iam } }) => collectPasswordPolicy(iam)),
    runSection(scope, 'iam.virtualMfaDevices', ({ clients: { iam }, note }) => collectVirtualMfaDevices(iam, note)),
    runSection(scope, 'iam.samlProviders', ({ clients: { iam } }) => collectSamlProviders(iam)),
    runSection(scope, 'iam.oidcProviders', ({ clients: { iam } }) => collectOidcProviders(iam)),
    runSection(scope, 'iam.accountAliases', ({ clients: { iam } }) => collectAccountAliases(iam)),
    features === 'collect' ? runSection(scope, 'iam.organizationsFeatures', ({ clients: { iam } }) => collectOrganizationsFeatures(iam)) : Promise.resolve(features),
  ]);
  const [credentialReport, authorizationDetails, accountSummary, passwordPolicy, virtualMfaDevices, samlProviders, oidcProviders, accountAliases, organizationsFeatures] = outcomes;
  const section: IamSection = {
    ...(credentialReport.kind === 'collected' ? { credentialReport: credentialReport.value } : {}),
    ...(authorizationDetails.kind === 'collected' ? { authorizationDetails: authorizationDetails.value } : {}),
    ...(accountSummary.kind === 'collected' ? { accountSummary: accountSummary.value } : {}),
    ...(passwordPolicy.kind === 'collected' ? { passwordPolicy: passwordPolicy.value } : {}),
    ...(virtualMfaDevices.kind === 'collected' ? { virtualMfaDevices: virtualMfaDevices.value } : {}),
    ...(samlProviders.kind === 'collected' ? { samlProviders: samlProviders.value } : {}),
    ...(oidcProviders.kind === 'collected' ? { oidcProviders: oidcProviders.value } : {}),
    ...(accountAliases.kind === 'collected' ? { accountAliases: accountAliases.value } : {}),
    ...(organizationsFeatures.kind === 'collected' ? { organizationsFeatures: organizationsFeatures.value } : {}),
  };
  const errors = outcomes.flatMap((outcome) => (outcome.kind === 'failed' ? [outcome.error] : []));
  return { section, errors };
}

/**
 * The credential report's section may wait `--timeout` for IAM to generate the report, and needs a call's
 * worth of time after that to fetch it: it gets whichever is longer, that or the usual section budget.
 */
export function credentialReportSectionTimeout(sectionTimeoutMs: number, reportTimeoutMs: number): number {
  return Math.max(sectionTimeoutMs, reportTimeoutMs + REPORT_FETCH_MS);
}

const REPORT_FETCH_MS = 60_000;

/**
 * When not one IAM section could be read (typically: the credentials lack every permission), the file would
 * hold nothing but unknowns; that is a failure to report, not a snapshot to write.
 */
export function nothingCollected(account: string, iam: IamCollection): FatalFailure | undefined {
  if (Object.keys(iam.section).length > 0) return undefined;
  const first = iam.errors[0];
  const reason = first === undefined ? '' : `: ${first.code}: ${first.message}`;
  return {
    code: first?.code ?? 'NothingCollected',
    message: `could not read any IAM section of account ${account}${reason}`,
    hint: 'grant the read-only permissions in docs/collector-policy.json',
  };
}

/** The regional parts of a snapshot: Identity Center (organization-wide, from one account) and Access Analyzer. */
export interface RegionalCollection {
  readonly identityCenter: IdentityCenterCollection;
  readonly accessAnalyzer: { readonly regions: readonly AccessAnalyzerRegion[] };
}

export function assembleSnapshot(capturedAt: string, identity: Identity, iam: IamCollection, organizations: OrganizationCollection, regional: RegionalCollection): SnapshotDocument {
  const identityCenter = regional.identityCenter;
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt,
    collector: { name: 'guard snapshot' },
    account: { id: identity.account, partition: identity.partition },
    iam: iam.section,
    ...(organizations.section === undefined ? {} : { organizations: organizations.section }),
    ...(identityCenter.section === undefined ? {} : { identityCenter: identityCenter.section }),
    accessAnalyzer: regional.accessAnalyzer,
    errors: [...iam.errors, ...organizations.errors, ...identityCenter.errors],
  };
}

/** Identity Center is looked for in the client's region first (its usual home), then in each `--regions` region. */
export function identityCenterRegions(region: string, regions: readonly string[]): string[] {
  return [...new Set([region, ...regions])];
}

/** STS GetCallerIdentity: the account id and partition every snapshot is keyed by. */
export async function callerIdentity(clients: AwsClients, timeoutMs: number): Promise<Identity | AwsFailure> {
  try {
    const response = await withDeadline(timeoutMs, callTimedOut(timeoutMs), (signal) => withSignal(clients, signal).sts.send(new GetCallerIdentityCommand({})));
    const arn = response.Arn ?? '';
    const partition = /^arn:([^:]+):/.exec(arn)?.[1];
    if (response.Account === undefined || partition === undefined) {
      return { code: 'InvalidIdentity', message: `GetCallerIdentity returned no account or ARN (\`${arn}\`)`, status: null };
    }
    return { account: response.Account, partition, arn };
  } catch (caught) {
    return describeAwsError(caught);
  }
}

/** The message for a caller whose identity cannot be read: missing credentials get their own, with the fixes. */
export function identityFailure(failure: AwsFailure): FatalFailure {
  if (failure.code === 'CredentialsProviderError') {
    return {
      code: failure.code,
      message: `no AWS credentials found: ${failure.message}`,
      hint: 'set AWS_PROFILE or pass --profile, run `aws sso login` for an SSO profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    };
  }
  return {
    code: failure.code,
    message: `cannot determine the calling identity (sts:GetCallerIdentity): ${failure.code}: ${failure.message}`,
    hint: 'check the credentials, --profile, --region and --endpoint-url',
  };
}

/** Counts logical API calls (not retries) and passes every call on to the caller's observer. */
export function countingObserver(inner: CallObserver | undefined): { readonly observe: CallObserver; readonly calls: () => number } {
  let calls = 0;
  return {
    observe: (call) => {
      if (!call.attempt) calls++;
      inner?.(call);
    },
    calls: () => calls,
  };
}

/** `2026-11-27T10:00:00Z`: the form DESIGN.md uses; sub-second precision means nothing here. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type { AwsCredentials };

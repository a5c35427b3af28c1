import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { collectAccessAnalyzer } from './access-analyzer.ts';
import { type AwsCredentials, type CallObserver, createAwsClients, destroyAwsClients, resolveRegion, withSignal } from './aws-clients.ts';
import { describeAwsError } from './aws-error.ts';
import {
  assembleSnapshot,
  type CollectOptions,
  callerIdentity,
  collectIamSections,
  countingObserver,
  type FatalFailure,
  type Identity,
  identityCenterRegions,
  identityFailure,
  isoSeconds,
  nothingCollected,
} from './collect.ts';
import { callTimedOut, withDeadline } from './deadline.ts';
import { collectOrganizationsFeatures } from './iam.ts';
import { collectIdentityCenter, type IdentityCenterCollection } from './identity-center.ts';
import type { JsonObject } from './json-value.ts';
import { collectOrganizations, type OrganizationCollection } from './organizations.ts';
import { mapBounded } from './paginate.ts';
import { runSection, type SectionOutcome } from './section.ts';
import { type SnapshotDocument, sectionsNotCollected } from './snapshot-document.ts';

export interface OrganizationCollectOptions extends CollectOptions {
  /** The role assumed in every member account (`--role-name`), e.g. OrganizationAccountAccessRole. */
  readonly roleName: string;
  /** Accounts collected at once (`--concurrency`). */
  readonly concurrency: number;
  /** Writes one account's snapshot and returns where it went; a throw marks that account failed. */
  readonly write: (accountId: string, snapshot: SnapshotDocument) => Promise<string>;
}

export interface MemberAccount {
  readonly id: string;
  readonly name: string;
}

export type AccountResult =
  | { readonly kind: 'written'; readonly account: MemberAccount; readonly file: string; readonly errors: readonly string[]; readonly calls: number }
  | { readonly kind: 'failed'; readonly account: MemberAccount; readonly code: string; readonly message: string }
  | { readonly kind: 'skipped'; readonly account: MemberAccount; readonly reason: string };

export type OrganizationOutcome =
  | { readonly kind: 'collected'; readonly organizationId: string; readonly results: readonly AccountResult[]; readonly calls: number }
  | { readonly kind: 'fatal'; readonly failure: FatalFailure };

const ASSUMED_SESSION_NAME = 'guard-snapshot';

/**
 * Organization mode: from the management (or a delegated administrator) account, collects the organization
 * once, then every ACTIVE account by assuming `roleName` in it, a few at a time. Each snapshot carries the
 * organization section. An account that cannot be reached is recorded as failed; the others complete.
 */
export async function collectOrganizationSnapshots(options: OrganizationCollectOptions): Promise<OrganizationOutcome> {
  const counter = countingObserver(options.observe);
  const region = await resolveRegion(options.settings);
  const caller = createAwsClients(options.settings, region, undefined, counter.observe);
  const now = options.now ?? (() => new Date());
  try {
    const identity = await callerIdentity(caller, options.sectionTimeoutMs);
    if ('code' in identity) return { kind: 'fatal', failure: identityFailure(identity) };
    const scope = { account: identity.account, progress: options.progress, clients: caller, sectionTimeoutMs: options.sectionTimeoutMs };
    const organizations = await collectOrganizations(scope);
    const usable = usableOrganization(organizations, identity);
    if ('code' in usable) return { kind: 'fatal', failure: usable };
    const features = await runSection(scope, 'iam.organizationsFeatures', ({ clients }) => collectOrganizationsFeatures(clients.iam));
    // Identity Center is the organization's, read once from here; Access Analyzer is each account's own.
    const regions = options.regions ?? [region];
    const identityCenter = await collectIdentityCenter(scope, identityCenterRegions(region, regions));

    const results = await mapBounded(usable.accounts, options.concurrency, async (account): Promise<AccountResult> => {
      if (!usable.active.has(account.id)) return { kind: 'skipped', account, reason: `status ${usable.status.get(account.id) ?? 'unknown'}` };
      return collectMember({ ...options, observe: counter.observe }, region, identity, account, { organizations, features, identityCenter, regions }, now);
    });
    return { kind: 'collected', organizationId: usable.organizationId, results, calls: counter.calls() };
  } finally {
    destroyAwsClients(caller);
  }
}

interface UsableOrganization {
  readonly organizationId: string;
  readonly accounts: readonly MemberAccount[];
  readonly active: ReadonlySet<string>;
  readonly status: ReadonlyMap<string, string>;
}

function usableOrganization(organizations: OrganizationCollection, identity: Identity): UsableOrganization | FatalFailure {
  const section = organizations.section;
  if (section === undefined) {
    const error = organizations.errors[0];
    return { code: error?.code ?? 'Unknown', message: `cannot describe the organization from account ${identity.account}: ${error?.code}: ${error?.message}` };
  }
  if (section === null) {
    return { code: 'AWSOrganizationsNotInUseException', message: `account ${identity.account} is not in an organization`, hint: 'drop --org to collect this account alone' };
  }
  if (section.accounts === undefined) {
    const error = organizations.errors.find((e) => e.section === 'organizations.accounts');
    return {
      code: error?.code ?? 'Unknown',
      message: `cannot list the organization's accounts from account ${identity.account}: ${error?.code}: ${error?.message}`,
      hint: 'run --org from the management account or a delegated administrator account, with organizations:List* and Describe* permissions',
    };
  }
  const accounts: MemberAccount[] = [];
  const active = new Set<string>();
  const status = new Map<string, string>();
  for (const account of section.accounts) {
    const id = String(account['Id']);
    accounts.push({ id, name: String(account['Name'] ?? id) });
    // `State` replaces the deprecated `Status`; either says ACTIVE for a reachable account.
    const state = String(account['State'] ?? account['Status'] ?? 'UNKNOWN');
    status.set(id, state);
    if (state === 'ACTIVE') active.add(id);
  }
  return { organizationId: String(section.organization['Id'] ?? ''), accounts, active, status };
}

/** What every member's snapshot shares, read once from the calling account. */
interface SharedCollection {
  readonly organizations: OrganizationCollection;
  readonly features: SectionOutcome<JsonObject | null>;
  readonly identityCenter: IdentityCenterCollection;
  readonly regions: readonly string[];
}

async function collectMember(options: OrganizationCollectOptions, region: string, callerIdentityValue: Identity, account: MemberAccount, shared: SharedCollection, now: () => Date): Promise<AccountResult> {
  const { organizations, features, identityCenter, regions } = shared;
  const counter = countingObserver(options.observe);
  const started = Date.now();
  const capturedAt = isoSeconds(now());
  options.progress({ kind: 'account-started', account: account.id, label: account.name });
  const fail = (code: string, message: string): AccountResult => {
    options.progress({ kind: 'account-failed', account: account.id, code, message });
    return { kind: 'failed', account, code, message };
  };

  // The calling account is collected with the caller's own credentials: the member role rarely exists there.
  // Each account gets its own clients, so its calls are counted apart and its retry budget is its own.
  let credentials: AwsCredentials | undefined;
  if (account.id !== callerIdentityValue.account) {
    const roleArn = `arn:${callerIdentityValue.partition}:iam::${account.id}:role/${options.roleName}`;
    const assumed = await assumeRole(options, region, counter.observe, roleArn);
    if ('code' in assumed) return fail(assumed.code, `cannot assume \`${roleArn}\`: ${assumed.message}`);
    credentials = assumed;
  }
  const clients = createAwsClients(options.settings, region, credentials, counter.observe);
  try {
    const identity = await callerIdentity(clients, options.sectionTimeoutMs);
    if ('code' in identity) return fail(identity.code, `cannot determine the identity in account ${account.id}: ${identity.message}`);
    if (identity.account !== account.id) return fail('WrongAccount', `the assumed role belongs to account ${identity.account}, not ${account.id}`);
    const scope = { account: account.id, progress: options.progress, clients, sectionTimeoutMs: options.sectionTimeoutMs };
    const [iam, accessAnalyzer] = await Promise.all([collectIamSections(scope, options.credentialReportTimeoutMs, features), collectAccessAnalyzer(scope, regions)]);
    const nothing = nothingCollected(account.id, iam);
    if (nothing !== undefined) return fail(nothing.code, nothing.message);
    const snapshot = assembleSnapshot(capturedAt, identity, iam, organizations, { identityCenter, accessAnalyzer });
    let file: string;
    try {
      file = await options.write(account.id, snapshot);
    } catch (caught) {
      return fail('WriteFailed', caught instanceof Error ? caught.message : String(caught));
    }
    const calls = counter.calls();
    const missing = sectionsNotCollected(snapshot);
    options.progress({ kind: 'account-finished', account: account.id, ms: Date.now() - started, calls, errors: missing.length });
    return { kind: 'written', account, file, errors: missing.map((e) => e.section), calls };
  } finally {
    destroyAwsClients(clients);
  }
}

/** AssumeRole with the caller's credentials (through clients of their own, so the call counts for this account). */
async function assumeRole(options: OrganizationCollectOptions, region: string, observe: CallObserver, roleArn: string): Promise<AwsCredentials | { readonly code: string; readonly message: string }> {
  const caller = createAwsClients(options.settings, region, undefined, observe);
  try {
    const response = await withDeadline(options.sectionTimeoutMs, callTimedOut(options.sectionTimeoutMs), (signal) =>
      withSignal(caller, signal).sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ASSUMED_SESSION_NAME })),
    );
    const credentials = response.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
      return { code: 'InvalidCredentials', message: 'AssumeRole returned no credentials' };
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
      ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
    };
  } catch (caught) {
    const failure = describeAwsError(caught);
    return { code: failure.code, message: `${failure.code}: ${failure.message}` };
  } finally {
    destroyAwsClients(caller);
  }
}

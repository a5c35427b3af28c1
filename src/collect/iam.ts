import {
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  type IAMClient,
  ListAccountAliasesCommand,
  ListOpenIDConnectProvidersCommand,
  ListOrganizationsFeaturesCommand,
  ListSAMLProvidersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { describeAwsError } from './aws-error.ts';
import { type JsonObject, omitKeys, toJsonObject, toJsonObjects } from './json-value.ts';
import { collectPages, mapBounded, markerPage } from './paginate.ts';
import { decodeAuthorizationDetails } from './policy-documents.ts';
import { plural, type SectionResult } from './section.ts';
import type { AuthorizationDetails } from './snapshot-document.ts';

// The largest page IAM serves: fewer round trips on big accounts.
const MAX_ITEMS = 1000;
// Per-provider detail calls run a few at a time (accounts have a handful of providers).
const DETAIL_CONCURRENCY = 4;

/** GetAccountAuthorizationDetails, every entity type, every page merged, policy documents decoded. */
export async function collectAuthorizationDetails(iam: IAMClient, note: (detail: string) => void): Promise<SectionResult<AuthorizationDetails>> {
  const pages = await collectPages(
    async (marker) => {
      const page = await iam.send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'],
          MaxItems: MAX_ITEMS,
          Marker: marker,
        }),
      );
      return markerPage([page], page.IsTruncated, page.Marker);
    },
    (count) => note(`page ${count}`),
  );
  const merged = {
    UserDetailList: pages.flatMap((page) => toJsonObjects(page.UserDetailList)),
    GroupDetailList: pages.flatMap((page) => toJsonObjects(page.GroupDetailList)),
    RoleDetailList: pages.flatMap((page) => toJsonObjects(page.RoleDetailList)),
    Policies: pages.flatMap((page) => toJsonObjects(page.Policies)).map(withPolicyName),
  };
  const detail = [
    plural(merged.UserDetailList.length, 'user'),
    plural(merged.GroupDetailList.length, 'group'),
    plural(merged.RoleDetailList.length, 'role'),
    plural(merged.Policies.length, 'managed policy', 'managed policies'),
  ].join(', ');
  return { value: decodeAuthorizationDetails(merged), detail: `${detail} (${plural(pages.length, 'page')})` };
}

/**
 * AWS always names a managed policy; some emulators (moto 5) leave `PolicyName` out of this call. The name is
 * the last segment of the ARN (`arn:aws:iam::123456789012:policy/path/name`), so it is restored from there.
 */
function withPolicyName(policy: JsonObject): JsonObject {
  const arn = policy['Arn'];
  if (policy['PolicyName'] !== undefined || typeof arn !== 'string' || !arn.includes(':policy/')) return policy;
  return { PolicyName: arn.slice(arn.lastIndexOf('/') + 1), ...policy };
}

export async function collectAccountSummary(iam: IAMClient): Promise<SectionResult<JsonObject>> {
  const response = await iam.send(new GetAccountSummaryCommand({}));
  return { value: toJsonObject(response.SummaryMap ?? {}), detail: 'done' };
}

/** ListAccountAliases: at most one alias per account, but the API pages like the others. */
export async function collectAccountAliases(iam: IAMClient): Promise<SectionResult<string[]>> {
  const aliases = await collectPages(async (marker) => {
    const page = await iam.send(new ListAccountAliasesCommand({ MaxItems: MAX_ITEMS, Marker: marker }));
    return markerPage(page.AccountAliases, page.IsTruncated, page.Marker);
  });
  return { value: aliases, detail: aliases.length === 0 ? 'none' : aliases.join(', ') };
}

/** The password policy, or null when the account has none (`NoSuchEntity`: known, not unknown). */
export async function collectPasswordPolicy(iam: IAMClient): Promise<SectionResult<JsonObject | null>> {
  try {
    const response = await iam.send(new GetAccountPasswordPolicyCommand({}));
    return { value: toJsonObject(response.PasswordPolicy ?? {}), detail: 'set' };
  } catch (caught) {
    const code = describeAwsError(caught).code;
    if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') return { value: null, detail: 'none set' };
    throw caught;
  }
}

// Only ever returned by CreateVirtualMFADevice on AWS, but an emulator returns them from the list too:
// they are the device's secret, and a snapshot never holds secrets.
const MFA_SECRETS = ['Base32StringSeed', 'QRCodePNG'];

export async function collectVirtualMfaDevices(iam: IAMClient, note: (detail: string) => void): Promise<SectionResult<JsonObject[]>> {
  const devices = await collectPages(
    async (marker) => {
      const page = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', MaxItems: MAX_ITEMS, Marker: marker }));
      return markerPage(page.VirtualMFADevices, page.IsTruncated, page.Marker);
    },
    (count) => note(`page ${count}`),
  );
  const value = toJsonObjects(devices).map((device) => omitKeys(device, MFA_SECRETS));
  return { value, detail: plural(value.length, 'device') };
}

/** ListSAMLProviders, then GetSAMLProvider for each (metadata document, validity, tags). */
export async function collectSamlProviders(iam: IAMClient): Promise<SectionResult<JsonObject[]>> {
  const listed = toJsonObjects((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList);
  const value = await mapBounded(listed, DETAIL_CONCURRENCY, async (provider) => {
    const arn = provider['Arn'];
    if (typeof arn !== 'string') return provider;
    const details = toJsonObject(await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
    return { ...provider, ...details };
  });
  return { value, detail: plural(value.length, 'provider') };
}

/** ListOpenIDConnectProviders, then GetOpenIDConnectProvider for each (URL, audiences, thumbprints). */
export async function collectOidcProviders(iam: IAMClient): Promise<SectionResult<JsonObject[]>> {
  const listed = toJsonObjects((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList);
  const value = await mapBounded(listed, DETAIL_CONCURRENCY, async (provider) => {
    const arn = provider['Arn'];
    if (typeof arn !== 'string') return provider;
    const details = toJsonObject(await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    return { ...provider, ...details };
  });
  return { value, detail: plural(value.length, 'provider') };
}

/**
 * Centralized root access features. null when the account is in no organization (known: nothing enabled);
 * no features when IAM's trusted access is not enabled in the organization.
 */
export async function collectOrganizationsFeatures(iam: IAMClient): Promise<SectionResult<JsonObject | null>> {
  try {
    const response = await iam.send(new ListOrganizationsFeaturesCommand({}));
    const value = toJsonObject(response);
    const features = response.EnabledFeatures ?? [];
    return { value: { ...value, EnabledFeatures: features }, detail: features.length === 0 ? 'none enabled' : features.join(', ') };
  } catch (caught) {
    const code = describeAwsError(caught).code;
    if (code === 'OrganizationNotFoundException' || code === 'OrganizationNotFound') return { value: null, detail: 'no organization' };
    if (code === 'ServiceAccessNotEnabledException' || code === 'ServiceAccessNotEnabled') {
      return { value: { EnabledFeatures: [] }, detail: 'trusted access not enabled' };
    }
    throw caught;
  }
}

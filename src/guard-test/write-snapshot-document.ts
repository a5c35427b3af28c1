import { SNAPSHOT_FORMAT } from '../model/index.ts';
import { type AccountSpec, type DateSpec, type DocumentForm, type DocumentSpec, IAM_SECTIONS, type IamSectionName, type InlinePolicySpec, type OrganizationSpec } from './account-spec.ts';
import { accountOf, credentialReport, dateText, iamArn, pathPart, userArn } from './write-credential-report.ts';
import { accessAnalyzerSection, identityCenterSection } from './write-identity-center.ts';

/**
 * The one writer from an account spec to a raw snapshot v1 document (JSON data, AWS field names),
 * for generated accounts and example accounts alike; the document is then loaded by the real
 * `parseSnapshot` and `normalizeSnapshot`, as files are.
 */

type Json = Record<string, unknown>;

/** Dates as text: `at` a date the spec gives, `or` a fixed text when it gives none. */
interface Dates {
  readonly at: (d: DateSpec) => string;
  readonly or: (d: DateSpec | undefined, fallback: string) => string;
}

/** The document as AWS may hand it out: an object, a JSON string, or URL-encoded JSON. */
export function documentInput(spec: DocumentSpec): Readonly<Record<string, unknown>> | string {
  const only = spec.statements[0];
  const statement = spec.single && spec.statements.length === 1 && only !== undefined ? only : spec.statements;
  return encodeDocument(spec.noVersion === true ? { Statement: statement } : { Version: '2012-10-17', Statement: statement }, spec.form);
}

/** A policy document written in one of the forms AWS hands documents out in. */
export function encodeDocument(doc: Readonly<Record<string, unknown>>, form: DocumentForm): Readonly<Record<string, unknown>> | string {
  switch (form) {
    case 'object':
      return doc;
    case 'json':
      return JSON.stringify(doc);
    case 'url':
      return encodeURIComponent(JSON.stringify(doc));
  }
}

function documentValue(doc: DocumentSpec): Readonly<Record<string, unknown>> | string {
  return doc.text ?? documentInput(doc);
}

/** Organizations returns policy content as a string. */
function documentString(doc: DocumentSpec): string {
  const value = documentValue(doc);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const ALLOW_ALL: DocumentSpec = { statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }], form: 'object', single: false };

const attachedList = (arns: readonly string[]): Json[] => arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
const inlineList = (list: readonly InlinePolicySpec[]): Json[] => list.map((p) => ({ PolicyName: p.name, PolicyDocument: documentValue(p.document) }));
const boundaryOf = (arn: string | null | undefined): Json => (arn === null || arn === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } });

function authorizationDetails(spec: AccountSpec, date: Dates): Json {
  return {
    UserDetailList: spec.users.map((u) => ({
      Path: u.path ?? '/',
      UserName: u.name,
      UserId: u.id ?? `AIDA${u.name.toUpperCase()}`,
      Arn: userArn(spec, u.name, u.path),
      CreateDate: date.at(u.created),
      GroupList: u.groups,
      AttachedManagedPolicies: attachedList(u.attached),
      UserPolicyList: inlineList(u.inline),
      ...boundaryOf(u.boundary),
      Tags: u.tags ?? [{ Key: 'team', Value: u.name }],
    })),
    GroupDetailList: spec.groups.map((g) => ({
      Path: g.path ?? '/',
      GroupName: g.name,
      GroupId: g.id ?? `AGPA${g.name.toUpperCase()}`,
      Arn: iamArn(spec, `group/${pathPart(g.path)}${g.name}`),
      CreateDate: date.or(g.created, '2024-01-01T00:00:00Z'),
      GroupPolicyList: inlineList(g.inline),
      AttachedManagedPolicies: attachedList(g.attached),
    })),
    RoleDetailList: spec.roles.map((r) => ({
      Path: r.path,
      RoleName: r.name,
      RoleId: r.id ?? `AROA${r.name.toUpperCase()}`,
      Arn: iamArn(spec, `role/${pathPart(r.path)}${r.name}`),
      CreateDate: date.at(r.created),
      AssumeRolePolicyDocument: documentValue(r.trust),
      ...(r.description === undefined ? {} : { Description: r.description }),
      ...(r.maxSessionDuration === undefined ? {} : { MaxSessionDuration: r.maxSessionDuration }),
      ...(r.instanceProfiles === undefined ? {} : { InstanceProfileList: r.instanceProfiles.map((n) => ({ InstanceProfileName: n })) }),
      RolePolicyList: inlineList(r.inline),
      AttachedManagedPolicies: attachedList(r.attached),
      ...boundaryOf(r.boundary),
      ...(r.tags === undefined ? {} : { Tags: r.tags }),
      ...(r.lastUsed === 'absent' ? {} : { RoleLastUsed: r.lastUsed === null ? {} : { LastUsedDate: date.at(r.lastUsed), Region: r.lastUsedRegion === undefined ? 'us-east-1' : r.lastUsedRegion } }),
    })),
    Policies: spec.policies.map((p) => {
      const name = p.arn.slice(p.arn.lastIndexOf('/') + 1);
      const versionId = p.versionId ?? 'v2';
      const updated = date.or(p.updated, '2024-02-01T00:00:00Z');
      const older = p.olderVersions ?? [{ id: 'v1', document: ALLOW_ALL }];
      return {
        PolicyName: name,
        PolicyId: p.id ?? `ANPA${name.toUpperCase()}`,
        Arn: p.arn,
        Path: p.path ?? '/',
        DefaultVersionId: versionId,
        ...(p.attachmentCount === null ? {} : { AttachmentCount: p.attachmentCount }),
        ...(p.boundaryUsageCount === null ? {} : { PermissionsBoundaryUsageCount: p.boundaryUsageCount }),
        IsAttachable: true,
        CreateDate: date.or(p.created, '2024-01-01T00:00:00Z'),
        UpdateDate: updated,
        PolicyVersionList: [
          { Document: documentValue(p.document), VersionId: versionId, IsDefaultVersion: true, CreateDate: updated },
          ...older.map((v) => ({ Document: documentValue(v.document), VersionId: v.id, IsDefaultVersion: false })),
        ],
      };
    }),
  };
}

function organizationsSection(spec: AccountSpec, org: OrganizationSpec, date: Dates): Json {
  const { partition } = accountOf(spec);
  const orgArn = (rest: string): string => `arn:${partition}:organizations::${org.managementAccountId}:${rest}`;
  const section: Json = {
    organization: {
      Id: org.id,
      Arn: orgArn(`organization/${org.id}`),
      FeatureSet: org.featureSet,
      MasterAccountArn: orgArn(`account/${org.id}/${org.managementAccountId}`),
      MasterAccountId: org.managementAccountId,
      ...(org.managementAccountEmail === undefined ? {} : { MasterAccountEmail: org.managementAccountEmail }),
    },
    roots: [{ Id: org.root.id, Arn: orgArn(`root/${org.id}/${org.root.id}`), Name: 'Root', PolicyTypes: org.root.policyTypes }],
    organizationalUnits: org.units.map((u) => ({ Id: u.id, Arn: orgArn(`ou/${org.id}/${u.id}`), Name: u.name, ParentId: u.parentId })),
    accounts: org.accounts.map((a) => ({
      Id: a.id,
      Arn: orgArn(`account/${org.id}/${a.id}`),
      ...(a.email === undefined ? {} : { Email: a.email }),
      Name: a.name,
      ...(a.status === undefined ? {} : { Status: a.status }),
      ...(a.joinedMethod === undefined ? {} : { JoinedMethod: a.joinedMethod }),
      ...(a.joined === undefined ? {} : { JoinedTimestamp: date.at(a.joined) }),
      ParentId: a.parentId,
    })),
    policies: org.policies.map((p) => ({
      PolicySummary: {
        Id: p.id,
        Arn: p.arn,
        Name: p.name,
        ...(p.description === undefined ? {} : { Description: p.description }),
        Type: p.type,
        ...(p.awsManaged === undefined ? {} : { AwsManaged: p.awsManaged }),
      },
      Content: documentString(p.content),
      Targets: p.targets.map((t) => ({ TargetId: t.id, ...(t.type === undefined ? {} : { Type: t.type }), ...(t.name === undefined ? {} : { Name: t.name }) })),
    })),
    delegatedAdministrators: org.delegatedAdministrators.map((d) => ({ Id: d.accountId, DelegatedServices: d.services.map((p) => ({ ServicePrincipal: p })) })),
  };
  if (org.missing !== null) delete section[org.missing];
  return section;
}

function organizationsFeatures(org: OrganizationSpec | null): Json | null | undefined {
  if (org === null) return null;
  if (org.features === 'none') return undefined;
  return { ...(org.features.organizationId === undefined ? {} : { OrganizationId: org.features.organizationId }), EnabledFeatures: org.features.enabled };
}

/** GetAccountSummary, in one order: the root flags, then the counts. */
function accountSummary(spec: AccountSpec): Json {
  const { AccountMFAEnabled, AccountAccessKeysPresent, AccountPasswordPresent, AccountSigningCertificatesPresent, ...counts } = spec.root.summary;
  const flags = { AccountMFAEnabled, AccountAccessKeysPresent, AccountPasswordPresent, AccountSigningCertificatesPresent };
  return { ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)), Users: spec.users.length, ...counts };
}

/** Writes the account spec as a raw snapshot v1 document (JSON data, AWS field names). */
export function snapshotOf(spec: AccountSpec): Record<string, unknown> {
  const capturedAt = Date.parse(spec.capturedAt);
  const date: Dates = { at: (d) => dateText(capturedAt, d), or: (d, fallback) => (d === undefined ? fallback : dateText(capturedAt, d)) };
  const values: Record<IamSectionName, unknown> = {
    credentialReport: credentialReport(spec, capturedAt),
    authorizationDetails: authorizationDetails(spec, date),
    accountSummary: accountSummary(spec),
    passwordPolicy: spec.passwordPolicy,
    virtualMfaDevices: spec.virtualMfa.map((d) => ({
      SerialNumber: iamArn(spec, `mfa/${d.serial}`),
      ...(d.assignedTo === null
        ? {}
        : {
            User: d.assignedTo === 'root' ? { Arn: iamArn(spec, 'root') } : { UserName: d.assignedTo, Arn: userArn(spec, d.assignedTo, spec.users.find((u) => u.name === d.assignedTo)?.path) },
            EnableDate: date.at(d.enabled),
          }),
    })),
    mfaDevices: spec.hardwareMfa.map((d) => ({ UserName: d.user, SerialNumber: d.serial, EnableDate: date.or(d.enabled, '2025-01-01T00:00:00Z') })),
    samlProviders: spec.samlProviders.map((p) => ({
      Arn: iamArn(spec, `saml-provider/${p.name}`),
      ValidUntil: date.or(p.validUntil, '2030-01-01T00:00:00Z'),
      CreateDate: date.or(p.created, '2024-01-01T00:00:00Z'),
      ...(p.tags === undefined ? {} : { Tags: p.tags }),
    })),
    oidcProviders: spec.oidcProviders.map((p) => ({
      Arn: iamArn(spec, `oidc-provider/${p.host}`),
      Url: p.url ?? p.host,
      ClientIDList: p.clientIds ?? ['sts.amazonaws.com'],
      ...(p.thumbprints === undefined ? {} : { ThumbprintList: p.thumbprints }),
      CreateDate: date.or(p.created, '2024-01-01T00:00:00+00:00'),
      ...(p.tags === undefined ? {} : { Tags: p.tags }),
    })),
    accountAliases: spec.aliases ?? ['generated'],
    organizationsFeatures: organizationsFeatures(spec.organization),
  };
  const iam: Json = {};
  const errors: { section: string; code: string; message: string }[] = [];
  for (const name of IAM_SECTIONS) {
    const state = spec.sections[name];
    const value = values[name];
    if (state !== 'missing' && value !== undefined) iam[name] = value;
    if (state === 'errored') errors.push({ section: `iam.${name}`, code: 'AccessDenied', message: 'generated' });
  }
  if (spec.organizationsSection === 'errored') errors.push({ section: 'organizations', code: 'AccessDenied', message: 'generated' });
  const idcState = spec.identityCenterSection ?? 'present';
  const aaState = spec.accessAnalyzerSection ?? 'present';
  if (idcState === 'errored') errors.push({ section: 'identityCenter', code: 'AccessDenied', message: 'generated' });
  if (aaState === 'errored') errors.push({ section: 'accessAnalyzer', code: 'AccessDenied', message: 'generated' });
  for (const section of spec.notCollected ?? []) errors.push({ section, code: 'NotCollected', message: 'left out by the example' });
  const account = accountOf(spec);
  return {
    format: SNAPSHOT_FORMAT,
    capturedAt: spec.capturedAt,
    account: { id: account.id, partition: account.partition },
    iam,
    ...(spec.organizationsSection === 'missing' ? {} : { organizations: spec.organization === null ? null : organizationsSection(spec, spec.organization, date) }),
    // Sections a spec does not give are not collected (older collectors wrote neither).
    ...(idcState === 'missing' || spec.identityCenter === undefined ? {} : { identityCenter: spec.identityCenter === null ? null : identityCenterSection(spec, spec.identityCenter, date.or, documentString) }),
    ...(aaState === 'missing' || spec.accessAnalyzer === undefined ? {} : { accessAnalyzer: accessAnalyzerSection(spec, spec.accessAnalyzer, date.or) }),
    errors,
    ...(spec.collector === undefined ? {} : { collector: spec.collector }),
  };
}

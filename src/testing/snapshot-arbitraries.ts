import fc from 'fast-check';

/** The account id of generated snapshots. */
export const GENERATED_ACCOUNT = '123456789012';
const ACCOUNT = GENERATED_ACCOUNT;
const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

/**
 * fast-check arbitrary of valid raw snapshot v1 documents (plain JSON data, AWS field names) that vary
 * what matters to rules and to normalization: every section present, missing, named in `errors` or
 * null; policy documents as objects, JSON and URL-encoded strings, Statement as object or list,
 * Action as string or list; credential-report sentinels (`N/A`, `no_information`, `not_supported`),
 * LF or CRLF; dates in every accepted form; dangling references. Captured at 2026-11-27T10:00:00Z.
 * Feed them to `parseSnapshot(JSON.stringify(raw), ...)` and `normalizeSnapshot` as real files go.
 */

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'ci', 'svc'] as const;
const BASE = Date.UTC(2026, 10, 27, 10);

const dateText = fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom('Z', '+00:00', 'boto', 'micro')).map(([days, form]) => {
  const iso = new Date(BASE - days * 86_400_000 - 37_000).toISOString();
  switch (form) {
    case 'Z':
      return iso;
    case '+00:00':
      return `${iso.slice(0, 19)}+00:00`;
    case 'boto':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00`;
    default:
      return `${iso.slice(0, 19)}.123456Z`;
  }
});

const reportDate = fc.oneof(dateText.map((d) => d.replace(' ', 'T')), fc.constantFrom('N/A', 'no_information', 'not_supported'));
const bool = fc.constantFrom('true', 'false', 'TRUE', 'FALSE');

const statement = fc.record(
  {
    Sid: fc.constantFrom('A', 'B'),
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.oneof(fc.constantFrom('*', 's3:*', 'iam:PassRole', 'sts:AssumeRole'), fc.array(fc.constantFrom('s3:GetObject', 'ec2:*', 'iam:*'), { minLength: 1, maxLength: 3 })),
    Resource: fc.oneof(fc.constant('*'), fc.array(fc.constantFrom('arn:aws:s3:::b/*', '*'), { maxLength: 2 })),
    Principal: fc.oneof(
      fc.constant('*'),
      fc.record({ AWS: fc.constantFrom('*', '444455556666', `arn:aws:iam::${ACCOUNT}:root`, 'arn:aws:iam::777788889999:role/x') }),
      fc.record({ Service: fc.constantFrom('ec2.amazonaws.com', 'lambda.amazonaws.com') }),
      fc.record({ Federated: fc.constantFrom(`arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`) }),
    ),
    Condition: fc.record({ StringEquals: fc.record({ 'sts:ExternalId': fc.constantFrom('x', 'y') }) }),
  },
  { requiredKeys: ['Effect', 'Action'] },
);

const documentObject = fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) });
const documentInput = fc.tuple(documentObject, fc.constantFrom('object', 'json', 'url')).map(([doc, form]) =>
  form === 'object' ? doc : form === 'json' ? JSON.stringify(doc) : encodeURIComponent(JSON.stringify(doc)),
);

const managedArns = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  `arn:aws:iam::${ACCOUNT}:policy/p0`,
  `arn:aws:iam::${ACCOUNT}:policy/p1`,
  `arn:aws:iam::${ACCOUNT}:policy/missing`,
] as const;
const attachment = fc.constantFrom(...managedArns).map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
const inline = fc.array(fc.record({ PolicyName: fc.constantFrom('i0', 'i1'), PolicyDocument: documentInput }), { maxLength: 2 }).map((list) => {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.PolicyName) ? false : (seen.add(p.PolicyName), true)));
});

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}

const users = fc
  .array(
    fc.record({
      name: fc.constantFrom(...NAMES),
      created: dateText,
      groups: fc.subarray(['g0', 'g1', 'ghost']),
      attached: fc.array(attachment, { maxLength: 2 }),
      inline,
      boundary: fc.boolean(),
    }),
    { maxLength: 5 },
  )
  .map((list) => uniqueBy(list, (u) => u.name));

const keySlot = fc.oneof(
  fc.constant(['false', 'N/A', 'N/A', 'N/A', 'N/A']),
  fc.tuple(bool, dateText.map((d) => d.replace(' ', 'T')), reportDate, fc.constantFrom('us-east-1', 'N/A'), fc.constantFrom('s3', 'N/A')),
);

const reportRow = fc.record({ passwordEnabled: bool, passwordUsed: reportDate, changed: reportDate, mfa: bool, key1: keySlot, key2: keySlot, cert: fc.tuple(bool, reportDate) });

type ReportRowValue = typeof reportRow extends fc.Arbitrary<infer T> ? T : never;

function reportText(userNames: readonly string[], rows: readonly ReportRowValue[], withRoot: boolean, crlf: boolean): string {
  const lines = [REPORT_HEADER];
  const all = withRoot ? ['<root_account>', ...userNames] : [...userNames];
  all.forEach((name, i) => {
    const r = rows[i % rows.length];
    if (r === undefined) return;
    const arn = name === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${name}`;
    lines.push([name, arn, '2024-01-01T00:00:00+00:00', r.passwordEnabled, r.passwordUsed, r.changed, 'N/A', r.mfa, ...r.key1, ...r.key2, ...r.cert, 'false', 'N/A'].join(','));
  });
  const eol = crlf ? '\r\n' : '\n';
  return lines.join(eol) + eol;
}

/** Each section is present, missing (undefined), or present but named in `errors`. */
const presence = fc.constantFrom('present', 'present', 'present', 'missing', 'errored');

export const snapshotArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    users,
    rows: fc.array(reportRow, { minLength: 1, maxLength: 4 }),
    reportRoot: fc.boolean(),
    crlf: fc.boolean(),
    groups: fc.subarray(['g0', 'g1']),
    groupAttached: fc.array(attachment, { maxLength: 2 }),
    groupInline: inline,
    roles: fc.array(
      fc.record({ name: fc.constantFrom('r0', 'r1', 'r2', 'svc-linked'), created: dateText, trust: documentInput, lastUsed: fc.option(dateText), hasLastUsed: fc.boolean(), attached: fc.array(attachment, { maxLength: 2 }), inline }),
      { maxLength: 4 },
    ),
    policies: fc.array(fc.record({ index: fc.constantFrom(0, 1), doc: documentInput, count: fc.option(fc.nat(3)) }), { maxLength: 2 }),
    summary: fc.record({ AccountMFAEnabled: fc.nat(1), AccountAccessKeysPresent: fc.nat(1), AccountPasswordPresent: fc.nat(1), AccountSigningCertificatesPresent: fc.nat(1) }, { requiredKeys: [] }),
    passwordPolicy: fc.option(fc.record({ MinimumPasswordLength: fc.nat(30), RequireSymbols: fc.boolean(), MaxPasswordAge: fc.integer({ min: 1, max: 365 }), PasswordReusePrevention: fc.integer({ min: 1, max: 24 }) }, { requiredKeys: ['MinimumPasswordLength'] })),
    virtualMfa: fc.array(fc.record({ who: fc.constantFrom('root', 'alice', 'bob', 'nobody', 'ghost'), enabled: dateText }), { maxLength: 3 }),
    hardwareMfa: fc.array(fc.record({ who: fc.constantFrom(...NAMES), serial: fc.constantFrom('GAHT1', 'GAHT2') }), { maxLength: 2 }),
    org: fc.constantFrom('null', 'object', 'object', 'missing', 'errored'),
    orgSubsection: fc.constantFrom('none', 'organizationalUnits', 'accounts', 'policies', 'roots', 'delegatedAdministrators'),
    currentInOrg: fc.boolean(),
    sections: fc.record({
      credentialReport: presence,
      authorizationDetails: presence,
      accountSummary: presence,
      passwordPolicy: presence,
      virtualMfaDevices: presence,
      mfaDevices: presence,
      samlProviders: presence,
      oidcProviders: presence,
      accountAliases: presence,
      organizationsFeatures: presence,
    }),
    features: fc.constantFrom('none', 'empty', 'both'),
  })
  .map((g) => {
    const userNames = g.users.map((u) => u.name);
    const details = {
      UserDetailList: g.users.map((u) => ({
        Path: '/',
        UserName: u.name,
        UserId: `AIDA${u.name}`,
        Arn: `arn:aws:iam::${ACCOUNT}:user/${u.name}`,
        CreateDate: u.created,
        GroupList: u.groups,
        AttachedManagedPolicies: u.attached,
        UserPolicyList: u.inline,
        ...(u.boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/p1` } } : {}),
        Tags: [{ Key: 'team', Value: u.name }],
      })),
      GroupDetailList: g.groups.map((name) => ({ GroupName: name, Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`, CreateDate: '2024-01-01T00:00:00Z', GroupPolicyList: g.groupInline, AttachedManagedPolicies: g.groupAttached })),
      RoleDetailList: uniqueBy(g.roles, (r) => r.name).map((r) => ({
        Path: r.name === 'svc-linked' ? '/aws-service-role/x.amazonaws.com/' : '/',
        RoleName: r.name,
        Arn: `arn:aws:iam::${ACCOUNT}:role/${r.name}`,
        CreateDate: r.created,
        AssumeRolePolicyDocument: r.trust,
        RolePolicyList: r.inline,
        AttachedManagedPolicies: r.attached,
        ...(r.hasLastUsed ? { RoleLastUsed: r.lastUsed === null ? {} : { LastUsedDate: r.lastUsed, Region: 'us-east-1' } } : {}),
      })),
      Policies: uniqueBy(g.policies, (p) => String(p.index)).map((p) => ({
        PolicyName: `p${p.index}`,
        Arn: `arn:aws:iam::${ACCOUNT}:policy/p${p.index}`,
        DefaultVersionId: 'v1',
        ...(p.count === null ? {} : { AttachmentCount: p.count }),
        PolicyVersionList: [{ Document: p.doc, VersionId: 'v1', IsDefaultVersion: true }],
      })),
    };
    const iamValues: Record<string, unknown> = {
      credentialReport: reportText(userNames, g.rows, g.reportRoot, g.crlf),
      authorizationDetails: details,
      accountSummary: g.summary,
      passwordPolicy: g.passwordPolicy,
      virtualMfaDevices: g.virtualMfa.map((d, i) => ({
        SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/device-${i}`,
        ...(d.who === 'nobody'
          ? {}
          : { User: d.who === 'root' ? { Arn: `arn:aws:iam::${ACCOUNT}:root` } : { UserName: d.who, Arn: `arn:aws:iam::${ACCOUNT}:user/${d.who}` }, EnableDate: d.enabled }),
      })),
      mfaDevices: g.hardwareMfa.map((d) => ({ UserName: d.who, SerialNumber: d.serial })),
      samlProviders: [{ Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`, CreateDate: '2024-01-01T00:00:00Z' }],
      oidcProviders: [{ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }],
      accountAliases: ['alias'],
      organizationsFeatures: g.features === 'none' ? null : { EnabledFeatures: g.features === 'both' ? ['RootCredentialsManagement', 'RootSessions'] : [] },
    };
    const iam: Record<string, unknown> = {};
    const errors: { section: string }[] = [];
    for (const [key, state] of Object.entries(g.sections)) {
      if (state !== 'missing') iam[key] = iamValues[key];
      if (state === 'errored') errors.push({ section: `iam.${key}` });
    }
    const data: Record<string, unknown> = { format: 'guard-snapshot/v1', capturedAt: '2026-11-27T10:00:00Z', account: { id: ACCOUNT, partition: 'aws' }, iam, errors };
    if (g.org === 'null') data['organizations'] = null;
    if (g.org === 'object' || g.org === 'errored') {
      const org: Record<string, unknown> = organizationsSection(g.currentInOrg);
      if (g.orgSubsection !== 'none') delete org[g.orgSubsection];
      data['organizations'] = org;
      if (g.org === 'errored') errors.push({ section: 'organizations' });
    }
    return data;
  });

function organizationsSection(currentInOrg: boolean): Record<string, unknown> {
  const OA = 'arn:aws:organizations::999988887777';
  return {
    organization: { Id: 'o-x', Arn: `${OA}:organization/o-x`, MasterAccountId: '999988887777', FeatureSet: 'ALL' },
    roots: [{ Id: 'r-1', Arn: `${OA}:root/o-x/r-1`, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    organizationalUnits: [
      { Id: 'ou-1', Arn: `${OA}:ou/o-x/ou-1`, Name: 'A', ParentId: 'r-1' },
      { Id: 'ou-2', Arn: `${OA}:ou/o-x/ou-2`, Name: 'B', ParentId: 'ou-1' },
      { Id: 'ou-3', Arn: `${OA}:ou/o-x/ou-3`, Name: 'Orphan', ParentId: 'ou-missing' },
    ],
    accounts: [
      { Id: '999988887777', Arn: `${OA}:account/o-x/999988887777`, Name: 'mgmt', ParentId: 'r-1', JoinedTimestamp: '2020-01-01T00:00:00Z' },
      ...(currentInOrg ? [{ Id: ACCOUNT, Arn: `${OA}:account/o-x/${ACCOUNT}`, Name: 'me', ParentId: 'ou-2', Status: 'ACTIVE' }] : []),
    ],
    policies: [
      { PolicySummary: { Id: 'p-1', Arn: `${OA}:policy/o-x/service_control_policy/p-1`, Name: 'deny', Type: 'SERVICE_CONTROL_POLICY' }, Content: '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}', Targets: [{ TargetId: 'ou-1' }, { TargetId: ACCOUNT }] },
      { PolicySummary: { Id: 'p-2', Arn: `${OA}:policy/o-x/resource_control_policy/p-2`, Name: 'rcp', Type: 'RESOURCE_CONTROL_POLICY' }, Content: '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}', Targets: [{ TargetId: 'r-1' }] },
      { PolicySummary: { Id: 'p-3', Arn: `${OA}:policy/o-x/tag_policy/p-3`, Name: 'tags', Type: 'TAG_POLICY' }, Content: '{"tags":{}}', Targets: [] },
    ],
    delegatedAdministrators: [{ Id: '999988887777', DelegatedServices: [{ ServicePrincipal: 'guardduty.amazonaws.com' }] }],
  };
}

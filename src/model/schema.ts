import type { EntityType } from './entities.ts';
import { ATTR_TYPES, attr, caseless, link, links } from './schema-attr.ts';
import {
  ANALYZER_ATTRIBUTES,
  ANALYZER_REGION_ATTRIBUTES,
  ASSIGNMENT_ATTRIBUTES,
  FINDING_ATTRIBUTES,
  IDENTITY_CENTER_ATTRIBUTES,
  IDENTITY_CENTER_COLLECTIONS,
  IDENTITY_CENTER_ENTITY_TYPES,
  IDENTITY_CENTER_GROUP_ATTRIBUTES,
  IDENTITY_CENTER_USER_ATTRIBUTES,
  PERMISSION_SET_ATTRIBUTES,
} from './schema-identity-center.ts';
import { ACCOUNT_ATTRIBUTES, ORGANIZATION_ATTRIBUTES, OU_ATTRIBUTES, SCP_ATTRIBUTES } from './schema-organization.ts';
import type { AttributeSpec, CollectionSpec, EntityTypeSpec, RelationView } from './schema-types.ts';
import { SECTIONS } from './sections.ts';

/**
 * The schema: every collection and every attribute the language sees, with its type, a one-line
 * doc (which says how derived values are derived) and the snapshot sections it reads. normalize()
 * produces exactly these attributes; a test holds it to that.
 */

const { BOOLEAN, NUMBER, STRING, DATE, DURATION, STRINGS, DOCUMENTS } = ATTR_TYPES;

const REPORT = SECTIONS.credentialReport;
const DETAILS = SECTIONS.authorizationDetails;
const SUMMARY = SECTIONS.accountSummary;
const PASSWORD_POLICY = SECTIONS.passwordPolicy;
const VIRTUAL_MFA = SECTIONS.virtualMfaDevices;
const MFA = SECTIONS.mfaDevices;
const SAML = SECTIONS.samlProviders;
const OIDC = SECTIONS.oidcProviders;

const ROOT_ATTRIBUTES = [
  attr('exists', BOOLEAN, [], 'always true: every account has a root user'),
  attr('arn', STRING, [], 'the root user ARN, `arn:aws:iam::<account>:root`'),
  attr('mfa', BOOLEAN, [REPORT, SUMMARY], 'an MFA device is enabled: `mfa_active` of the credential report root row, else AccountMFAEnabled of the account summary', ['mfa_enabled', 'mfa_active']),
  attr('virtual_mfa', BOOLEAN, [VIRTUAL_MFA], 'a virtual MFA device is assigned to the root user (listed by ListVirtualMFADevices)'),
  attr('hardware_mfa', BOOLEAN, [REPORT, SUMMARY, VIRTUAL_MFA], 'MFA is enabled and no virtual device is assigned: a hardware or FIDO device protects the root user'),
  attr('mfa_devices', links('mfa-device'), [VIRTUAL_MFA], 'the virtual MFA devices assigned to the root user (hardware devices are not listed by any API but as root)'),
  attr(
    'access_keys',
    links('access-key'),
    [REPORT, SUMMARY],
    "root access keys from the credential report root row; when the report shows none (or has no root row) but the account summary's AccountAccessKeysPresent is 1, one key of unknown details",
  ),
  attr('password_enabled', BOOLEAN, [SUMMARY, REPORT], 'the root user has a password: AccountPasswordPresent of the account summary, else `password_enabled` of the report root row', ['console_access', 'password']),
  attr('password_last_used', DATE, [REPORT], 'when the root password was last used; null when never (or not tracked)'),
  attr('last_used', DATE, [REPORT], 'the latest of password use and access-key use; null when never used'),
  attr('unused', DURATION, [REPORT], 'time from `last_used` to now; from the account creation when never used'),
  attr('created', DATE, [REPORT], '`user_creation_time` of the report root row: when the account was created'),
  attr('signing_certificates', links('signing-certificate'), [REPORT], 'root X.509 signing certificates from the credential report root row'),
  attr(
    'signing_certificates_active',
    BOOLEAN,
    [REPORT, SUMMARY],
    "an active signing certificate exists: from the report root row; else false when the account summary's AccountSigningCertificatesPresent is 0, and unknown when it is 1 (it counts inactive certificates too)",
  ),
] as const;

const PASSWORD_POLICY_ATTRIBUTES = [
  attr('exists', BOOLEAN, [PASSWORD_POLICY], 'an account password policy is set; when false every other attribute is null'),
  attr('minimum_length', NUMBER, [PASSWORD_POLICY], 'MinimumPasswordLength', ['min_length', 'minimum_password_length']),
  attr('require_uppercase', BOOLEAN, [PASSWORD_POLICY], 'RequireUppercaseCharacters', ['require_uppercase_characters']),
  attr('require_lowercase', BOOLEAN, [PASSWORD_POLICY], 'RequireLowercaseCharacters', ['require_lowercase_characters']),
  attr('require_numbers', BOOLEAN, [PASSWORD_POLICY], 'RequireNumbers'),
  attr('require_symbols', BOOLEAN, [PASSWORD_POLICY], 'RequireSymbols'),
  attr('reuse_prevention', NUMBER, [PASSWORD_POLICY], 'PasswordReusePrevention: how many previous passwords cannot be reused; null when not set', ['password_reuse_prevention']),
  attr('max_age', DURATION, [PASSWORD_POLICY], 'MaxPasswordAge in days; null when passwords never expire', ['max_password_age']),
  attr('expire_passwords', BOOLEAN, [PASSWORD_POLICY], 'ExpirePasswords: passwords expire after `max_age`'),
  attr('allow_users_to_change', BOOLEAN, [PASSWORD_POLICY], 'AllowUsersToChangePassword', ['allow_users_to_change_password']),
  attr('hard_expiry', BOOLEAN, [PASSWORD_POLICY], 'HardExpiry: users cannot set a new password after theirs expires'),
] as const;

const TAGS_DOC = 'tags as `key=value` strings';

const USER_ATTRIBUTES = [
  attr('name', STRING, [DETAILS, REPORT], 'the user name'),
  attr('arn', STRING, [DETAILS, REPORT], 'the user ARN'),
  attr('id', STRING, [DETAILS], 'the unique user id (`AIDA...`)'),
  attr('path', STRING, [DETAILS], 'the IAM path, `/` by default'),
  attr('created', DATE, [DETAILS, REPORT], 'CreateDate (or `user_creation_time` of the credential report)', ['creation_date', 'create_date']),
  attr('console_access', BOOLEAN, [REPORT], 'the user has a console password (`password_enabled` of the credential report)', ['password_enabled', 'password', 'console_password']),
  attr('mfa', BOOLEAN, [REPORT], 'an MFA device is enabled (`mfa_active` of the credential report)', ['mfa_enabled', 'mfa_active']),
  attr(
    'mfa_devices',
    links('mfa-device'),
    [VIRTUAL_MFA, MFA, REPORT],
    'the MFA devices assigned to the user: virtual ones always; hardware ones only when the snapshot has `iam.mfaDevices` (else unknown for users with MFA)',
  ),
  attr('access_keys', links('access-key'), [REPORT], 'the user access keys (at most two), from the credential report'),
  attr('signing_certificates', links('signing-certificate'), [REPORT], 'the user X.509 signing certificates (at most two), from the credential report'),
  attr('signing_certificates_active', BOOLEAN, [REPORT], 'the user has an active signing certificate'),
  attr('groups', links('group'), [DETAILS], 'the groups the user belongs to'),
  attr('attached_policies', links('policy'), [DETAILS], 'managed policies attached directly to the user', ['managed_policies']),
  attr('inline_policies', links('policy'), [DETAILS], 'inline policies embedded in the user'),
  attr(
    'permissions',
    DOCUMENTS,
    [DETAILS],
    'every identity policy that applies: the user inline and attached policies and those of its groups (default versions; boundary excluded); unknown when one is not in the snapshot',
  ),
  attr('permissions_boundary', STRING, [DETAILS], 'the ARN of the permissions boundary policy; null when none', ['boundary']),
  attr('password_last_used', DATE, [REPORT], 'when the console password was last used; null when never, or when the user has no password'),
  attr('password_last_changed', DATE, [REPORT], 'when the password was last set; null when the user has no password'),
  attr('password_next_rotation', DATE, [REPORT], 'when the password policy requires the next change; null when it does not'),
  attr('last_used', DATE, [REPORT], 'the latest of password use and any access-key use; null when never used', ['last_activity']),
  attr('unused', DURATION, [REPORT, DETAILS], 'time from `last_used` to now; from creation when never used', ['inactive', 'idle']),
  attr('password_unused', DURATION, [REPORT, DETAILS], 'time since the console password was last used; when never used, since it was last changed, else since creation; null without a console password'),
  attr('tags', STRINGS, [DETAILS], TAGS_DOC),
] as const;

const ACCESS_KEY_ATTRIBUTES = [
  attr('user', link('user'), [REPORT], 'the IAM user owning the key; null for root keys'),
  attr('root', BOOLEAN, [REPORT, SUMMARY], 'the key belongs to the root user'),
  attr('number', NUMBER, [REPORT], 'the key slot in the credential report: 1 or 2'),
  attr('active', BOOLEAN, [REPORT], 'the key status is Active'),
  attr('last_rotated', DATE, [REPORT], 'when the key was created or last rotated', ['created', 'rotated']),
  attr('age', DURATION, [REPORT], 'time from `last_rotated` to now'),
  attr('last_used', DATE, [REPORT], 'when the key was last used; null when never used (or not since tracking began in 2015)'),
  attr('unused', DURATION, [REPORT], 'time from `last_used` to now; from `last_rotated` when never used', ['inactive', 'idle']),
  attr('last_used_service', STRING, [REPORT], 'the service namespace of the last use (`s3`); null when never used'),
  attr('last_used_region', STRING, [REPORT], 'the region of the last use; null when never used or the service is global'),
] as const;

const SIGNING_CERTIFICATE_ATTRIBUTES = [
  attr('user', link('user'), [REPORT], 'the IAM user owning the certificate; null for root certificates'),
  attr('root', BOOLEAN, [REPORT], 'the certificate belongs to the root user'),
  attr('number', NUMBER, [REPORT], 'the certificate slot in the credential report: 1 or 2'),
  attr('active', BOOLEAN, [REPORT], 'the certificate status is Active'),
  attr('last_rotated', DATE, [REPORT], 'when the certificate was uploaded or last rotated; null when the report does not say', ['created']),
  attr('age', DURATION, [REPORT], 'time from `last_rotated` to now'),
] as const;

const MFA_DEVICE_ATTRIBUTES = [
  attr('serial', STRING, [VIRTUAL_MFA, MFA], 'the serial number: an ARN for virtual devices', ['serial_number']),
  attr('virtual', BOOLEAN, [VIRTUAL_MFA, MFA], 'a virtual (authenticator app) device'),
  attr('user', link('user'), [VIRTUAL_MFA, MFA], 'the IAM user the device is assigned to; null for root or unassigned devices'),
  attr('root', BOOLEAN, [VIRTUAL_MFA], 'the device is assigned to the root user'),
  attr('assigned', BOOLEAN, [VIRTUAL_MFA, MFA], 'the device is assigned to a user or to root (an unassigned virtual device is an orphan)'),
  attr('enabled', DATE, [VIRTUAL_MFA, MFA], 'when the device was enabled; null when it is not assigned', ['enable_date']),
] as const;

const GROUP_ATTRIBUTES = [
  attr('name', STRING, [DETAILS], 'the group name'),
  attr('arn', STRING, [DETAILS], 'the group ARN'),
  attr('id', STRING, [DETAILS], 'the unique group id (`AGPA...`)'),
  attr('path', STRING, [DETAILS], 'the IAM path'),
  attr('created', DATE, [DETAILS], 'CreateDate', ['creation_date', 'create_date']),
  attr('users', links('user'), [DETAILS], 'the users in the group', ['members']),
  attr('attached_policies', links('policy'), [DETAILS], 'managed policies attached to the group', ['managed_policies']),
  attr('inline_policies', links('policy'), [DETAILS], 'inline policies embedded in the group'),
  attr('permissions', DOCUMENTS, [DETAILS], 'the group inline and attached policies (default versions); unknown when one is not in the snapshot'),
] as const;

const ROLE_ATTRIBUTES = [
  attr('name', STRING, [DETAILS], 'the role name'),
  attr('arn', STRING, [DETAILS], 'the role ARN'),
  attr('id', STRING, [DETAILS], 'the unique role id (`AROA...`)'),
  attr('path', STRING, [DETAILS], 'the IAM path'),
  attr('description', STRING, [DETAILS], 'the role description; null when none; unknown when the snapshot has no ListRoles/GetRole fields (no MaxSessionDuration)'),
  attr('created', DATE, [DETAILS], 'CreateDate', ['creation_date', 'create_date']),
  attr('last_used', DATE, [DETAILS], 'RoleLastUsed.LastUsedDate; null when not used in the tracking window (400 days)'),
  attr('last_used_region', STRING, [DETAILS], 'RoleLastUsed.Region; null when not used'),
  attr('unused', DURATION, [DETAILS], 'time from `last_used` to now; from creation when never used', ['inactive', 'idle']),
  attr('service_linked', BOOLEAN, [DETAILS], 'a service-linked role: its path starts with `/aws-service-role/`'),
  attr('trust_policy', DOCUMENTS, [DETAILS], 'the trust policy (AssumeRolePolicyDocument), as a one-document list', ['assume_role_policy']),
  attr('trust_statements', links('statement'), [DETAILS], 'the statements of the trust policy'),
  caseless(attr('condition', STRINGS, [DETAILS], 'every condition key used by an Allow statement of the trust policy, as written (`sts:ExternalId`)', ['trust_condition_keys'])),
  attr('trusted_principals', STRINGS, [DETAILS], 'every principal named by an Allow statement of the trust policy: ARNs, account ids, service and federated principals, `*`'),
  attr('attached_policies', links('policy'), [DETAILS], 'managed policies attached to the role', ['managed_policies']),
  attr('inline_policies', links('policy'), [DETAILS], 'inline policies embedded in the role'),
  attr('permissions', DOCUMENTS, [DETAILS], 'the role inline and attached policies (default versions; boundary excluded); unknown when one is not in the snapshot'),
  attr('permissions_boundary', STRING, [DETAILS], 'the ARN of the permissions boundary policy; null when none', ['boundary']),
  attr('max_session_duration', DURATION, [DETAILS], 'MaxSessionDuration (ListRoles/GetRole; GetAccountAuthorizationDetails omits it, then unknown)'),
  attr('instance_profiles', STRINGS, [DETAILS], 'names of the instance profiles that contain the role'),
  attr('tags', STRINGS, [DETAILS], TAGS_DOC),
  attr(
    'permission_set',
    link('permission-set'),
    [DETAILS, SECTIONS.permissionSets],
    'the IAM Identity Center permission set that provisioned the role (named `AWSReservedSSO_<set name>_<16 hex digits>`); null for any other role',
  ),
] as const;

const POLICY_ATTRIBUTES = [
  attr('name', STRING, [DETAILS], 'the policy name'),
  attr('arn', STRING, [DETAILS], 'the policy ARN; null for inline policies'),
  attr('id', STRING, [DETAILS], 'the unique policy id (`ANPA...`); null for inline policies'),
  attr('path', STRING, [DETAILS], 'the IAM path; null for inline policies'),
  attr('customer', BOOLEAN, [DETAILS], 'a customer managed policy (not AWS managed, not inline)', ['customer_managed']),
  attr('aws_managed', BOOLEAN, [DETAILS], 'an AWS managed policy (ARN `arn:<partition>:iam::aws:policy/...`)'),
  attr('inline', BOOLEAN, [DETAILS], 'an inline policy embedded in a user, group or role'),
  attr('attached', BOOLEAN, [DETAILS], 'in use: attachment count above zero, or inline'),
  attr('attachment_count', NUMBER, [DETAILS], 'AttachmentCount: principals the policy is attached to (1 for inline policies)'),
  attr('boundary_usage_count', NUMBER, [DETAILS], 'PermissionsBoundaryUsageCount: principals using the policy as permissions boundary'),
  attr('attached_users', links('user'), [DETAILS], 'users the policy is attached to (or embedded in)'),
  attr('attached_groups', links('group'), [DETAILS], 'groups the policy is attached to (or embedded in)'),
  attr('attached_roles', links('role'), [DETAILS], 'roles the policy is attached to (or embedded in)'),
  attr('attached_to', STRINGS, [DETAILS], 'ARNs of the users, groups and roles the policy is attached to (or embedded in)'),
  attr('document', DOCUMENTS, [DETAILS], 'the policy document of the default version, as a one-document list; unknown when the snapshot lacks it'),
  attr('permissions', DOCUMENTS, [DETAILS], 'same as `document`: what the policy grants'),
  attr('statements', links('statement'), [DETAILS], 'the statements of the default version'),
  caseless(
    attr(
      'unknown_actions',
      STRINGS,
      [DETAILS],
      '`Action` and `NotAction` entries the IAM action catalog does not know (a misspelt action, an unknown service, or one newer than the installed catalog), once each, as first written',
    ),
  ),
  attr('default_version', STRING, [DETAILS], 'DefaultVersionId (`v3`); null for inline policies'),
  attr('versions', NUMBER, [DETAILS], 'how many versions the snapshot lists (1 for inline policies)'),
  attr('created', DATE, [DETAILS], 'CreateDate; null for inline policies', ['creation_date', 'create_date']),
  attr('updated', DATE, [DETAILS], 'UpdateDate; null for inline policies', ['update_date']),
] as const;

const STATEMENT_ATTRIBUTES = [
  attr('index', NUMBER, [], 'position in its policy, from 1'),
  attr('sid', STRING, [], 'the Sid; null when none'),
  attr('effect', STRING, [], '`Allow` or `Deny`'),
  caseless(attr('actions', STRINGS, [], 'Action values, as written; empty when absent', ['action'])),
  caseless(attr('not_actions', STRINGS, [], 'NotAction values; empty when absent', ['not_action'])),
  attr('resources', STRINGS, [], 'Resource values; empty when absent', ['resource']),
  attr('not_resources', STRINGS, [], 'NotResource values; empty when absent', ['not_resource']),
  attr('principals', STRINGS, [], 'every Principal value of every type (`*` for `"Principal": "*"`)', ['principal']),
  attr('not_principals', STRINGS, [], 'every NotPrincipal value'),
  attr('public', BOOLEAN, [], 'the principal is anyone: `"*"` or `{"AWS": "*"}`'),
  attr('principal_accounts', STRINGS, [], 'account ids named by AWS principals (ids or ARNs)'),
  attr('principal_services', STRINGS, [], 'Service principals (`ec2.amazonaws.com`)'),
  attr('principal_federated', STRINGS, [], 'Federated principals (identity provider ARNs, `cognito-identity.amazonaws.com`)'),
  caseless(attr('condition_keys', STRINGS, [], 'condition keys used, as written (`token.actions.githubusercontent.com:sub`)')),
  caseless(attr('conditions', STRINGS, [], 'one `Operator key=value` string per condition value, for display and matching'), 'condition texts'),
  attr('has_condition', BOOLEAN, [], 'the statement has a Condition block', ['conditional']),
  attr('cross_account', BOOLEAN, [], 'an AWS principal names an account other than the snapshot account (a `*` principal is `public`, not cross-account)'),
  attr('external_accounts', STRINGS, [], 'account ids named by AWS principals other than the snapshot account and the accounts of its organization (when the snapshot lists them)'),
  caseless(attr('service_wildcards', STRINGS, [], 'services whose every action an `Action` value names with a whole-service wildcard (`s3` for `s3:*`), lowercase; `*` alone is not one')),
  caseless(
    attr(
      'required_condition_keys',
      STRINGS,
      [],
      'condition keys the request must carry for the statement to apply, as written: every condition key except under `...IfExists`, `ForAllValues:` or `Null: true` (which hold without the key); `Null: false` requires it',
    ),
  ),
  caseless(
    attr(
      'wildcard_condition_keys',
      STRINGS,
      [],
      'condition keys whose every condition admits any value: tested against the bare `*` with a wildcard operator (`StringLike`, `ArnLike`, `ArnEquals`, with any `ForAnyValue:`/`ForAllValues:` or `IfExists`). A key also constrained by another condition (`StringEquals` a value) is not listed',
    ),
  ),
] as const;

/** Names of the attributes users, groups and roles share: what a rule over `identities` may read. */
const IDENTITY_ATTRIBUTE_NAMES = ['name', 'arn', 'id', 'path', 'created', 'attached_policies', 'inline_policies', 'permissions'] as const;

const IDENTITY_DOCS: Readonly<Record<(typeof IDENTITY_ATTRIBUTE_NAMES)[number], string>> = {
  name: 'the user, group or role name',
  arn: 'the user, group or role ARN',
  id: 'the unique id (`AIDA...`, `AGPA...`, `AROA...`)',
  path: 'the IAM path',
  created: 'CreateDate',
  attached_policies: 'managed policies attached directly to the user, group or role',
  inline_policies: 'inline policies embedded in the user, group or role',
  permissions: 'the identity policies that apply to it (see `permissions` of users, groups and roles)',
};

const IDENTITY_PROVIDER_ATTRIBUTES = [
  attr('arn', STRING, [SAML, OIDC], 'the provider ARN'),
  attr('name', STRING, [SAML, OIDC], 'the SAML provider name, or the OIDC provider host and path'),
  attr('type', STRING, [SAML, OIDC], '`saml` or `oidc`'),
  attr('url', STRING, [OIDC], 'the OIDC issuer URL without scheme (`token.actions.githubusercontent.com`); null for SAML', ['host']),
  attr('client_ids', STRINGS, [OIDC], 'OIDC audiences (ClientIDList); empty for SAML', ['audiences']),
  attr('thumbprints', STRINGS, [OIDC], 'OIDC server certificate thumbprints; empty for SAML'),
  attr('created', DATE, [SAML, OIDC], 'CreateDate; null when the snapshot does not say', ['creation_date', 'create_date']),
  attr('valid_until', DATE, [SAML], 'when the SAML metadata expires; null for OIDC'),
  attr('trusted', BOOLEAN, [DETAILS], 'some role trust policy names the provider (an untrusted provider is an orphan)'),
  attr('trusted_by', links('role'), [DETAILS], 'the roles whose trust policy names the provider'),
  attr('tags', STRINGS, [SAML, OIDC], TAGS_DOC),
] as const;

/** The identity attributes, typed as users have them (a schema test checks groups and roles agree). */
const IDENTITY_ATTRIBUTES: readonly AttributeSpec[] = IDENTITY_ATTRIBUTE_NAMES.map((name) => {
  const spec = USER_ATTRIBUTES.find((a) => a.name === name);
  // INVARIANT: every identity attribute is a user attribute.
  if (spec === undefined) throw new Error(`schema: users have no attribute ${name}`);
  const { aliases, ...rest } = spec;
  return { ...rest, doc: IDENTITY_DOCS[name], ...(aliases === undefined ? {} : { aliases }) };
});

/**
 * The attributes of each concrete entity type, with their literal names and types: what
 * EntityAttributes<T> is derived from. `identity` is abstract (its entities are users, groups, roles).
 */
export const ATTRIBUTES_BY_TYPE = {
  root: ROOT_ATTRIBUTES,
  account: ACCOUNT_ATTRIBUTES,
  'password-policy': PASSWORD_POLICY_ATTRIBUTES,
  user: USER_ATTRIBUTES,
  group: GROUP_ATTRIBUTES,
  role: ROLE_ATTRIBUTES,
  policy: POLICY_ATTRIBUTES,
  'access-key': ACCESS_KEY_ATTRIBUTES,
  'mfa-device': MFA_DEVICE_ATTRIBUTES,
  'signing-certificate': SIGNING_CERTIFICATE_ATTRIBUTES,
  'identity-provider': IDENTITY_PROVIDER_ATTRIBUTES,
  organization: ORGANIZATION_ATTRIBUTES,
  'organizational-unit': OU_ATTRIBUTES,
  scp: SCP_ATTRIBUTES,
  statement: STATEMENT_ATTRIBUTES,
  'identity-center': IDENTITY_CENTER_ATTRIBUTES,
  'permission-set': PERMISSION_SET_ATTRIBUTES,
  'account-assignment': ASSIGNMENT_ATTRIBUTES,
  'identity-center-user': IDENTITY_CENTER_USER_ATTRIBUTES,
  'identity-center-group': IDENTITY_CENTER_GROUP_ATTRIBUTES,
  'analyzer-region': ANALYZER_REGION_ATTRIBUTES,
  analyzer: ANALYZER_ATTRIBUTES,
  'analyzer-finding': FINDING_ATTRIBUTES,
} as const satisfies Readonly<Record<Exclude<EntityType, 'identity'>, readonly AttributeSpec[]>>;

/** `allow statements` and `deny statements` of a relation of statements, by their `effect`. */
function effectViews(relation: 'statements' | 'trust_statements'): readonly RelationView[] {
  const trust = relation === 'trust_statements';
  const of = trust ? 'trust statements' : 'statements';
  return (['Allow', 'Deny'] as const).map((effect) => {
    const word = effect.toLowerCase();
    const name = trust ? `${word}_trust_statements` : `${word}_statements`;
    return { name, ...(trust ? { aliases: [`trust_${word}_statements`] } : {}), relation, attribute: 'effect', value: effect, doc: `the ${of} whose effect is \`${effect}\`` };
  });
}

export const ENTITY_TYPES: Readonly<Record<EntityType, EntityTypeSpec>> = {
  root: { type: 'root', doc: 'the account root user', attributes: ROOT_ATTRIBUTES },
  account: {
    type: 'account',
    doc: 'an AWS account: the snapshot account, and the member accounts of its organization',
    attributes: ACCOUNT_ATTRIBUTES,
  },
  'password-policy': { type: 'password-policy', doc: 'the account password policy for IAM users', attributes: PASSWORD_POLICY_ATTRIBUTES },
  user: { type: 'user', doc: 'an IAM user (never the root user)', attributes: USER_ATTRIBUTES, permissions: 'permissions', principal: true },
  group: { type: 'group', doc: 'an IAM group', attributes: GROUP_ATTRIBUTES, permissions: 'permissions', principal: true },
  role: { type: 'role', doc: 'an IAM role', attributes: ROLE_ATTRIBUTES, views: effectViews('trust_statements'), permissions: 'permissions', trustPolicy: 'trust_policy', principal: true },
  policy: { type: 'policy', doc: 'an IAM policy: managed (customer or AWS) or inline', attributes: POLICY_ATTRIBUTES, views: effectViews('statements'), permissions: 'permissions' },
  'access-key': { type: 'access-key', doc: 'an access key of an IAM user or of root (credential report slot 1 or 2)', attributes: ACCESS_KEY_ATTRIBUTES },
  'mfa-device': { type: 'mfa-device', doc: 'an MFA device: virtual, or hardware when the snapshot lists them', attributes: MFA_DEVICE_ATTRIBUTES },
  'signing-certificate': {
    type: 'signing-certificate',
    doc: 'an X.509 signing certificate of an IAM user or of root (credential report slot 1 or 2)',
    attributes: SIGNING_CERTIFICATE_ATTRIBUTES,
  },
  'identity-provider': { type: 'identity-provider', doc: 'a SAML or OIDC identity provider', attributes: IDENTITY_PROVIDER_ATTRIBUTES },
  organization: { type: 'organization', doc: 'the AWS Organization the account belongs to', attributes: ORGANIZATION_ATTRIBUTES },
  'organizational-unit': {
    type: 'organizational-unit',
    doc: 'an organizational unit, or the organization root (`root` is true), in the OU tree',
    attributes: OU_ATTRIBUTES,
  },
  scp: {
    type: 'scp',
    doc: 'an Organizations authorization policy: a service control policy, or a resource control policy',
    attributes: SCP_ATTRIBUTES,
    views: effectViews('statements'),
    permissions: 'permissions',
  },
  statement: { type: 'statement', doc: 'one statement of a policy document (reached through `statements` and `trust_statements`)', attributes: STATEMENT_ATTRIBUTES },
  identity: {
    type: 'identity',
    doc: 'an IAM identity: a user, group or role (findings name the user, group or role)',
    attributes: IDENTITY_ATTRIBUTES,
    permissions: 'permissions',
    principal: true,
  },
  ...IDENTITY_CENTER_ENTITY_TYPES,
};

export const COLLECTIONS: readonly CollectionSpec[] = [
  { name: 'root', entityType: 'root', doc: 'the root user of the account', singleton: true, aliases: ['root_user', 'root_account'] },
  { name: 'account', entityType: 'account', doc: 'the account the snapshot was taken in', singleton: true, aliases: ['this_account'] },
  { name: 'password_policy', entityType: 'password-policy', doc: 'the account password policy (`exists` false when none is set)', singleton: true },
  { name: 'users', entityType: 'user', doc: 'IAM users (root excluded)', singleton: false, aliases: ['iam_users'] },
  { name: 'groups', entityType: 'group', doc: 'IAM groups', singleton: false, aliases: ['iam_groups'] },
  { name: 'roles', entityType: 'role', doc: 'IAM roles, service-linked ones included', singleton: false, aliases: ['iam_roles'] },
  {
    name: 'identities',
    entityType: 'identity',
    doc: 'users, groups and roles together, with the attributes they share',
    singleton: false,
    aliases: ['iam_identities'],
    memberTypes: ['user', 'group', 'role'],
  },
  { name: 'policies', entityType: 'policy', doc: 'managed policies in the snapshot (customer and AWS) and every inline policy', singleton: false, aliases: ['iam_policies'] },
  {
    name: 'customer_policies',
    entityType: 'policy',
    doc: 'customer managed policies only',
    singleton: false,
    aliases: ['customer_managed_policies'],
  },
  { name: 'access_keys', entityType: 'access-key', doc: 'access keys of users and of root', singleton: false, aliases: ['keys'] },
  { name: 'mfa_devices', entityType: 'mfa-device', doc: 'virtual MFA devices (assigned or not), and hardware ones when the snapshot lists them', singleton: false },
  { name: 'signing_certificates', entityType: 'signing-certificate', doc: 'X.509 signing certificates of users and of root', singleton: false, aliases: ['certificates'] },
  { name: 'identity_providers', entityType: 'identity-provider', doc: 'SAML and OIDC identity providers', singleton: false, aliases: ['idps', 'providers'] },
  { name: 'organization', entityType: 'organization', doc: 'the organization (`exists` false when the account is in none)', singleton: true, aliases: ['org'] },
  { name: 'accounts', entityType: 'account', doc: 'the member accounts of the organization, management account included', singleton: false, aliases: ['member_accounts'] },
  { name: 'organizational_units', entityType: 'organizational-unit', doc: 'the OU tree: the organization root and every OU', singleton: false, aliases: ['ous'] },
  { name: 'scps', entityType: 'scp', doc: 'service control policies', singleton: false, aliases: ['service_control_policies'] },
  { name: 'rcps', entityType: 'scp', doc: 'resource control policies', singleton: false, aliases: ['resource_control_policies'] },
  ...IDENTITY_CENTER_COLLECTIONS,
];

/** The spec of a collection by canonical name. */
export function collectionSpec(name: string): CollectionSpec | undefined {
  return COLLECTIONS.find((c) => c.name === name);
}

import type { EntityType } from '../model/index.ts';
import { type AttributeSetting, EXAMPLE_ATTRIBUTES, type ExampleType } from './example-attributes.ts';

/**
 * What is specific to the example syntax: the kinds of entity an example declares (`user "alice"`,
 * `access key "alice/1"`, `root`), how each is spelt and named, and the other spellings of its
 * settings. The settings themselves, with their types and defaults, are example-attributes.ts.
 */

export type { ExampleType, SettingType } from './example-attributes.ts';

export interface SettableSpec extends AttributeSetting {
  readonly aliases?: readonly string[];
}

export interface ExampleTypeSpec {
  readonly type: ExampleType;
  /** The entity type of the model the declaration becomes; null for what the model has no entity for. */
  readonly entityType: EntityType;
  /** Spellings (canonical snake_case, singular and plural). */
  readonly names: readonly string[];
  /** Singletons are written without a name: `root with mfa`. */
  readonly singleton: boolean;
  /** How the name is written, for messages. */
  readonly nameForm: string;
  readonly settings: readonly SettableSpec[];
  /** `allow "A" on "R"` adds an Allow statement (to the policy, or to the principal's inline policy `inline`). */
  readonly allow: boolean;
  /** `trust "P"` adds a trust statement for the principal. */
  readonly trust: boolean;
}

/** Other spellings of settings, by kind and canonical name. */
const ALIASES: Readonly<Partial<Record<ExampleType, Readonly<Record<string, readonly string[]>>>>> = {
  root: { mfa: ['mfa_enabled', 'mfa_active'], password_enabled: ['console_access', 'password'] },
  account: { management_account: ['is_management_account'] },
  'password-policy': {
    minimum_length: ['min_length', 'minimum_password_length'],
    require_uppercase: ['require_uppercase_characters'],
    require_lowercase: ['require_lowercase_characters'],
    reuse_prevention: ['password_reuse_prevention'],
    max_age: ['max_password_age'],
    allow_users_to_change: ['allow_users_to_change_password'],
  },
  user: {
    created: ['creation_date', 'create_date'],
    console_access: ['password_enabled', 'password', 'console_password'],
    mfa: ['mfa_enabled', 'mfa_active'],
    last_used: ['last_activity'],
    unused: ['inactive', 'idle'],
    attached_policies: ['managed_policies'],
    permissions_boundary: ['boundary'],
  },
};

const KINDS: Readonly<Record<ExampleType, Omit<ExampleTypeSpec, 'settings'>>> = {
  root: {
    type: 'root',
    entityType: 'root',
    names: ['root', 'root_user', 'root_account'],
    singleton: true,
    nameForm: '`root`',
    allow: false,
    trust: false,
  },
  account: {
    type: 'account',
    entityType: 'account',
    names: ['account', 'this_account'],
    singleton: true,
    nameForm: '`account`',
    allow: false,
    trust: false,
  },
  'password-policy': {
    type: 'password-policy',
    entityType: 'password-policy',
    names: ['password_policy', 'password_policies'],
    singleton: true,
    nameForm: '`password policy`',
    allow: false,
    trust: false,
  },
  user: {
    type: 'user',
    entityType: 'user',
    names: ['user', 'users', 'iam_user'],
    singleton: false,
    nameForm: 'the user name',
    allow: true,
    trust: false,
  },
  'access-key': {
    type: 'access-key',
    entityType: 'access-key',
    names: ['access_key', 'access_keys', 'key', 'keys'],
    singleton: false,
    nameForm: '`"<user>/<1 or 2>"` (`"root/1"` for root)',
    allow: false,
    trust: false,
  },
  'signing-certificate': {
    type: 'signing-certificate',
    entityType: 'signing-certificate',
    names: ['signing_certificate', 'signing_certificates', 'certificate', 'certificates'],
    singleton: false,
    nameForm: '`"<user>/<1 or 2>"` (`"root/1"` for root)',
    allow: false,
    trust: false,
  },
  group: {
    type: 'group',
    entityType: 'group',
    names: ['group', 'groups', 'iam_group'],
    singleton: false,
    nameForm: 'the group name',
    allow: true,
    trust: false,
  },
  role: {
    type: 'role',
    entityType: 'role',
    names: ['role', 'roles', 'iam_role'],
    singleton: false,
    nameForm: 'the role name',
    allow: true,
    trust: true,
  },
  policy: {
    type: 'policy',
    entityType: 'policy',
    names: ['policy', 'policies', 'managed_policy', 'customer_policy', 'inline_policy'],
    singleton: false,
    nameForm: 'the policy name, or `"<user, group or role>/<name>"` for an inline policy',
    allow: true,
    trust: false,
  },
  statement: {
    type: 'statement',
    entityType: 'statement',
    names: ['statement', 'statements', 'policy_statement'],
    singleton: false,
    nameForm: '`"<policy or scp>/<number>"`',
    allow: false,
    trust: false,
  },
  'trust-statement': {
    type: 'trust-statement',
    entityType: 'statement',
    names: ['trust_statement', 'trust_statements'],
    singleton: false,
    nameForm: '`"<role>/<number>"`',
    allow: false,
    trust: false,
  },
  'mfa-device': {
    type: 'mfa-device',
    entityType: 'mfa-device',
    names: ['mfa_device', 'mfa_devices', 'virtual_mfa_device'],
    singleton: false,
    nameForm: 'the device name (the serial number without `arn:...:mfa/`)',
    allow: false,
    trust: false,
  },
  'identity-provider': {
    type: 'identity-provider',
    entityType: 'identity-provider',
    names: ['identity_provider', 'identity_providers', 'idp', 'provider'],
    singleton: false,
    nameForm: 'the SAML provider name, or the OIDC provider host',
    allow: false,
    trust: false,
  },
  organization: {
    type: 'organization',
    entityType: 'organization',
    names: ['organization', 'org'],
    singleton: true,
    nameForm: '`organization`',
    allow: false,
    trust: false,
  },
  'member-account': {
    type: 'member-account',
    entityType: 'account',
    names: ['member_account', 'member_accounts', 'accounts'],
    singleton: false,
    nameForm: 'the account name',
    allow: false,
    trust: false,
  },
  'organizational-unit': {
    type: 'organizational-unit',
    entityType: 'organizational-unit',
    names: ['organizational_unit', 'organizational_units', 'ou', 'ous'],
    singleton: false,
    nameForm: 'the OU name',
    allow: false,
    trust: false,
  },
  scp: {
    type: 'scp',
    entityType: 'scp',
    names: ['scp', 'scps', 'service_control_policy'],
    singleton: false,
    nameForm: 'the policy name',
    allow: true,
    trust: false,
  },
  rcp: {
    type: 'rcp',
    entityType: 'scp',
    names: ['rcp', 'rcps', 'resource_control_policy'],
    singleton: false,
    nameForm: 'the policy name',
    allow: true,
    trust: false,
  },
  'identity-center': {
    type: 'identity-center',
    entityType: 'identity-center',
    names: ['identity_center', 'sso'],
    singleton: true,
    nameForm: '`identity center`',
    allow: false,
    trust: false,
  },
  'permission-set': {
    type: 'permission-set',
    entityType: 'permission-set',
    names: ['permission_set', 'permission_sets'],
    singleton: false,
    nameForm: 'the permission set name',
    allow: true,
    trust: false,
  },
  'account-assignment': {
    type: 'account-assignment',
    entityType: 'account-assignment',
    names: ['account_assignment', 'account_assignments', 'assignment', 'assignments'],
    singleton: false,
    nameForm: '`"<permission set>/<group or user>"`',
    allow: false,
    trust: false,
  },
  'identity-center-user': {
    type: 'identity-center-user',
    entityType: 'identity-center-user',
    names: ['identity_center_user', 'identity_center_users', 'sso_user', 'sso_users'],
    singleton: false,
    nameForm: 'the user name',
    allow: false,
    trust: false,
  },
  'identity-center-group': {
    type: 'identity-center-group',
    entityType: 'identity-center-group',
    names: ['identity_center_group', 'identity_center_groups', 'sso_group', 'sso_groups'],
    singleton: false,
    nameForm: 'the group display name',
    allow: false,
    trust: false,
  },
  'analyzer-region': {
    type: 'analyzer-region',
    entityType: 'analyzer-region',
    names: ['analyzer_region', 'analyzer_regions', 'access_analyzer_region'],
    singleton: false,
    nameForm: 'the region (`eu-west-1`)',
    allow: false,
    trust: false,
  },
  analyzer: {
    type: 'analyzer',
    entityType: 'analyzer',
    names: ['analyzer', 'analyzers', 'access_analyzer'],
    singleton: false,
    nameForm: 'the analyzer name',
    allow: false,
    trust: false,
  },
  'analyzer-finding': {
    type: 'analyzer-finding',
    entityType: 'analyzer-finding',
    names: ['analyzer_finding', 'analyzer_findings', 'access_analyzer_finding'],
    singleton: false,
    nameForm: 'the resource ARN (or any name)',
    allow: false,
    trust: false,
  },
};

export const EXAMPLE_TYPES: Readonly<Record<ExampleType, ExampleTypeSpec>> = Object.fromEntries(
  (Object.keys(KINDS) as ExampleType[]).map((type) => {
    const aliases = ALIASES[type] ?? {};
    const settings = EXAMPLE_ATTRIBUTES[type].map((x): SettableSpec => {
      const spelt = aliases[x.name];
      return spelt === undefined ? x : { ...x, aliases: spelt };
    });
    return [type, { ...KINDS[type], settings }];
  }),
) as unknown as Record<ExampleType, ExampleTypeSpec>;

/** An `account "name"` with a name is a member account; `account` alone is the snapshot's. */
export const NAMED_ACCOUNT_TYPE: ExampleType = 'member-account';

export function findSettable(type: ExampleType, canonical: string): SettableSpec | undefined {
  return EXAMPLE_TYPES[type].settings.find((x) => x.name === canonical || (x.aliases ?? []).includes(canonical));
}

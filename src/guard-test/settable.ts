import type { EntityType } from '../model/index.ts';

/**
 * What an example test can declare: the kinds of entity (`user "alice"`, `access key "alice/1"`,
 * `root`) and, for each, the attributes it can set. Attributes carry the schema's names (so an
 * example reads like the rules it tests); build-snapshot.ts turns the settings into the raw AWS
 * fields that produce them, and describe-model.ts reads them back from a model for counterexamples.
 * A test holds every name here to the schema (test/guard-test/settable.test.ts).
 */

export type ExampleType =
  | 'root'
  | 'account'
  | 'password-policy'
  | 'user'
  | 'access-key'
  | 'signing-certificate'
  | 'group'
  | 'role'
  | 'policy'
  | 'statement'
  | 'trust-statement'
  | 'mfa-device'
  | 'identity-provider'
  | 'organization'
  | 'member-account'
  | 'organizational-unit'
  | 'scp'
  | 'rcp';

/**
 * How a setting's value is written:
 * - `boolean`: `mfa`, `not mfa`, `mfa = true`;
 * - `number`, `string`: `minimum length = 14`, `path = "/ci/"`;
 * - `instant`: a date `2026-01-01`, a duration meaning that long before the example's time (`100d`),
 *   or an ISO 8601 string; `not last used` for never;
 * - `duration`: `age = 120d`; `strings`: `["a", "b"]` or one string;
 * - `names`: names of other entities of the example (`groups = ["devs"]`), created when not declared;
 * - `count`: how many (`access keys = 2`), `not access keys` for none.
 */
export type SettingType = 'boolean' | 'number' | 'string' | 'instant' | 'duration' | 'strings' | 'names' | 'count';

export interface SettableSpec {
  /** Canonical (schema) name. */
  readonly name: string;
  readonly type: SettingType;
  /** Whether `not <name>` sets the value absent (null), for non-booleans. */
  readonly nullable?: boolean;
  readonly aliases?: readonly string[];
  /** For `count`: the largest count. */
  readonly max?: number;
}

const s = (name: string, type: SettingType, extra: Omit<SettableSpec, 'name' | 'type'> = {}): SettableSpec => ({ name, type, ...extra });

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

const STATEMENT_SETTINGS: readonly SettableSpec[] = [
  s('sid', 'string', { nullable: true }),
  s('effect', 'string'),
  s('actions', 'strings'),
  s('not_actions', 'strings'),
  s('resources', 'strings'),
  s('not_resources', 'strings'),
  s('principals', 'strings'),
  s('principal_accounts', 'strings'),
  s('principal_services', 'strings'),
  s('principal_federated', 'strings'),
  s('not_principals', 'strings'),
  s('public', 'boolean'),
  s('conditions', 'strings'),
  s('condition_keys', 'strings'),
];

const TAGS = s('tags', 'strings');

export const EXAMPLE_TYPES: Readonly<Record<ExampleType, ExampleTypeSpec>> = {
  root: {
    type: 'root',
    entityType: 'root',
    names: ['root', 'root_user', 'root_account'],
    singleton: true,
    nameForm: '`root`',
    allow: false,
    trust: false,
    settings: [
      s('mfa', 'boolean', { aliases: ['mfa_enabled', 'mfa_active'] }),
      s('virtual_mfa', 'boolean'),
      s('hardware_mfa', 'boolean'),
      s('password_enabled', 'boolean', { aliases: ['console_access', 'password'] }),
      s('password_last_used', 'instant', { nullable: true }),
      s('last_used', 'instant', { nullable: true }),
      s('unused', 'duration'),
      s('created', 'instant'),
      s('access_keys', 'count', { max: 2 }),
      s('signing_certificates', 'count', { max: 2 }),
      s('signing_certificates_active', 'boolean'),
    ],
  },
  account: {
    type: 'account',
    entityType: 'account',
    names: ['account', 'this_account'],
    singleton: true,
    nameForm: '`account`',
    allow: false,
    trust: false,
    settings: [
      s('id', 'string'),
      s('partition', 'string'),
      s('alias', 'string', { nullable: true }),
      s('name', 'string'),
      s('email', 'string'),
      s('status', 'string'),
      s('joined', 'instant'),
      s('joined_method', 'string'),
      s('management_account', 'boolean', { aliases: ['is_management_account'] }),
      s('mfa_enabled', 'boolean'),
      s('parent', 'names'),
      s('scps', 'names'),
      s('rcps', 'names'),
      s('delegated_services', 'strings'),
    ],
  },
  'password-policy': {
    type: 'password-policy',
    entityType: 'password-policy',
    names: ['password_policy', 'password_policies'],
    singleton: true,
    nameForm: '`password policy`',
    allow: false,
    trust: false,
    settings: [
      s('exists', 'boolean'),
      s('minimum_length', 'number', { aliases: ['min_length', 'minimum_password_length'] }),
      s('require_uppercase', 'boolean', { aliases: ['require_uppercase_characters'] }),
      s('require_lowercase', 'boolean', { aliases: ['require_lowercase_characters'] }),
      s('require_numbers', 'boolean'),
      s('require_symbols', 'boolean'),
      s('reuse_prevention', 'number', { nullable: true, aliases: ['password_reuse_prevention'] }),
      s('max_age', 'duration', { nullable: true, aliases: ['max_password_age'] }),
      s('expire_passwords', 'boolean'),
      s('allow_users_to_change', 'boolean', { aliases: ['allow_users_to_change_password'] }),
      s('hard_expiry', 'boolean'),
    ],
  },
  user: {
    type: 'user',
    entityType: 'user',
    names: ['user', 'users', 'iam_user'],
    singleton: false,
    nameForm: 'the user name',
    allow: true,
    trust: false,
    settings: [
      s('path', 'string'),
      s('id', 'string'),
      s('created', 'instant', { aliases: ['creation_date', 'create_date'] }),
      s('console_access', 'boolean', { aliases: ['password_enabled', 'password', 'console_password'] }),
      s('mfa', 'boolean', { aliases: ['mfa_enabled', 'mfa_active'] }),
      s('mfa_devices', 'count', { max: 8 }),
      s('password_last_used', 'instant', { nullable: true }),
      s('password_last_changed', 'instant', { nullable: true }),
      s('password_next_rotation', 'instant', { nullable: true }),
      s('last_used', 'instant', { nullable: true, aliases: ['last_activity'] }),
      s('unused', 'duration', { aliases: ['inactive', 'idle'] }),
      s('groups', 'names'),
      s('attached_policies', 'names', { aliases: ['managed_policies'] }),
      s('inline_policies', 'names'),
      s('permissions_boundary', 'string', { nullable: true, aliases: ['boundary'] }),
      s('access_keys', 'count', { max: 2 }),
      s('signing_certificates', 'count', { max: 2 }),
      s('signing_certificates_active', 'boolean'),
      TAGS,
    ],
  },
  'access-key': {
    type: 'access-key',
    entityType: 'access-key',
    names: ['access_key', 'access_keys', 'key', 'keys'],
    singleton: false,
    nameForm: '`"<user>/<1 or 2>"` (`"root/1"` for root)',
    allow: false,
    trust: false,
    settings: [
      s('active', 'boolean'),
      s('last_rotated', 'instant'),
      s('age', 'duration'),
      s('last_used', 'instant', { nullable: true }),
      s('unused', 'duration'),
      s('last_used_service', 'string', { nullable: true }),
      s('last_used_region', 'string', { nullable: true }),
    ],
  },
  'signing-certificate': {
    type: 'signing-certificate',
    entityType: 'signing-certificate',
    names: ['signing_certificate', 'signing_certificates', 'certificate', 'certificates'],
    singleton: false,
    nameForm: '`"<user>/<1 or 2>"` (`"root/1"` for root)',
    allow: false,
    trust: false,
    settings: [s('active', 'boolean'), s('last_rotated', 'instant', { nullable: true }), s('age', 'duration')],
  },
  group: {
    type: 'group',
    entityType: 'group',
    names: ['group', 'groups', 'iam_group'],
    singleton: false,
    nameForm: 'the group name',
    allow: true,
    trust: false,
    settings: [s('path', 'string'), s('id', 'string'), s('created', 'instant'), s('users', 'names'), s('attached_policies', 'names'), s('inline_policies', 'names')],
  },
  role: {
    type: 'role',
    entityType: 'role',
    names: ['role', 'roles', 'iam_role'],
    singleton: false,
    nameForm: 'the role name',
    allow: true,
    trust: true,
    settings: [
      s('path', 'string'),
      s('id', 'string'),
      s('description', 'string', { nullable: true }),
      s('created', 'instant'),
      s('last_used', 'instant', { nullable: true }),
      s('last_used_region', 'string', { nullable: true }),
      s('unused', 'duration'),
      s('service_linked', 'boolean'),
      s('max_session_duration', 'duration'),
      s('instance_profiles', 'strings'),
      s('attached_policies', 'names'),
      s('inline_policies', 'names'),
      s('permissions_boundary', 'string', { nullable: true }),
      TAGS,
    ],
  },
  policy: {
    type: 'policy',
    entityType: 'policy',
    names: ['policy', 'policies', 'managed_policy', 'customer_policy', 'inline_policy'],
    singleton: false,
    nameForm: 'the policy name, or `"<user, group or role>/<name>"` for an inline policy',
    allow: true,
    trust: false,
    settings: [
      s('aws_managed', 'boolean'),
      s('customer', 'boolean'),
      s('listed', 'boolean'),
      s('path', 'string'),
      s('id', 'string'),
      s('document', 'string'),
      s('attachment_count', 'number'),
      s('boundary_usage_count', 'number'),
      s('attached_users', 'names'),
      s('attached_groups', 'names'),
      s('attached_roles', 'names'),
      s('default_version', 'string'),
      s('versions', 'number'),
      s('created', 'instant'),
      s('updated', 'instant'),
    ],
  },
  statement: {
    type: 'statement',
    entityType: 'statement',
    names: ['statement', 'statements', 'policy_statement'],
    singleton: false,
    nameForm: '`"<policy or scp>/<number>"`',
    allow: false,
    trust: false,
    settings: STATEMENT_SETTINGS,
  },
  'trust-statement': {
    type: 'trust-statement',
    entityType: 'statement',
    names: ['trust_statement', 'trust_statements'],
    singleton: false,
    nameForm: '`"<role>/<number>"`',
    allow: false,
    trust: false,
    settings: STATEMENT_SETTINGS,
  },
  'mfa-device': {
    type: 'mfa-device',
    entityType: 'mfa-device',
    names: ['mfa_device', 'mfa_devices', 'virtual_mfa_device'],
    singleton: false,
    nameForm: 'the device name (the serial number without `arn:...:mfa/`)',
    allow: false,
    trust: false,
    settings: [s('virtual', 'boolean'), s('user', 'names'), s('root', 'boolean'), s('assigned', 'boolean'), s('enabled', 'instant', { nullable: true })],
  },
  'identity-provider': {
    type: 'identity-provider',
    entityType: 'identity-provider',
    names: ['identity_provider', 'identity_providers', 'idp', 'provider'],
    singleton: false,
    nameForm: 'the SAML provider name, or the OIDC provider host',
    allow: false,
    trust: false,
    settings: [s('type', 'string'), s('client_ids', 'strings'), s('thumbprints', 'strings'), s('created', 'instant'), s('valid_until', 'instant'), TAGS],
  },
  organization: {
    type: 'organization',
    entityType: 'organization',
    names: ['organization', 'org'],
    singleton: true,
    nameForm: '`organization`',
    allow: false,
    trust: false,
    settings: [
      s('exists', 'boolean'),
      s('id', 'string'),
      s('management_account_id', 'string'),
      s('management_account_email', 'string'),
      s('feature_set', 'string'),
      s('all_features', 'boolean'),
      s('scp_enabled', 'boolean'),
      s('rcp_enabled', 'boolean'),
      s('root_credentials_management', 'boolean'),
      s('root_sessions', 'boolean'),
    ],
  },
  'member-account': {
    type: 'member-account',
    entityType: 'account',
    names: ['member_account', 'member_accounts', 'accounts'],
    singleton: false,
    nameForm: 'the account name',
    allow: false,
    trust: false,
    settings: [
      s('id', 'string'),
      s('email', 'string'),
      s('status', 'string'),
      s('joined', 'instant'),
      s('joined_method', 'string'),
      s('parent', 'names'),
      s('scps', 'names'),
      s('rcps', 'names'),
      s('delegated_services', 'strings'),
    ],
  },
  'organizational-unit': {
    type: 'organizational-unit',
    entityType: 'organizational-unit',
    names: ['organizational_unit', 'organizational_units', 'ou', 'ous'],
    singleton: false,
    nameForm: 'the OU name',
    allow: false,
    trust: false,
    settings: [s('id', 'string'), s('parent', 'names'), s('scps', 'names'), s('rcps', 'names')],
  },
  scp: {
    type: 'scp',
    entityType: 'scp',
    names: ['scp', 'scps', 'service_control_policy'],
    singleton: false,
    nameForm: 'the policy name',
    allow: true,
    trust: false,
    settings: [s('id', 'string'), s('description', 'string', { nullable: true }), s('aws_managed', 'boolean'), s('document', 'string'), s('targets', 'names')],
  },
  rcp: {
    type: 'rcp',
    entityType: 'scp',
    names: ['rcp', 'rcps', 'resource_control_policy'],
    singleton: false,
    nameForm: 'the policy name',
    allow: true,
    trust: false,
    settings: [s('id', 'string'), s('description', 'string', { nullable: true }), s('aws_managed', 'boolean'), s('document', 'string'), s('targets', 'names')],
  },
};

/** An `account "name"` with a name is a member account; `account` alone is the snapshot's. */
export const NAMED_ACCOUNT_TYPE: ExampleType = 'member-account';

export function findSettable(type: ExampleType, canonical: string): SettableSpec | undefined {
  return EXAMPLE_TYPES[type].settings.find((x) => x.name === canonical || (x.aliases ?? []).includes(canonical));
}

import { DAY_MS } from '../model/index.ts';

/**
 * The attributes an example account can set, per kind of entity: the one mapping between example
 * settings and the model. Names are the schema's (so an example reads like the rules it tests);
 * build-snapshot.ts turns the settings into the account spec that produces them, taking the
 * defaults from here, and describe-model.ts reads a model back into settings, writing one only
 * where the model differs from its default. settable.ts adds what is specific to the example
 * syntax (the spellings of kinds and settings). A test holds every name to the schema.
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
  | 'rcp'
  | 'identity-center'
  | 'permission-set'
  | 'account-assignment'
  | 'identity-center-user'
  | 'identity-center-group'
  | 'analyzer-region'
  | 'analyzer'
  | 'analyzer-finding';

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

/** What an entity has when the example does not set the attribute, in the model's terms: a value, null (absent), or an instant `before` ms before the example's time. */
export type SettingDefault = boolean | number | string | null | { readonly before: number };

export interface AttributeSetting {
  /** Canonical (schema) name. */
  readonly name: string;
  readonly type: SettingType;
  /** Whether `not <name>` sets the value absent (null), for non-booleans. */
  readonly nullable?: boolean;
  /** For `count`: the largest count. */
  readonly max?: number;
  /** Given where describe-model writes the attribute back by comparing with it; the builder gives the same. */
  readonly default?: SettingDefault;
}

const a = (name: string, type: SettingType, extra: Omit<AttributeSetting, 'name' | 'type'> = {}): AttributeSetting => ({ name, type, ...extra });

const STATEMENT: readonly AttributeSetting[] = [
  a('sid', 'string', { nullable: true }),
  a('effect', 'string'),
  a('actions', 'strings'),
  a('not_actions', 'strings'),
  a('resources', 'strings'),
  a('not_resources', 'strings'),
  a('principals', 'strings'),
  a('principal_accounts', 'strings'),
  a('principal_services', 'strings'),
  a('principal_federated', 'strings'),
  a('not_principals', 'strings'),
  a('public', 'boolean'),
  a('conditions', 'strings'),
  a('condition_keys', 'strings'),
];

export const EXAMPLE_ATTRIBUTES: Readonly<Record<ExampleType, readonly AttributeSetting[]>> = {
  root: [
    a('mfa', 'boolean'),
    a('virtual_mfa', 'boolean'),
    a('hardware_mfa', 'boolean'),
    a('password_enabled', 'boolean', { default: true }),
    a('password_last_used', 'instant', { nullable: true, default: null }),
    a('last_used', 'instant', { nullable: true }),
    a('unused', 'duration'),
    a('created', 'instant', { default: { before: 365 * DAY_MS } }),
    a('access_keys', 'count', { max: 2 }),
    a('signing_certificates', 'count', { max: 2 }),
    a('signing_certificates_active', 'boolean'),
  ],
  account: [
    a('id', 'string'),
    a('partition', 'string'),
    a('alias', 'string', { nullable: true }),
    a('name', 'string'),
    a('email', 'string'),
    a('status', 'string'),
    a('joined', 'instant'),
    a('joined_method', 'string'),
    a('management_account', 'boolean'),
    a('mfa_enabled', 'boolean'),
    a('parent', 'names'),
    a('scps', 'names'),
    a('rcps', 'names'),
    a('delegated_services', 'strings'),
  ],
  'password-policy': [
    a('exists', 'boolean'),
    a('minimum_length', 'number', { default: 8 }),
    a('require_uppercase', 'boolean', { default: false }),
    a('require_lowercase', 'boolean', { default: false }),
    a('require_numbers', 'boolean', { default: false }),
    a('require_symbols', 'boolean', { default: false }),
    a('reuse_prevention', 'number', { nullable: true, default: null }),
    a('max_age', 'duration', { nullable: true }),
    a('expire_passwords', 'boolean'),
    a('allow_users_to_change', 'boolean', { default: false }),
    a('hard_expiry', 'boolean', { default: false }),
  ],
  user: [
    a('path', 'string', { default: '/' }),
    a('id', 'string'),
    a('created', 'instant', { default: { before: 30 * DAY_MS } }),
    a('console_access', 'boolean', { default: false }),
    a('mfa', 'boolean', { default: false }),
    a('mfa_devices', 'count', { max: 8 }),
    a('password_last_used', 'instant', { nullable: true, default: null }),
    a('password_last_changed', 'instant', { nullable: true }),
    a('password_next_rotation', 'instant', { nullable: true, default: null }),
    a('last_used', 'instant', { nullable: true }),
    a('unused', 'duration'),
    a('groups', 'names'),
    a('attached_policies', 'names'),
    a('inline_policies', 'names'),
    a('permissions_boundary', 'string', { nullable: true, default: null }),
    a('access_keys', 'count', { max: 2 }),
    a('signing_certificates', 'count', { max: 2 }),
    a('signing_certificates_active', 'boolean'),
    a('tags', 'strings'),
  ],
  'access-key': [
    a('active', 'boolean', { default: true }),
    a('last_rotated', 'instant'),
    a('age', 'duration'),
    a('last_used', 'instant', { nullable: true, default: null }),
    a('unused', 'duration'),
    a('last_used_service', 'string', { nullable: true, default: 'iam' }),
    a('last_used_region', 'string', { nullable: true, default: 'us-east-1' }),
  ],
  'signing-certificate': [a('active', 'boolean', { default: true }), a('last_rotated', 'instant', { nullable: true }), a('age', 'duration')],
  group: [a('path', 'string', { default: '/' }), a('id', 'string'), a('created', 'instant', { default: { before: 30 * DAY_MS } }), a('users', 'names'), a('attached_policies', 'names'), a('inline_policies', 'names')],
  role: [
    a('path', 'string', { default: '/' }),
    a('id', 'string'),
    a('description', 'string', { nullable: true, default: null }),
    a('created', 'instant', { default: { before: 30 * DAY_MS } }),
    a('last_used', 'instant', { nullable: true, default: null }),
    a('last_used_region', 'string', { nullable: true, default: 'us-east-1' }),
    a('unused', 'duration'),
    a('service_linked', 'boolean'),
    a('max_session_duration', 'duration', { default: 3_600_000 }),
    a('instance_profiles', 'strings'),
    a('attached_policies', 'names'),
    a('inline_policies', 'names'),
    a('permissions_boundary', 'string', { nullable: true, default: null }),
    a('tags', 'strings'),
  ],
  policy: [
    a('aws_managed', 'boolean'),
    a('customer', 'boolean'),
    a('listed', 'boolean'),
    a('path', 'string'),
    a('id', 'string'),
    a('document', 'string'),
    a('attachment_count', 'number'),
    a('boundary_usage_count', 'number'),
    a('attached_users', 'names'),
    a('attached_groups', 'names'),
    a('attached_roles', 'names'),
    a('default_version', 'string'),
    a('versions', 'number'),
    a('created', 'instant', { default: { before: 30 * DAY_MS } }),
    a('updated', 'instant'),
  ],
  statement: STATEMENT,
  'trust-statement': STATEMENT,
  'mfa-device': [a('virtual', 'boolean'), a('user', 'names'), a('root', 'boolean'), a('assigned', 'boolean'), a('enabled', 'instant', { nullable: true })],
  'identity-provider': [a('type', 'string'), a('client_ids', 'strings'), a('thumbprints', 'strings'), a('created', 'instant'), a('valid_until', 'instant'), a('tags', 'strings')],
  organization: [
    a('exists', 'boolean'),
    a('id', 'string'),
    a('management_account_id', 'string'),
    a('management_account_email', 'string'),
    a('feature_set', 'string'),
    a('all_features', 'boolean', { default: true }),
    a('scp_enabled', 'boolean', { default: true }),
    a('rcp_enabled', 'boolean', { default: false }),
    a('root_credentials_management', 'boolean', { default: false }),
    a('root_sessions', 'boolean', { default: false }),
  ],
  'member-account': [
    a('id', 'string'),
    a('email', 'string'),
    a('status', 'string'),
    a('joined', 'instant'),
    a('joined_method', 'string'),
    a('parent', 'names'),
    a('scps', 'names'),
    a('rcps', 'names'),
    a('delegated_services', 'strings'),
  ],
  'organizational-unit': [a('id', 'string'), a('parent', 'names'), a('scps', 'names'), a('rcps', 'names')],
  scp: [a('id', 'string'), a('description', 'string', { nullable: true }), a('aws_managed', 'boolean'), a('document', 'string'), a('targets', 'names')],
  rcp: [a('id', 'string'), a('description', 'string', { nullable: true }), a('aws_managed', 'boolean'), a('document', 'string'), a('targets', 'names')],
  'identity-center': [a('identity_store_id', 'string'), a('owner_account_id', 'string')],
  'permission-set': [
    a('description', 'string'),
    a('session_duration', 'duration'),
    a('relay_state', 'string'),
    a('created', 'instant'),
    a('managed_policies', 'strings'),
    a('customer_managed_policies', 'strings'),
    a('permissions_boundary', 'string'),
  ],
  'account-assignment': [a('account', 'names'), a('account_id', 'string'), a('permission_set', 'names'), a('principal_type', 'string'), a('user', 'names'), a('group', 'names')],
  'identity-center-user': [a('display_name', 'string'), a('groups', 'names')],
  'identity-center-group': [a('description', 'string'), a('members', 'names')],
  'analyzer-region': [],
  analyzer: [a('region', 'string'), a('type', 'string'), a('status', 'string'), a('created', 'instant')],
  'analyzer-finding': [
    a('analyzer', 'names'),
    a('region', 'string'),
    a('type', 'string'),
    a('resource', 'string'),
    a('resource_type', 'string'),
    a('principals', 'strings'),
    a('public', 'boolean'),
    a('actions', 'strings'),
  ],
};

export function attributeOf(type: ExampleType, name: string): AttributeSetting | undefined {
  return EXAMPLE_ATTRIBUTES[type].find((x) => x.name === name);
}

/** The default of an attribute that has one, of the type the caller reads; anything else is a bug in the caller. */
function typedDefault<T extends SettingDefault>(type: ExampleType, name: string, is: (v: SettingDefault) => v is T): T {
  const found = attributeOf(type, name)?.default;
  if (found === undefined || !is(found)) throw new Error(`${type}.${name} has no default of that type`);
  return found;
}

export const booleanDefault = (type: ExampleType, name: string): boolean => typedDefault(type, name, (v): v is boolean => typeof v === 'boolean');
export const numberDefault = (type: ExampleType, name: string): number => typedDefault(type, name, (v): v is number => typeof v === 'number');
export const stringDefault = (type: ExampleType, name: string): string => typedDefault(type, name, (v): v is string => typeof v === 'string');
/** How long before the example's time an instant attribute defaults to. */
export const ageDefault = (type: ExampleType, name: string): number => typedDefault(type, name, (v): v is { readonly before: number } => typeof v === 'object' && v !== null).before;

import { ATTR_TYPES, attr, link, links } from './schema-attr.ts';
import type { CollectionSpec, EntityTypeSpec } from './schema-types.ts';
import { SECTIONS } from './sections.ts';

/**
 * The IAM Identity Center and IAM Access Analyzer part of the schema (docs/identity-center.md):
 * the instance, permission sets, account assignments, the identity store's users and groups, and
 * the analyzers, their regions and findings. schema.ts joins these tables to the rest.
 */

const { BOOLEAN, STRING, DATE, DURATION, STRINGS, DOCUMENTS } = ATTR_TYPES;

const INSTANCES = SECTIONS.identityCenterInstances;
const SETS = SECTIONS.permissionSets;
const ASSIGNMENTS = SECTIONS.accountAssignments;
const USERS = SECTIONS.identityStoreUsers;
const GROUPS = SECTIONS.identityStoreGroups;
const MEMBERSHIPS = SECTIONS.identityStoreGroupMemberships;
const REGIONS = SECTIONS.accessAnalyzerRegions;
const DETAILS = SECTIONS.authorizationDetails;
const ORGANIZATION = SECTIONS.organization;
const ACCOUNTS = SECTIONS.accounts;

export const IDENTITY_CENTER_ATTRIBUTES = [
  attr('exists', BOOLEAN, [INSTANCES], 'an IAM Identity Center instance is there; false when the snapshot says there is none (`identityCenter: null`), and then every other attribute is null'),
  attr('instance_arn', STRING, [INSTANCES], 'the instance ARN (the first instance when there are several)'),
  attr('identity_store_id', STRING, [INSTANCES], 'the identity store id (`d-...`)'),
  attr('owner_account_id', STRING, [INSTANCES], 'the account that owns the instance: the management account for an organization instance'),
  attr('name', STRING, [INSTANCES], 'the instance name; null when none'),
  attr('status', STRING, [INSTANCES], 'the instance status (`ACTIVE`, `CREATE_IN_PROGRESS`, `DELETE_IN_PROGRESS`)'),
  attr('created', DATE, [INSTANCES], 'CreatedDate; null when the snapshot does not say'),
] as const;

export const PERMISSION_SET_ATTRIBUTES = [
  attr('name', STRING, [SETS], 'the permission set name'),
  attr('arn', STRING, [SETS], 'the permission set ARN'),
  attr('description', STRING, [SETS], 'the description; null when none'),
  attr('session_duration', DURATION, [SETS], 'SessionDuration: how long a session lasts; AWS defaults it to 1 hour when not set'),
  attr('relay_state', STRING, [SETS], 'RelayState: the console URL a session starts at; null when none'),
  attr('created', DATE, [SETS], 'CreatedDate; null when the snapshot does not say'),
  attr('inline_policy', DOCUMENTS, [SETS], 'the inline policy, as a one-document list; empty when the set has none'),
  attr('managed_policies', STRINGS, [SETS], 'ARNs of the AWS managed policies attached to the set', ['aws_managed_policies']),
  attr('customer_managed_policies', STRINGS, [SETS], 'customer managed policy references as `path` + `name` (`/Admin`, `/team/ReadOnly`), resolved in each account the set is provisioned in'),
  attr('permissions_boundary', STRING, [SETS], 'the boundary: an AWS managed policy ARN, or a customer managed reference as `path` + `name`; null when none', ['boundary']),
  attr(
    'attached_policies',
    links('policy'),
    [SETS, DETAILS],
    "the set's managed policies as the snapshot account's policy entities: AWS managed by ARN, customer managed by path and name; unknown when one is not in the snapshot",
  ),
  attr('boundary_policy', link('policy'), [SETS, DETAILS], "the boundary as the snapshot account's policy entity; null when none; unknown when it is not in the snapshot"),
  attr('permissions', DOCUMENTS, [SETS, DETAILS], 'the inline policy and the documents of every attached policy (boundary excluded), as provisioned in the snapshot account; unknown when one is not in the snapshot'),
  attr('assignments', links('account-assignment'), [SETS, ASSIGNMENTS], 'the account assignments of the set'),
  attr('accounts', STRINGS, [SETS, ASSIGNMENTS], 'ids of the accounts the set is assigned in'),
  attr('roles', links('role'), [SETS, DETAILS], 'the roles Identity Center provisioned for the set in the snapshot account: `AWSReservedSSO_<name>_<hash>` under `/aws-reserved/sso.amazonaws.com/`'),
] as const;

export const ASSIGNMENT_ATTRIBUTES = [
  attr('account_id', STRING, [ASSIGNMENTS], 'the account the assignment gives access to'),
  attr('account', link('account'), [ASSIGNMENTS, ACCOUNTS], 'that account: the snapshot account, or a member account the snapshot lists; null when it lists no such account'),
  attr('management_account', BOOLEAN, [ASSIGNMENTS, ORGANIZATION], 'the account is the organization management account', ['is_management_account']),
  attr('permission_set', link('permission-set'), [ASSIGNMENTS, SETS], 'the permission set assigned; null when the snapshot does not list it'),
  attr('principal_type', STRING, [ASSIGNMENTS], '`USER` or `GROUP`'),
  attr('principal_id', STRING, [ASSIGNMENTS], 'the identity store id of the user or group'),
  attr('principal_name', STRING, [ASSIGNMENTS, USERS, GROUPS], "the user's user name or the group's display name; null when the identity store does not list it"),
  attr('user', link('identity-center-user'), [ASSIGNMENTS, USERS], 'the user assigned; null for a group assignment (or a user not listed)'),
  attr('group', link('identity-center-group'), [ASSIGNMENTS, GROUPS], 'the group assigned; null for a user assignment (or a group not listed)'),
] as const;

export const IDENTITY_CENTER_USER_ATTRIBUTES = [
  attr('id', STRING, [USERS], 'the identity store user id'),
  attr('user_name', STRING, [USERS], 'the user name people sign in with', ['name', 'username']),
  attr('display_name', STRING, [USERS], 'the display name; null when none'),
  attr('groups', links('identity-center-group'), [USERS, GROUPS, MEMBERSHIPS], 'the groups the user is a member of'),
  attr('assignments', links('account-assignment'), [USERS, ASSIGNMENTS], 'the account assignments made to the user directly (not through a group)'),
] as const;

export const IDENTITY_CENTER_GROUP_ATTRIBUTES = [
  attr('id', STRING, [GROUPS], 'the identity store group id'),
  attr('name', STRING, [GROUPS], 'the display name; null when none', ['display_name']),
  attr('description', STRING, [GROUPS], 'the description; null when none'),
  attr('members', links('identity-center-user'), [GROUPS, USERS, MEMBERSHIPS], 'the users in the group', ['users']),
  attr('assignments', links('account-assignment'), [GROUPS, ASSIGNMENTS], 'the account assignments made to the group'),
] as const;

const REGIONS_DOC = 'unknown when the region could not be queried';

export const ANALYZER_REGION_ATTRIBUTES = [
  attr('region', STRING, [REGIONS], 'the region queried (`eu-west-1`)', ['name']),
  attr('analyzers', links('analyzer'), [REGIONS], `the analyzers of the region; ${REGIONS_DOC}`),
  attr('findings', links('analyzer-finding'), [REGIONS], `the active findings of the region's analyzers; ${REGIONS_DOC}`),
] as const;

export const ANALYZER_ATTRIBUTES = [
  attr('name', STRING, [REGIONS], 'the analyzer name'),
  attr('arn', STRING, [REGIONS], 'the analyzer ARN'),
  attr('region', STRING, [REGIONS], 'the region of the analyzer'),
  attr('type', STRING, [REGIONS], '`ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, `ORGANIZATION_UNUSED_ACCESS`, ...'),
  attr('status', STRING, [REGIONS], '`ACTIVE`, `CREATING`, `DISABLED` or `FAILED`'),
  attr('active', BOOLEAN, [REGIONS], 'the status is `ACTIVE`'),
  attr('external_access', BOOLEAN, [REGIONS], 'an external-access analyzer (type `ACCOUNT` or `ORGANIZATION`)'),
  attr('unused_access', BOOLEAN, [REGIONS], 'an unused-access analyzer (type `ACCOUNT_UNUSED_ACCESS` or `ORGANIZATION_UNUSED_ACCESS`)'),
  attr('organization_zone', BOOLEAN, [REGIONS], 'the zone of trust is the organization (an `ORGANIZATION...` type), not the account', ['organization_wide']),
  attr('created', DATE, [REGIONS], 'createdAt; null when the snapshot does not say'),
  attr('findings', links('analyzer-finding'), [REGIONS], `the analyzer's active findings; ${REGIONS_DOC}`),
] as const;

export const FINDING_ATTRIBUTES = [
  attr('id', STRING, [REGIONS], 'the finding id'),
  attr('analyzer', link('analyzer'), [REGIONS], 'the analyzer that reported it; null when the snapshot does not list it'),
  attr('region', STRING, [REGIONS], 'the region of the analyzer'),
  attr('type', STRING, [REGIONS], 'findingType: `ExternalAccess`, `UnusedIAMRole`, `UnusedIAMUserAccessKey`, `UnusedIAMUserPassword`, `UnusedPermission`, ...', ['finding_type']),
  attr('external_access', BOOLEAN, [REGIONS], 'an external-access finding (type `ExternalAccess`)'),
  attr('unused_access', BOOLEAN, [REGIONS], 'an unused-access finding (type `Unused...`)'),
  attr('status', STRING, [REGIONS], '`ACTIVE` (the snapshot keeps only active findings)'),
  attr('resource', STRING, [REGIONS], 'the ARN of the resource the finding is about; null when not given'),
  attr('resource_type', STRING, [REGIONS], 'the resource type (`AWS::S3::Bucket`, `AWS::IAM::Role`); null when not given'),
  attr('resource_owner_account', STRING, [REGIONS], 'the account that owns the resource; null when not given'),
  attr('principals', STRINGS, [REGIONS], 'external access: the principal values the access is granted to (account ids, ARNs, `*`); empty otherwise'),
  attr('principal_accounts', STRINGS, [REGIONS], 'external access: account ids among the principals, ARNs reduced to their account; empty otherwise'),
  attr('public', BOOLEAN, [REGIONS], 'external access: the resource is public (isPublic); false otherwise'),
  attr('actions', STRINGS, [REGIONS], 'external access: the actions granted; empty otherwise'),
  attr('created', DATE, [REGIONS], 'createdAt; null when the snapshot does not say'),
  attr('updated', DATE, [REGIONS], 'updatedAt; null when the snapshot does not say'),
] as const;

export const IDENTITY_CENTER_ENTITY_TYPES = {
  'identity-center': { type: 'identity-center', doc: 'the IAM Identity Center instance (`exists` false when there is none)', attributes: IDENTITY_CENTER_ATTRIBUTES },
  'permission-set': {
    type: 'permission-set',
    doc: 'an Identity Center permission set: the policies of the role it provisions in each account it is assigned in (`can` asks in the snapshot account)',
    attributes: PERMISSION_SET_ATTRIBUTES,
    permissions: 'permissions',
    principal: true,
  },
  'account-assignment': {
    type: 'account-assignment',
    doc: 'an Identity Center account assignment: a permission set given to a user or group in one account (`can` asks in that account, through its SCPs)',
    attributes: ASSIGNMENT_ATTRIBUTES,
    principal: true,
  },
  'identity-center-user': { type: 'identity-center-user', doc: "a user of Identity Center's identity store (names only, never credentials)", attributes: IDENTITY_CENTER_USER_ATTRIBUTES },
  'identity-center-group': { type: 'identity-center-group', doc: "a group of Identity Center's identity store", attributes: IDENTITY_CENTER_GROUP_ATTRIBUTES },
  'analyzer-region': { type: 'analyzer-region', doc: 'a region the snapshot queried for IAM Access Analyzer', attributes: ANALYZER_REGION_ATTRIBUTES },
  analyzer: { type: 'analyzer', doc: 'an IAM Access Analyzer analyzer', attributes: ANALYZER_ATTRIBUTES },
  'analyzer-finding': { type: 'analyzer-finding', doc: 'an active IAM Access Analyzer finding: external access, or unused access', attributes: FINDING_ATTRIBUTES },
} as const satisfies Readonly<Record<string, EntityTypeSpec>>;

export const IDENTITY_CENTER_COLLECTIONS: readonly CollectionSpec[] = [
  { name: 'identity_center', entityType: 'identity-center', doc: 'the IAM Identity Center instance (`exists` false when there is none)', singleton: true, aliases: ['sso'] },
  { name: 'permission_sets', entityType: 'permission-set', doc: 'Identity Center permission sets', singleton: false },
  { name: 'account_assignments', entityType: 'account-assignment', doc: 'Identity Center account assignments', singleton: false, aliases: ['assignments'] },
  { name: 'identity_center_users', entityType: 'identity-center-user', doc: "users of Identity Center's identity store", singleton: false, aliases: ['sso_users'] },
  { name: 'identity_center_groups', entityType: 'identity-center-group', doc: "groups of Identity Center's identity store", singleton: false, aliases: ['sso_groups'] },
  { name: 'analyzer_regions', entityType: 'analyzer-region', doc: 'the regions the snapshot queried for IAM Access Analyzer', singleton: false, aliases: ['access_analyzer_regions'] },
  { name: 'analyzers', entityType: 'analyzer', doc: 'IAM Access Analyzer analyzers, every region queried', singleton: false, aliases: ['access_analyzers'] },
  { name: 'analyzer_findings', entityType: 'analyzer-finding', doc: 'active IAM Access Analyzer findings, every region queried', singleton: false, aliases: ['access_analyzer_findings'] },
];

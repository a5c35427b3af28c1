import { ATTR_TYPES, attr, link, links } from './schema-attr.ts';
import { SECTIONS } from './sections.ts';

// The organization's side of the schema (schema.ts): the account as Organizations and the snapshot
// see it, the organization, its OU tree and its SCPs and RCPs.

const { BOOLEAN, STRING, DATE, STRINGS, DOCUMENTS } = ATTR_TYPES;

const REPORT = SECTIONS.credentialReport;
const DETAILS = SECTIONS.authorizationDetails;
const SUMMARY = SECTIONS.accountSummary;
const ALIASES = SECTIONS.accountAliases;
const ORGANIZATION = SECTIONS.organization;
const ROOTS = SECTIONS.roots;
const OUS = SECTIONS.organizationalUnits;
const ACCOUNTS = SECTIONS.accounts;
const ORG_POLICIES = SECTIONS.policies;
const ORG_FEATURES = SECTIONS.organizationsFeatures;
const DELEGATED = SECTIONS.delegatedAdministrators;
const ORG_TREE = [ROOTS, OUS, ACCOUNTS];

export const ACCOUNT_ATTRIBUTES = [
  attr('exists', BOOLEAN, [], 'always true'),
  attr('id', STRING, [], 'the 12-digit account id'),
  attr('arn', STRING, [ACCOUNTS], 'the Organizations account ARN; null when the account is in no organization'),
  attr('name', STRING, [ACCOUNTS, ALIASES], 'the Organizations account name, else the IAM account alias; null when neither is set'),
  attr('alias', STRING, [ALIASES], 'the IAM account alias (ListAccountAliases); null when none is set; known only for the snapshot account'),
  attr('partition', STRING, [], 'the AWS partition: `aws`, `aws-cn`, `aws-us-gov`'),
  attr('current', BOOLEAN, [], 'this is the account the snapshot was taken in'),
  attr('email', STRING, [ACCOUNTS], 'the account e-mail address from Organizations'),
  attr('status', STRING, [ACCOUNTS], 'the Organizations account status (`ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`)'),
  attr('joined', DATE, [ACCOUNTS], 'when the account joined the organization'),
  attr('joined_method', STRING, [ACCOUNTS], 'how the account joined: `INVITED` or `CREATED`'),
  attr('in_organization', BOOLEAN, [ORGANIZATION], 'the account belongs to an organization'),
  attr('management_account', BOOLEAN, [ORGANIZATION], 'the account is the organization management account (SCPs do not apply to it)', ['is_management_account']),
  attr('mfa_enabled', BOOLEAN, [SUMMARY], 'the root user has MFA (AccountMFAEnabled of the account summary); known only for the snapshot account'),
  attr('parent', link('organizational-unit'), ORG_TREE, 'the organizational unit (or organization root) directly containing the account; null outside an organization'),
  attr('scps', links('scp'), [ORG_POLICIES], 'service control policies attached directly to the account'),
  attr('effective_scps', links('scp'), [ORG_POLICIES, ...ORG_TREE], 'service control policies that apply to the account: attached to it, to an OU above it, or to the organization root'),
  attr('rcps', links('scp'), [ORG_POLICIES], 'resource control policies attached directly to the account'),
  attr('effective_rcps', links('scp'), [ORG_POLICIES, ...ORG_TREE], 'resource control policies attached to the account, to an OU above it, or to the organization root'),
  attr('delegated_administrator', BOOLEAN, [DELEGATED], 'the account is a delegated administrator for some AWS service'),
  attr('delegated_services', STRINGS, [DELEGATED], 'service principals the account is delegated administrator for'),
  attr('organization', link('organization'), [ORGANIZATION], 'the organization the account belongs to; null outside an organization'),
  attr('root_user', link('root'), [REPORT, SUMMARY], "the account's root user; known only for the snapshot account (the management account's APIs do not show a member's root credentials)"),
  attr('users', links('user'), [DETAILS], 'the IAM users of the account; known only for the snapshot account'),
  attr('groups', links('group'), [DETAILS], 'the IAM groups of the account; known only for the snapshot account'),
  attr('roles', links('role'), [DETAILS], 'the IAM roles of the account; known only for the snapshot account'),
  attr('assignments', links('account-assignment'), [SECTIONS.accountAssignments], 'the Identity Center account assignments into the account', ['account_assignments']),
  attr('analyzers', links('analyzer'), [SECTIONS.accessAnalyzerRegions], 'the IAM Access Analyzer analyzers of the account, every region queried; known only for the snapshot account'),
] as const;

export const ORGANIZATION_ATTRIBUTES = [
  attr('exists', BOOLEAN, [ORGANIZATION], 'the account is in an organization; when false every other attribute is null'),
  attr('id', STRING, [ORGANIZATION], 'the organization id (`o-...`)'),
  attr('arn', STRING, [ORGANIZATION], 'the organization ARN'),
  attr('management_account_id', STRING, [ORGANIZATION], 'the management account id (MasterAccountId)', ['master_account_id']),
  attr('management_account_email', STRING, [ORGANIZATION], 'the management account e-mail (MasterAccountEmail)'),
  attr('feature_set', STRING, [ORGANIZATION], '`ALL` or `CONSOLIDATED_BILLING`'),
  attr('all_features', BOOLEAN, [ORGANIZATION], 'all features are enabled (SCPs need them)'),
  attr('scp_enabled', BOOLEAN, [ROOTS], 'the SERVICE_CONTROL_POLICY type is enabled on the organization root'),
  attr('rcp_enabled', BOOLEAN, [ROOTS], 'the RESOURCE_CONTROL_POLICY type is enabled on the organization root'),
  attr('root_credentials_management', BOOLEAN, [ORG_FEATURES], "centralized root access: member accounts' root credentials are managed centrally (ListOrganizationsFeatures RootCredentialsManagement)"),
  attr('root_sessions', BOOLEAN, [ORG_FEATURES], 'centralized root access: privileged root sessions in member accounts are enabled (ListOrganizationsFeatures RootSessions)'),
] as const;

export const OU_ATTRIBUTES = [
  attr('id', STRING, ORG_TREE, 'the OU id (`ou-...`), or the root id (`r-...`)'),
  attr('name', STRING, ORG_TREE, 'the OU name (`Root` for the organization root)'),
  attr('arn', STRING, ORG_TREE, 'the OU or root ARN'),
  attr('root', BOOLEAN, ORG_TREE, 'this is the organization root, the top of the OU tree', ['is_root']),
  attr('path', STRING, ORG_TREE, 'the names from the root down, `Root/Workloads/Prod`'),
  attr('parent', link('organizational-unit'), ORG_TREE, 'the parent OU or root; null for the root'),
  attr('children', links('organizational-unit'), ORG_TREE, 'the OUs directly below'),
  attr('accounts', links('account'), ORG_TREE, 'the accounts directly in this OU'),
  attr('scps', links('scp'), [ORG_POLICIES], 'service control policies attached directly'),
  attr('effective_scps', links('scp'), [ORG_POLICIES, ...ORG_TREE], 'service control policies attached here or above'),
  attr('rcps', links('scp'), [ORG_POLICIES], 'resource control policies attached directly'),
] as const;

export const SCP_ATTRIBUTES = [
  attr('id', STRING, [ORG_POLICIES], 'the policy id (`p-...`)'),
  attr('name', STRING, [ORG_POLICIES], 'the policy name'),
  attr('arn', STRING, [ORG_POLICIES], 'the policy ARN'),
  attr('description', STRING, [ORG_POLICIES], 'the policy description; null when empty'),
  attr('policy_type', STRING, [ORG_POLICIES], '`SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY`', ['type']),
  attr('aws_managed', BOOLEAN, [ORG_POLICIES], 'an AWS managed policy such as FullAWSAccess'),
  attr('attached', BOOLEAN, [ORG_POLICIES], 'attached to at least one root, OU or account'),
  attr('targets', STRINGS, [ORG_POLICIES], 'ids of the roots, OUs and accounts it is attached to'),
  attr('target_accounts', links('account'), [ORG_POLICIES, ACCOUNTS], 'accounts it is attached to directly'),
  attr('target_ous', links('organizational-unit'), [ORG_POLICIES, ROOTS, OUS], 'OUs and roots it is attached to directly'),
  attr('document', DOCUMENTS, [ORG_POLICIES], 'the policy content, as a one-document list'),
  attr('permissions', DOCUMENTS, [ORG_POLICIES], 'same as `document`'),
  attr('statements', links('statement'), [ORG_POLICIES], 'the statements of the policy content'),
] as const;

/**
 * The JSON Schema of the `identityCenter` and `accessAnalyzer` sections, part of
 * SNAPSHOT_JSON_SCHEMA (snapshot-json-schema.ts, whose `$defs` the references name); its own file
 * to keep that one short. The interfaces are in snapshot-identity-center.ts.
 */

const principalType = { enum: ['USER', 'GROUP'] } as const;

const customerManagedPolicyReference = {
  type: 'object',
  required: ['Name'],
  properties: { Name: { type: 'string', minLength: 1 }, Path: { type: 'string' } },
} as const;

export const IDENTITY_CENTER_SCHEMA = {
  type: ['object', 'null'],
  additionalProperties: false,
  description: 'IAM Identity Center state (sso-admin and identitystore, from the management account or its delegated administrator); null when the organization has no Identity Center instance.',
  properties: {
    instances: {
      type: 'array',
      description: 'sso-admin ListInstances Instances.',
      items: {
        type: 'object',
        required: ['InstanceArn', 'IdentityStoreId'],
        properties: {
          InstanceArn: { $ref: '#/$defs/arn' },
          IdentityStoreId: { type: 'string', minLength: 1 },
          OwnerAccountId: { $ref: '#/$defs/accountId' },
          Name: { type: 'string' },
          Status: { type: 'string' },
          CreatedDate: { $ref: '#/$defs/date' },
        },
      },
    },
    permissionSets: {
      type: 'array',
      description:
        'Every permission set of every instance: DescribePermissionSet PermissionSet, plus InstanceArn, InlinePolicy (null when none), AttachedManagedPolicies, CustomerManagedPolicyReferences and PermissionsBoundary (null when none).',
      items: {
        type: 'object',
        required: ['PermissionSetArn', 'Name', 'InstanceArn', 'InlinePolicy', 'AttachedManagedPolicies', 'CustomerManagedPolicyReferences', 'PermissionsBoundary'],
        properties: {
          PermissionSetArn: { $ref: '#/$defs/arn' },
          Name: { type: 'string', minLength: 1 },
          Description: { type: 'string' },
          SessionDuration: { $ref: '#/$defs/duration' },
          RelayState: { type: 'string' },
          CreatedDate: { $ref: '#/$defs/date' },
          InstanceArn: { $ref: '#/$defs/arn' },
          InlinePolicy: { type: ['string', 'null'], description: 'GetInlinePolicyForPermissionSet InlinePolicy, a JSON policy document as text; null when the set has none.' },
          AttachedManagedPolicies: {
            type: 'array',
            description: 'ListManagedPoliciesInPermissionSet AttachedManagedPolicies.',
            items: { type: 'object', required: ['Arn'], properties: { Name: { type: 'string' }, Arn: { $ref: '#/$defs/arn' } } },
          },
          CustomerManagedPolicyReferences: {
            type: 'array',
            description: 'ListCustomerManagedPolicyReferencesInPermissionSet CustomerManagedPolicyReferences.',
            items: customerManagedPolicyReference,
          },
          PermissionsBoundary: {
            description: 'GetPermissionsBoundaryForPermissionSet PermissionsBoundary; null when the set has none.',
            oneOf: [
              { type: 'null' },
              { type: 'object', required: ['ManagedPolicyArn'], properties: { ManagedPolicyArn: { $ref: '#/$defs/arn' } } },
              {
                type: 'object',
                required: ['CustomerManagedPolicyReference'],
                properties: { CustomerManagedPolicyReference: customerManagedPolicyReference },
              },
            ],
          },
        },
      },
    },
    accountAssignments: {
      type: 'array',
      description: 'ListAccountAssignments AccountAssignments of every (account, permission set) pair provisioned, plus InstanceArn.',
      items: {
        type: 'object',
        required: ['InstanceArn', 'AccountId', 'PermissionSetArn', 'PrincipalType', 'PrincipalId'],
        properties: {
          InstanceArn: { $ref: '#/$defs/arn' },
          AccountId: { $ref: '#/$defs/accountId' },
          PermissionSetArn: { $ref: '#/$defs/arn' },
          PrincipalType: principalType,
          PrincipalId: { type: 'string', minLength: 1 },
        },
      },
    },
    users: {
      type: 'array',
      description: 'identitystore ListUsers Users of each instance (names only: never credentials).',
      items: {
        type: 'object',
        required: ['IdentityStoreId', 'UserId', 'UserName'],
        properties: {
          IdentityStoreId: { type: 'string', minLength: 1 },
          UserId: { type: 'string', minLength: 1 },
          UserName: { type: 'string' },
          DisplayName: { type: 'string' },
        },
      },
    },
    groups: {
      type: 'array',
      description: 'identitystore ListGroups Groups of each instance.',
      items: {
        type: 'object',
        required: ['IdentityStoreId', 'GroupId'],
        properties: {
          IdentityStoreId: { type: 'string', minLength: 1 },
          GroupId: { type: 'string', minLength: 1 },
          DisplayName: { type: 'string' },
          Description: { type: 'string' },
        },
      },
    },
    groupMemberships: {
      type: 'array',
      description: 'identitystore ListGroupMemberships GroupMemberships of every group.',
      items: {
        type: 'object',
        required: ['IdentityStoreId', 'GroupId', 'MembershipId', 'MemberId'],
        properties: {
          IdentityStoreId: { type: 'string', minLength: 1 },
          GroupId: { type: 'string', minLength: 1 },
          MembershipId: { type: 'string', minLength: 1 },
          MemberId: { type: 'object', required: ['UserId'], properties: { UserId: { type: 'string', minLength: 1 } } },
        },
      },
    },
  },
} as const;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const ACCESS_ANALYZER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'IAM Access Analyzer state, per region queried.',
  properties: {
    regions: {
      type: 'array',
      description: "One entry per region queried. A part (`analyzers`, `findings`) that is missing or named in the entry's `errors` is unknown for that region only.",
      items: {
        type: 'object',
        required: ['region'],
        additionalProperties: false,
        properties: {
          region: { $ref: '#/$defs/region' },
          analyzers: {
            type: 'array',
            description: 'ListAnalyzers analyzers.',
            items: {
              type: 'object',
              required: ['arn', 'name', 'type', 'status'],
              properties: {
                arn: { $ref: '#/$defs/arn' },
                name: { type: 'string', minLength: 1 },
                type: { type: 'string', minLength: 1 },
                status: { type: 'string', minLength: 1 },
                createdAt: { $ref: '#/$defs/date' },
                lastResourceAnalyzed: { type: 'string' },
                lastResourceAnalyzedAt: { $ref: '#/$defs/date' },
                statusReason: { type: 'object', properties: { code: { type: 'string' } } },
                configuration: { type: 'object', description: '`{ unusedAccess: { unusedAccessAge, analysisRule } }` for unused-access analyzers.' },
              },
            },
          },
          findings: {
            type: 'array',
            description: 'The ACTIVE findings of every analyzer: ListFindings (external access) or ListFindingsV2 (unused access) summaries, plus analyzerArn and findingType.',
            items: {
              type: 'object',
              required: ['id', 'analyzerArn', 'findingType', 'status'],
              properties: {
                id: { type: 'string', minLength: 1 },
                analyzerArn: { $ref: '#/$defs/arn' },
                findingType: { type: 'string', minLength: 1 },
                resource: { type: 'string' },
                resourceType: { type: 'string' },
                resourceOwnerAccount: { $ref: '#/$defs/accountId' },
                status: { type: 'string', minLength: 1 },
                principal: stringMap,
                action: { type: 'array', items: { type: 'string' } },
                condition: stringMap,
                isPublic: { type: 'boolean' },
                createdAt: { $ref: '#/$defs/date' },
                updatedAt: { $ref: '#/$defs/date' },
                analyzedAt: { $ref: '#/$defs/date' },
              },
            },
          },
          errors: {
            type: 'array',
            description: 'The parts of this region that could not be collected.',
            items: {
              type: 'object',
              required: ['part'],
              additionalProperties: false,
              properties: { part: { enum: ['analyzers', 'findings'] }, code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

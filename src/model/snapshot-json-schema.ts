/**
 * The JSON Schema (draft 2020-12) of snapshot files, v1: the structural half of validation (the
 * other half, in validate-snapshot.ts, parses policy documents and the credential report CSV).
 * docs/snapshot.schema.json is this object written out for users and editors, and
 * generated/snapshot-validator.ts its precompiled validator (both by `npm run generate`); the
 * Snapshot interfaces of snapshot.ts must be its shape (test/model/snapshot-types.test.ts).
 *
 * Containers that guard defines (top level, `account`, `iam`, `organizations`, `identityCenter`,
 * `accessAnalyzer` and its regions, `errors[]`) reject
 * unknown keys so that a misspelt section is an error rather than "not collected"; AWS shapes accept
 * extra keys because AWS adds fields over time. Dates use `format: date-time`, which guard checks
 * with parseInstant (so the boto3 form `2026-11-27 10:00:00+00:00` is accepted).
 */
import { ACCESS_ANALYZER_SCHEMA, IDENTITY_CENTER_SCHEMA } from './snapshot-json-schema-identity-center.ts';

export const SNAPSHOT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'guard snapshot v1',
  description:
    "One AWS account's IAM and Organizations state, as written by `guard snapshot` or assembled by hand from AWS CLI output. A section that is missing or named in `errors` was not collected: rules that depend on it yield `unknown` findings.",
  type: 'object',
  required: ['format', 'capturedAt', 'account'],
  additionalProperties: false,
  properties: {
    format: { const: 'guard-snapshot/v1', description: 'The file format and version.' },
    capturedAt: { $ref: '#/$defs/date', description: 'When the snapshot was taken; rules are evaluated at this time unless `--now` says otherwise.' },
    account: {
      type: 'object',
      required: ['id', 'partition'],
      additionalProperties: false,
      properties: {
        id: { $ref: '#/$defs/accountId' },
        partition: { $ref: '#/$defs/partition' },
      },
    },
    iam: {
      type: 'object',
      additionalProperties: false,
      description: 'IAM state, in the AWS API output shapes. Each key is a section.',
      properties: {
        credentialReport: {
          type: 'string',
          description: 'The CSV text of GetCredentialReport (its Content, base64-decoded). LF or CRLF line ends.',
        },
        authorizationDetails: { $ref: '#/$defs/authorizationDetails' },
        accountSummary: {
          type: 'object',
          description: 'GetAccountSummary SummaryMap.',
          additionalProperties: { type: 'integer', minimum: 0 },
        },
        passwordPolicy: {
          type: ['object', 'null'],
          description: 'GetAccountPasswordPolicy PasswordPolicy; null when the account has no password policy (NoSuchEntity).',
          required: ['MinimumPasswordLength'],
          properties: {
            MinimumPasswordLength: { type: 'integer', minimum: 0 },
            RequireSymbols: { type: 'boolean' },
            RequireNumbers: { type: 'boolean' },
            RequireUppercaseCharacters: { type: 'boolean' },
            RequireLowercaseCharacters: { type: 'boolean' },
            AllowUsersToChangePassword: { type: 'boolean' },
            ExpirePasswords: { type: 'boolean' },
            MaxPasswordAge: { type: 'integer', minimum: 0 },
            PasswordReusePrevention: { type: 'integer', minimum: 0 },
            HardExpiry: { type: 'boolean' },
          },
        },
        virtualMfaDevices: {
          type: 'array',
          description: 'ListVirtualMFADevices VirtualMFADevices (assignment status Any).',
          items: {
            type: 'object',
            required: ['SerialNumber'],
            properties: {
              SerialNumber: { type: 'string', minLength: 1 },
              User: {
                type: 'object',
                required: ['Arn'],
                properties: { UserName: { type: 'string' }, Arn: { $ref: '#/$defs/arn' }, UserId: { type: 'string' } },
              },
              EnableDate: { $ref: '#/$defs/date' },
              Tags: { $ref: '#/$defs/tags' },
            },
          },
        },
        mfaDevices: {
          type: 'array',
          description: 'Optional: ListMFADevices MFADevices of every user, concatenated. Adds hardware devices to the model.',
          items: {
            type: 'object',
            required: ['UserName', 'SerialNumber'],
            properties: {
              UserName: { type: 'string', minLength: 1 },
              SerialNumber: { type: 'string', minLength: 1 },
              EnableDate: { $ref: '#/$defs/date' },
            },
          },
        },
        samlProviders: {
          type: 'array',
          description: 'ListSAMLProviders SAMLProviderList.',
          items: {
            type: 'object',
            required: ['Arn'],
            properties: {
              Arn: { $ref: '#/$defs/arn' },
              ValidUntil: { $ref: '#/$defs/date' },
              CreateDate: { $ref: '#/$defs/date' },
              Tags: { $ref: '#/$defs/tags' },
            },
          },
        },
        oidcProviders: {
          type: 'array',
          description: 'GetOpenIDConnectProvider output of each provider, with its Arn.',
          items: {
            type: 'object',
            required: ['Arn'],
            properties: {
              Arn: { $ref: '#/$defs/arn' },
              Url: { type: 'string' },
              ClientIDList: { type: 'array', items: { type: 'string' } },
              ThumbprintList: { type: 'array', items: { type: 'string' } },
              CreateDate: { $ref: '#/$defs/date' },
              Tags: { $ref: '#/$defs/tags' },
            },
          },
        },
        accountAliases: {
          type: 'array',
          description: 'Optional: ListAccountAliases AccountAliases.',
          items: { type: 'string' },
        },
        organizationsFeatures: {
          type: ['object', 'null'],
          description: 'Optional: ListOrganizationsFeatures (centralized root access); null when the account is in no organization.',
          required: ['EnabledFeatures'],
          properties: { OrganizationId: { type: 'string' }, EnabledFeatures: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
    organizations: {
      type: ['object', 'null'],
      additionalProperties: false,
      description: 'Organizations state; null when the account is in no organization.',
      properties: {
        organization: {
          type: 'object',
          description: 'DescribeOrganization Organization.',
          required: ['Id', 'Arn', 'MasterAccountId'],
          properties: {
            Id: { type: 'string', minLength: 1 },
            Arn: { $ref: '#/$defs/arn' },
            FeatureSet: { type: 'string' },
            MasterAccountArn: { $ref: '#/$defs/arn' },
            MasterAccountId: { $ref: '#/$defs/accountId' },
            MasterAccountEmail: { type: 'string' },
          },
        },
        roots: {
          type: 'array',
          description: 'ListRoots Roots.',
          items: {
            type: 'object',
            required: ['Id', 'Arn'],
            properties: {
              Id: { type: 'string', minLength: 1 },
              Arn: { $ref: '#/$defs/arn' },
              Name: { type: 'string' },
              PolicyTypes: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['Type', 'Status'],
                  properties: { Type: { type: 'string' }, Status: { type: 'string' } },
                },
              },
            },
          },
        },
        organizationalUnits: {
          type: 'array',
          description: 'Every OU of the tree, each with the id of its parent OU or root in ParentId.',
          items: {
            type: 'object',
            required: ['Id', 'Arn', 'Name', 'ParentId'],
            properties: {
              Id: { type: 'string', minLength: 1 },
              Arn: { $ref: '#/$defs/arn' },
              Name: { type: 'string' },
              ParentId: { type: 'string', minLength: 1 },
            },
          },
        },
        accounts: {
          type: 'array',
          description: 'ListAccounts Accounts, each with the id of its parent OU or root in ParentId.',
          items: {
            type: 'object',
            required: ['Id', 'ParentId'],
            properties: {
              Id: { $ref: '#/$defs/accountId' },
              Arn: { $ref: '#/$defs/arn' },
              Email: { type: 'string' },
              Name: { type: 'string' },
              Status: { type: 'string' },
              State: { type: 'string' },
              JoinedMethod: { type: 'string' },
              JoinedTimestamp: { $ref: '#/$defs/date' },
              ParentId: { type: 'string', minLength: 1 },
            },
          },
        },
        policies: {
          type: 'array',
          description: 'Organization policies (SCPs and RCPs; other types are ignored): DescribePolicy Policy (PolicySummary and Content) with ListTargetsForPolicy Targets.',
          items: {
            type: 'object',
            required: ['PolicySummary', 'Content', 'Targets'],
            properties: {
              PolicySummary: {
                type: 'object',
                required: ['Id', 'Arn', 'Name', 'Type'],
                properties: {
                  Id: { type: 'string', minLength: 1 },
                  Arn: { $ref: '#/$defs/arn' },
                  Name: { type: 'string' },
                  Description: { type: 'string' },
                  Type: { type: 'string' },
                  AwsManaged: { type: 'boolean' },
                },
              },
              Content: { $ref: '#/$defs/policyDocument' },
              Targets: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['TargetId'],
                  properties: {
                    TargetId: { type: 'string', minLength: 1 },
                    Arn: { $ref: '#/$defs/arn' },
                    Name: { type: 'string' },
                    Type: { type: 'string' },
                  },
                },
              },
            },
          },
        },
        delegatedAdministrators: {
          type: 'array',
          description: 'Optional: ListDelegatedAdministrators DelegatedAdministrators, each with the DelegatedServices of ListDelegatedServicesForAccount.',
          items: {
            type: 'object',
            required: ['Id'],
            properties: {
              Id: { $ref: '#/$defs/accountId' },
              DelegatedServices: {
                type: 'array',
                items: { type: 'object', required: ['ServicePrincipal'], properties: { ServicePrincipal: { type: 'string' }, DelegationEnabledDate: { $ref: '#/$defs/date' } } },
              },
            },
          },
        },
      },
    },
    identityCenter: IDENTITY_CENTER_SCHEMA,
    accessAnalyzer: ACCESS_ANALYZER_SCHEMA,
    errors: {
      type: 'array',
      description: 'Sections that could not be collected, by key path (`organizations`, `iam.credentialReport`); their data is treated as unknown.',
      items: {
        type: 'object',
        required: ['section'],
        additionalProperties: false,
        properties: {
          section: { type: 'string', minLength: 1 },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    collector: { type: 'object', description: 'Free-form information about the tool that wrote the file.' },
  },
  $defs: {
    date: {
      type: 'string',
      format: 'date-time',
      description: 'ISO 8601: `2026-11-27T10:00:00Z`, `2026-11-27T10:00:00+00:00`, `2026-11-27T10:00:00.123456Z` or `2026-11-27 10:00:00+00:00`.',
    },
    accountId: { type: 'string', pattern: '^[0-9]{12}$', description: 'A 12-digit AWS account id.' },
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$', description: 'An AWS region such as `us-east-1`.' },
    duration: { type: 'string', pattern: '^P(?=[0-9T])([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$', description: 'An ISO 8601 duration such as `PT1H` or `PT12H`.' },
    partition: { type: 'string', pattern: '^aws(-[a-z]+)*$', description: 'An AWS partition: `aws`, `aws-cn`, `aws-us-gov`, ...' },
    arn: { type: 'string', pattern: '^arn:[a-z-]+:', description: 'An Amazon Resource Name.' },
    policyDocument: {
      type: ['object', 'string'],
      description: 'An IAM policy document: a JSON object, a JSON string, or a URL-encoded JSON string (the raw API form).',
    },
    tags: {
      type: 'array',
      items: { type: 'object', required: ['Key', 'Value'], properties: { Key: { type: 'string' }, Value: { type: 'string' } } },
    },
    attachedPolicies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['PolicyArn'],
        properties: { PolicyName: { type: 'string' }, PolicyArn: { $ref: '#/$defs/arn' } },
      },
    },
    inlinePolicies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['PolicyName', 'PolicyDocument'],
        properties: { PolicyName: { type: 'string', minLength: 1 }, PolicyDocument: { $ref: '#/$defs/policyDocument' } },
      },
    },
    permissionsBoundary: {
      type: 'object',
      required: ['PermissionsBoundaryArn'],
      properties: { PermissionsBoundaryType: { type: 'string' }, PermissionsBoundaryArn: { $ref: '#/$defs/arn' } },
    },
    authorizationDetails: {
      type: 'object',
      description: 'GetAccountAuthorizationDetails output (all pages merged), as `aws iam get-account-authorization-details` prints it.',
      properties: {
        UserDetailList: {
          type: 'array',
          items: {
            type: 'object',
            required: ['UserName', 'Arn', 'CreateDate'],
            properties: {
              Path: { type: 'string' },
              UserName: { type: 'string', minLength: 1 },
              UserId: { type: 'string' },
              Arn: { $ref: '#/$defs/arn' },
              CreateDate: { $ref: '#/$defs/date' },
              UserPolicyList: { $ref: '#/$defs/inlinePolicies' },
              GroupList: { type: 'array', items: { type: 'string' } },
              AttachedManagedPolicies: { $ref: '#/$defs/attachedPolicies' },
              PermissionsBoundary: { $ref: '#/$defs/permissionsBoundary' },
              Tags: { $ref: '#/$defs/tags' },
            },
          },
        },
        GroupDetailList: {
          type: 'array',
          items: {
            type: 'object',
            required: ['GroupName', 'Arn', 'CreateDate'],
            properties: {
              Path: { type: 'string' },
              GroupName: { type: 'string', minLength: 1 },
              GroupId: { type: 'string' },
              Arn: { $ref: '#/$defs/arn' },
              CreateDate: { $ref: '#/$defs/date' },
              GroupPolicyList: { $ref: '#/$defs/inlinePolicies' },
              AttachedManagedPolicies: { $ref: '#/$defs/attachedPolicies' },
            },
          },
        },
        RoleDetailList: {
          type: 'array',
          items: {
            type: 'object',
            required: ['RoleName', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument'],
            properties: {
              Path: { type: 'string' },
              RoleName: { type: 'string', minLength: 1 },
              RoleId: { type: 'string' },
              Arn: { $ref: '#/$defs/arn' },
              CreateDate: { $ref: '#/$defs/date' },
              AssumeRolePolicyDocument: { $ref: '#/$defs/policyDocument' },
              Description: { type: 'string' },
              MaxSessionDuration: { type: 'integer', minimum: 0 },
              InstanceProfileList: {
                type: 'array',
                items: { type: 'object', required: ['InstanceProfileName'], properties: { InstanceProfileName: { type: 'string' } } },
              },
              RolePolicyList: { $ref: '#/$defs/inlinePolicies' },
              AttachedManagedPolicies: { $ref: '#/$defs/attachedPolicies' },
              PermissionsBoundary: { $ref: '#/$defs/permissionsBoundary' },
              Tags: { $ref: '#/$defs/tags' },
              RoleLastUsed: {
                type: 'object',
                description: '`{}` when the role was not used in the tracking window.',
                properties: { LastUsedDate: { anyOf: [{ $ref: '#/$defs/date' }, { type: 'null' }] }, Region: { type: ['string', 'null'] } },
              },
            },
          },
        },
        Policies: {
          type: 'array',
          items: {
            type: 'object',
            required: ['PolicyName', 'Arn'],
            properties: {
              PolicyName: { type: 'string', minLength: 1 },
              PolicyId: { type: 'string' },
              Arn: { $ref: '#/$defs/arn' },
              Path: { type: 'string' },
              DefaultVersionId: { type: 'string' },
              AttachmentCount: { type: ['integer', 'null'], minimum: 0, description: 'null (as some dumps write it) reads as absent.' },
              PermissionsBoundaryUsageCount: { type: ['integer', 'null'], minimum: 0, description: 'null (as some dumps write it) reads as absent.' },
              IsAttachable: { type: 'boolean' },
              Description: { type: 'string' },
              CreateDate: { $ref: '#/$defs/date' },
              UpdateDate: { $ref: '#/$defs/date' },
              PolicyVersionList: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    Document: { $ref: '#/$defs/policyDocument' },
                    VersionId: { type: 'string' },
                    IsDefaultVersion: { type: 'boolean' },
                    CreateDate: { $ref: '#/$defs/date' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** Messages for `pattern` failures, by the `$defs` entry whose pattern failed. */
export const PATTERN_MESSAGES: Readonly<Record<string, string>> = {
  accountId: 'expected a 12-digit account id',
  region: 'expected an AWS region such as `us-east-1`',
  duration: 'expected an ISO 8601 duration such as `PT1H`',
  partition: 'expected an AWS partition such as `aws`',
  arn: 'expected an ARN (`arn:aws:...`)',
};

/**
 * What guard checks for each bundled path (data/privesc/paths.json): the actions it requires and,
 * per action, the kind of resource it must be granted on. Written by us from the sources' notes; a
 * test holds the table to the bundle (same ids, same actions).
 */

/**
 * The resource a required action must be granted on.
 * - `any`: some resource. Also used where the path needs a resource guard's snapshot does not hold
 *   (an existing Lambda function, Glue endpoint, EC2 instance, stack): guard has no resource
 *   inventory, so it cannot tell which exist. Such paths set `existingRole` instead (see PathRule).
 * - `self`: the principal's own ARN (a user's PutUserPolicy, a role's PutRolePolicy).
 * - `own-group`: a group the principal, a user, belongs to.
 * - `group-of-account`: a group of the account the user is not in and that is more privileged.
 * - `other-user`: a user other than the principal that is more privileged: its credentials are taken.
 * - `any-user`: a user other than the principal: the path itself gives it the privileges, then takes its credentials.
 * - `pass-role`: iam:PassRole on a role other than the principal that a service of `services` can
 *   assume (its trust policy names the service) and that is more privileged.
 * - `assumable-role`: sts:AssumeRole on a role whose trust policy lets the principal in (its ARN; or
 *   the account, its root or `*`, when an identity policy also grants sts:AssumeRole on the role).
 * - `role`: a role other than the principal; the path makes it privileged or assumable.
 * - `policy-attached-to-self`: a customer managed policy attached to the principal or one of its groups.
 * - `policy-attached-to-role`: a customer managed policy attached to the path's target role.
 * All target kinds of one path (everything but `any`) must hold on one target: the same user, role or policy.
 */
export type ConstraintKind = 'any' | 'self' | 'own-group' | 'group-of-account' | 'other-user' | 'any-user' | 'pass-role' | 'assumable-role' | 'role' | 'policy-attached-to-self' | 'policy-attached-to-role';

export interface RequiredPermission {
  readonly action: string;
  readonly kind: ConstraintKind;
}

export interface PathRule {
  readonly id: string;
  readonly requires: readonly RequiredPermission[];
  /** Only principals of this type can take the path (a role is in no group; IAM users have no role policies). */
  readonly principal?: 'user' | 'role';
  /** Service principals: the role passed (`pass-role`) or the existing resource's role (`existingRole`) must trust one. */
  readonly services?: readonly string[];
  /**
   * The path reuses a role already attached to a resource guard cannot see (function, instance, stack):
   * it applies when some role other than the principal trusts one of `services` and is more privileged.
   */
  readonly existingRole?: true;
  /** EC2 takes a role through an instance profile: the role must be in one. */
  readonly instanceProfile?: true;
  /** The target must be more privileged than the principal: `admin` only (sts-001: escalating roles are followed as chains), or `escalates` (admin, or has a path itself). */
  readonly privileged?: 'admin' | 'escalates';
  /** SetDefaultPolicyVersion needs another version to switch to: the policy must have more than one. */
  readonly severalVersions?: true;
}

const any = (action: string): RequiredPermission => ({ action, kind: 'any' });
const on = (kind: ConstraintKind, action: string): RequiredPermission => ({ action, kind });

function passRole(id: string, services: readonly string[], actions: readonly string[], extra: Partial<PathRule> = {}): PathRule {
  return { id, requires: [on('pass-role', 'iam:PassRole'), ...actions.map(any)], services, privileged: 'escalates', ...extra };
}

function existing(id: string, services: readonly string[], actions: readonly string[], extra: Partial<PathRule> = {}): PathRule {
  return { id, requires: actions.map(any), services, existingRole: true, privileged: 'escalates', ...extra };
}

const APPRUNNER = ['tasks.apprunner.amazonaws.com'];
const BEDROCK = ['bedrock-agentcore.amazonaws.com'];
const CFN = ['cloudformation.amazonaws.com'];
const CODEBUILD = ['codebuild.amazonaws.com'];
const DATAPIPELINE = ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com'];
const EC2 = ['ec2.amazonaws.com'];
const ECS = ['ecs-tasks.amazonaws.com'];
const GLUE = ['glue.amazonaws.com'];
const LAMBDA = ['lambda.amazonaws.com'];
const SAGEMAKER = ['sagemaker.amazonaws.com'];
const PROFILE = { instanceProfile: true } as const;

export const PATH_RULES: readonly PathRule[] = [
  passRole('apprunner-001', APPRUNNER, ['apprunner:CreateService']),
  existing('apprunner-002', APPRUNNER, ['apprunner:UpdateService']),
  passRole('bedrock-001', BEDROCK, ['bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter']),
  existing('bedrock-002', BEDROCK, ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter']),
  passRole('cloudformation-001', CFN, ['cloudformation:CreateStack']),
  existing('cloudformation-002', CFN, ['cloudformation:UpdateStack']),
  // The StackSet administration role trusts CloudFormation and assumes the execution role: it is
  // more privileged when that chain reaches admin, which the recursion sees.
  passRole('cloudformation-003', CFN, ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances']),
  passRole('cloudformation-004', CFN, ['cloudformation:UpdateStackSet']),
  existing('cloudformation-005', CFN, ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']),
  passRole('codebuild-001', CODEBUILD, ['codebuild:CreateProject', 'codebuild:StartBuild']),
  existing('codebuild-002', CODEBUILD, ['codebuild:StartBuild']),
  existing('codebuild-003', CODEBUILD, ['codebuild:StartBuildBatch']),
  passRole('codebuild-004', CODEBUILD, ['codebuild:CreateProject', 'codebuild:StartBuildBatch']),
  passRole('datapipeline-001', DATAPIPELINE, ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline']),
  existing('ec2instanceconnect-003', EC2, ['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances'], PROFILE),
  passRole('ec2-001', EC2, ['ec2:RunInstances'], PROFILE),
  existing('ec2-002', EC2, ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'], PROFILE),
  passRole('ec2-003', EC2, ['ec2:RequestSpotInstances'], PROFILE),
  existing('ec2-004', EC2, ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], PROFILE),
  passRole('ecs-001', ECS, ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService']),
  passRole('ecs-002', ECS, ['ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask']),
  passRole('ecs-003', ECS, ['ecs:RegisterTaskDefinition', 'ecs:CreateService']),
  passRole('ecs-004', ECS, ['ecs:RegisterTaskDefinition', 'ecs:RunTask']),
  passRole('ecs-005', ECS, ['ecs:RegisterTaskDefinition', 'ecs:StartTask']),
  passRole('glue-001', GLUE, ['glue:CreateDevEndpoint']),
  existing('glue-002', GLUE, ['glue:UpdateDevEndpoint']),
  passRole('glue-003', GLUE, ['glue:CreateJob', 'glue:StartJobRun']),
  passRole('glue-004', GLUE, ['glue:CreateJob', 'glue:CreateTrigger']),
  passRole('glue-005', GLUE, ['glue:UpdateJob', 'glue:StartJobRun']),
  passRole('glue-006', GLUE, ['glue:UpdateJob', 'glue:CreateTrigger']),
  { id: 'iam-001', requires: [on('policy-attached-to-self', 'iam:CreatePolicyVersion')] },
  { id: 'iam-002', requires: [on('other-user', 'iam:CreateAccessKey')], privileged: 'escalates' },
  { id: 'iam-003', requires: [on('other-user', 'iam:CreateAccessKey'), on('other-user', 'iam:DeleteAccessKey')], privileged: 'escalates' },
  { id: 'iam-004', requires: [on('other-user', 'iam:CreateLoginProfile')], privileged: 'escalates' },
  { id: 'iam-005', requires: [on('self', 'iam:PutRolePolicy')], principal: 'role' },
  { id: 'iam-006', requires: [on('other-user', 'iam:UpdateLoginProfile')], privileged: 'escalates' },
  { id: 'iam-007', requires: [on('self', 'iam:PutUserPolicy')], principal: 'user' },
  { id: 'iam-008', requires: [on('self', 'iam:AttachUserPolicy')], principal: 'user' },
  { id: 'iam-009', requires: [on('self', 'iam:AttachRolePolicy')], principal: 'role' },
  { id: 'iam-010', requires: [on('own-group', 'iam:AttachGroupPolicy')], principal: 'user' },
  { id: 'iam-011', requires: [on('own-group', 'iam:PutGroupPolicy')], principal: 'user' },
  { id: 'iam-012', requires: [on('role', 'iam:UpdateAssumeRolePolicy')], privileged: 'escalates' },
  { id: 'iam-013', requires: [on('group-of-account', 'iam:AddUserToGroup')], principal: 'user', privileged: 'escalates' },
  { id: 'iam-014', requires: [on('role', 'iam:AttachRolePolicy'), on('assumable-role', 'sts:AssumeRole')] },
  { id: 'iam-015', requires: [on('any-user', 'iam:AttachUserPolicy'), on('any-user', 'iam:CreateAccessKey')] },
  { id: 'iam-016', requires: [on('policy-attached-to-role', 'iam:CreatePolicyVersion'), on('assumable-role', 'sts:AssumeRole')] },
  { id: 'iam-017', requires: [on('role', 'iam:PutRolePolicy'), on('assumable-role', 'sts:AssumeRole')] },
  { id: 'iam-018', requires: [on('any-user', 'iam:PutUserPolicy'), on('any-user', 'iam:CreateAccessKey')] },
  { id: 'iam-019', requires: [on('role', 'iam:AttachRolePolicy'), on('role', 'iam:UpdateAssumeRolePolicy')] },
  { id: 'iam-020', requires: [on('policy-attached-to-role', 'iam:CreatePolicyVersion'), on('role', 'iam:UpdateAssumeRolePolicy')] },
  { id: 'iam-021', requires: [on('role', 'iam:PutRolePolicy'), on('role', 'iam:UpdateAssumeRolePolicy')] },
  passRole('lambda-001', LAMBDA, ['lambda:CreateFunction', 'lambda:InvokeFunction']),
  passRole('lambda-002', LAMBDA, ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping']),
  existing('lambda-003', LAMBDA, ['lambda:UpdateFunctionCode']),
  existing('lambda-004', LAMBDA, ['lambda:UpdateFunctionCode', 'lambda:InvokeFunction']),
  existing('lambda-005', LAMBDA, ['lambda:UpdateFunctionCode', 'lambda:AddPermission']),
  passRole('lambda-006', LAMBDA, ['lambda:CreateFunction', 'lambda:AddPermission']),
  passRole('sagemaker-001', SAGEMAKER, ['sagemaker:CreateNotebookInstance']),
  passRole('sagemaker-002', SAGEMAKER, ['sagemaker:CreateTrainingJob']),
  passRole('sagemaker-003', SAGEMAKER, ['sagemaker:CreateProcessingJob']),
  existing('sagemaker-004', SAGEMAKER, ['sagemaker:CreatePresignedNotebookInstanceUrl']),
  existing('sagemaker-005', SAGEMAKER, ['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance']),
  // SSM reaches the role of a managed EC2 instance, which it holds through an instance profile.
  existing('ssm-001', EC2, ['ssm:StartSession'], PROFILE),
  existing('ssm-002', EC2, ['ssm:SendCommand'], PROFILE),
  { id: 'sts-001', requires: [on('assumable-role', 'sts:AssumeRole')], privileged: 'admin' },
  { id: 'cloudsplaining:SetExistingDefaultPolicyVersion', requires: [on('policy-attached-to-self', 'iam:SetDefaultPolicyVersion')], severalVersions: true },
  existing('cloudsplaining:ECSExecuteCommandOnRunningTask', ECS, ['ecs:ExecuteCommand', 'ecs:DescribeTasks']),
  // Rewrites the trust policy, so the AssumeRole grant is asked of the identity policies only.
  { id: 'rhino:14', requires: [on('role', 'iam:UpdateAssumeRolePolicy'), on('role', 'sts:AssumeRole')], privileged: 'escalates' },
  passRole('rhino:22', DATAPIPELINE, ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition']),
  // CodeStar creates the project's roles itself: no role of the account is involved.
  { id: 'rhino:23', requires: [any('codestar:CreateProjectFromTemplate')] },
  passRole('rhino:24', ['codestar.amazonaws.com'], ['codestar:CreateProject']),
  { id: 'rhino:25', requires: [any('codestar:CreateProject'), any('codestar:AssociateTeamMember')] },
  existing('rhino:26', LAMBDA, ['lambda:UpdateFunctionConfiguration']),
  passRole('rhino:27', SAGEMAKER, ['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl']),
];

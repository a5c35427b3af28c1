import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/engine/compile.ts';
import { referenceVerdict } from '../../src/engine/reference.ts';
import { normalizeSnapshot } from '../../src/model/index.ts';
import { parseRuleFile, printRuleFile } from '../../src/syntax/index.ts';
import { exampleSnapshot, snapshotOf } from '../model/fixtures.ts';
import { program, run } from './evaluate-fixture.ts';

// `scps deny` / `rcps deny` on the example organization (examples/snapshots/example-account.json):
// Root has FullAWSAccess and deny-leave-organization; Workloads denies the root user (a condition on
// aws:PrincipalArn); Prod restricts regions (a condition on aws:RequestedRegion); Suspended denies
// everything; the sandbox account denies redshift:* and more. RCPs: RCPFullAWSAccess everywhere,
// enforce-tls at the root for s3, sqs, kms, secretsmanager and sts.

const MODEL = normalizeSnapshot(exampleSnapshot());

function failing(rule: string): Record<string, unknown> {
  const result = run(`rule r:\n  ${rule}\n`, MODEL);
  return Object.fromEntries(result.findings.map((f) => [f.resource.name, f.status]));
}

function evidenceOf(rule: string, account: string): Record<string, unknown> {
  const result = run(`rule r:\n  ${rule}\n`, MODEL);
  const finding = result.findings.find((f) => f.resource.name === account);
  if (finding === undefined) throw new Error(`no finding on ${account}`);
  return finding.evidence as Record<string, unknown>;
}

describe('scps deny', () => {
  it('holds for every member account under the root deny-leave SCP; the management account is never restricted, and says so', () => {
    expect(failing('accounts must have scps denying "organizations:LeaveOrganization"')).toEqual({ 'example-management': 'fail' });
    expect(evidenceOf('accounts must have scps denying "organizations:LeaveOrganization"', 'example-management')).toEqual({
      'have scps denying "organizations:LeaveOrganization"': false,
      'have scps denying "organizations:LeaveOrganization": note': 'SCPs do not apply to the management account',
    });
    expect(failing('accounts where not management account must have scps denying "organizations:LeaveOrganization" unconditionally')).toEqual({});
  });

  it('is unknown when an OU of the chain is not in the snapshot, and the message names the missing part', () => {
    const data = JSON.parse(JSON.stringify(exampleSnapshot())) as { organizations: { organizationalUnits: { Name: string }[] } };
    data.organizations.organizationalUnits = data.organizations.organizationalUnits.filter((ou) => ou.Name !== 'Workloads');
    const result = run('rule r:\n  accounts where name = "example-payments-prod" must have scps denying "organizations:LeaveOrganization"\n', normalizeSnapshot(snapshotOf(data)));
    const [finding] = result.findings;
    expect(finding?.status).toBe('unknown');
    expect(finding?.evidence).toEqual({ name: 'example-payments-prod', 'have scps denying "organizations:LeaveOrganization"': 'unknown' });
    expect(finding?.message).toBe('account example-payments-prod: cannot be decided, `have scps denying "organizations:LeaveOrganization"` is unknown: the OU or root above Prod is not in the snapshot');
  });

  it('a Deny under a principal condition (a break-glass exemption) is a conditional guardrail: it counts, but not unconditionally', () => {
    // deny-root-user at Workloads: Deny * when aws:PrincipalArn is a root ARN.
    expect(failing('accounts where not management account must have scps denying "iam:CreateUser"')).toEqual({ 'example-log-archive': 'fail', 'example-security-tooling': 'fail' });
    expect(failing('accounts where not management account must have scps denying "iam:CreateUser" unconditionally')).toEqual({
      'example-log-archive': 'fail',
      'example-security-tooling': 'fail',
      'example-payments-prod': 'fail',
      'example-sandbox': 'fail',
    });
    const evidence = evidenceOf('accounts where not management account must have scps denying "iam:CreateUser" unconditionally', 'example-payments-prod');
    expect(evidence['have scps denying "iam:CreateUser" unconditionally: chain']).toBe('refuses under conditions');
    expect(evidence['have scps denying "iam:CreateUser" unconditionally: refused by']).toEqual([
      'denied at OU Root/Workloads by p-bbbb2222 deny-root-user#1 (DenyRoot) if StringLike aws:PrincipalArn=arn:aws:iam::*:root',
    ]);
  });

  it('names the level and policy of an unconditional Deny, and NotAction counts', () => {
    expect(failing('accounts where not management account must not have scps denying "redshift:CreateCluster" unconditionally')).toEqual({ 'example-sandbox': 'fail', 'example-legacy': 'fail' });
    expect(
      evidenceOf('accounts where not management account must not have scps denying "redshift:CreateCluster" unconditionally', 'example-sandbox')['have scps denying "redshift:CreateCluster" unconditionally: refused by'],
    ).toContain('denied at the account example-sandbox by p-eeee5555 sandbox-limits#1');
    // region-restriction at Prod: NotAction iam:*, ... so IAM is not restricted by it, EC2 is (perhaps).
    const prod = (action: string): unknown => evidenceOf(`account must not have scps denying "${action}"`, 'example-payments-prod')[`have scps denying "${action}": refused by`];
    expect(prod('ec2:RunInstances')).toContain('denied at OU Root/Workloads/Prod by p-cccc3333 region-restriction#1 (DenyOtherRegions) if StringNotEquals aws:RequestedRegion=us-east-1,eu-west-1');
    expect(prod('iam:CreateUser')).not.toContain(expect.stringContaining('region-restriction'));
  });

  it('a Deny of everything at an OU refuses every request of its accounts', () => {
    const result = run('rule r:\n  accounts where name = "example-legacy" must not have scps denying "s3:GetObject" unconditionally\n', MODEL);
    expect(result.findings.map((f) => f.resource.name)).toEqual(['example-legacy']);
  });
});

describe('rcps deny', () => {
  it('applies to the services RCPs cover, never to the management account', () => {
    expect(failing('accounts must have rcps denying "s3:GetObject" on "arn:aws:s3:::bucket/*"')).toEqual({ 'example-management': 'fail' });
    // enforce-tls denies only when aws:SecureTransport is false: a conditional guardrail.
    expect(failing('accounts must not have rcps denying "s3:GetObject" unconditionally')).toEqual({});
    expect(evidenceOf('accounts must have rcps denying "iam:CreateUser"', 'example-sandbox')).toEqual({
      'have rcps denying "iam:CreateUser"': false,
      'have rcps denying "iam:CreateUser": note': 'RCPs do not apply to iam:CreateUser: they cover s3, sts, kms, sqs, secretsmanager, ecr, aoss, logs, cognito-idp',
    });
  });
});

describe('the syntax', () => {
  it('prints in canonical form and round-trips both forms', () => {
    const text = 'rule a:\n  accounts where scps deny "iam:*" on "arn:aws:iam::*:role/*" unconditionally must have rcps denying "s3:*"\n';
    const parsed = parseRuleFile(text, 'a.guard');
    expect(parsed.diagnostics).toEqual([]);
    expect(printRuleFile(parsed.file)).toBe(text);
  });
});

describe('compiled = reference', () => {
  it('on every account, for both policy types, with and without `on` and `unconditionally`', () => {
    const truth = ['F', 'U', 'T'];
    const accounts = MODEL.collections['accounts']?.entities ?? [];
    for (const policies of ['scps', 'rcps']) {
      for (const request of ['"organizations:LeaveOrganization"', '"s3:GetObject" on "arn:aws:s3:::b/k"', '"iam:*"', '"ec2:RunInstances" on "*"']) {
        for (const tail of ['', ' unconditionally']) {
          const checked = program(`rule r:\n  accounts where not management account must have ${policies} denying ${request}${tail}\n`);
          const rule = checked.rules[0];
          if (rule === undefined) throw new Error('no rule');
          const compiled = compileRule(rule);
          for (const account of accounts) expect(truth[compiled.verdict(account)]).toBe(referenceVerdict(rule, account));
        }
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeSnapshot, SCHEMA } from '../../src/model/index.ts';
import { checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';
import { exampleSnapshot } from '../model/fixtures.ts';
import { run } from './evaluate-fixture.ts';

// `scps deny ... outside regions [...]` on the example organization: Root/Workloads/Prod holds
// region-restriction (Deny NotAction iam:*, ... unless aws:RequestedRegion is us-east-1 or eu-west-1);
// Workloads denies everything to the root user (a conditional refusal in every region, so these
// tests ask `unconditionally`); Suspended denies everything; the other members have no region Deny.

const MODEL = normalizeSnapshot(exampleSnapshot());

function failing(rule: string): Record<string, unknown> {
  const result = run(`rule r:\n  ${rule}\n`, MODEL);
  return Object.fromEntries(result.findings.map((f) => [f.resource.name, f.status]));
}

function errors(text: string): readonly string[] {
  const parsed = parseRuleFile(text, 'rules.guard');
  const checked = checkRuleFiles([{ ast: parsed.file, text }], { schema: SCHEMA });
  return checked.ok ? [] : checked.errors.map((e) => e.code);
}

const MEMBERS = 'accounts where not management account and not status = "SUSPENDED"';

describe('scps deny ... outside regions', () => {
  it('holds where a Deny refuses every region outside the list, and only there', () => {
    const failed = failing(`${MEMBERS} must have scps denying "ec2:RunInstances" outside regions ["us-east-1", "eu-west-1"] unconditionally`);
    expect(failed).toEqual({ 'example-log-archive': 'fail', 'example-security-tooling': 'fail', 'example-sandbox': 'fail' });
    // Without `unconditionally`, Workloads' Deny for the root user counts in every region.
    expect(failing(`${MEMBERS} must have scps denying "ec2:RunInstances" outside regions ["us-east-1", "eu-west-1"]`)).toEqual({ 'example-log-archive': 'fail', 'example-security-tooling': 'fail' });
  });

  it('a list wider than the Deny passes; a narrower one fails on the region the Deny admits, which the evidence names', () => {
    expect(failing(`${MEMBERS} and name = "example-payments-prod" must have scps denying "ec2:RunInstances" outside regions ["us-east-1", "eu-west-1", "ap-south-1"] unconditionally`)).toEqual({});
    const result = run(`rule r:\n  ${MEMBERS} and name = "example-payments-prod" must have scps denying "ec2:RunInstances" outside regions "us-east-1" unconditionally\n`, MODEL);
    const evidence = result.findings[0]?.evidence as Record<string, unknown>;
    const key = 'have scps denying "ec2:RunInstances" outside regions "us-east-1" unconditionally';
    expect(evidence[`${key}: in region`]).toBe('eu-west-1');
    expect(evidence[`${key}: chain`]).toBe('refuses under conditions');
  });

  it('a global service the Deny exempts is not refused in any region', () => {
    expect(failing(`${MEMBERS} and name = "example-payments-prod" must have scps denying "iam:CreateUser" outside regions ["us-east-1"] unconditionally`)).toEqual({ 'example-payments-prod': 'fail' });
  });

  it('reads regions from a let, and rejects what is not a region', () => {
    expect(run(`let mine = ["us-east-1", "eu-west-1"]\nrule r:\n  ${MEMBERS} must have scps denying "ec2:RunInstances" outside regions mine unconditionally\n`, MODEL).findings).toHaveLength(3);
    expect(errors('rule r:\n  accounts must have scps denying "ec2:RunInstances" outside regions ["EU West"]\n')).toEqual(['check/bad-operand']);
    expect(errors('rule r:\n  accounts must have scps denying "ec2:RunInstances" outside regions [1]\n')).toEqual(['check/type-mismatch']);
  });
});

describe('a let or param compared on the left', () => {
  it('is decided when the file is checked: false leaves every entity out of scope, true keeps them', () => {
    expect(run('let wanted = []\nrule r:\n  accounts where wanted != [] must have scps denying "ec2:RunInstances"\n', MODEL).findings).toEqual([]);
    expect(run('let wanted = ["x"]\nrule r:\n  accounts where wanted != [] and management account must have scps denying "ec2:RunInstances"\n', MODEL).findings).toHaveLength(1);
    expect(run('let n = 3\nrule r:\n  accounts where n = 3 and management account must have scps denying "ec2:RunInstances"\n', MODEL).findings).toHaveLength(1);
  });

  it('takes only = and != against a constant of its type', () => {
    expect(errors('let n = 3\nrule r:\n  accounts where n > 2 must exist\n')).toEqual(['check/type-mismatch']);
    expect(errors('let n = 3\nrule r:\n  accounts where n = "3" must exist\n')).toEqual(['check/type-mismatch']);
    expect(errors('let n = 3\nrule r:\n  accounts where n = name must exist\n')).toEqual(['check/type-mismatch']);
  });
});

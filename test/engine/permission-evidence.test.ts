import { describe, expect, it } from 'vitest';
import type { EvidenceValue } from '../../src/engine/index.ts';
import { role, user } from '../model/fixtures.ts';
import { ADMIN, allow, arn, group, inline, modelOf, trustAws } from '../model/permissions/escalation-support.ts';
import { run } from './evaluate-fixture.ts';

// The evidence of permissions predicates in findings (engine/permissions.ts, evaluate.ts): each
// predicate under its own text, with its level, actions, the statements that grant them and the
// conditions they depend on; for escalation, each path with its actions, statements and hops.

const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const MODEL = modelOf({
  users: [
    user('alice', { UserPolicyList: inline({ Sid: 'Keys', ...allow('iam:CreateAccessKey', '*', { Condition: mfa }) }, allow('s3:GetObject')) }),
    user('bob', { UserPolicyList: ADMIN }),
    user('carol', { UserPolicyList: inline(allow('iam:PutUserPolicy', arn('user', 'carol'))) }),
    user('dave', { GroupList: ['deployers'] }),
    user('erin', { UserPolicyList: inline(allow('sts:AssumeRole', arn('role', 'ops'))) }),
    user('frank', { AttachedManagedPolicies: [{ PolicyName: 'gone', PolicyArn: arn('policy', 'gone') }] }),
  ],
  groups: [group('deployers', { GroupPolicyList: [{ PolicyName: 'pass', PolicyDocument: { Version: '2012-10-17', Statement: [allow('iam:PassRole', arn('role', 'ops'))] } }] })],
  roles: [role('ops', trustAws(arn('user', 'erin')), { RolePolicyList: ADMIN })],
});

type Evidence = Readonly<Record<string, EvidenceValue>>;

/** Each finding's evidence by principal name, and its message. */
function findings(rules: string): Record<string, { readonly evidence: Evidence; readonly message: string }> {
  const out: Record<string, { evidence: Evidence; message: string }> = {};
  for (const f of run(rules, MODEL).findings) out[f.resource.name] = { evidence: f.evidence, message: f.message };
  return out;
}
const evidence = (rules: string, name: string): Evidence | undefined => findings(rules)[name]?.evidence;

describe('two permissions predicates in one rule each have their own entries', () => {
  it('`can "a" and not can "b"`: the grant of one and the refusal of the other', () => {
    expect(evidence('users must not (can "iam:CreateAccessKey" and not can "s3:PutObject")', 'alice')).toEqual({
      'can "iam:CreateAccessKey"': true,
      'can "iam:CreateAccessKey": level': 'conditional',
      'can "iam:CreateAccessKey": actions': ['iam:CreateAccessKey'],
      'can "iam:CreateAccessKey": granted by': ['alice/inline#1 (Keys)'],
      'can "iam:CreateAccessKey": conditions': ['Bool aws:MultiFactorAuthPresent=true'],
      'can "s3:PutObject"': false,
    });
  });

  it('`can "x" or admin`: both shown, each with its own level', () => {
    const shown = findings('users must not (can "iam:CreateAccessKey" or admin)');
    expect(shown['bob']?.evidence).toEqual({
      'can "iam:CreateAccessKey"': true,
      'can "iam:CreateAccessKey": level': 'unconditional',
      'can "iam:CreateAccessKey": actions': ['iam:CreateAccessKey'],
      'can "iam:CreateAccessKey": granted by': ['bob/inline#1'],
      admin: true,
      'admin: level': 'unconditional',
    });
    expect(shown['alice']?.evidence['admin']).toBe(false);
    expect(shown['alice']?.evidence['can "iam:CreateAccessKey": level']).toBe('conditional');
  });

  it('the same action asked with and without `unconditionally` are two entries', () => {
    expect(evidence('users must not (can "iam:CreateAccessKey" and not can "iam:CreateAccessKey" unconditionally)', 'alice')).toMatchObject({
      'can "iam:CreateAccessKey"': true,
      'can "iam:CreateAccessKey" unconditionally': false,
      'can "iam:CreateAccessKey" unconditionally: level': 'conditional',
    });
  });

  it('a predicate in both the filter and the condition is one entry (the same question)', () => {
    const shown = evidence('users where can "iam:CreateAccessKey" must not (can "iam:CreateAccessKey" unconditionally or can "s3:GetObject")', 'alice');
    expect(Object.keys(shown ?? {}).filter((k) => !k.includes(': '))).toEqual(['can "iam:CreateAccessKey"', 'can "iam:CreateAccessKey" unconditionally', 'can "s3:GetObject"']);
  });
});

describe('what the evidence names', () => {
  it('the statements, a group policy by its group, and every action a glob matched', () => {
    expect(evidence('users must not can "iam:Pass*"', 'dave')).toEqual({
      'can "iam:Pass*"': true,
      'can "iam:Pass*": level': 'unconditional',
      'can "iam:Pass*": actions': ['iam:PassRole'],
      'can "iam:Pass*": granted by': ['deployers/pass#1 via group deployers'],
    });
    expect(evidence('users must not can ["iam:CreateAccessKey", "s3:GetObject"]', 'alice')).toMatchObject({
      'can ["iam:CreateAccessKey", "s3:GetObject"]: actions': ['iam:CreateAccessKey', 's3:GetObject'],
      'can ["iam:CreateAccessKey", "s3:GetObject"]: granted by': ['alice/inline#1 (Keys)', 'alice/inline#2'],
      'can ["iam:CreateAccessKey", "s3:GetObject"]: level': 'unconditional',
    });
  });

  it('escalation: each path by id and name, its actions and statements, a chain its hops, a conditional one marked', () => {
    const shown = findings('users must not be able to escalate');
    expect(shown['carol']?.evidence).toEqual({
      'be able to escalate': true,
      'be able to escalate: level': 'unconditional',
      'be able to escalate: paths': ['iam-007 (iam:PutUserPolicy): iam:PutUserPolicy by carol/inline#1'],
    });
    expect(shown['alice']?.evidence['be able to escalate: paths']).toEqual(['iam-002 (iam:CreateAccessKey): iam:CreateAccessKey by alice/inline#1 (Keys) (conditional)']);
    const chain = shown['erin']?.evidence['be able to escalate: paths'];
    // A trust policy naming the user in its own account is enough to assume the role: it is the statement named.
    expect(chain).toEqual([`sts-001 (sts:AssumeRole): sts:AssumeRole by ops (trust policy)#1; via ${arn('user', 'erin')} -> ${arn('role', 'ops')}`]);
  });

  it('predicates unknown for the same reason share it in the message; an attribute not collected is named beside them', () => {
    const both = findings('users must not (can "iam:CreateAccessKey" or admin)')['frank'];
    expect(both?.message).toBe(`user frank: cannot be decided, \`can "iam:CreateAccessKey"\`, \`admin\` are unknown: policy ${arn('policy', 'gone')} is not in the snapshot`);
    const withAttribute = findings('users must not (can "iam:CreateAccessKey" or mfa_active)')['frank'];
    expect(withAttribute?.message).toBe(`user frank: cannot be decided, \`mfa_active\` not collected; \`can "iam:CreateAccessKey"\` is unknown: policy ${arn('policy', 'gone')} is not in the snapshot`);
  });

  it('an unknown answer is `unknown`, and the message names the predicate and what the snapshot lacks', () => {
    const shown = findings('users must not can "iam:CreateAccessKey"')['frank'];
    expect(shown?.evidence).toEqual({ 'can "iam:CreateAccessKey"': 'unknown' });
    expect(shown?.message).toBe('user frank: cannot be decided, `can "iam:CreateAccessKey"` is unknown: policy arn:aws:iam::123456789012:policy/gone is not in the snapshot');
  });
});

describe("a role's aws:PrincipalTag is the role's own tag", () => {
  // Session tags may override it for one session; the snapshot cannot know them (docs/permissions.md).
  const tagged = (team: string | null) =>
    modelOf({
      roles: [
        role('app', trustAws(arn('user', 'erin')), {
          Tags: team === null ? [] : [{ Key: 'team', Value: team }],
          RolePolicyList: inline(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } })),
        }),
      ],
    });
  const level = (team: string | null) => run('roles must not can "s3:GetObject"', tagged(team)).findings[0]?.evidence['can "s3:GetObject": level'] ?? 'none';

  it('decides the condition: granted unconditionally with the tag, not at all with another or none', () => {
    expect(level('blue')).toBe('unconditional');
    expect(level('red')).toBe('none');
    expect(level(null)).toBe('none');
  });
});

import type { EvaluationResult, EvidenceValue, Finding, FindingStatus, ResourceRef, RuleInfo, RuleSeverity, Waiver } from '../../src/engine/index.ts';

/**
 * Hand-built evaluation results for reporter tests: rules in two files (one with a space in its
 * path), every severity, every status, and resource names that break naive escaping.
 */

export const ACCOUNT = '123456789012';
export const ROOT_FILE = 'policies/root.guard';
export const IAM_FILE = 'policies/iam users.guard';

/** Names that must survive XML, Markdown tables, workflow commands and JSON unharmed. */
export const AWKWARD_NAMES = ['weird|name&<x>"\'', 'back`tick`|`', 'a,b:c%d', 'line\nbreak\r%0A'] as const;

function rule(id: string, severity: RuleSeverity, file: string, line: number, extra: Partial<RuleInfo> = {}): RuleInfo {
  return {
    id,
    title: `Title of ${id}`,
    severity,
    rationale: null,
    remediation: null,
    references: [],
    location: { file, line, column: 1 },
    source: `${id.replace(/-/g, ' ')} denied`,
    ...extra,
  };
}

export const RULES: readonly RuleInfo[] = [
  rule('root-mfa', 'critical', ROOT_FILE, 3, {
    title: 'Root user has MFA',
    source: 'root must have mfa',
    rationale: 'The root user can do anything, including closing the account.',
    remediation: 'Enable a hardware MFA device on the root user.',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html', 'CIS 1.5'],
  }),
  rule('root-no-access-keys', 'critical', ROOT_FILE, 7, { title: 'Root has no access keys', source: 'root must not have access keys' }),
  rule('password-policy-strong', 'medium', ROOT_FILE, 11, { title: 'Password policy is strong', source: 'password policy must have minimum length >= 14' }),
  rule('stale-keys', 'high', IAM_FILE, 2, {
    title: 'Access keys are rotated',
    source: 'access keys where active and age > 90d denied',
    remediation: 'Rotate the key, or better, move the workload to a role.',
  }),
  rule('users-unused', 'low', IAM_FILE, 6, { title: 'Unused users are removed', source: 'users unused > 90d denied' }),
  rule('mfa-devices-info', 'info', IAM_FILE, 10, { title: 'Virtual MFA devices (inventory)', source: 'mfa devices denied' }),
];

const ruleById = new Map(RULES.map((r) => [r.id, r]));

export function resource(type: ResourceRef['type'], name: string, arn: string | null = null): ResourceRef {
  return { type, name, arn, key: arn ?? `${type}/${name}` };
}

export function finding(ruleId: string, res: ResourceRef, status: FindingStatus = 'fail', evidence: Readonly<Record<string, EvidenceValue>> = {}, waiver: Waiver | null = null): Finding {
  const info = ruleById.get(ruleId);
  if (!info) throw new Error(`fixture: unknown rule ${ruleId}`);
  const noun = res.type.replace(/-/g, ' ');
  const message = status === 'unknown' ? `${noun} ${res.name}: cannot be decided, \`minimum_length\` not collected` : `${noun} ${res.name}: fails \`${info.source}\``;
  return { rule: ruleId, severity: info.severity, status, resource: res, message, evidence, location: info.location, waiver, expiredWaiver: null };
}

const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:user/${name}`;

export function fixtureFindings(): Finding[] {
  return [
    finding('root-mfa', resource('root', '<root_account>', `arn:aws:iam::${ACCOUNT}:root`), 'fail', { mfa: false }),
    finding('password-policy-strong', resource('password-policy', 'password policy'), 'unknown', { minimum_length: 'unknown' }),
    finding('stale-keys', resource('access-key', 'alice/AKIAALICE1'), 'fail', { active: true, age: '200d', last_rotated: '2026-05-11T10:00:00.000Z' }),
    finding('stale-keys', resource('access-key', `${AWKWARD_NAMES[0]}/AKIAWEIRD1`), 'fail', { active: true, age: '120d' }),
    finding(
      'stale-keys',
      resource('access-key', 'legacy-ci/AKIALEGACY1'),
      'waived',
      { active: true, age: '400d' },
      {
        source: 'rule',
        until: '2027-03-01',
        reason: 'moving to OIDC',
        location: { file: IAM_FILE, line: 3, column: 3 },
      },
    ),
    finding('users-unused', resource('user', AWKWARD_NAMES[1], userArn('backtick')), 'fail', { unused: '365d', last_used: null }),
    finding('users-unused', resource('user', AWKWARD_NAMES[2], userArn('comma')), 'fail', { unused: '100d', groups: ['admins', 'dev|ops'] }),
    finding('users-unused', resource('user', AWKWARD_NAMES[3], userArn('newline')), 'unknown', { unused: 'unknown' }),
    ...Array.from({ length: 14 }, (_, i) =>
      finding('mfa-devices-info', resource('mfa-device', `device-${String(i + 1).padStart(2, '0')}`, `arn:aws:iam::${ACCOUNT}:mfa/device-${String(i + 1).padStart(2, '0')}`), 'fail', { enabled: i % 2 === 0 }),
    ),
  ];
}

export function summarize(findings: readonly Finding[], rules: number, pass: number): EvaluationResult['summary'] {
  return {
    rules,
    fail: findings.filter((f) => f.status === 'fail').length,
    unknown: findings.filter((f) => f.status === 'unknown').length,
    waived: findings.filter((f) => f.status === 'waived').length,
    pass,
  };
}

export function fixtureResult(findings: readonly Finding[] = fixtureFindings()): EvaluationResult {
  return {
    snapshot: { account: ACCOUNT, capturedAt: '2026-11-27T10:00:00.000Z' },
    now: '2026-11-27T10:00:00.000Z',
    rules: RULES,
    summary: summarize(findings, RULES.length, 42),
    findings,
    missingSections: ['iam.passwordPolicy'],
  };
}

/** A run where every rule passed. */
export function cleanResult(): EvaluationResult {
  return fixtureResult([]);
}

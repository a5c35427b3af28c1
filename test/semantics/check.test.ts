import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { type CheckedProgram, checkRuleFiles, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';

const schema: Schema = SCHEMA;

function check(text: string, params: Record<string, string> = {}) {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics, 'syntax diagnostics').toEqual([]);
  return checkRuleFiles([{ ast: file, text }], { schema, params });
}

function program(text: string, params: Record<string, string> = {}): CheckedProgram {
  const result = check(text, params);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  return result.value;
}

/** The errors of a file as `code@line:col`, the way tests pin diagnostics. */
function errors(text: string, params: Record<string, string> = {}): string[] {
  const result = check(text, params);
  if (result.ok) return [];
  return result.errors.map((e) => {
    const at = e.span ? lineColumnAt(text, e.span.start) : null;
    return at ? `${e.code}@${at.line}:${at.column}` : e.code;
  });
}

const ISSUE_EXAMPLES = `root must have mfa
users unused > 90d denied
root must not have access keys
users with console access must have mfa
access keys where active and age > 90d denied
users must have at most 1 access keys where active
users must not have attached policies or inline policies
users must have at least 1 groups
password policy must have minimum length >= 14
password policy must exist
roles unused > 90d and not service linked denied
customer policies must not allow "*" on "*"
policies where attached must not allow "iam:PassRole" on "*"
roles must not trust "*"
roles where trusts "token.actions.githubusercontent.com" must have condition "token.actions.githubusercontent.com:sub"
users where name matches "svc-*" must not have console access
let break_glass = ["breakglass", "emergency-admin"]
users with console access and name not in break_glass denied
param max_key_age = 90d
access keys where active and age > max_key_age denied
rule root-no-keys "Root has no access keys" severity critical:
  root must not have access keys
rule stale-keys severity high:
  access keys where active and age > 90d denied
  except user "legacy-ci" until 2027-03-01 because "moving to OIDC"
`;

describe('checking the language examples of issue 2', () => {
  it('checks every example with no diagnostics', () => {
    const result = check(ISSUE_EXAMPLES);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    if (result.ok) expect(result.value.rules).toHaveLength(20);
  });

  it('splits inline scopes into collection and attribute', () => {
    const [rule] = program('users unused > 90d denied').rules;
    expect(rule?.id).toBe('users-unused-gt-90d-denied');
    expect(rule?.body.scope.collection).toBe('users');
    expect(rule?.body.scope.filter).toMatchObject({ kind: 'compare', op: '>', left: { steps: ['unused'] }, right: { value: 90 * 86_400_000 } });
  });

  it('binds and tighter than or in inline filters', () => {
    const [rule] = program('roles unused > 90d and not service linked or path = "/x/" denied').rules;
    expect(rule?.body.scope.filter).toMatchObject({ kind: 'or', operands: [{ kind: 'and' }, { kind: 'compare' }] });
  });

  it('reads a bare attribute as have, and `have condition "x"` as contains', () => {
    const rules = program('users where inline policies denied\nroles must have condition "sts:ExternalId"').rules;
    expect(rules[0]?.body.scope.filter).toMatchObject({ kind: 'have', path: { steps: ['inline_policies'] } });
    expect(rules[1]?.body).toMatchObject({ condition: { kind: 'compare', op: 'contains', left: { steps: ['condition'] } } });
  });

  it('walks links: an access key reaches its user', () => {
    const [rule] = program('access keys where user console access must not have active').rules;
    expect(rule?.body.scope.filter).toMatchObject({ kind: 'have', path: { steps: ['user', 'console_access'] } });
  });

  it('accepts underscores, hyphens, case and singular forms for names', () => {
    expect(errors('users with Console_Access must have MFA\nusers must have at most 1 access key')).toEqual([]);
  });

  it('applies --param overrides typed by the default', () => {
    const text = 'param max_key_age = 90d\naccess keys where active and age > max_key_age denied';
    const [rule] = program(text, { max_key_age: '30d' }).rules;
    expect(rule?.body.scope.filter).toMatchObject({ operands: [{}, { right: { value: 30 * 86_400_000 } }] });
    expect(check(text, { max_key_age: 'soon' })).toMatchObject({ ok: false, errors: [{ code: 'usage/bad-param' }] });
    expect(check(text, { max_key_ag: '30d' })).toMatchObject({ ok: false, errors: [{ code: 'usage/bad-param', hint: 'did you mean `max_key_age`?' }] });
  });

  it('carries metadata and exceptions', () => {
    const [rule] = program(
      'rule stale-keys "Stale keys" severity high:\n  access keys where active and age > 90d denied\n  except user "legacy-ci" until 2027-03-01 because "moving to OIDC"\n  remediation "rotate"\n',
    ).rules;
    expect(rule).toMatchObject({ id: 'stale-keys', title: 'Stale keys', severity: 'high', remediation: 'rotate' });
    expect(rule?.exceptions[0]).toMatchObject({ entityType: 'user', name: 'legacy-ci', until: '2027-03-01', expiresAt: Date.UTC(2027, 2, 2) });
    expect(rule?.exceptions[0]?.location.line).toBe(3);
  });
});

describe('diagnostics', () => {
  it('unknown collection with did-you-mean', () => {
    const result = check('usres must have mfa');
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'check/unknown-collection', hint: 'did you mean `users`?' }] });
  });

  it('unknown attribute with did-you-mean, at the attribute', () => {
    expect(errors('users with consol access must have mfa')).toEqual(['check/unknown-attribute@1:12']);
    const result = check('users with consol access must have mfa');
    expect(result).toMatchObject({ ok: false, errors: [{ hint: 'did you mean `console access`?' }] });
  });

  it('type mismatches say what was expected', () => {
    expect(errors('access keys where age > "x" denied')).toEqual(['check/type-mismatch@1:19']);
    const result = check('access keys where age > 90 denied');
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'check/type-mismatch', hint: expect.stringContaining('90d') }] });
  });

  it('reports duplicate rule ids, and several errors in one run', () => {
    const text = 'rule a:\n  root must have mfa\nrule a:\n  root must have mfa\nusers with nope denied\naccess keys where age > true denied\n';
    expect(errors(text)).toEqual(['check/duplicate-rule@3:6', 'check/unknown-attribute@5:12', 'check/type-mismatch@6:19']);
  });

  it('requires an expiry on exceptions', () => {
    expect(errors('rule a:\n  users denied\n  except user "x" because "y"\n')).toEqual(['check/bad-exception@3:3']);
  });

  it('rejects allow and trust where they do not apply', () => {
    expect(errors('access keys must not allow "*"')).toEqual(['check/not-applicable@1:22']);
    expect(errors('users must not trust "*"')).toEqual(['check/not-applicable@1:16']);
  });

  it('rejects unknown severities and names', () => {
    expect(errors('rule a severity hgh:\n  root must have mfa\n')).toEqual(['check/bad-metadata@1:17']);
    expect(errors('users where name in admins denied')).toEqual(['check/unknown-name@1:21']);
  });

  it('warns about unused lets', () => {
    const result = check('let x = 1\nroot must have mfa');
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['check/unused-name']);
  });
});

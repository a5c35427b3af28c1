import { describe, expect, it } from 'vitest';
import { statementEvidence } from '../../src/engine/evaluate.ts';
import { evidenceValue, formatDuration } from '../../src/engine/index.ts';
import { type Entity, type PolicyDocument, parsePolicyDocument, UNKNOWN } from '../../src/model/index.ts';
import { DAY, entity, model, program, run } from './evaluate-fixture.ts';

// The evidence of findings: which values a rule's conditions read, under which keys, and how each
// type of value is shown. Through evaluate() where the rule decides what is read.

const HOUR = 3_600_000;

function doc(value: unknown): PolicyDocument {
  const parsed = parsePolicyDocument(value);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const evidenceOf = (rules: string, collection: string, entities: readonly Entity[]) => run(rules, model({ [collection]: entities })).findings.map((f) => f.evidence);

describe('formatDuration', () => {
  it('gives whole days from one day on, hours below, towards zero, on both sides of zero', () => {
    const cases: [number, string][] = [
      [0, '0h'],
      [HOUR - 1, '0h'],
      [5 * HOUR, '5h'],
      [DAY - 1, '23h'],
      [DAY, '1d'],
      [2 * DAY - 1, '1d'],
      [100 * DAY, '100d'],
      [-(DAY - 1), '-23h'],
      [-DAY, '-1d'],
      [-3 * DAY - 5, '-3d'],
    ];
    for (const [ms, text] of cases) expect([ms, formatDuration(ms)]).toEqual([ms, text]);
  });
});

describe('evidenceValue', () => {
  const owner = entity('user', 'alice', {});
  it('shows each type of value, unknown and absent ones as such', () => {
    expect(evidenceValue(UNKNOWN, { kind: 'string' })).toBe('unknown');
    for (const type of [{ kind: 'string' }, { kind: 'link', target: 'user' }, { kind: 'links', target: 'user' }] as const) expect(evidenceValue(null, type)).toBe(null);
    expect(evidenceValue(Date.UTC(2026, 0, 2), { kind: 'date' })).toBe('2026-01-02T00:00:00.000Z');
    expect(evidenceValue(3 * DAY, { kind: 'duration' })).toBe('3d');
    expect(evidenceValue(true, { kind: 'boolean' })).toBe(true);
    expect(evidenceValue(7, { kind: 'number' })).toBe(7);
    expect(evidenceValue('x', { kind: 'string' })).toBe('x');
    expect(evidenceValue(owner, { kind: 'link', target: 'user' })).toBe('alice');
    expect(evidenceValue([owner, entity('user', 'bob', {})], { kind: 'links', target: 'user' })).toEqual(['alice', 'bob']);
    const d = doc({ Version: '2012-10-17', Statement: [] });
    expect(evidenceValue([], { kind: 'policy-documents' })).toBe('0 documents');
    expect(evidenceValue([d], { kind: 'policy-documents' })).toBe('1 document');
    expect(evidenceValue([d, d], { kind: 'policy-documents' })).toBe('2 documents');
  });

  it('copies a list of strings', () => {
    const tags = ['a=1', 'b=2'];
    const shown = evidenceValue(tags, { kind: 'strings' });
    expect(shown).toEqual(tags);
    expect(shown).not.toBe(tags);
  });

  it('shows a value of the wrong shape for its type as absent', () => {
    expect(evidenceValue('2026-01-01', { kind: 'date' })).toBe(null);
    expect(evidenceValue('3d', { kind: 'duration' })).toBe(null);
    expect(evidenceValue(['x'], { kind: 'boolean' })).toBe(null);
    expect(evidenceValue(owner, { kind: 'number' })).toBe(null);
    expect(evidenceValue('x', { kind: 'strings' })).toBe(null);
    expect(evidenceValue('alice', { kind: 'link', target: 'user' })).toBe(null);
    expect(evidenceValue(['alice'], { kind: 'link', target: 'user' })).toBe(null);
    expect(evidenceValue(owner, { kind: 'links', target: 'user' })).toBe(null);
    expect(evidenceValue(3, { kind: 'policy-documents' })).toBe(null);
  });
});

describe('statementEvidence', () => {
  const statement = (attrs: Entity['attrs']) => entity('statement', 'p/1', attrs);
  it('lists what the statement grants, to whom and when, with up to three values per field', () => {
    expect(statementEvidence(statement({ effect: 'Allow', actions: ['iam:PassRole'], resources: ['*'] }))).toBe('p/1: Allow iam:PassRole on *');
    expect(
      statementEvidence(
        statement({
          effect: 'Deny',
          not_actions: ['a', 'b'],
          not_resources: ['r1', 'r2', 'r3'],
          principals: ['*'],
          not_principals: ['x', 'y', 'z', 'w'],
          conditions: ['StringEquals aws:PrincipalOrgID=o-1', 'Bool aws:SecureTransport=true', 'c3', 'c4', 'c5'],
        }),
      ),
    ).toBe('p/1: Deny not [a, b] not on [r1, r2, r3] principal * not principal [x, y, z (+1 more)] when [StringEquals aws:PrincipalOrgID=o-1, Bool aws:SecureTransport=true, c3 (+2 more)]');
  });

  it('shows a missing effect as ? and skips empty, absent and non-string values', () => {
    expect(statementEvidence(statement({ actions: [], resources: null, principals: UNKNOWN, conditions: [3 as never, 'k'] }))).toBe('p/1: ? when k');
  });
});

describe('the evidence of a finding', () => {
  it('holds each attribute a condition reads, the scope filter first, each once', () => {
    const u = entity('user', 'a', { console_access: true, mfa: false, password_last_changed: Date.UTC(2026, 0, 1), created: Date.UTC(2026, 0, 2) });
    expect(evidenceOf('users with console access must have mfa and not (mfa or password last changed >= created)\n', 'users', [u])).toEqual([
      { 'console access': true, mfa: false, 'password last changed': '2026-01-01T00:00:00.000Z', created: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('holds one key for a comparison with a constant', () => {
    const key = entity('access-key', 'k', { age: 100 * DAY });
    expect(evidenceOf('access keys must have age <= 90d\n', 'access_keys', [key])).toEqual([{ age: '100d' }]);
  });

  it('lists a quantified list, or the items matching its where, flagging the undecided ones', () => {
    const groups = [entity('group', 'admins', { name: 'admins' }), entity('group', 'devs', { name: 'devs' }), entity('group', 'odd', { name: UNKNOWN })];
    const u = entity('user', 'a', { groups, tags: ['t=1'] });
    expect(evidenceOf('users must have at most 1 groups\n', 'users', [u])).toEqual([{ groups: ['admins', 'devs', 'odd'] }]);
    expect(evidenceOf('users must have no groups where name = "admins" or name = "odd"\n', 'users', [u])).toEqual([{ 'groups matching': ['admins', 'odd (unknown)'] }]);
    expect(evidenceOf('users must have at least 2 tags\n', 'users', [u])).toEqual([{ tags: ['t=1'] }]);
  });

  it('shows an absent list as empty and a missing one as unknown', () => {
    const users = [entity('user', 'absent', { groups: null }), entity('user', 'missing', { groups: UNKNOWN })];
    expect(evidenceOf('users must have at least 1 groups where name = "admins"\n', 'users', users)).toEqual([{ 'groups matching': [] }, { 'groups matching': 'unknown' }]);
  });

  it('shows statements by what they grant', () => {
    const s = entity('statement', 'p/1', { effect: 'Allow', actions: ['*'], resources: ['*'] });
    const p = entity('policy', 'p', { statements: [s, entity('statement', 'p/2', { effect: 'Deny' })] });
    expect(evidenceOf('policies must not any statements where effect = "Allow"\n', 'policies', [p])).toEqual([{ 'statements matching': ['p/1: Allow * on *'] }]);
    expect(evidenceOf('policies must all statements where effect = "Deny"\n', 'policies', [p])).toEqual([{ 'statements matching': ['p/2: Deny'] }]);
  });

  it('answers allow and trust with true, false or unknown', () => {
    const admin = doc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const rules = 'policies must not allow "iam:*" on "*"\n';
    expect(evidenceOf(rules, 'policies', [entity('policy', 'p', { permissions: [admin] })])).toEqual([{ 'allow "iam:*" on "*"': true }]);
    expect(evidenceOf(rules, 'policies', [entity('policy', 'p', { permissions: UNKNOWN })])).toEqual([{ 'allow "iam:*" on "*"': 'unknown' }]);
    expect(evidenceOf('roles must trust "*" and not trust "*"\n', 'roles', [entity('role', 'r', { trust_policy: [doc({ Version: '2012-10-17', Statement: [] })] })])).toEqual([{ 'trust "*"': false }]);
  });

  it('holds `exists` for a singleton that must exist', () => {
    expect(evidenceOf('password policy must exist\n', 'password_policy', [entity('password-policy', 'pp', { exists: false })])).toEqual([{ exists: false }]);
    expect(evidenceOf('password policy must exist\n', 'password_policy', [entity('password-policy', 'pp', { exists: UNKNOWN })])).toEqual([{ exists: 'unknown' }]);
  });

  it('reads nothing for an exist without attribute, nor for a denied rule without filter', () => {
    const checked = program('password policy must exist and minimum length >= 14\n');
    const rules = checked.rules.map((r) =>
      r.body.kind !== 'denied' && r.body.condition.kind === 'and'
        ? { ...r, body: { ...r.body, condition: { ...r.body.condition, operands: r.body.condition.operands.map((c) => (c.kind === 'exist' ? { ...c, attribute: null } : c)) } } }
        : r,
    );
    const pp = entity('password-policy', 'pp', { exists: true, minimum_length: 8 });
    expect(run({ ...checked, rules }, model({ password_policy: [pp] })).findings.map((f) => f.evidence)).toEqual([{ 'minimum length': 8 }]);
    expect(evidenceOf('users denied\n', 'users', [entity('user', 'u', {})])).toEqual([{}]);
  });
});

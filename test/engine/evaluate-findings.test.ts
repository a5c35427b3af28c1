import { describe, expect, it } from 'vitest';
import { FALSE, TRUE, type Tri, UNKNOWN_TRI } from '../../src/engine/index.ts';
import { type Entity, UNKNOWN } from '../../src/model/index.ts';
import { DAY, entity, model, NOW, program, run } from './evaluate-fixture.ts';

// evaluate() as reporters see it: the result's envelope and summary, the order of findings, their
// messages and statuses, unknown collections, and the exceptions of a rule. Written against the
// public result only, so that it holds through changes to the evaluation loop.

const user = (name: string, attrs: Record<string, Entity['attrs'][string]>, arn: string | null = null) => entity('user', name, attrs, { arn });

describe('the evaluation result', () => {
  it('carries the snapshot, the evaluation time, the rules and the missing sections', () => {
    const rules = program(`rule mfa "Users have MFA" severity high:
  users must have mfa
  rationale "lost passwords"
  remediation "enable it"
  references ["https://example.com/mfa"]
`);
    const result = run(rules, model({ users: [] }, { capturedAt: NOW - DAY, now: NOW, missingSections: ['mfaDevices'] }));
    expect(result.snapshot).toEqual({ account: '123456789012', capturedAt: '2026-05-31T00:00:00.000Z' });
    expect(result.now).toBe('2026-06-01T00:00:00.000Z');
    expect(result.missingSections).toEqual(['mfaDevices']);
    expect(result.rules).toEqual([
      {
        id: 'mfa',
        title: 'Users have MFA',
        severity: 'high',
        rationale: 'lost passwords',
        remediation: 'enable it',
        references: ['https://example.com/mfa'],
        location: { file: 'rules.guard', line: 1, column: 1 },
        source: 'users must have mfa',
      },
    ]);
    expect(result.summary).toEqual({ rules: 1, fail: 0, unknown: 0, waived: 0, pass: 0 });
  });

  it('counts passes, failures, unknowns and waivers', () => {
    const rules = `rule mfa:
  users must have mfa
  except user "waived" until 2026-12-31 because "break-glass"
`;
    const users = [user('pass', { mfa: true }), user('fail', { mfa: false }), user('unknown', { mfa: UNKNOWN }), user('waived', { mfa: false }), user('pass2', { mfa: true })];
    const result = run(rules, model({ users }));
    expect(result.summary).toEqual({ rules: 1, fail: 1, unknown: 1, waived: 1, pass: 2 });
    expect(result.findings.map((f) => [f.resource.name, f.status])).toEqual([
      ['fail', 'fail'],
      ['unknown', 'unknown'],
      ['waived', 'waived'],
    ]);
  });

  it('orders findings by rule, then by resource key, whatever the order of the entities', () => {
    const names = ['dave', 'carol', 'frank', 'alice', 'erin', 'bob'];
    const users = names.map((n) => user(n, { mfa: false, console_access: true }));
    const result = run('users must have mfa\nusers with console access denied\n', model({ users }));
    const sorted = [...names].sort();
    expect(result.findings.map((f) => `${f.rule} ${f.resource.key}`)).toEqual([...sorted.map((n) => `users-must-have-mfa user/${n}`), ...sorted.map((n) => `users-with-console-access-denied user/${n}`)]);
  });

  it('reports every verdict to onVerdict, passes included, and none for a collection it cannot list', () => {
    const seen: string[] = [];
    const names: Record<Tri, string> = { [TRUE]: 'T', [FALSE]: 'F', [UNKNOWN_TRI]: 'U' };
    const users = [user('a', { mfa: true }), user('b', { mfa: false }), user('c', { mfa: UNKNOWN })];
    run('users must have mfa\nroles unused > 90d denied\n', model({ users }), {
      onVerdict: (rule, e, verdict) => seen.push(`${rule.id} ${e.name} ${names[verdict]}`),
    });
    expect(seen).toEqual(['users-must-have-mfa a T', 'users-must-have-mfa b F', 'users-must-have-mfa c U']);
  });
});

describe('a collection that could not be listed', () => {
  it('gives one unknown finding naming the missing sections, and evaluation goes on', () => {
    const result = run('rule keys severity high:\n  access keys denied\nusers must have mfa\n', model({ users: [user('a', { mfa: false })] }, { missingSections: ['credentialReport', 'authorizationDetails'] }));
    expect(result.findings[0]).toEqual({
      rule: 'keys',
      severity: 'high',
      status: 'unknown',
      resource: { type: 'access-key', name: 'all access keys', arn: null, key: 'collection/access_keys' },
      message: 'access keys could not be listed: credentialReport, authorizationDetails not collected',
      evidence: {},
      location: { file: 'rules.guard', line: 1, column: 1 },
      waiver: null,
      expiredWaiver: null,
    });
    expect(result.findings.map((f) => `${f.rule} ${f.resource.name}`)).toEqual(['keys all access keys', 'users-must-have-mfa a']);
    expect(result.summary).toEqual({ rules: 2, fail: 1, unknown: 1, waived: 0, pass: 0 });
  });

  it('is the same for a collection present but not known, and says so when no section is named', () => {
    const result = run('users must have mfa\n', model({ users: 'unknown' }));
    expect(result.findings.map((f) => [f.status, f.resource.key, f.message])).toEqual([['unknown', 'collection/users', 'users could not be listed: the sections it needs not collected']]);
  });
});

describe('finding messages', () => {
  it('say what failed, spelling the entity type as words', () => {
    const key = entity('access-key', 'alice/1', { active: true, age: 100 * DAY });
    const result = run('access keys where active and age > 90d denied\naccess keys must not have age > 90d\naccess keys must have age < 90d\n', model({ access_keys: [key] }));
    expect(result.findings.map((f) => f.message)).toEqual([
      'access key alice/1: is denied by `access keys where active and age > 90d denied`',
      'access key alice/1: fails `access keys must not have age > 90d`',
      'access key alice/1: fails `access keys must have age < 90d`',
    ]);
  });

  it('name the values not collected when a verdict cannot be decided', () => {
    const users = [user('both', { console_access: UNKNOWN, mfa: UNKNOWN }), user('one', { console_access: true, mfa: UNKNOWN })];
    const result = run('users with console access must have mfa\n', model({ users }));
    expect(result.findings.map((f) => f.message)).toEqual(['user both: cannot be decided, `console access`, `mfa` not collected', 'user one: cannot be decided, `mfa` not collected']);
    const twice = run('users must have mfa or not mfa\n', model({ users: [user('twice', { mfa: UNKNOWN })] }));
    expect(twice.findings.map((f) => f.message)).toEqual(['user twice: cannot be decided, `mfa` not collected']);
  });

  it('say "data not collected" when no evidence value is unknown', () => {
    const key = entity('access-key', 'bob/1', { active: UNKNOWN });
    const bob = user('bob', { access_keys: [key] });
    const result = run('users must have no access keys where active\n', model({ users: [bob] }));
    expect(result.findings.map((f) => [f.status, f.message])).toEqual([['unknown', 'user bob: cannot be decided, data not collected']]);
  });
});

describe('exceptions of a rule', () => {
  const rules = (clause: string) => `rule keys:\n  access keys denied\n  ${clause}\n`;
  const alice = user('alice', {}, 'arn:aws:iam::123456789012:user/alice');
  const aliceKey = entity('access-key', 'alice/1', {}, { owner: alice });
  const statuses = (clause: string, entities: readonly Entity[], now = NOW) => run(rules(clause), model({ access_keys: entities }, { now })).findings.map((f) => `${f.resource.name} ${f.status}`);

  it('waive a finding on what the named resource owns, by case-insensitive name or glob', () => {
    expect(statuses('except user "ALI*" until 2026-12-31 because "migrating"', [aliceKey, entity('access-key', 'bob/1', {})])).toEqual(['alice/1 waived', 'bob/1 fail']);
  });

  it('match ARNs exactly, case included', () => {
    expect(statuses('except user "arn:aws:iam::123456789012:user/alice" until 2026-12-31 because "r"', [aliceKey])).toEqual(['alice/1 waived']);
    expect(statuses('except user "arn:aws:iam::123456789012:user/ALICE" until 2026-12-31 because "r"', [aliceKey])).toEqual(['alice/1 fail']);
    expect(statuses('except user "arn:aws:iam::123456789012:user/*" until 2026-12-31 because "r"', [aliceKey])).toEqual(['alice/1 waived']);
  });

  it('name a resource type: a user exception does not waive a role of that name, nor a key without ARN', () => {
    const role = entity('role', 'alice', {});
    const orphan = entity('access-key', 'carol/1', {});
    const result = run(
      `rule r:\n  roles denied\n  except user "alice" until 2026-12-31 because "r"\nrule k:\n  access keys denied\n  except access key "nobody" until 2026-12-31 because "r"\n`,
      model({ roles: [role], access_keys: [orphan] }),
    );
    expect(result.findings.map((f) => `${f.resource.name} ${f.status}`)).toEqual(['alice fail', 'carol/1 fail']);
  });

  it('record the first matching exception as the waiver', () => {
    const result = run(rules('except access key "alice/*" until 2026-12-31 because "first"\n  except user "alice" until 2026-12-31 because "second"'), model({ access_keys: [aliceKey] }));
    expect(result.findings[0]?.waiver).toEqual({ source: 'rule', until: '2026-12-31', reason: 'first', location: { file: 'rules.guard', line: 3, column: 3 } });
    expect(result.findings[0]?.expiredWaiver).toBe(null);
  });

  it('stop waiving at the end of the until day, and the finding then carries the expired waiver', () => {
    const clause = 'except user "alice" until 2026-06-01 because "soon"';
    const expiresAt = Date.UTC(2026, 5, 2);
    expect(statuses(clause, [aliceKey], expiresAt - 1)).toEqual(['alice/1 waived']);
    expect(statuses(clause, [aliceKey], expiresAt)).toEqual(['alice/1 fail']);
    const expired = run(rules(clause), model({ access_keys: [aliceKey] }, { now: expiresAt })).findings[0];
    expect(expired?.waiver).toBe(null);
    expect(expired?.expiredWaiver).toEqual({ source: 'rule', until: '2026-06-01', reason: 'soon', location: { file: 'rules.guard', line: 3, column: 3 } });
  });

  it('without an expiry never expire (the checker asks for one; the checked form allows none)', () => {
    const checked = program(rules('except user "alice" until 2026-01-01 because "forever"'));
    const forever = { ...checked, rules: checked.rules.map((r) => ({ ...r, exceptions: r.exceptions.map((e) => ({ ...e, expiresAt: null, until: null })) })) };
    const finding = run(forever, model({ access_keys: [aliceKey] }, { now: Date.UTC(2099, 0, 1) })).findings[0];
    expect([finding?.status, finding?.waiver?.until, finding?.waiver?.reason]).toEqual(['waived', null, 'forever']);
  });

  it('leave an undecided finding unknown once expired', () => {
    const result = run('rule mfa:\n  users must have mfa\n  except user "alice" until 2026-01-01 because "old"\n', model({ users: [user('alice', { mfa: UNKNOWN })] }));
    expect(result.findings.map((f) => [f.status, f.expiredWaiver?.reason])).toEqual([['unknown', 'old']]);
  });
});

describe("an organization run's account", () => {
  it('is on every finding, an unknown collection’s too, and nothing else changes; a single snapshot’s findings have none', () => {
    const rules = 'rule mfa:\n  users must have mfa\nrule trust:\n  roles must not trust "*"\n';
    const m = model({ users: [user('alice', { mfa: false }), user('bob', { mfa: UNKNOWN })], roles: 'unknown' });
    const account = { id: '111122223333', name: 'prod' };
    const single = run(rules, m);
    const tagged = run(rules, m, { account });
    expect(single.findings).toHaveLength(3);
    expect(single.findings.every((f) => !('account' in f))).toBe(true);
    expect(tagged.findings.map((f) => f.account)).toEqual([account, account, account]);
    expect(tagged.findings.map(({ account: _account, ...rest }) => rest)).toEqual(single.findings);
    expect(tagged.summary).toEqual(single.summary);
  });
});

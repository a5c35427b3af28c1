import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../../src/model/index.ts';
import { entity, model, run } from './evaluate-fixture.ts';

// A rule whose scope matched no entity says so (EvaluationResult.emptyScopes), so a typo in a
// filter's literal never passes in silence; a scope that may hold an entity, or whose collection was
// not collected, is not empty.

const user = (name: string, attrs: Record<string, boolean | string | typeof UNKNOWN> = {}) => entity('user', name, { name, mfa: false, path: '/', ...attrs });

describe('empty scopes', () => {
  const rules = `rule typo severity high:
  users where name = "nobdy" must have mfa
rule alice severity low:
  users where name = "alice" must have mfa
rule everyone severity low:
  users must have mfa
`;

  it('a filter false for every entity is a `filter` empty scope; a collection without entities is `no-entities`', () => {
    expect(run(rules, model({ users: [user('alice'), user('bob')] })).emptyScopes).toEqual([{ rule: 'typo', reason: 'filter' }]);
    expect(run(rules, model({ users: [] })).emptyScopes).toEqual([
      { rule: 'typo', reason: 'no-entities' },
      { rule: 'alice', reason: 'no-entities' },
      { rule: 'everyone', reason: 'no-entities' },
    ]);
  });

  it('a scope that matched something, even an entity that passes, is not empty, and a result with none has no field', () => {
    const result = run('users where name = "alice" must have mfa\n', model({ users: [user('alice', { mfa: true }), user('bob')] }));
    expect(result.summary.fail).toBe(0);
    expect('emptyScopes' in result).toBe(false);
  });

  it('a filter unknown for some entity leaves the scope unknown, not empty', () => {
    const result = run('users where path = "/ci/" must have mfa\n', model({ users: [user('alice', { path: UNKNOWN }), user('bob')] }));
    expect(result.emptyScopes).toBeUndefined();
    expect(result.findings.map((f) => f.status)).toEqual(['unknown']);
  });

  it('a rule its params switch off is not evaluated: no verdict, no pass, no empty scope, and its rule says why', () => {
    const verdicts: string[] = [];
    const off = 'param regions = []\nrule gated severity low:\n  users where regions != [] must have mfa\n';
    const result = run(off, model({ users: [user('alice'), user('bob')] }), { onVerdict: (r) => verdicts.push(r.id) });
    expect(result.rules.map((r) => [r.id, r.off])).toEqual([['gated', 'param regions is empty']]);
    expect([verdicts, result.summary.pass, result.findings, result.emptyScopes]).toEqual([[], 0, [], undefined]);
    // Not collected either: still off, not unknown.
    expect(run(off, model({ users: 'unknown' })).findings).toEqual([]);
  });

  it('a collection that was not collected gives an unknown finding, not an empty scope', () => {
    const result = run(rules, model({ users: 'unknown' }));
    expect(result.emptyScopes).toBeUndefined();
    expect(result.findings.map((f) => [f.rule, f.status])).toEqual([
      ['typo', 'unknown'],
      ['alice', 'unknown'],
      ['everyone', 'unknown'],
    ]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { applyExceptionsFile, type ExceptionEntry, exceptionsDiagnostics, loadExceptionsFile, parseExceptionsFile, parseExpiryWindow } from '../../src/engine/exceptions-file.ts';
import { fixtureFindings, fixtureResult } from '../report/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'guard-exceptions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;

function entries(text: string, file = 'guard-exceptions.yaml'): readonly ExceptionEntry[] {
  const parsed = parseExceptionsFile(text, file);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value.entries;
}

/** `line:col` of each error, for asserting positions. */
function positions(text: string): string[] {
  const parsed = parseExceptionsFile(text, 'x.yaml');
  if (parsed.ok) return [];
  return parsed.errors.map((e) => {
    const at = lineColumnAt(text, e.span?.start ?? 0);
    return `${at.line}:${at.column} ${e.message}`;
  });
}

const ONE = `exceptions:
  - rule: stale-keys
    resource: alice/AKIAALICE1
    owner: platform-team
    reason: moving to OIDC
    ticket: SEC-123
    expires: 2026-12-01
`;

describe('parseExceptionsFile', () => {
  it('reads a YAML entry with its location, and the same entry written as JSON', () => {
    const [entry] = entries(ONE);
    expect(entry).toMatchObject({
      rule: 'stale-keys',
      resource: 'alice/AKIAALICE1',
      owner: 'platform-team',
      reason: 'moving to OIDC',
      ticket: 'SEC-123',
      expires: '2026-12-01',
      expiresAt: Date.parse('2026-12-02T00:00:00Z'),
      location: { file: 'guard-exceptions.yaml', line: 2, column: 5 },
    });
    const json = JSON.stringify({ exceptions: [{ rule: 'stale-keys', resource: 'alice/AKIAALICE1', owner: 'platform-team', reason: 'moving to OIDC', ticket: 'SEC-123', expires: '2026-12-01' }] }, null, 2);
    const [fromJson] = entries(json, 'guard-exceptions.json');
    expect({ ...fromJson, location: null, span: null }).toEqual({ ...entry, location: null, span: null });
    expect(fromJson?.location.line).toBe(3);
  });

  it('accepts a bare list, numeric tickets, and an empty file', () => {
    const [entry] = entries('- {rule: r, resource: x, owner: o, reason: why, ticket: 1234, expires: 2027-01-31}\n');
    expect(entry?.ticket).toBe('1234');
    expect(entries('')).toEqual([]);
    expect(entries('exceptions:\n')).toEqual([]);
    expect(entries('# nothing yet\nexceptions: []\n')).toEqual([]);
  });

  it('requires an expiry, an owner and a reason, at the entry', () => {
    expect(positions('exceptions:\n  - rule: r\n    resource: x\n')).toEqual(['2:5 exception entry has no `owner`', '2:5 exception entry has no `reason`', '2:5 exception entry has no `expires`']);
    const parsed = parseExceptionsFile('exceptions:\n  - rule: r\n    resource: x\n    owner: o\n    reason: y\n', 'x.yaml');
    expect(!parsed.ok && parsed.errors[0].hint).toMatch(/every exception needs an expiry date/);
  });

  it('points at bad values and unknown keys, with a did-you-mean', () => {
    const text =
      'exceptions:\n  - rule: r\n    resource: x\n    owner: o\n    reason: y\n    expiry: 2027-01-01\n  - rule: r\n    resource: [a, b]\n    owner: o\n    reason: y\n    expires: 2027-02-30\n  - rule: r\n    resource: x\n    owner: o\n    reason: y\n    expires: 2027-01-01T00:00:00Z\n    ownr: p\n';
    expect(positions(text)).toEqual([
      '2:5 exception entry has no `expires`',
      '6:5 unknown key `expiry` in exception entry',
      '8:15 expected `resource` to be non-empty text',
      '11:14 `2027-02-30` is not a calendar date',
      '16:14 `2027-01-01T00:00:00Z` is not a calendar date',
      '17:5 unknown key `ownr` in exception entry',
    ]);
    const parsed = parseExceptionsFile(text, 'x.yaml');
    expect(!parsed.ok && parsed.errors[1]?.hint).toBe('did you mean `expires`?');
    expect(!parsed.ok && parsed.errors[5]?.hint).toBe('did you mean `owner`?');
    expect(!parsed.ok && parsed.errors.every((e) => e.code === 'check/bad-exception')).toBe(true);
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    expect(positions('exceptions:\n  - rule: r\n    rule: s\n')[0]).toMatch(/^3:5 invalid YAML: map keys must be unique/);
    const broken = positions('exceptions:\n  - rule: "unterminated\n');
    expect(broken[0]).toMatch(/^\d+:\d+ invalid YAML: missing closing "quote$/);
    expect(broken.every((m) => !m.includes('\n'))).toBe(true);
  });

  it('rejects the wrong top-level shape', () => {
    expect(positions('just text\n')).toEqual(['1:1 expected an `exceptions:` list of entries']);
    expect(positions('exceptions: nope\n')).toEqual(['1:13 expected `exceptions` to be a list of entries']);
    expect(positions('exception:\n  - {}\n')).toEqual(['1:1 unknown key `exception` at the top of the exceptions file']);
  });

  it('warns about duplicate entries', () => {
    const parsed = parseExceptionsFile(`${ONE}  - rule: STALE-KEYS\n    resource: alice/AKIAALICE1\n    owner: o\n    reason: r\n    expires: 2027-01-01\n`, 'x.yaml');
    expect(parsed.ok && parsed.warnings[0]?.message).toBe('duplicate exception for rule `STALE-KEYS` and resource `alice/AKIAALICE1`');
  });

  it('loads from disk and reports a missing file', async () => {
    writeFileSync(join(dir, 'ex.yaml'), ONE);
    const loaded = await loadExceptionsFile(join(dir, 'ex.yaml'), 'ex.yaml');
    expect(loaded.text).toBe(ONE);
    expect(loaded.outcome.ok && loaded.outcome.value.entries[0]?.location.file).toBe('ex.yaml');
    const missing = await loadExceptionsFile(join(dir, 'none.yaml'), 'none.yaml');
    expect(missing.text).toBeNull();
    expect(!missing.outcome.ok && missing.outcome.errors[0].message).toBe('cannot read exceptions file `none.yaml`: no such file');
  });
});

describe('applyExceptionsFile', () => {
  const result = fixtureResult();
  const alice = (r: typeof result) => r.findings.find((f) => f.resource.name === 'alice/AKIAALICE1');

  it('waives until the end of the expiry day, UTC, and not a millisecond later', () => {
    const list = entries(ONE);
    const lastMoment = Date.parse('2026-12-01T23:59:59.999Z');
    const during = applyExceptionsFile(result, list, lastMoment);
    expect(alice(during.result)?.status).toBe('waived');
    expect(alice(during.result)?.waiver).toEqual({
      source: 'exceptions-file',
      until: '2026-12-01',
      reason: 'moving to OIDC',
      location: { file: 'guard-exceptions.yaml', line: 2, column: 5 },
      owner: 'platform-team',
      ticket: 'SEC-123',
    });
    expect(during.result.summary).toEqual({ ...result.summary, fail: result.summary.fail - 1, waived: result.summary.waived + 1 });
    expect(during.expired).toEqual([]);

    const after = applyExceptionsFile(result, list, lastMoment + 1);
    expect(alice(after.result)?.status).toBe('fail');
    expect(alice(after.result)?.expiredWaiver?.until).toBe('2026-12-01');
    expect(after.result.summary).toEqual(result.summary);
    expect(after.expired.map((m) => [m.entry.rule, m.findings.map((f) => f.resource.name)])).toEqual([['stale-keys', ['alice/AKIAALICE1']]]);
    expect(after.stale).toEqual([]);
  });

  it('lists entries expiring within a window', () => {
    const out = applyExceptionsFile(result, entries(ONE), Date.parse('2026-11-27T10:00:00Z'));
    expect(out.expiring(4 * DAY)).toEqual([]);
    expect(out.expiring(5 * DAY).map((m) => m.entry.rule)).toEqual(['stale-keys']);
  });

  it('matches rule globs, names case-insensitively, ARNs and keys exactly', () => {
    const text = [
      'exceptions:',
      '  - {rule: "STALE-*", resource: "ALICE/*", owner: o, reason: r, expires: 2030-01-01}',
      '  - {rule: users-unused, resource: "arn:aws:iam::123456789012:user/comma", owner: o, reason: r, expires: 2030-01-01}',
      '  - {rule: users-unused, resource: "arn:aws:iam::123456789012:USER/backtick", owner: o, reason: r, expires: 2030-01-01}',
      '  - {rule: "mfa-devices-?nfo", resource: "arn:aws:iam::*:mfa/device-0?", owner: o, reason: r, expires: 2030-01-01}',
      '  - {rule: password-policy-strong, resource: "password-policy/password policy", owner: o, reason: r, expires: 2030-01-01}',
    ].join('\n');
    const out = applyExceptionsFile(result, entries(text), Date.parse('2026-11-27T10:00:00Z'));
    const waived = out.result.findings.filter((f) => f.waiver?.source === 'exceptions-file').map((f) => f.resource.name);
    expect(waived).toEqual(['password policy', 'alice/AKIAALICE1', 'a,b:c%d', ...Array.from({ length: 9 }, (_, i) => `device-0${i + 1}`)]);
    expect(out.stale.map((e) => e.location.line)).toEqual([4]);
  });

  it('leaves findings waived by their rule alone but counts the entry as used', () => {
    const text = 'exceptions:\n  - {rule: stale-keys, resource: "legacy-ci/*", owner: o, reason: r, expires: 2030-01-01}\n';
    const out = applyExceptionsFile(result, entries(text), Date.parse('2026-11-27T10:00:00Z'));
    const legacy = out.result.findings.find((f) => f.resource.name === 'legacy-ci/AKIALEGACY1');
    expect(legacy?.waiver?.source).toBe('rule');
    expect(out.stale).toEqual([]);
    expect(out.result.summary).toEqual(result.summary);
  });

  it('waives unknown findings too, and lets an active entry win over an expired one', () => {
    const text = ['exceptions:', '  - {rule: users-unused, resource: "*", owner: o, reason: old, expires: 2020-01-01}', '  - {rule: users-unused, resource: "*", owner: o, reason: new, expires: 2030-01-01}'].join('\n');
    const out = applyExceptionsFile(result, entries(text), Date.parse('2026-11-27T10:00:00Z'));
    const users = out.result.findings.filter((f) => f.rule === 'users-unused');
    expect(users.map((f) => [f.status, f.waiver?.reason])).toEqual([
      ['waived', 'new'],
      ['waived', 'new'],
      ['waived', 'new'],
    ]);
    expect(out.expired[0]?.findings).toHaveLength(3);
  });

  it('does not change the input result', () => {
    const before = JSON.stringify(result);
    applyExceptionsFile(result, entries(ONE), 0);
    expect(JSON.stringify(result)).toBe(before);
    expect(fixtureFindings()[2]?.status).toBe('fail');
  });

  it('describes expired, expiring and stale entries as warnings at the entry', () => {
    const text = `${ONE}  - {rule: gone, resource: x, owner: o, reason: r, expires: 2030-01-01}\n  - {rule: root-mfa, resource: "*", owner: sec, reason: r, expires: 2020-01-01}\n`;
    const now = Date.parse('2026-11-27T10:00:00Z');
    const out = applyExceptionsFile(result, entries(text), now);
    const diagnostics = exceptionsDiagnostics(out, now, 14 * DAY);
    expect(diagnostics.map((d) => [d.severity, d.span?.start !== undefined ? lineColumnAt(text, d.span.start).line : null, d.message])).toEqual([
      ['warning', 9, 'exception for rule `root-mfa` on `*` expired on 2020-01-01; 1 finding no longer waived'],
      ['warning', 2, 'exception for rule `stale-keys` on `alice/AKIAALICE1` expires on 2026-12-01 (in 5 days)'],
      ['warning', 8, 'exception for rule `gone` on `x` matches no finding'],
    ]);
  });

  it('tells a stale entry naming a rule or an account the run does not have from one whose finding is gone', () => {
    const text = `${ONE}  - {rule: root-mfs, resource: "*", owner: o, reason: r, expires: 2030-01-01}\n  - {rule: root-mfa, resource: "*", account: "999999999999", owner: o, reason: r, expires: 2030-01-01}\n  - {rule: root-mfa, resource: nobody, owner: o, reason: r, expires: 2030-01-01}\n`;
    const now = Date.parse('2026-11-27T10:00:00Z');
    const out = applyExceptionsFile(result, entries(text), now);
    expect(out.stale.map((e) => out.staleHint(e))).toEqual([
      'no rule of this run has the id `root-mfs`: did you mean `root-mfa`? (or the rule was left out with --rule or --skip); correct or remove the entry',
      'no account of this run is `999999999999` (by id or name); correct or remove the entry',
      'the finding is fixed or the resource is mistyped; remove the entry',
    ]);
    expect(exceptionsDiagnostics(out, now).map((d) => d.hint)).toContain('no account of this run is `999999999999` (by id or name); correct or remove the entry');
  });
});

describe('parseExpiryWindow', () => {
  it('reads hours, days and weeks, and rejects anything else', () => {
    expect(parseExpiryWindow('14d')).toBe(14 * DAY);
    expect(parseExpiryWindow('2w')).toBe(14 * DAY);
    expect(parseExpiryWindow('36h')).toBe(36 * 3_600_000);
    expect(parseExpiryWindow('0')).toBe(0);
    for (const bad of ['', '14', 'd', '-1d', '1.5d', '14 days', '1m']) expect(parseExpiryWindow(bad)).toBeNull();
  });
});

describe('loadExceptionsFile: hostile input files', () => {
  it('reports a file that is not UTF-8 instead of reading replacement characters', async () => {
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from(ONE.replace('moving to OIDC', 'moving to OIDC ')), Buffer.from([0xe9, 0x0a])]));
    const loaded = await loadExceptionsFile(join(dir, 'latin1.yaml'), 'latin1.yaml');
    expect(!loaded.outcome.ok && loaded.outcome.errors.map((e) => [e.code, e.message])).toEqual([['check/bad-exception', 'exceptions file `latin1.yaml` is not UTF-8 text: invalid byte 0xe9 at line 8, column 1']]);
  });

  it('escapes control characters of the input in its messages', () => {
    const parsed = parseExceptionsFile('exceptions:\n  - "rule\\u0000\\u001b[2J": x\n', 'x.yaml');
    expect(!parsed.ok && parsed.errors.map((e) => e.message)).toEqual([
      'unknown key `rule\\u0000\\u001b[2J` in exception entry',
      'exception entry has no `rule`',
      'exception entry has no `resource`',
      'exception entry has no `owner`',
      'exception entry has no `reason`',
      'exception entry has no `expires`',
    ]);
  });

  it('reports a duplicate key, in YAML and in JSON', () => {
    expect(positions('exceptions:\n  - rule: a\n    rule: b\n')[0]).toMatch(/^3:5 .*unique/);
    expect(positions('{"exceptions": [], "exceptions": []}')[0]).toMatch(/unique/);
  });
});

describe('exceptions that name an account', () => {
  const entry = (account: string): string => `exceptions:\n  - rule: "*"\n    resource: "*"\n    owner: o\n    reason: r\n    expires: 2027-01-01\n    account: ${account}\n`;
  const withAccounts = () => {
    const result = fixtureResult();
    const findings = result.findings.map((f, i) => ({ ...f, account: i % 2 === 0 ? { id: '011122223333', name: 'Prod' } : { id: '444455556666', name: null } }));
    return { ...result, findings };
  };
  const now = Date.UTC(2026, 0, 1);

  it('match the account by id exactly (an id with a leading zero kept as written) or by name, case-insensitively', () => {
    for (const account of ['011122223333', 'prod', 'PR*', '"011122223333"']) {
      const parsed = parseExceptionsFile(entry(account), 'x.yaml');
      if (!parsed.ok) throw new Error(parsed.errors[0].message);
      expect(parsed.value.entries[0]?.account).toBe(account.replaceAll('"', ''));
      const applied = applyExceptionsFile(withAccounts(), parsed.value.entries, now);
      const waived = applied.result.findings.filter((f) => f.status === 'waived');
      expect(waived.length, account).toBeGreaterThan(0);
      expect(waived.every((f) => f.account?.id === '011122223333')).toBe(true);
    }
  });

  it('in a single-account run, match the snapshot account; an account not in the run matches nothing and is stale', () => {
    const single = fixtureResult();
    const own = parseExceptionsFile(entry(single.snapshot.account), 'x.yaml');
    const other = parseExceptionsFile(entry('999999999999'), 'x.yaml');
    if (!own.ok || !other.ok) throw new Error('bad fixture');
    expect(applyExceptionsFile(single, own.value.entries, now).stale).toEqual([]);
    const none = applyExceptionsFile(single, other.value.entries, now);
    expect(none.result.findings.filter((f) => f.status === 'waived' && f.waiver?.source === 'exceptions-file')).toEqual([]);
    expect(none.stale).toHaveLength(1);
  });
});

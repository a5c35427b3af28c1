import { describe, expect, it } from 'vitest';
import type { Entity, Model, Value } from '../../src/model/index.ts';
import { normalizeSnapshot, parseInstant, UNKNOWN } from '../../src/model/index.ts';
import { DAY, entity, type ReportRowSpec, report, snapshotData, snapshotOf, user } from './fixtures.ts';
import { withoutColumn } from './report-columns.ts';

// Users' report attributes, key by key: which missing column makes what unknown, how inactive
// slots, last use and the unused durations are read.

const NOW = parseInstant('2026-11-27T10:00:00Z') ?? 0;
const daysAgo = (n: number): string => new Date(NOW - n * DAY).toISOString();
const at = (n: number): number => NOW - n * DAY;

function modelOf(credentialReport: string, names: readonly string[] = ['alice']): Model {
  return normalizeSnapshot(snapshotOf(snapshotData({}, { authorizationDetails: { UserDetailList: names.map((n) => user(n)) }, credentialReport })), { now: NOW });
}
const alice = (m: Model): Readonly<Record<string, Value>> => entity(m, 'users', 'alice').attrs;
const rootOf = (m: Model): Readonly<Record<string, Value>> => (m.collections['root']!.entities[0] as Entity).attrs;

const withKeys: ReportRowSpec = {
  user: 'alice',
  passwordEnabled: 'true',
  passwordLastUsed: daysAgo(30),
  key1: ['true', daysAgo(200), daysAgo(3), 'us-east-1', 's3'],
  key2: ['false', daysAgo(100), 'N/A', 'N/A', 'N/A'],
  cert1: ['true', daysAgo(50)],
};
const rootRow: ReportRowSpec = { user: '<root_account>', mfa: 'true', key1: ['true', daysAgo(400), daysAgo(8), 'eu-west-1', 'iam'], cert1: ['false', daysAgo(60)] };

describe('access keys and certificates from the report', () => {
  it('read every column of a key, for users and for root', () => {
    const m = modelOf(report([rootRow, withKeys]));
    const keys = alice(m)['access_keys'] as readonly Entity[];
    expect(keys.map((k) => k.name)).toEqual(['alice/1', 'alice/2']);
    expect(keys.map((k) => k.key)).toEqual(['user/alice/access-key/1', 'user/alice/access-key/2']);
    const [k1, k2] = keys.map((k) => k.attrs);
    expect(k1).toMatchObject({ number: 1, active: true, root: false, last_rotated: at(200), age: 200 * DAY, last_used: at(3), unused: 3 * DAY, last_used_region: 'us-east-1', last_used_service: 's3' });
    expect(k2).toMatchObject({ number: 2, active: false, last_rotated: at(100), age: 100 * DAY, last_used: null, unused: 100 * DAY, last_used_region: null, last_used_service: null });
    expect(k1?.['user']).toBe(entity(m, 'users', 'alice'));
    const certs = alice(m)['signing_certificates'] as readonly Entity[];
    expect(certs.map((c) => c.attrs)).toEqual([expect.objectContaining({ number: 1, active: true, last_rotated: at(50), age: 50 * DAY, root: false })]);
    expect(alice(m)['signing_certificates_active']).toBe(true);
    // The latest use of the password and the keys.
    expect(alice(m)['last_used']).toBe(at(3));
    expect(alice(m)['unused']).toBe(3 * DAY);

    const root = rootOf(m);
    const rootKeys = root['access_keys'] as readonly Entity[];
    expect(rootKeys.map((k) => [k.key, k.name, k.attrs['root'], k.attrs['user'], k.attrs['last_used_service']])).toEqual([['root/access-key/1', '<root_account>/1', true, null, 'iam']]);
    const rootCerts = root['signing_certificates'] as readonly Entity[];
    expect(rootCerts.map((c) => [c.key, c.attrs['active'], c.attrs['root']])).toEqual([['root/signing-certificate/1', false, true]]);
    expect(root['signing_certificates_active']).toBe(false);
  });

  it('an empty slot (inactive, no rotation date) holds no key; an active key without a date is kept', () => {
    const m = modelOf(report([{ user: 'alice', key1: ['true', 'N/A', 'N/A', 'N/A', 'N/A'], cert1: ['true', 'N/A'] }]));
    const keys = alice(m)['access_keys'] as readonly Entity[];
    expect(keys.map((k) => [k.name, k.attrs['active'], k.attrs['last_rotated'], k.attrs['age'], k.attrs['unused']])).toEqual([['alice/1', true, null, null, null]]);
    expect((alice(m)['signing_certificates'] as readonly Entity[]).map((c) => c.name)).toEqual(['alice/1']);
    const none = modelOf(report([{ user: 'alice' }]));
    expect([alice(none)['access_keys'], alice(none)['signing_certificates'], alice(none)['signing_certificates_active']]).toEqual([[], [], false]);
  });

  it('a header lacking only one column of a key or certificate makes that list unknown', () => {
    const text = report([withKeys]);
    for (const column of ['access_key_1_active', 'access_key_1_last_rotated', 'access_key_2_active', 'access_key_2_last_rotated']) {
      const a = alice(modelOf(withoutColumn(text, column)));
      expect([column, a['access_keys'], a['last_used'], a['unused']]).toEqual([column, UNKNOWN, UNKNOWN, UNKNOWN]);
      expect([column, (a['signing_certificates'] as readonly Entity[]).length]).toEqual([column, 1]);
    }
    for (const column of ['cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated']) {
      const a = alice(modelOf(withoutColumn(text, column)));
      expect([column, a['signing_certificates'], a['signing_certificates_active']]).toEqual([column, UNKNOWN, UNKNOWN]);
      expect([column, (a['access_keys'] as readonly Entity[]).length]).toEqual([column, 2]);
    }
  });

  it('a missing last-used column makes the key’s use unknown, and the user’s', () => {
    const a = alice(modelOf(withoutColumn(report([withKeys]), 'access_key_1_last_used_date')));
    const [k1] = (a['access_keys'] as readonly Entity[]).map((k) => k.attrs);
    expect([k1?.['last_used'], k1?.['unused'], k1?.['last_used_service']]).toEqual([UNKNOWN, UNKNOWN, 's3']);
    expect([a['last_used'], a['unused']]).toEqual([UNKNOWN, UNKNOWN]);
    const b = alice(modelOf(withoutColumn(report([withKeys]), 'access_key_1_last_used_region')));
    const [b1] = (b['access_keys'] as readonly Entity[]).map((k) => k.attrs);
    expect([b1?.['last_used_region'], b1?.['last_used_service']]).toEqual([UNKNOWN, 's3']);
  });

  it('an empty region or service reads as absent', () => {
    const a = alice(modelOf(report([{ user: 'alice', key1: ['true', daysAgo(9), daysAgo(2), '', 'N/A'] }])));
    const [k1] = (a['access_keys'] as readonly Entity[]).map((k) => k.attrs);
    expect([k1?.['last_used_region'], k1?.['last_used_service']]).toEqual([null, null]);
  });
});

describe('last use', () => {
  const lastUsed = (row: ReportRowSpec) => alice(modelOf(report([row])))['last_used'];

  it('is the latest of the password and both keys, whichever comes first', () => {
    expect(lastUsed({ user: 'alice', passwordLastUsed: daysAgo(2), key1: ['true', daysAgo(9), daysAgo(5), 'r', 's'] })).toBe(at(2));
    expect(lastUsed({ user: 'alice', passwordLastUsed: daysAgo(5), key1: ['true', daysAgo(9), daysAgo(2), 'r', 's'] })).toBe(at(2));
    expect(lastUsed({ user: 'alice', key1: ['true', daysAgo(9), daysAgo(7), 'r', 's'], key2: ['true', daysAgo(9), daysAgo(4), 'r', 's'] })).toBe(at(4));
    expect(lastUsed({ user: 'alice', key1: ['true', daysAgo(9), daysAgo(4), 'r', 's'], key2: ['true', daysAgo(9), daysAgo(7), 'r', 's'] })).toBe(at(4));
    expect(lastUsed({ user: 'alice', passwordLastUsed: daysAgo(6), key1: ['true', daysAgo(9), 'N/A', 'N/A', 'N/A'] })).toBe(at(6));
    expect(lastUsed({ user: 'alice', key1: ['true', daysAgo(9), daysAgo(6), 'r', 's'] })).toBe(at(6));
    expect(lastUsed({ user: 'alice', passwordLastUsed: 'no_information' })).toBe(null);
  });

  it('of a user who never used anything counts unused from creation', () => {
    const a = alice(modelOf(report([{ user: 'alice', created: daysAgo(40) }])));
    expect([a['last_used'], a['unused']]).toEqual([null, NOW - (parseInstant(user('alice')['CreateDate'] as string) ?? 0)]);
  });

  it('is unknown when the password column is missing', () => {
    const a = alice(modelOf(withoutColumn(report([{ user: 'alice', key1: ['true', daysAgo(9), daysAgo(6), 'r', 's'] }]), 'password_last_used')));
    expect(a['last_used']).toBe(UNKNOWN);
  });
});

describe('report booleans and dates', () => {
  it('read sentinels as absent, a bad boolean in an unvalidated report as unknown', () => {
    const m = modelOf(report([{ user: 'alice', passwordEnabled: 'not_supported', mfa: 'TRUE', passwordLastChanged: 'N/A' }]));
    expect([alice(m)['console_access'], alice(m)['mfa'], alice(m)['password_last_changed']]).toEqual([null, true, null]);
    expect(alice(modelOf(withoutColumn(report([{ user: 'alice' }]), 'mfa_active')))['mfa']).toBe(UNKNOWN);
  });
});

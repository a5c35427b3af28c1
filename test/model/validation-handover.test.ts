import { describe, expect, it } from 'vitest';
import type { Entity, PolicyDocument } from '../../src/model/index.ts';
import { normalizeSnapshot, parseSnapshot, parseValidSnapshot } from '../../src/model/index.ts';
import { ALLOW_ALL, snapshotData, user } from './fixtures.ts';

const EMPTY_ACTION = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] });
const NO_RESOURCE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] });
const inline = (text: string): Record<string, unknown> => ({ UserPolicyList: [{ PolicyName: 'p', PolicyDocument: text }] });
const withUsers = (...users: Record<string, unknown>[]): Record<string, unknown> => snapshotData({}, { authorizationDetails: { UserDetailList: users, GroupDetailList: [], RoleDetailList: [], Policies: [] } });

describe('document texts shared by several principals', () => {
  it('are reported at every place they occur, though each is checked once', () => {
    const outcome = parseSnapshot(JSON.stringify(withUsers(user('a', inline(NO_RESOURCE)), user('b', inline(NO_RESOURCE)))), 'test.json');
    if (outcome.ok) throw new Error('expected errors');
    expect(outcome.errors.map((e) => e.path)).toEqual(['iam.authorizationDetails.UserDetailList[0].UserPolicyList[0].PolicyDocument', 'iam.authorizationDetails.UserDetailList[1].UserPolicyList[0].PolicyDocument']);
    const warned = parseSnapshot(JSON.stringify(withUsers(user('a', inline(EMPTY_ACTION)), user('b', inline(EMPTY_ACTION)))), 'test.json');
    expect(warned.warnings.map((w) => w.path)).toEqual(['iam.authorizationDetails.UserDetailList[0].UserPolicyList[0].PolicyDocument', 'iam.authorizationDetails.UserDetailList[1].UserPolicyList[0].PolicyDocument']);
  });
});

describe('validation hands its parsed documents to normalization', () => {
  const data = withUsers(user('a', inline(JSON.stringify(ALLOW_ALL))), user('b', inline(EMPTY_ACTION)));

  const documentsOf = (users: readonly Entity[]): unknown[] => users.map((u) => u.attrs['permissions']);

  it('and normalizing with them gives the model normalizing alone gives', () => {
    const valid = parseValidSnapshot(JSON.stringify(data), 'test.json');
    if (!valid.ok) throw new Error('invalid');
    const handed = normalizeSnapshot(valid.value.snapshot, { parsed: valid.value.parsed });
    const alone = normalizeSnapshot(valid.value.snapshot);
    expect(documentsOf(handed.collections['users']?.entities ?? [])).toEqual(documentsOf(alone.collections['users']?.entities ?? []));
    // The document with an empty element is unknown either way.
    expect(handed.collections['users']?.entities[1]?.attrs['permissions']).toBe(alone.collections['users']?.entities[1]?.attrs['permissions']);
  });

  it('which normalization uses rather than parsing again, for this snapshot only', () => {
    const valid = parseValidSnapshot(JSON.stringify(data), 'test.json');
    if (!valid.ok) throw new Error('invalid');
    const [holder, entry] = [...valid.value.parsed.documents][0] ?? [];
    if (holder === undefined || entry?.result == null) throw new Error('no document handed over');
    const handed = normalizeSnapshot(valid.value.snapshot, { parsed: valid.value.parsed });
    const first = handed.collections['users']?.entities[0]?.attrs['permissions'] as readonly PolicyDocument[];
    expect(first[0]).toBe(entry.result);
    // Another snapshot (a copy: other holders) has its documents parsed again.
    const replaced = structuredClone(valid.value.snapshot);
    const again = normalizeSnapshot(replaced, { parsed: valid.value.parsed });
    const permissions = again.collections['users']?.entities[0]?.attrs['permissions'] as readonly PolicyDocument[];
    expect(permissions[0]).not.toBe(entry.result);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Outcome } from '../../src/diagnostics/index.ts';
import { loadSnapshotFile, parseSnapshot } from '../../src/model/index.ts';
import { gzipBomb } from '../support/gzip-bomb.ts';
import { ACCOUNT, AUTH_DETAILS_DUMPS, EXAMPLE_PATH, HAVE_SHARED_DATA, managedPolicy, report, role, SERVICE_TRUST, snapshotData, user, wrappedDump } from './fixtures.ts';

function errorsOf<T>(outcome: Outcome<T>): readonly Diagnostic[] {
  if (outcome.ok) throw new Error('expected the snapshot to be rejected');
  return outcome.errors;
}

function brief(diagnostics: readonly Diagnostic[]): { code: string; path: string | undefined; message: string }[] {
  return diagnostics.map((d) => ({ code: d.code, path: d.path, message: d.message }));
}

const parse = (data: unknown) => parseSnapshot(JSON.stringify(data), 'test.json');

describe('parseSnapshot: accepted inputs', () => {
  it('accepts a complete minimal snapshot, with no warnings', () => {
    const outcome = parse(snapshotData());
    expect(outcome).toMatchObject({ ok: true, warnings: [] });
  });

  it('accepts the example snapshot, plain and gzipped (detected by magic bytes)', async () => {
    const bytes = readFileSync(EXAMPLE_PATH);
    const plain = parseSnapshot(bytes, EXAMPLE_PATH);
    const gzipped = parseSnapshot(gzipSync(bytes), 'example.json');
    expect(plain.ok).toBe(true);
    expect(gzipped.ok).toBe(true);
    if (plain.ok && gzipped.ok) expect(gzipped.value).toEqual(plain.value);
    expect((await loadSnapshotFile(EXAMPLE_PATH)).ok).toBe(true);
  });

  it('accepts a byte-order mark, and the same snapshot as text or bytes', () => {
    const text = JSON.stringify(snapshotData());
    expect(parseSnapshot(`\uFEFF${text}`, 'x').ok).toBe(true);
    expect(parseSnapshot(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), 'x').ok).toBe(true);
  });

  it('accepts every form AWS produces: documents as objects, JSON and URL-encoded strings; dates in every form', () => {
    const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } };
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const data = snapshotData(
      { capturedAt: '2026-11-27 10:00:00+00:00' },
      {
        authorizationDetails: {
          UserDetailList: [user('a', { CreateDate: '2025-01-01T00:00:00.123456Z', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] })],
          GroupDetailList: [],
          RoleDetailList: [role('r', JSON.stringify(trust), { CreateDate: '2025-01-01 00:00:00+00:00' }), role('s', encodeURIComponent(JSON.stringify(trust)))],
          Policies: [managedPolicy('m', doc, { CreateDate: '2025-01-01T00:00:00+00:00' })],
        },
        passwordPolicy: { MinimumPasswordLength: 14 },
        credentialReport: report([{ user: '<root_account>' }, { user: 'a' }], '\r\n'),
      },
    );
    expect(parse(data)).toMatchObject({ ok: true, warnings: [] });
  });

  it('accepts a snapshot with only the required parts: every section may be missing', () => {
    const outcome = parse({ format: 'guard-snapshot/v1', capturedAt: '2026-11-27T10:00:00Z', account: { id: ACCOUNT, partition: 'aws' } });
    expect(outcome.ok).toBe(true);
  });

  it('keeps AWS fields it does not know (AWS adds fields over time)', () => {
    const data = snapshotData({}, { authorizationDetails: { UserDetailList: [user('a', { LoginProfile: { CreateDate: 'x' } })], Policies: [] } });
    expect(parse(data).ok).toBe(true);
  });

  it.skipIf(!HAVE_SHARED_DATA)('loads the shared GetAccountAuthorizationDetails dumps wrapped into v1 snapshots', () => {
    for (const dump of AUTH_DETAILS_DUMPS) {
      const outcome = parse(wrappedDump(dump.file, dump.account));
      expect(outcome.ok ? [] : outcome.errors, dump.file).toEqual([]);
    }
  });
});

describe('parseSnapshot: rejected inputs', () => {
  it('reports an unreadable file', async () => {
    const outcome = await loadSnapshotFile('/nonexistent/snapshot.json');
    expect(brief(errorsOf(outcome))).toEqual([{ code: 'snapshot/unreadable', path: undefined, message: 'cannot read snapshot `/nonexistent/snapshot.json`: no such file' }]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'guard-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a directory and a truncated gzip file as unreadable', async () => {
    expect(errorsOf(await loadSnapshotFile(dir))[0]?.code).toBe('snapshot/unreadable');
    const truncated = join(dir, 'truncated.json.gz');
    writeFileSync(truncated, gzipSync(JSON.stringify(snapshotData())).subarray(0, 40));
    expect(errorsOf(await loadSnapshotFile(truncated))[0]).toMatchObject({ code: 'snapshot/unreadable', span: null });
  });

  it('reports invalid JSON and non-UTF-8 bytes', () => {
    expect(errorsOf(parseSnapshot('{"format": ', 'bad.json'))[0]).toMatchObject({ code: 'snapshot/invalid-json', span: null });
    expect(errorsOf(parseSnapshot(new Uint8Array([0x7b, 0xff, 0x7d]), 'bad.json'))[0]).toMatchObject({ code: 'snapshot/invalid-json' });
    expect(errorsOf(parseSnapshot('', 'empty.json'))[0]).toMatchObject({ code: 'snapshot/invalid-json' });
  });

  it('reports a missing or unknown format, and recognises a raw AWS dump', () => {
    expect(brief(errorsOf(parse({ capturedAt: 'x' })))).toEqual([{ code: 'snapshot/unsupported-format', path: 'format', message: 'snapshot `test.json` has no `format` field' }]);
    expect(brief(errorsOf(parse({ format: 'guard-snapshot/v2' })))).toEqual([{ code: 'snapshot/unsupported-format', path: 'format', message: 'unsupported snapshot format `guard-snapshot/v2`' }]);
    const raw = errorsOf(parse({ UserDetailList: [], RoleDetailList: [] }))[0];
    expect(raw).toMatchObject({ code: 'snapshot/unsupported-format' });
    expect(raw?.hint).toContain('"authorizationDetails"');
    expect(errorsOf(parse([1, 2]))[0]).toMatchObject({ code: 'snapshot/invalid', message: 'snapshot `test.json` must be a JSON object, found a list' });
  });

  it('reports ALL problems, each with the JSON path of the offending value', () => {
    const data = snapshotData(
      { account: { id: '12', partition: 'aws' }, capturedAt: 'yesterday', extra: true },
      {
        authorizationDetails: {
          UserDetailList: [user('a'), { ...user('b'), UserName: undefined }],
          RoleDetailList: [role('r0', SERVICE_TRUST), role('r1', SERVICE_TRUST), role('r2', SERVICE_TRUST), role('r3', { Statement: [{ Effect: 'allow', Action: 'sts:AssumeRole' }] })],
          Policies: [managedPolicy('p', '%7Bbroken', { AttachmentCount: -1 })],
        },
        passwordPolicy: { MinimumPasswordLength: '14' },
        credentialReport: report([{ user: 'a', mfa: 'maybe' }]),
        virtualMfaDevices: {},
      },
    );
    data['organizations'] = {
      accounts: [{ Id: ACCOUNT }],
      policies: [{ PolicySummary: { Id: 'p-1', Arn: 'arn:aws:organizations::1:policy/p-1', Name: 'x', Type: 'SERVICE_CONTROL_POLICY' }, Content: 'nope', Targets: [] }],
    };
    expect(brief(errorsOf(parse(data)))).toEqual([
      { code: 'snapshot/invalid', path: 'extra', message: 'unknown field `extra`' },
      { code: 'snapshot/invalid', path: 'capturedAt', message: 'not a date: `yesterday`' },
      { code: 'snapshot/invalid', path: 'account.id', message: 'expected a 12-digit account id, found `12`' },
      { code: 'snapshot/invalid', path: 'iam.authorizationDetails.UserDetailList[1].UserName', message: 'missing required field `UserName`' },
      { code: 'snapshot/invalid', path: 'iam.authorizationDetails.Policies[0].AttachmentCount', message: 'expected a number of at least 0, found `-1`' },
      { code: 'snapshot/invalid', path: 'iam.passwordPolicy.MinimumPasswordLength', message: 'expected a whole number, found `14`' },
      { code: 'snapshot/invalid', path: 'iam.virtualMfaDevices', message: 'expected a list, found an object' },
      { code: 'snapshot/invalid', path: 'organizations.accounts[0].ParentId', message: 'missing required field `ParentId`' },
      {
        code: 'snapshot/invalid',
        path: 'iam.authorizationDetails.RoleDetailList[3].AssumeRolePolicyDocument',
        message: 'not a policy document: `Statement[0].Effect` must be `Allow` or `Deny`, found `allow`',
      },
      {
        code: 'snapshot/invalid',
        path: 'iam.authorizationDetails.Policies[0].PolicyVersionList[0].Document',
        message: 'not a policy document: the text is not valid JSON',
      },
      { code: 'snapshot/invalid', path: 'organizations.policies[0].Content', message: 'SCP `p-1` (`x`), line 1, column 1 of its content: not valid JSON: unexpected `nope`' },
      { code: 'snapshot/invalid', path: 'iam.credentialReport', message: 'bad credential report: line 2, column `mfa_active`: expected true or false, found `maybe`' },
    ]);
  });

  it('gives a hint listing the expected keys for an unknown section', () => {
    const d = errorsOf(parse(snapshotData({}, { credentialreport: 'x' })))[0];
    expect(d).toMatchObject({ path: 'iam.credentialreport', message: 'unknown field `credentialreport`' });
    expect(d?.hint).toContain('`credentialReport`');
  });

  it('caps the report at 20 errors plus a count of the rest', () => {
    const roles = Array.from({ length: 30 }, (_, i) => role(`r${i}`, SERVICE_TRUST, { CreateDate: 'never' }));
    const errors = errorsOf(parse(snapshotData({}, { authorizationDetails: { RoleDetailList: roles } })));
    expect(errors).toHaveLength(21);
    expect(errors[20]?.message).toBe('10 more problems not shown');
    expect(errors[0]?.path).toBe('iam.authorizationDetails.RoleDetailList[0].CreateDate');
  });
});

describe('parseSnapshot: warnings', () => {
  it('warns about unknown `errors` sections and missing report columns', () => {
    const outcome = parse(snapshotData({ errors: [{ section: 'iam.credentialReport', code: 'ReportNotPresent' }, { section: 'iam.bogus' }] }, { credentialReport: 'user,arn\n<root_account>,arn:aws:iam::1:root\n' }));
    expect(outcome.ok).toBe(true);
    expect(brief(outcome.warnings)).toEqual([
      { code: 'snapshot/invalid', path: 'iam.credentialReport', message: expect.stringMatching(/^the credential report has no `user_creation_time`, .* columns: what they carry is unknown$/) as unknown as string },
      { code: 'snapshot/invalid', path: 'errors[1].section', message: '`errors` names an unknown section `iam.bogus`' },
    ]);
    expect(outcome.warnings.every((w) => w.severity === 'warning')).toBe(true);
  });
});

describe('parseSnapshot: hostile input files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guard-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a small gzip that decompresses past what a string can hold, with a message naming the limit', async () => {
    const file = join(dir, 'bomb.json.gz');
    writeFileSync(file, gzipBomb(600));
    const [first, ...rest] = errorsOf(await loadSnapshotFile(file));
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ code: 'snapshot/unreadable', span: null });
    expect(first?.message).toBe(`snapshot \`${file}\` decompresses to more than 256 MiB, the most guard reads`);
  });

  it('reports a duplicate key in the snapshot with its JSON path, line and column', () => {
    const text = '{\n  "format": "guard-snapshot/v1",\n  "format": "guard-snapshot/v1"\n}';
    expect(brief(errorsOf(parseSnapshot(text, 'dup.json')))).toEqual([
      { code: 'snapshot/invalid-json', path: 'format', message: 'snapshot `dup.json` has a duplicate key `format` at line 3, column 3; the first is at line 2, column 3' },
    ]);
  });

  it('reports a duplicate key deep inside, where the last would silently win', () => {
    const good = JSON.stringify(snapshotData({}, { authorizationDetails: { UserDetailList: [user('alice')], GroupDetailList: [], RoleDetailList: [], Policies: [] } }));
    const text = good.replace('"UserName":"alice"', '"UserName":"alice","UserName":"bob"');
    expect(text).not.toBe(good);
    const errors = errorsOf(parseSnapshot(text, 'dup.json'));
    expect(brief(errors)).toMatchObject([{ code: 'snapshot/invalid-json', path: 'iam.authorizationDetails.UserDetailList[0].UserName' }]);
  });

  it('reports a duplicate condition operator inside a policy document given as a JSON string or URL-encoded', () => {
    const doc =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"a:aud":"sts"},"StringEquals":{"a:sub":"repo:o/r:ref:refs/heads/main"}}}]}';
    for (const form of [doc, encodeURIComponent(doc)]) {
      const data = snapshotData({}, { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('ci', form)], Policies: [] } });
      const errors = errorsOf(parse(data));
      expect(brief(errors)).toEqual([
        { code: 'snapshot/invalid', path: 'iam.authorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument', message: 'not a policy document: duplicate key `StringEquals` in `Statement[0].Condition`' },
      ]);
    }
  });

  it('quotes control characters of the input safely in invalid-JSON messages', () => {
    const message = errorsOf(parseSnapshot('{"format":\u0000\u001b[2J}', 'bad.json'))[0]?.message ?? '';
    expect(message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(message).toBe('snapshot `bad.json` is not valid JSON: unexpected character `\\u0000` at line 1, column 11');
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAccessAnalyzer, type FakeFinding, type FakeRegion, startFakeAccessAnalyzer } from '../support/fake-access-analyzer.ts';
import { type MotoServer, requireMoto, startMoto } from '../support/moto.ts';
import { runGuard } from '../support/run-guard.ts';
import { runSnapshot } from './run-snapshot.ts';
import { MANAGEMENT_ACCOUNT, seedAccount } from './seed.ts';

interface Json {
  readonly [key: string]: unknown;
}

const motoAvailable = requireMoto('test/collect/snapshot-access-analyzer.test.ts');

const arn = (region: string, name: string): string => `arn:aws:access-analyzer:${region}:${MANAGEMENT_ACCOUNT}:analyzer/${name}`;
const external = (id: string, status: string): FakeFinding => ({
  id,
  principal: { AWS: '444455556666' },
  action: ['s3:GetObject'],
  resource: `arn:aws:s3:::bucket-${id}`,
  isPublic: false,
  resourceType: 'AWS::S3::Bucket',
  condition: {},
  createdAt: '2026-02-01T00:00:00Z',
  analyzedAt: '2026-02-01T00:00:00Z',
  updatedAt: '2026-02-01T00:00:00Z',
  status,
  resourceOwnerAccount: MANAGEMENT_ACCOUNT,
});
const unused = (id: string): FakeFinding => ({
  id,
  resource: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/${id}`,
  resourceType: 'AWS::IAM::Role',
  resourceOwnerAccount: MANAGEMENT_ACCOUNT,
  status: 'ACTIVE',
  findingType: 'UnusedIAMRole',
  createdAt: '2026-02-01T00:00:00Z',
  analyzedAt: '2026-02-01T00:00:00Z',
  updatedAt: '2026-02-01T00:00:00Z',
});

const analyzer = (region: string, name: string, type: string, status = 'ACTIVE') => ({ arn: arn(region, name), name, type, status, createdAt: '2026-01-05T10:00:00Z' });

const REGIONS: Readonly<Record<string, FakeRegion>> = {
  // Three analyzers over two pages; external findings over two pages, one ARCHIVED (filtered out by the
  // request); an unused-access analyzer answered by ListFindingsV2; a DISABLED analyzer not asked.
  'us-east-1': {
    kind: 'ok',
    pageSize: 2,
    analyzers: [
      analyzer('us-east-1', 'account', 'ACCOUNT'),
      { ...analyzer('us-east-1', 'unused', 'ACCOUNT_UNUSED_ACCESS'), configuration: { unusedAccess: { unusedAccessAge: 90 } } },
      analyzer('us-east-1', 'old', 'ACCOUNT', 'DISABLED'),
    ],
    findings: {
      [arn('us-east-1', 'account')]: [external('e1', 'ACTIVE'), external('e2', 'ARCHIVED'), external('e3', 'ACTIVE'), external('e4', 'ACTIVE')],
      [arn('us-east-1', 'unused')]: [unused('u1')],
    },
  },
  // Analyzers listed, findings denied: the analyzers are known, the findings unknown.
  'eu-west-1': { kind: 'ok', pageSize: 10, analyzers: [analyzer('eu-west-1', 'org', 'ORGANIZATION')], findings: {}, deny: ['ListFindings'] },
  // An SCP denies Access Analyzer in this region.
  'eu-central-1': { kind: 'error', status: 403, code: 'AccessDeniedException', message: 'User is not authorized to perform: access-analyzer:ListAnalyzers with an explicit deny in a service control policy' },
  // A region without an analyzer.
  'us-west-2': { kind: 'ok', pageSize: 10, analyzers: [], findings: {} },
  // ap-south-2 is not in the table: not enabled for the account (UnrecognizedClientException).
};

describe.skipIf(!motoAvailable)('guard snapshot reads IAM Access Analyzer per region (a fake REST-JSON server in front of moto)', () => {
  let moto: MotoServer;
  let fake: FakeAccessAnalyzer;
  let dir: string;
  let file: string;
  let snapshot: Json;
  let byRegion: Map<unknown, Json>;
  let stderr: string;

  beforeAll(async () => {
    moto = await startMoto();
    await seedAccount(moto.endpoint);
    fake = await startFakeAccessAnalyzer(moto.endpoint, REGIONS);
    dir = await mkdtemp(join(tmpdir(), 'guard-analyzer-'));
    file = join(dir, 'account.json');
    const run = await runSnapshot(fake.endpoint, ['--out', file, '--quiet', '--max-attempts', '2', '--regions', 'us-east-1,eu-west-1,eu-central-1,us-west-2,ap-south-2']);
    expect(run.code).toBe(0);
    stderr = run.stderr;
    snapshot = JSON.parse(await readFile(file, 'utf8')) as Json;
    byRegion = new Map(((snapshot['accessAnalyzer'] as Json)['regions'] as Json[]).map((r) => [r['region'], r]));
  }, 60_000);

  afterAll(async () => {
    await fake?.close();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records every region asked, in the order given', () => {
    expect([...byRegion.keys()]).toEqual(['us-east-1', 'eu-west-1', 'eu-central-1', 'us-west-2', 'ap-south-2']);
  });

  it('follows nextToken for analyzers and findings, asks ACTIVE findings of ACTIVE analyzers only, by the right call', () => {
    const east = byRegion.get('us-east-1') ?? {};
    expect((east['analyzers'] as Json[]).map((a) => [a['name'], a['type'], a['status']])).toEqual([
      ['account', 'ACCOUNT', 'ACTIVE'],
      ['unused', 'ACCOUNT_UNUSED_ACCESS', 'ACTIVE'],
      ['old', 'ACCOUNT', 'DISABLED'],
    ]);
    expect((east['analyzers'] as Json[])[1]?.['configuration']).toEqual({ unusedAccess: { unusedAccessAge: 90 } });
    expect((east['findings'] as Json[]).map((f) => [f['id'], f['findingType'], f['analyzerArn']])).toEqual([
      ['e1', 'ExternalAccess', arn('us-east-1', 'account')],
      ['e3', 'ExternalAccess', arn('us-east-1', 'account')],
      ['e4', 'ExternalAccess', arn('us-east-1', 'account')],
      ['u1', 'UnusedIAMRole', arn('us-east-1', 'unused')],
    ]);
    expect((east['findings'] as Json[])[0]).toMatchObject({ principal: { AWS: '444455556666' }, action: ['s3:GetObject'], isPublic: false, condition: {}, resourceOwnerAccount: MANAGEMENT_ACCOUNT });
    expect(east['errors']).toBeUndefined();
    const eastCalls = fake.calls.filter((c) => c.region === 'us-east-1').map((c) => [c.action, c.nextToken ?? null]);
    expect(eastCalls.sort()).toEqual(
      [
        ['ListAnalyzers', null],
        ['ListAnalyzers', 'page-2'],
        ['ListFindings', null],
        ['ListFindings', 'page-2'],
        ['ListFindingsV2', null],
      ].sort(),
    );
    for (const call of fake.calls.filter((c) => c.action !== 'ListAnalyzers')) expect(call.body['filter']).toEqual({ status: { eq: ['ACTIVE'] } });
  });

  it('keeps a region whose findings were denied: analyzers known, findings absent with the error', () => {
    const west = byRegion.get('eu-west-1') ?? {};
    expect((west['analyzers'] as Json[]).map((a) => a['name'])).toEqual(['org']);
    expect(west['findings']).toBeUndefined();
    expect(west['errors']).toEqual([{ part: 'findings', code: 'AccessDeniedException', message: 'User is not authorized to perform: access-analyzer:ListFindings' }]);
  });

  it('a denied or not-enabled region makes only its own facts unknown', () => {
    expect(byRegion.get('eu-central-1')).toEqual({
      region: 'eu-central-1',
      errors: [{ part: 'analyzers', code: 'AccessDeniedException', message: 'User is not authorized to perform: access-analyzer:ListAnalyzers with an explicit deny in a service control policy' }],
    });
    expect(byRegion.get('ap-south-2')).toMatchObject({ region: 'ap-south-2', errors: [{ part: 'analyzers', code: 'UnrecognizedClientException' }] });
    // A region with no analyzer is known: an empty list, not an error.
    expect(byRegion.get('us-west-2')).toEqual({ region: 'us-west-2', analyzers: [], findings: [] });
    // None of it is in the top-level errors, which would make every region unknown.
    expect((snapshot['errors'] as Json[]).map((e) => e['section'])).not.toContain('accessAnalyzer');
    // Even with --quiet, stderr names each region part not collected.
    expect(stderr).toMatch(
      /not collected: .*accessAnalyzer\.regions\[eu-west-1\]\.findings \(AccessDeniedException\), accessAnalyzer\.regions\[eu-central-1\]\.analyzers \(AccessDeniedException\), accessAnalyzer\.regions\[ap-south-2\]\.analyzers \(UnrecognizedClientException\); rules that need them evaluate to unknown$/m,
    );
  });

  it('guard eval reads the file without error', async () => {
    const rules = join(dir, 'rules.guard');
    await writeFile(rules, 'roles must not trust "*"\n');
    const evaluated = await runGuard(['eval', rules, '--snapshot', file, '--format', 'json']);
    expect(evaluated.stderr).toBe('');
    // seedAccount's public role fails the rule: exit 1, a valid snapshot (2 would mean it was not).
    expect(evaluated.code).toBe(1);
  });
});

import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateGroupCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultProxy, FaultRule } from '../support/aws-fault-proxy.ts';
import { type MotoServer, requireMoto } from '../support/moto.ts';
import { REPO } from '../support/run-guard.ts';
import { type Collected, type FaultHarness, type Json, sectionErrors, startFaultHarness } from './fault-harness.ts';
import { runSnapshot } from './run-snapshot.ts';
import { type SeededOrganization, TEST_ENV } from './seed.ts';

const motoAvailable = requireMoto('test/collect/snapshot-faults.test.ts');

const generateState = (state: string): string =>
  `<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateCredentialReportResult><State>${state}</State>` +
  `<Description>generating</Description></GenerateCredentialReportResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`;

describe.skipIf(!motoAvailable)('guard snapshot through a fault-injecting proxy in front of moto', () => {
  let harness: FaultHarness;
  let proxy: FaultProxy;
  let moto: MotoServer;
  let dir: string;
  let org: SeededOrganization;
  let baseline: Json;

  const collect = (rules: readonly FaultRule[], args: readonly string[] = []): Promise<Collected> => harness.collect(rules, args);
  const calls = (action: string): number => harness.calls(action);
  const sections = sectionErrors;
  const withoutTime = (snapshot: Json | null): Json => {
    const { capturedAt: _capturedAt, ...rest } = snapshot ?? {};
    return rest;
  };

  beforeAll(async () => {
    harness = await startFaultHarness('guard-faults-');
    ({ proxy, moto, dir, org } = harness);
    const direct = await runSnapshot(moto.endpoint, ['--out', join(dir, 'baseline.json'), '--max-attempts', '2']);
    expect(direct.code).toBe(0);
    baseline = JSON.parse(await readFile(join(dir, 'baseline.json'), 'utf8')) as Json;
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('follows truncated pages to the end (IAM Marker, Organizations NextToken) and merges them', async () => {
    const paginate = (service: string, action: string, pageSize: number): FaultRule => ({ service, action, fault: { kind: 'paginate', pageSize } });
    const result = await collect([
      paginate('iam', 'GetAccountAuthorizationDetails', 2),
      paginate('iam', 'ListVirtualMFADevices', 1),
      paginate('organizations', 'ListRoots', 1),
      paginate('organizations', 'ListOrganizationalUnitsForParent', 1),
      paginate('organizations', 'ListChildren', 1),
      paginate('organizations', 'ListAccounts', 1),
      paginate('organizations', 'ListPolicies', 1),
      paginate('organizations', 'ListTargetsForPolicy', 1),
    ]);
    expect(result.code).toBe(0);
    expect(withoutTime(result.snapshot)).toEqual(withoutTime(baseline));
    // 4 users + 1 group + 5 roles + 2 policies = 12 entities in pages of 2.
    expect(calls('GetAccountAuthorizationDetails')).toBe(6);
    const markers = proxy.calls.filter((c) => c.action === 'GetAccountAuthorizationDetails').map((c) => c.params['Marker'] ?? null);
    expect(markers).toEqual([null, 'fault-proxy-page-1', 'fault-proxy-page-2', 'fault-proxy-page-3', 'fault-proxy-page-4', 'fault-proxy-page-5']);
    expect(calls('ListVirtualMFADevices')).toBe(2);
    expect(calls('ListAccounts')).toBe(4);
    expect(calls('ListPolicies')).toBe(4);
  });

  it('retries throttling with backoff and still collects everything', async () => {
    const result = await collect([
      { service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'throttle' }, times: 1 },
      { service: 'iam', action: 'GetAccountAuthorizationDetails', fault: { kind: 'throttle' }, times: 1 },
      // Late in the run: adaptive mode slows a client down after a throttle, and Organizations makes many calls.
      { service: 'organizations', action: 'ListDelegatedServicesForAccount', fault: { kind: 'throttle' }, times: 1 },
    ]);
    expect(result.code).toBe(0);
    expect(withoutTime(result.snapshot)).toEqual(withoutTime(baseline));
    expect(proxy.calls.filter((c) => c.fault === 'throttle')).toHaveLength(3);
    expect(calls('GetAccountAuthorizationDetails')).toBe(2);
  });

  it('records AccessDenied per section, collects the rest and exits 0 naming what is missing', async () => {
    const result = await collect([
      { service: 'iam', action: 'GetAccountAuthorizationDetails', fault: { kind: 'access-denied' } },
      { service: 'iam', action: 'GenerateCredentialReport', fault: { kind: 'access-denied' } },
      { service: 'organizations', action: 'ListAccounts', fault: { kind: 'access-denied' } },
    ]);
    expect(result.code).toBe(0);
    expect(sections(result.snapshot)).toEqual([
      ['iam.credentialReport', 'AccessDenied'],
      ['iam.authorizationDetails', 'AccessDenied'],
      ['iam.organizationsFeatures', 'InternalFailure'],
      ['organizations.accounts', 'AccessDeniedException'],
    ]);
    const iam = result.snapshot?.['iam'] as Json;
    expect(iam['authorizationDetails']).toBeUndefined();
    expect(iam['credentialReport']).toBeUndefined();
    expect(iam['accountSummary']).toEqual((baseline['iam'] as Json)['accountSummary']);
    const organizations = result.snapshot?.['organizations'] as Json;
    expect(organizations['accounts']).toBeUndefined();
    expect(organizations['policies']).toEqual((baseline['organizations'] as Json)['policies']);
    const message = ((result.snapshot!['errors'] as Json[])[0] as Json)['message'];
    expect(message).toMatch(/not authorized to perform: iam:GenerateCredentialReport/);
    expect(result.stderr).toMatch(/5 sections not collected: iam\.credentialReport \(AccessDenied\), iam\.authorizationDetails \(AccessDenied\), .*organizations\.accounts \(AccessDeniedException\)/);
  });

  it('gives up on a persistent 5xx after three attempts and records it', async () => {
    const result = await collect([{ service: 'iam', action: 'GetAccountSummary', fault: { kind: 'server-error', status: 503 } }], ['--max-attempts', '10']);
    expect(result.code).toBe(0);
    expect(sections(result.snapshot)).toContainEqual(['iam.accountSummary', 'ServiceUnavailable']);
    expect(calls('GetAccountSummary')).toBe(3);
  });

  it('records throttling that outlasts --max-attempts', async () => {
    const result = await collect([{ service: 'iam', action: 'GetAccountPasswordPolicy', fault: { kind: 'throttle' } }], ['--max-attempts', '2']);
    expect(result.code).toBe(0);
    expect(sections(result.snapshot)).toContainEqual(['iam.passwordPolicy', 'Throttling']);
    expect((result.snapshot!['iam'] as Json)['passwordPolicy']).toBeUndefined();
    expect(calls('GetAccountPasswordPolicy')).toBe(2);
  });

  it('polls the credential report until IAM has generated it', async () => {
    const result = await collect([{ service: 'iam', action: 'GenerateCredentialReport', fault: { kind: 'reply', status: 200, body: generateState('STARTED') }, times: 2 }]);
    expect(result.code).toBe(0);
    expect((result.snapshot!['iam'] as Json)['credentialReport']).toEqual((baseline['iam'] as Json)['credentialReport']);
    expect(calls('GenerateCredentialReport')).toBe(3);
    expect(calls('GetCredentialReport')).toBe(1);
  });

  it('stops waiting for the credential report at --timeout and records it', async () => {
    const result = await collect([{ service: 'iam', action: 'GenerateCredentialReport', fault: { kind: 'reply', status: 200, body: generateState('INPROGRESS') } }], ['--timeout', '1s']);
    expect(result.code).toBe(0);
    expect(sections(result.snapshot)).toContainEqual(['iam.credentialReport', 'CredentialReportTimeout']);
    expect(result.snapshot?.['iam']).toHaveProperty('authorizationDetails');
  });

  it('asks ListParents for an account the tree walk did not see', async () => {
    const result = await collect([
      {
        service: 'organizations',
        action: 'ListChildren',
        when: (call) => call.params['ParentId'] === org.units['Sandbox'],
        fault: { kind: 'reply', status: 200, body: JSON.stringify({ Children: [] }) },
      },
    ]);
    expect(withoutTime(result.snapshot)).toEqual(withoutTime(baseline));
    expect(proxy.calls.filter((c) => c.action === 'ListParents').map((c) => c.params['ChildId'])).toEqual([org.accounts['sandbox']]);
  });

  it('exits 2 without writing when the identity cannot be read', async () => {
    const result = await collect([{ service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'access-denied' } }]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^guard: cannot determine the calling identity \(sts:GetCallerIdentity\): AccessDenied: /m);
    expect(result.snapshot).toBeNull();
  });

  it('exits 2 without writing when no IAM section at all can be read', async () => {
    const iamActions = [
      'GenerateCredentialReport',
      'GetAccountAuthorizationDetails',
      'GetAccountSummary',
      'GetAccountPasswordPolicy',
      'ListVirtualMFADevices',
      'ListSAMLProviders',
      'ListOpenIDConnectProviders',
      'ListAccountAliases',
      'ListOrganizationsFeatures',
    ];
    const result = await collect(iamActions.map((action) => ({ service: 'iam', action, fault: { kind: 'access-denied' } })));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^guard: could not read any IAM section of account 123456789012: AccessDenied: /m);
    expect(result.stderr).toMatch(/^guard: hint: grant the read-only permissions in docs\/collector-policy\.json$/m);
    expect(result.snapshot).toBeNull();
  });

  it('an interrupted run leaves the previous file intact and no temporary file', async () => {
    proxy.setRules([{ service: 'iam', action: 'GetAccountAuthorizationDetails', fault: { kind: 'stall' } }]);
    proxy.clearCalls();
    const out = join(dir, 'interrupted.json');
    await writeFile(out, 'previous');
    const child = spawn(process.execPath, [join(REPO, 'bin/guard.js'), 'snapshot', '--endpoint-url', proxy.endpoint, '--out', out, '--quiet'], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...TEST_ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 200 && calls('GetAccountAuthorizationDetails') === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls('GetAccountAuthorizationDetails')).toBe(1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/^guard: interrupted \(SIGINT\)/m);
    expect(await readFile(out, 'utf8')).toBe('previous');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    proxy.setRules([]);
  });

  it('makes O(pages) API calls: adding users, groups and roles adds none', async () => {
    const before = await collect([]);
    const requestsBefore = proxy.calls.length;
    const pagedBefore = proxy.calls.filter((c) => c.action === 'GetAccountAuthorizationDetails').length;
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    for (let i = 0; i < 40; i++) {
      await iam.send(new CreateUserCommand({ UserName: `bulk-user-${i}` }));
      await iam.send(new CreateRoleCommand({ RoleName: `bulk-role-${i}`, AssumeRolePolicyDocument: trust }));
      if (i % 4 === 0) await iam.send(new CreateGroupCommand({ GroupName: `bulk-group-${i}` }));
    }
    iam.destroy();
    const after = await collect([]);
    const details = (after.snapshot!['iam'] as Json)['authorizationDetails'] as Record<string, unknown[]>;
    expect(details['UserDetailList']).toHaveLength(44);
    expect(details['RoleDetailList']).toHaveLength(45);
    expect(before.code).toBe(0);
    expect(proxy.calls.filter((c) => c.action === 'GetAccountAuthorizationDetails')).toHaveLength(pagedBefore);
    // The CLI's own count of API calls (retries excluded: their number depends on timing) is unchanged.
    const reported = (stderr: string): number => Number(/\((\d+) API calls/.exec(stderr)?.[1]);
    expect(reported(after.stderr)).toBe(reported(before.stderr));
    expect(reported(before.stderr)).toBeGreaterThan(20);
    // Printed for the record: the number the issue asks to report.
    console.info(`guard snapshot of the seeded test account (management account of a 4-account organization): ${reported(before.stderr)} API calls, ` + `${requestsBefore} HTTP requests with retries`);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../support/aws-fault-proxy.ts';
import { requireMoto } from '../support/moto.ts';
import { runGuard } from '../support/run-guard.ts';
import { type FaultHarness, type Json, sectionError, sectionErrors, startFaultHarness } from './fault-harness.ts';

const motoAvailable = requireMoto('test/collect/snapshot-bad-responses.test.ts');

// The bounds these tests configure: small, so a stalled call ends in seconds.
const CALL_TIMEOUT = ['--call-timeout', '1s'];
const SECTION_TIMEOUT = ['--call-timeout', '30s', '--section-timeout', '2s'];

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body { color: red }</style></head>' + '<body><h1>Bad Gateway</h1><p>upstream connect error or disconnect/reset before headers</p></body></html>';

/** The section each call fills, and the service that serves it. */
const CALLS = [
  ['iam', 'GetAccountAuthorizationDetails', 'iam.authorizationDetails'],
  ['iam', 'GetAccountSummary', 'iam.accountSummary'],
  ['iam', 'GetAccountPasswordPolicy', 'iam.passwordPolicy'],
  ['organizations', 'DescribeOrganization', 'organizations'],
  ['sso', 'ListPermissionSets', 'identityCenter.permissionSets'],
  ['identitystore', 'ListUsers', 'identityCenter.users'],
] as const;

describe.skipIf(!motoAvailable)('guard snapshot when AWS stalls or answers with something that is not a response', () => {
  let harness: FaultHarness;
  const timings: string[] = [];

  beforeAll(async () => {
    harness = await startFaultHarness('guard-bad-responses-');
  }, 60_000);

  afterAll(async () => {
    // Printed for the record: what the stalled cases cost with the bounds above.
    if (timings.length > 0) console.info(timings.join('\n'));
    await harness?.close();
  });

  const iamOf = (snapshot: Json | null): Json => (snapshot?.['iam'] as Json | undefined) ?? {};

  it('a stalled call fails at --call-timeout, is tried three times, and the rest is still collected', async () => {
    const result = await harness.collect([{ service: 'iam', action: 'GetAccountAuthorizationDetails', fault: { kind: 'stall' } }], CALL_TIMEOUT);
    timings.push(`stalled call, --call-timeout 1s: guard snapshot took ${result.ms} ms`);
    expect(result.code).toBe(0);
    expect(sectionErrors(result.snapshot)).toContainEqual(['iam.authorizationDetails', 'TimeoutError']);
    expect(sectionError(result.snapshot, 'iam.authorizationDetails')?.['message']).toMatch(/^no response within --call-timeout \(3 attempts\): /);
    expect(harness.calls('GetAccountAuthorizationDetails')).toBe(3);
    expect(iamOf(result.snapshot)).not.toHaveProperty('authorizationDetails');
    expect(iamOf(result.snapshot)).toHaveProperty('accountSummary');
  }, 30_000);

  it('the section deadline ends a stalled call and leaves no time for retries', async () => {
    const result = await harness.collect([{ service: 'iam', action: 'GetAccountSummary', fault: { kind: 'stall' } }], SECTION_TIMEOUT);
    timings.push(`stalled call, --section-timeout 2s: guard snapshot took ${result.ms} ms`);
    expect(result.code).toBe(0);
    expect(sectionErrors(result.snapshot)).toContainEqual(['iam.accountSummary', 'SectionTimeout']);
    expect(sectionError(result.snapshot, 'iam.accountSummary')?.['message']).toMatch(/^not finished after 2s \(raise --section-timeout\)/);
    expect(harness.calls('GetAccountSummary')).toBe(1);
    expect(result.stderr).toMatch(/sections? not collected: .*iam\.accountSummary \(SectionTimeout\)/);
  }, 30_000);

  it('pages cannot extend the section deadline: a later page that stalls ends the section', async () => {
    const rules: FaultRule[] = [
      { service: 'iam', action: 'GetAccountAuthorizationDetails', when: (call) => call.params['Marker'] === 'fault-proxy-page-2', fault: { kind: 'stall' } },
      { service: 'iam', action: 'GetAccountAuthorizationDetails', fault: { kind: 'paginate', pageSize: 2 } },
    ];
    const result = await harness.collect(rules, SECTION_TIMEOUT);
    expect(sectionErrors(result.snapshot)).toContainEqual(['iam.authorizationDetails', 'SectionTimeout']);
    expect(harness.calls('GetAccountAuthorizationDetails')).toBe(3);
    expect(iamOf(result.snapshot)).not.toHaveProperty('authorizationDetails');
  }, 30_000);

  it('a body that stops arriving half-way fails at --call-timeout', async () => {
    const result = await harness.collect([{ service: 'iam', action: 'ListVirtualMFADevices', fault: { kind: 'stall-body' } }], CALL_TIMEOUT);
    timings.push(`body stalled half-way, --call-timeout 1s: guard snapshot took ${result.ms} ms`);
    expect(sectionErrors(result.snapshot)).toContainEqual(['iam.virtualMfaDevices', 'TimeoutError']);
    expect(iamOf(result.snapshot)).not.toHaveProperty('virtualMfaDevices');
  }, 30_000);

  it('a stalled sts:GetCallerIdentity ends the run with exit 2 at the deadline', async () => {
    const result = await harness.collect([{ service: 'sts', action: 'GetCallerIdentity', fault: { kind: 'stall' } }], SECTION_TIMEOUT);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^guard: cannot determine the calling identity \(sts:GetCallerIdentity\): Timeout: no answer within 2s/m);
    expect(result.snapshot).toBeNull();
  }, 30_000);

  it('a credential provider that never finishes cannot keep the process alive past the deadline', async () => {
    const config = join(harness.dir, 'aws-config');
    // `sleep` outlives the test's own timeout: only guard ending the run lets this test pass.
    const pidFile = join(harness.dir, 'credential-process.pid');
    await writeFile(config, `[profile stuck]\ncredential_process = sh -c 'echo $$ > ${pidFile}; exec sleep 45'\nregion = us-east-1\n`);
    const run = await runGuard(['snapshot', '--profile', 'stuck', '--endpoint-url', harness.proxy.endpoint, '--out', join(harness.dir, 'stuck.json'), '--section-timeout', '2s'], {
      env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    // The abandoned credential process is ours to end.
    const pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
    if (pid > 0) process.kill(pid, 'SIGKILL');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^guard: cannot determine the calling identity \(sts:GetCallerIdentity\): Timeout: no answer within 2s/m);
  }, 30_000);

  // One run per kind of body, each of the four calls answered with it (each fills a section of its own).
  it.each([
    ['an empty HTTP 200 body', '', undefined, /HTTP 200 \([^)]+\) with an empty body: the body is empty/],
    ['a garbage HTTP 200 body', 'garbage \u0000 not a response', undefined, /HTTP 200 \([^)]+\) with `garbage not a response`: the body is not /],
    ['an HTML HTTP 200 page', HTML_PAGE, 'text/html', /HTTP 200 \(text\/html\) with `502 Bad Gateway Bad Gateway upstream connect error/],
  ])('%s is a section error, not an empty section', async (_name, body, contentType, message) => {
    const fault = { kind: 'reply', status: 200, body, ...(contentType === undefined ? {} : { contentType }) } as const;
    const result = await harness.collect(CALLS.map(([service, action]) => ({ service, action, fault })));
    expect(result.code).toBe(0);
    for (const [, action, section] of CALLS) {
      expect(sectionErrors(result.snapshot)).toContainEqual([section, 'MalformedResponse']);
      expect(sectionError(result.snapshot, section)?.['message']).toMatch(message);
      expect(sectionError(result.snapshot, section)?.['message']).toMatch(new RegExp(`^${action} answered `));
    }
    expect(iamOf(result.snapshot)).not.toHaveProperty('authorizationDetails');
    expect(iamOf(result.snapshot)).not.toHaveProperty('accountSummary');
    expect(iamOf(result.snapshot)).not.toHaveProperty('passwordPolicy');
    expect(result.snapshot).not.toHaveProperty('organizations');
    expect(iamOf(result.snapshot)).toHaveProperty('credentialReport');
  });

  it('a JSON object without the field the API promises is a section error ({} for DescribeOrganization)', async () => {
    const result = await harness.collect([{ service: 'organizations', action: 'DescribeOrganization', fault: { kind: 'reply', status: 200, body: '{}' } }]);
    expect(sectionErrors(result.snapshot)).toContainEqual(['organizations', 'MalformedResponse']);
    expect(sectionError(result.snapshot, 'organizations')?.['message']).toMatch(/DescribeOrganization answered HTTP 200 .* without `Organization`/);
    expect(result.snapshot).not.toHaveProperty('organizations');
  });

  it('a truncated body is a section error', async () => {
    const result = await harness.collect(CALLS.map(([service, action]) => ({ service, action, fault: { kind: 'truncate' } })));
    expect(result.code).toBe(0);
    for (const [, , section] of CALLS) {
      expect(sectionErrors(result.snapshot)).toContainEqual([section, 'MalformedResponse']);
      expect(sectionError(result.snapshot, section)?.['message']).toMatch(/the body is cut off/);
    }
  });

  it('an HTML 500 from a proxy says what came back: status, content type and a cleaned snippet', async () => {
    const fault = { kind: 'reply', status: 500, body: HTML_PAGE, contentType: 'text/html' } as const;
    const rules: FaultRule[] = [
      { service: 'iam', action: 'GetAccountSummary', fault },
      { service: 'organizations', action: 'ListRoots', fault },
    ];
    const result = await harness.collect(rules, ['--max-attempts', '1']);
    expect(result.code).toBe(0);
    for (const section of ['iam.accountSummary', 'organizations.roots']) {
      expect(sectionError(result.snapshot, section)).toEqual({
        section,
        code: 'InternalFailure',
        message: 'HTTP 500 (text/html) with `502 Bad Gateway Bad Gateway upstream connect error or disconnect/reset before headers`, ' + 'which is not an AWS error response (does the endpoint implement this call?)',
      });
    }
  });
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CloseAccountCommand, CreateAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, type FaultRule, startFaultProxy } from '../support/aws-fault-proxy.ts';
import { type MotoServer, requireMoto, startMoto } from '../support/moto.ts';
import { REPO } from '../support/run-guard.ts';
import { sharedData } from '../support/shared-data.ts';
import { runSnapshot } from './run-snapshot.ts';
import { assumeInto, MANAGEMENT_ACCOUNT, type SeededOrganization, seedAccount, seedOrganization } from './seed.ts';
import { motoGaps, type SeededIdentityCenter, seedIdentityCenter } from './seed-identity-center.ts';

interface Json {
  readonly [key: string]: unknown;
}

const motoAvailable = requireMoto('test/collect/snapshot-organization.test.ts');

describe.skipIf(!motoAvailable)('guard snapshot --org against moto: every member account by AssumeRole', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let dir: string;
  let org: SeededOrganization;
  let closedAccount: string;
  // Identity Center and Access Analyzer, so that the policy test sees every action; moto's gaps answered by the proxy.
  let identityCenter: SeededIdentityCenter;

  const readSnapshot = async (file: string): Promise<Json> => {
    const bytes = await readFile(file);
    return JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as Json;
  };

  /** One member account's role cannot be assumed (as when the role is missing or its trust forbids us). */
  const denySandbox = (): FaultRule => ({
    service: 'sts',
    action: 'AssumeRole',
    when: (call) => String(call.params['RoleArn']).includes(`::${org.accounts['sandbox']}:`),
    fault: { kind: 'access-denied' },
  });
  /** Makes the tree walk miss one account, so the collector must ask ListParents (and the policy test sees it). */
  const hideSandboxChildren = (): FaultRule => ({
    service: 'organizations',
    action: 'ListChildren',
    when: (call) => call.params['ParentId'] === org.units['Sandbox'],
    fault: { kind: 'reply', status: 200, body: JSON.stringify({ Children: [] }) },
  });

  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'guard-org-'));
    await seedAccount(moto.endpoint);
    org = await seedOrganization(moto.endpoint);
    for (const member of ['prod', 'sandbox', 'security']) {
      await seedAccount(moto.endpoint, await assumeInto(moto.endpoint, org.accounts[member] ?? ''), `${member}-`);
    }
    // A closed account is listed but SUSPENDED: it is skipped, not failed.
    const client = new OrganizationsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    closedAccount = (await client.send(new CreateAccountCommand({ AccountName: 'closed', Email: 'closed@example.com' }))).CreateAccountStatus?.AccountId ?? '';
    await client.send(new CloseAccountCommand({ AccountId: closedAccount }));
    client.destroy();
    identityCenter = await seedIdentityCenter(moto.endpoint);
    proxy = await startFaultProxy(moto.endpoint);
  }, 90_000);

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('when one member account cannot be reached', () => {
    let run: { code: number | null; stderr: string };
    const outDir = (): string => join(dir, 'partial');

    beforeAll(async () => {
      proxy.setRules([denySandbox(), hideSandboxChildren(), ...motoGaps(identityCenter)]);
      run = await runSnapshot(proxy.endpoint, ['--org', '--out-dir', outDir(), '--concurrency', '2', '--max-attempts', '2']);
      proxy.setRules([]);
    }, 60_000);

    it('exits 1, writes the others and names the failed account on stderr', async () => {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^guard: account ${org.accounts['sandbox']} \\(sandbox\\) not collected: AccessDenied: cannot assume`, 'm'));
      expect(run.stderr).toMatch(/^guard: wrote 3 of 5 accounts to `.*partial` \(1 failed, 1 not active, skipped; \d+ API calls\); see manifest\.json$/m);
      const files = (await readdir(outDir())).sort();
      expect(files).toEqual([`${MANAGEMENT_ACCOUNT}.json`, `${org.accounts['prod']}.json`, `${org.accounts['security']}.json`, 'manifest.json'].sort());
    });

    it('records every account in manifest.json', async () => {
      const manifest = JSON.parse(await readFile(join(outDir(), 'manifest.json'), 'utf8')) as Json;
      expect(manifest['format']).toBe('guard-collection/v1');
      expect(manifest['organizationId']).toBe(org.organizationId);
      const byId = new Map((manifest['accounts'] as Json[]).map((a) => [a['id'], a]));
      expect(byId.get(org.accounts['sandbox'])).toMatchObject({ status: 'failed', code: 'AccessDenied', name: 'sandbox' });
      expect(byId.get(closedAccount)).toMatchObject({ status: 'skipped', reason: 'status SUSPENDED' });
      expect(byId.get(org.accounts['prod'])).toMatchObject({ status: 'written', file: `${org.accounts['prod']}.json`, sectionsNotCollected: ['iam.organizationsFeatures'] });
    });

    it("writes each member's own IAM state with the organization as context", async () => {
      const management = await readSnapshot(join(outDir(), `${MANAGEMENT_ACCOUNT}.json`));
      const prod = await readSnapshot(join(outDir(), `${org.accounts['prod']}.json`));
      expect(prod['account']).toEqual({ id: org.accounts['prod'], partition: 'aws' });
      const users = ((prod['iam'] as Json)['authorizationDetails'] as Record<string, Json[]>)['UserDetailList']?.map((u) => u['UserName']).sort();
      expect(users).toEqual(['prod-alice', 'prod-bob', 'prod-carol', 'prod-ci-bot']);
      expect(String((prod['iam'] as Json)['credentialReport'])).toContain(`arn:aws:iam::${org.accounts['prod']}:user/prod-alice`);
      // The same organization section in every file, collected once from the management account.
      expect(prod['organizations']).toEqual(management['organizations']);
      const accounts = ((prod['organizations'] as Json)['accounts'] as Json[]).map((a) => [a['Name'], a['ParentId']]);
      expect(accounts).toContainEqual(['sandbox', org.units['Sandbox']]);
    });

    it('asked for each member only once per section: calls scale with accounts, not entities', () => {
      const perAccount = new Map<string, number>();
      for (const call of proxy.calls) if (call.action === 'GetAccountAuthorizationDetails') perAccount.set(call.accessKeyId, (perAccount.get(call.accessKeyId) ?? 0) + 1);
      expect([...perAccount.values()]).toEqual([1, 1, 1]);
      expect(proxy.calls.filter((c) => c.action === 'DescribeOrganization')).toHaveLength(1);
    });
  });

  it('collects every active account with exit 0, gzipped with --gzip', async () => {
    const outDir = join(dir, 'complete');
    proxy.setRules(motoGaps(identityCenter));
    // The proxy keeps the earlier runs' calls for the policy test below: this run's are those after `before`.
    const before = proxy.calls.length;
    const run = await runSnapshot(proxy.endpoint, ['--org', '--out-dir', outDir, '--gzip', '--quiet', '--max-attempts', '2']);
    expect(run.code).toBe(0);
    const names: Record<string, string> = { [MANAGEMENT_ACCOUNT]: 'master', ...Object.fromEntries(Object.entries(org.accounts).map(([name, id]) => [id, name])) };
    // --quiet: only the section errors (moto lacks ListOrganizationsFeatures), one line per account.
    expect(run.stderr.trim().split('\n').sort()).toEqual(
      Object.entries(names)
        .map(([id, name]) => `guard: account ${id} (${name}): sections not collected: iam.organizationsFeatures`)
        .sort(),
    );
    const files = (await readdir(outDir)).filter((f) => f.endsWith('.json.gz'));
    expect(files).toHaveLength(4);
    const sandbox = await readSnapshot(join(outDir, `${org.accounts['sandbox']}.json.gz`));
    expect(sandbox['format']).toBe('guard-snapshot/v1');
    expect((sandbox['account'] as Json)['id']).toBe(org.accounts['sandbox']);
    // Identity Center is the organization's, read once from the management account, in every file;
    // Access Analyzer is each account's own, asked with the member's credentials.
    expect(((sandbox['identityCenter'] as Json)['permissionSets'] as Json[]).map((p) => p['Name']).sort()).toEqual(['Admin', 'Billing', 'ReadOnly']);
    const calls = proxy.calls.slice(before);
    expect(calls.filter((c) => c.action === 'ListInstances')).toHaveLength(1);
    expect(new Set(calls.filter((c) => c.action === 'ListAnalyzers').map((c) => c.accessKeyId)).size).toBe(4);
  });

  it('calls exactly the actions in docs/collector-policy.json, each a real IAM action', async () => {
    const policy = JSON.parse(await readFile(join(REPO, 'docs/collector-policy.json'), 'utf8')) as { Statement: { Action: string | string[] }[] };
    const allowed = new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    // An API call and the IAM action that authorizes it share a name, except ListFindingsV2, which access-analyzer:ListFindings allows.
    const authorizedBy: Readonly<Record<string, string>> = { 'access-analyzer:ListFindingsV2': 'access-analyzer:ListFindings' };
    const called = new Set(proxy.calls.map((c) => `${c.service}:${c.action}`).map((action) => authorizedBy[action] ?? action));
    expect([...called].filter((action) => !allowed.has(action)).sort()).toEqual([]);
    expect([...allowed].filter((action) => !called.has(action)).sort()).toEqual([]);

    const where = sharedData('iam-action-catalog', 'data', 'actions');
    if (where === null) {
      console.warn('SKIPPED part: the IAM action catalog (shared/data/iam-action-catalog) is not on this machine');
      return;
    }
    for (const action of allowed) {
      const [service, name] = action.split(':') as [string, string];
      const actions = JSON.parse(await readFile(join(where, `${service}.json`), 'utf8')) as Record<string, { accessLevel: string }>;
      const entry = actions[name.toLowerCase()];
      expect(entry, action).toBeDefined();
      // Read-only, except the one role assumption organization mode needs.
      if (action !== 'sts:AssumeRole') expect(['Read', 'List'], action).toContain(entry?.accessLevel);
    }
  });

  it('an account that stops answering ends at the deadline; the others are complete (exit 1)', async () => {
    const outDir = join(dir, 'unreachable');
    proxy.setRules([
      // sandbox cannot be entered at all: AssumeRole never answers.
      { service: 'sts', action: 'AssumeRole', when: (call) => String(call.params['RoleArn']).includes(`::${org.accounts['sandbox']}:`), fault: { kind: 'stall' } },
      // The first member account to ask for its authorization details gets no answer either.
      { service: 'iam', action: 'GetAccountAuthorizationDetails', when: (call) => call.accessKeyId !== 'testing', times: 1, fault: { kind: 'stall' } },
      ...motoGaps(identityCenter),
    ]);
    const run = await runSnapshot(proxy.endpoint, ['--org', '--out-dir', outDir, '--quiet', '--max-attempts', '2', '--section-timeout', '2s']);
    proxy.setRules([]);
    expect(run.code).toBe(1);
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Json;
    const byId = new Map((manifest['accounts'] as Json[]).map((a) => [a['id'], a]));
    expect(byId.get(org.accounts['sandbox'])).toMatchObject({ status: 'failed', code: 'Timeout' });
    expect(String(byId.get(org.accounts['sandbox'])?.['message'])).toMatch(/^cannot assume `arn:aws:iam::\d+:role\/OrganizationAccountAccessRole`: Timeout: no answer within 2s/);
    // One of prod and security records the stalled section; the other, and the management account, are complete.
    const members = [org.accounts['prod'], org.accounts['security']].map((id) => byId.get(id)?.['sectionsNotCollected']);
    expect(members.map((sections) => JSON.stringify(sections)).sort()).toEqual([JSON.stringify(['iam.organizationsFeatures']), JSON.stringify(['iam.authorizationDetails', 'iam.organizationsFeatures'])].sort());
    expect(byId.get(MANAGEMENT_ACCOUNT)).toMatchObject({ status: 'written', sectionsNotCollected: ['iam.organizationsFeatures'] });
    const stalled = [org.accounts['prod'], org.accounts['security']].find((id) => (byId.get(id)!['sectionsNotCollected'] as string[]).length > 1);
    const snapshot = await readSnapshot(join(outDir, `${stalled}.json`));
    expect(snapshot['errors']).toContainEqual(expect.objectContaining({ section: 'iam.authorizationDetails', code: 'SectionTimeout' }));
    expect(run.stderr).toMatch(new RegExp(`^guard: account ${org.accounts['sandbox']} \\(sandbox\\) not collected: Timeout: `, 'm'));
  }, 60_000);

  it('exits 2 when the caller is in no organization', async () => {
    await moto.reset();
    const run = await runSnapshot(moto.endpoint, ['--org', '--out-dir', join(dir, 'none')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^guard: account 123456789012 is not in an organization$/m);
    expect(run.stderr).toMatch(/^guard: hint: drop --org/m);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity, Model } from '../../src/model/index.ts';
import { normalizeSnapshot, parseValidSnapshot, UNKNOWN } from '../../src/model/index.ts';
import { type FaultProxy, startFaultProxy } from '../support/aws-fault-proxy.ts';
import { type MotoServer, requireMoto, startMoto } from '../support/moto.ts';
import { runSnapshot } from './run-snapshot.ts';
import { MANAGEMENT_ACCOUNT } from './seed.ts';

interface Json {
  readonly [key: string]: unknown;
}

/**
 * An organization four OUs deep, with a policy at every level and on accounts:
 *
 *   Root                      deny-leave (SCP)
 *   ├─ Prod                   deny-regions (SCP), rcp-tls (RCP)
 *   │  ├─ account prod-tools
 *   │  └─ Payments            deny-trail-changes (SCP)
 *   │     └─ Cards            deny-root-user (SCP)
 *   │        └─ account cards  deny-iam-users (SCP), rcp-kms (RCP), on the account itself
 *   └─ Sandbox                (nothing beyond the defaults)
 *      └─ account sandbox
 *
 * moto attaches FullAWSAccess and RCPFullAWSAccess to the root, every OU and every account, as AWS does.
 */
interface DeepOrganization {
  readonly rootId: string;
  readonly units: Readonly<Record<'Prod' | 'Payments' | 'Cards' | 'Sandbox', string>>;
  readonly accounts: Readonly<Record<'prodTools' | 'cards' | 'sandbox', string>>;
  readonly policies: Readonly<Record<string, string>>;
}

async function seedDeepOrganization(endpoint: string): Promise<DeepOrganization> {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
    for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type })).catch(() => undefined);
    const ou = async (name: string, parent: string): Promise<string> => (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit?.Id ?? '';
    const prod = await ou('Prod', rootId);
    const payments = await ou('Payments', prod);
    const cards = await ou('Cards', payments);
    const sandbox = await ou('Sandbox', rootId);
    const account = async (name: string, parent: string): Promise<string> => {
      const id = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus?.AccountId ?? '';
      await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parent }));
      return id;
    };
    const accounts = { prodTools: await account('prod-tools', prod), cards: await account('cards', cards), sandbox: await account('sandbox', sandbox) };
    const policy = async (name: string, type: PolicyType, statement: object, target: string): Promise<[string, string]> => {
      // Pretty-printed, as a console user would paste it: the snapshot must keep this very text.
      const content = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
      const id = (await org.send(new CreatePolicyCommand({ Name: name, Description: name, Type: type, Content: content }))).Policy?.PolicySummary?.Id ?? '';
      await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target }));
      return [name, id];
    };
    const SCP = 'SERVICE_CONTROL_POLICY';
    const RCP = 'RESOURCE_CONTROL_POLICY';
    const policies = Object.fromEntries([
      await policy('deny-leave', SCP, { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }, rootId),
      await policy('deny-regions', SCP, { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }, prod),
      await policy('deny-trail-changes', SCP, { Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' }, payments),
      await policy('deny-root-user', SCP, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }, cards),
      await policy('deny-iam-users', SCP, { Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' }, accounts.cards),
      await policy('rcp-tls', RCP, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }, prod),
      await policy('rcp-kms', RCP, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-example' } } }, accounts.cards),
    ]);
    return { rootId, units: { Prod: prod, Payments: payments, Cards: cards, Sandbox: sandbox }, accounts, policies };
  } finally {
    org.destroy();
  }
}

const motoAvailable = requireMoto('test/collect/snapshot-organization-deep.test.ts');

describe.skipIf(!motoAvailable)('guard snapshot --org against moto: OUs four levels deep, policies at every level', () => {
  let moto: MotoServer;
  let proxy: FaultProxy | undefined;
  let dir: string;
  let org: DeepOrganization;
  let run: { code: number | null; stderr: string };
  /** The organization section of the cards account's snapshot, and the model built from it. */
  let section: Json;
  let model: Model;

  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'guard-deep-org-'));
    org = await seedDeepOrganization(moto.endpoint);
    run = await runSnapshot(moto.endpoint, ['--org', '--out-dir', dir, '--quiet', '--max-attempts', '2']);
    const text = await readFile(join(dir, `${org.accounts.cards}.json`), 'utf8');
    section = (JSON.parse(text) as Json)['organizations'] as Json;
    const valid = parseValidSnapshot(text, 'cards.json');
    if (!valid.ok) throw new Error(valid.errors.map((e) => e.message).join('\n'));
    // No doubt about any organization policy (moto's own role timestamps may trail capturedAt: not ours).
    expect(valid.warnings.filter((w) => w.path?.startsWith('organizations'))).toEqual([]);
    model = normalizeSnapshot(valid.value.snapshot, { parsed: valid.value.parsed });
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const entities = (collection: string): readonly Entity[] => model.collections[collection]?.entities ?? [];
  const names = (value: unknown): string[] => (Array.isArray(value) ? (value as Entity[]).map((e) => e.name) : [String(value === UNKNOWN ? 'UNKNOWN' : value)]);
  const accountNamed = (name: string): Entity => {
    const found = entities('accounts').find((a) => a.attrs['name'] === name);
    if (found === undefined) throw new Error(`no account ${name}`);
    return found;
  };

  it('collects every account (exit 0; moto lacks only ListOrganizationsFeatures and Access Analyzer)', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(4);
    for (const line of run.stderr.trim().split('\n')) expect(line).toMatch(/: sections not collected: iam\.organizationsFeatures, accessAnalyzer\.regions\[us-east-1\]\.analyzers$/);
  });

  it('writes the whole tree with each OU and account under its parent', () => {
    const units = new Map((section['organizationalUnits'] as Json[]).map((u) => [u['Name'], u['ParentId']]));
    expect(Object.fromEntries(units)).toEqual({ Prod: org.rootId, Payments: org.units.Prod, Cards: org.units.Payments, Sandbox: org.rootId });
    const accounts = new Map((section['accounts'] as Json[]).map((a) => [a['Name'], a['ParentId']]));
    expect(Object.fromEntries(accounts)).toEqual({ master: org.rootId, 'prod-tools': org.units.Prod, cards: org.units.Cards, sandbox: org.units.Sandbox });
  });

  it('writes every SCP and RCP with its content as stored and its targets at each level', () => {
    const policies = section['policies'] as Json[];
    const byName = new Map(policies.map((p) => [(p['PolicySummary'] as Json)['Name'], p]));
    const targets = (name: string): unknown[] => ((byName.get(name)?.['Targets'] as Json[]) ?? []).map((t) => t['TargetId']).sort();
    expect(targets('deny-leave')).toEqual([org.rootId]);
    expect(targets('deny-regions')).toEqual([org.units.Prod]);
    expect(targets('deny-trail-changes')).toEqual([org.units.Payments]);
    expect(targets('deny-root-user')).toEqual([org.units.Cards]);
    expect(targets('deny-iam-users')).toEqual([org.accounts.cards]);
    expect(targets('rcp-tls')).toEqual([org.units.Prod]);
    expect(targets('rcp-kms')).toEqual([org.accounts.cards]);
    // The AWS-managed defaults sit on the root, every OU and every account.
    const everywhere = [org.rootId, ...Object.values(org.units), MANAGEMENT_ACCOUNT, ...Object.values(org.accounts)].sort();
    expect(targets('FullAWSAccess')).toEqual(everywhere);
    expect(targets('RCPFullAWSAccess')).toEqual(everywhere);
    // Content is the text Organizations stored, whitespace and all.
    expect(byName.get('deny-trail-changes')?.['Content']).toBe(
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' }] }, null, 2),
    );
  });

  it('gives each OU its path from the root and its parent', () => {
    const units = new Map(entities('organizational_units').map((u) => [u.attrs['name'], u]));
    expect(Object.fromEntries([...units].map(([name, u]) => [name, u.attrs['path']]))).toEqual({
      Root: 'Root',
      Prod: 'Root/Prod',
      Payments: 'Root/Prod/Payments',
      Cards: 'Root/Prod/Payments/Cards',
      Sandbox: 'Root/Sandbox',
    });
    expect((units.get('Cards')?.attrs['parent'] as Entity | undefined)?.name).toBe('Payments');
    expect(units.get('Root')?.attrs['parent']).toBeNull();
  });

  it('links each account to its parent, whose chain reaches the root', () => {
    const chain = (account: Entity): string[] => {
      const out: string[] = [];
      for (let node = account.attrs['parent'] as Entity | null; node !== null; node = node.attrs['parent'] as Entity | null) out.push(node.name);
      return out;
    };
    expect(chain(accountNamed('cards'))).toEqual(['Cards', 'Payments', 'Prod', 'Root']);
    expect(chain(accountNamed('prod-tools'))).toEqual(['Prod', 'Root']);
    expect(chain(accountNamed('sandbox'))).toEqual(['Sandbox', 'Root']);
    expect(chain(accountNamed('master'))).toEqual(['Root']);
  });

  it('gives each account the SCPs and RCPs of every level above it and its own, root first', () => {
    const cards = accountNamed('cards');
    expect(names(cards.attrs['scps'])).toEqual(['FullAWSAccess', 'deny-iam-users']);
    expect(names(cards.attrs['effective_scps'])).toEqual(['FullAWSAccess', 'deny-leave', 'deny-regions', 'deny-trail-changes', 'deny-root-user', 'deny-iam-users']);
    expect(names(cards.attrs['effective_rcps'])).toEqual(['RCPFullAWSAccess', 'rcp-tls', 'rcp-kms']);
    expect(names(accountNamed('prod-tools').attrs['effective_scps'])).toEqual(['FullAWSAccess', 'deny-leave', 'deny-regions']);
    expect(names(accountNamed('sandbox').attrs['effective_scps'])).toEqual(['FullAWSAccess', 'deny-leave']);
    expect(names(accountNamed('sandbox').attrs['effective_rcps'])).toEqual(['RCPFullAWSAccess']);
    const units = new Map(entities('organizational_units').map((u) => [u.attrs['name'], u]));
    expect(names(units.get('Payments')?.attrs['effective_scps'])).toEqual(['FullAWSAccess', 'deny-leave', 'deny-regions', 'deny-trail-changes']);
  });

  it('reads every SCP and RCP document (none unknown)', () => {
    for (const policy of [...entities('scps'), ...entities('rcps')]) expect(policy.attrs['statements'], policy.name).not.toBe(UNKNOWN);
  });

  it('follows every page of the tree and policy listings: one item a page gives the same organization', async () => {
    proxy = await startFaultProxy(moto.endpoint);
    const lists = ['ListRoots', 'ListOrganizationalUnitsForParent', 'ListChildren', 'ListAccounts', 'ListPolicies', 'ListTargetsForPolicy'];
    proxy.setRules(lists.map((action) => ({ service: 'organizations', action, fault: { kind: 'paginate', pageSize: 1 } })));
    const paged = join(dir, 'paged');
    const pagedRun = await runSnapshot(proxy.endpoint, ['--org', '--out-dir', paged, '--quiet', '--max-attempts', '2']);
    expect(pagedRun.code, pagedRun.stderr).toBe(0);
    const pagedSection = (JSON.parse(await readFile(join(paged, `${org.accounts.cards}.json`), 'utf8')) as Json)['organizations'];
    expect(pagedSection).toEqual(section);
    // Really paged: some listing was asked for a second page.
    for (const action of ['ListTargetsForPolicy', 'ListPolicies', 'ListAccounts']) {
      expect(
        proxy.calls.some((c) => c.action === action && c.params['NextToken'] !== undefined),
        action,
      ).toBe(true);
    }
  }, 60_000);
});

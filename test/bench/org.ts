/**
 * Issue 14's organization benchmark: a synthetic organization of N accounts (generate-snapshot.ts
 * accounts of 2,000 to 4,400 principals, about 1.3 to 2.8 MB each, every one with the organization
 * section listing all N accounts, plus the manifest `guard snapshot --org` writes), evaluated by one
 * `guard eval --snapshot dir/` against a process that reads and JSON.parses every file, the floor;
 * target within 2x of it. Peak memory is compared with one `guard eval` of the largest account:
 * streaming the accounts keeps the organization's peak near (workers times) that, not the total.
 * The rules are the benchmark's seven (run.ts), as in the per-size benchmark: the built-in library's
 * escalation search would measure that search, not the run. Files go to a temporary directory that
 * is removed afterwards; N = 1,000 is about 2 GB.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSnapshot } from './generate-snapshot.ts';
import { mb, measure, memorySource, ms, type NodeCommand, ratio } from './processes.ts';

const PLACEHOLDER = '111122223333';
/** Distinct account shapes; each account is one of them under its own id (generating 1,000 distinct ones takes longer than evaluating them). */
const SHAPES = 8;

const accountId = (i: number): string => String(100_000_000_000 + i * 7_919);

function organizationSection(ids: readonly string[]): unknown {
  const management = ids[0] ?? '100000000000';
  const org = 'o-bench00001';
  return {
    organization: {
      Id: org,
      Arn: `arn:aws:organizations::${management}:organization/${org}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${management}:account/${org}/${management}`,
      MasterAccountId: management,
      MasterAccountEmail: 'management@example.com',
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
    roots: [{ Id: 'r-bnch', Arn: `arn:aws:organizations::${management}:root/${org}/r-bnch`, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    organizationalUnits: [],
    accounts: ids.map((id, i) => ({
      Id: id,
      Arn: `arn:aws:organizations::${management}:account/${org}/${id}`,
      Email: `account-${i}@example.com`,
      Name: `account-${i}`,
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: '2020-01-01T00:00:00+00:00',
      ParentId: 'r-bnch',
    })),
    policies: [],
    delegatedAdministrators: [],
  };
}

/** Writes the organization; returns its total and largest file sizes and the largest file. */
async function writeOrganization(dir: string, count: number): Promise<{ total: number; largest: number; largestFile: string }> {
  await mkdir(dir, { recursive: true });
  const ids = Array.from({ length: count }, (_, i) => accountId(i));
  const organizations = organizationSection(ids);
  const shapes = Array.from({ length: SHAPES }, (_, s) => {
    const snapshot = generateSnapshot(2_000 + Math.round((2_400 * s) / (SHAPES - 1))) as Record<string, unknown>;
    return JSON.stringify({ ...snapshot, organizations });
  });
  let total = 0;
  let largest = 0;
  let largestFile = '';
  const entries: unknown[] = [];
  for (const [i, id] of ids.entries()) {
    const text = (shapes[(i * 5) % SHAPES] ?? '').replaceAll(PLACEHOLDER, id);
    const file = `${id}.json`;
    await writeFile(join(dir, file), text);
    const size = Buffer.byteLength(text);
    total += size;
    if (size > largest) {
      largest = size;
      largestFile = join(dir, file);
    }
    entries.push({ id, name: `account-${i}`, status: 'written', file, sectionsNotCollected: [], apiCalls: 12 });
  }
  const manifest = { format: 'guard-collection/v1', startedAt: '2026-11-27T10:00:00Z', organizationId: 'o-bench00001', roleName: 'OrganizationAccountAccessRole', accounts: entries };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { total, largest, largestFile };
}

export async function benchOrganization(root: string, dir: string, rules: string, count: number): Promise<void> {
  const org = join(dir, 'org');
  const started = Date.now();
  const { total, largest, largestFile } = await writeOrganization(org, count);
  const rulesFile = join(dir, 'org-bench.guard');
  await writeFile(rulesFile, rules);
  const generated = Date.now() - started;
  const bin = join(root, 'bin/guard.js');
  const floor: NodeCommand = {
    args: [
      '-e',
      `const fs = require('node:fs'), path = require('node:path'); const dir = ${JSON.stringify(org)}; for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));`,
    ],
  };
  const run = (extra: readonly string[], snapshot = org): NodeCommand => ({ args: [bin, 'eval', rulesFile, '--snapshot', snapshot, '--format', 'json', '--fail-on', 'none', ...extra], cwd: dir });
  // Large organizations take minutes a run: one measured round after the warm-up.
  const rounds = count >= 500 ? 1 : 3;
  const [read, twoJobs, oneJob, single] = measure([floor, run(['--jobs', '2']), run(['--jobs', '1']), run([], largestFile)], rounds, { memory: true });
  if (read === undefined || twoJobs === undefined || oneJob === undefined || single === undefined) return;
  const peak = (m: { maxRss: number | null }): string => (m.maxRss === null ? 'peak ?' : `peak ${mb(m.maxRss)}`);
  const bound = (m: { maxRss: number | null }): string => (m.maxRss === null || single.maxRss === null ? '' : ` (${ratio(m.maxRss, single.maxRss)} one largest account's run)`);
  console.log(
    [
      `organization of ${count} accounts, ${mb(total)} of snapshots (largest ${mb(largest)}; generated in ${ms(generated)}), the 7 bench rules, medians of ${rounds}; peak memory by ${memorySource()}`,
      `  read+JSON.parse every file   ${ms(read.ms)}  ${peak(read)}`,
      `  guard eval dir/ --jobs 2     ${ms(twoJobs.ms)}  ratio ${ratio(twoJobs.ms, read.ms)} (target ≤ 2x)  ${peak(twoJobs)}${bound(twoJobs)}`,
      `  guard eval dir/ --jobs 1     ${ms(oneJob.ms)}  ratio ${ratio(oneJob.ms, read.ms)}  ${peak(oneJob)}${bound(oneJob)}`,
      `  guard eval largest account   ${ms(single.ms)}  ${peak(single)}`,
    ].join('\n'),
  );
  await rm(org, { recursive: true, force: true });
}

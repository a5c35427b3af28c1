/**
 * An organization directory as `guard snapshot --org --out-dir` writes it, built from the example
 * account: the same IAM content under each member account's id, every snapshot with the example's
 * organization section, and a manifest.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../../src/cli/load-rules.ts';
import type { AccountJob } from '../../src/cli/org/evaluate-account.ts';
import type { CheckedProgram } from '../../src/semantics/index.ts';

export const EXAMPLE = fileURLToPath(new URL('../../examples/snapshots/example-account.json', import.meta.url));
const EXAMPLE_ID = '111122223333';

/** Accounts of the example's organization: id and name as its organization section lists them. */
export const ORG_ACCOUNTS = [
  { id: '111122223333', name: 'example-payments-prod' },
  { id: '222233334444', name: 'example-log-archive' },
  { id: '333344445555', name: 'example-security-tooling' },
] as const;

/** The example account's snapshot as account `id`: its IAM section's ARNs moved to that account. */
export function accountSnapshot(id: string): string {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  const iam = JSON.parse(JSON.stringify(example['iam']).replaceAll(EXAMPLE_ID, id)) as unknown;
  return `${JSON.stringify({ ...example, account: { ...(example['account'] as object), id }, iam }, null, 2)}\n`;
}

export interface OrgDirOptions {
  /** Also list an account whose file is not valid JSON. */
  readonly broken?: boolean;
  /** Also list an account the collector could not read. */
  readonly collectorFailed?: boolean;
}

/** Writes the directory and returns the ids it lists, in manifest order (not sorted: readers must not depend on it). */
export async function writeOrgDir(dir: string, options: OrgDirOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries: Record<string, unknown>[] = [];
  for (const account of [...ORG_ACCOUNTS].reverse()) {
    await writeFile(join(dir, `${account.id}.json`), accountSnapshot(account.id));
    entries.push({ id: account.id, name: account.name, status: 'written', file: `${account.id}.json`, sectionsNotCollected: [], apiCalls: 12 });
  }
  if (options.broken) {
    await writeFile(join(dir, '555566667777.json'), '{ "format": "guard-snapshot/v1", "capturedAt": ');
    entries.push({ id: '555566667777', name: 'example-sandbox', status: 'written', file: '555566667777.json', sectionsNotCollected: [], apiCalls: 12 });
  }
  if (options.collectorFailed) {
    entries.push({ id: '444455556666', name: 'example-workloads', status: 'failed', code: 'AccessDenied', message: 'cannot assume the role' });
  }
  const manifest = { format: 'guard-collection/v1', startedAt: '2026-11-27T10:00:00Z', organizationId: 'o-a1b2c3d4e5', roleName: 'OrganizationAccountAccessRole', accounts: entries };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The pool's jobs over a directory writeOrgDir wrote: its accounts in ORG_ACCOUNTS order, repeated up to `count` jobs. */
export function orgJobs(dir: string, count: number = ORG_ACCOUNTS.length): AccountJob[] {
  return Array.from({ length: count }, (_, index) => {
    const a = ORG_ACCOUNTS[index % ORG_ACCOUNTS.length] as (typeof ORG_ACCOUNTS)[number];
    return { index, path: join(dir, `${a.id}.json`), file: `${a.id}.json`, expectedId: a.id, name: a.name };
  });
}

/** The rule files checked as `guard eval` checks them (none: the built-in library); a test fails on any diagnostic that stops them. */
export async function checkedProgram(paths: readonly string[], cwd: string): Promise<CheckedProgram> {
  const loaded = await loadRules(paths, { cwd, params: {}, select: { rule: [], skip: [] } });
  if (loaded.program === null) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.program;
}

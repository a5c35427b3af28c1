/**
 * What `guard eval --snapshot` names, as a list of accounts: one file (a single-account run, as
 * always), or a directory (`guard snapshot --org --out-dir`'s layout with manifest.json, or any
 * `*.json` / `*.json.gz` files in it), or several `--snapshot` values. Nothing is parsed here but the
 * manifest: the snapshots are read one at a time by the evaluation, so a large organization streams.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { displayPath } from '../display-path.ts';
import { UsageError } from '../io.ts';
import { type CollectionManifest, readManifest } from './manifest.ts';

/** One account to evaluate, as far as it is known before its snapshot is read. */
export interface AccountInput {
  /**
   * Order and shard key: the account id when it is known before reading (from the manifest, or a
   * file named `<12 digits>.json[.gz]` as `--org` writes them), otherwise the file name.
   */
  readonly key: string;
  /** Absolute path of the snapshot; null for a manifest entry that has no file. */
  readonly path: string | null;
  /** The path as messages and reports show it. */
  readonly file: string | null;
  /** The account id the manifest lists for this file, or its name says (`<id>.json`); the snapshot must hold that account. */
  readonly expectedId: string | null;
  readonly name: string | null;
  /** Known to be unreadable before reading it (a manifest entry the collector marked failed, a missing file). */
  readonly failure: string | null;
}

export type SnapshotInputs =
  | { readonly kind: 'single'; readonly path: string }
  | { readonly kind: 'organization'; readonly organizationId: string | null; readonly accounts: readonly AccountInput[]; readonly notes: readonly string[] };

const SNAPSHOT_FILE = /\.json(\.gz)?$/i;
const ID_FILE = /^(\d{12})\.json(\.gz)?$/i;

/** `--snapshot` values to the accounts they name; a usage error when a directory holds no snapshots or its manifest is broken. */
export async function resolveSnapshotInputs(values: readonly string[], cwd: string): Promise<SnapshotInputs> {
  const paths = [...new Set(values.map((v) => resolve(cwd, v)))];
  const only = paths.length === 1 ? paths[0] : undefined;
  if (only !== undefined && !(await isDirectory(only))) return { kind: 'single', path: only };
  const accounts: AccountInput[] = [];
  const notes: string[] = [];
  let organizationId: string | null = null;
  for (const path of paths) {
    if (await isDirectory(path)) {
      const found = await directoryInputs(path, cwd);
      organizationId ??= found.organizationId;
      accounts.push(...found.accounts);
      notes.push(...found.notes);
    } else accounts.push(await fileInput(path, cwd, null, null));
  }
  return { kind: 'organization', organizationId, accounts: sortInputs(dedupe(accounts)), notes };
}

/** By key, then file: the order every organization report lists accounts in before their ids are read. */
function sortInputs(accounts: readonly AccountInput[]): AccountInput[] {
  return [...accounts].sort((a, b) => compare(a.key, b.key) || compare(a.file ?? '', b.file ?? ''));
}

function dedupe(accounts: readonly AccountInput[]): AccountInput[] {
  const seen = new Set<string>();
  return accounts.filter((a) => {
    if (a.path === null) return true;
    if (seen.has(a.path)) return false;
    seen.add(a.path);
    return true;
  });
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function directoryInputs(dir: string, cwd: string): Promise<{ organizationId: string | null; accounts: AccountInput[]; notes: string[] }> {
  const manifestPath = join(dir, 'manifest.json');
  if (await exists(manifestPath)) return manifestInputs(await readManifest(manifestPath, displayPath(manifestPath, cwd)), dir, cwd);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (caught) {
    throw new UsageError(`cannot read directory \`${displayPath(dir, cwd)}\`: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
  const files = names.filter((n) => SNAPSHOT_FILE.test(n)).sort(compare);
  if (files.length === 0) throw new UsageError(`\`${displayPath(dir, cwd)}\` holds no snapshots (no manifest.json, no *.json or *.json.gz files)`);
  const accounts = await Promise.all(files.map((name) => fileInput(join(dir, name), cwd, null, null)));
  return { organizationId: null, accounts, notes: [] };
}

async function manifestInputs(manifest: CollectionManifest, dir: string, cwd: string): Promise<{ organizationId: string | null; accounts: AccountInput[]; notes: string[] }> {
  const accounts: AccountInput[] = [];
  const notes: string[] = [];
  for (const entry of manifest.accounts) {
    switch (entry.status) {
      case 'written':
        accounts.push(await fileInput(resolve(dir, entry.file), cwd, entry.id, entry.name, 'listed in the manifest but missing'));
        break;
      case 'failed':
        accounts.push({ key: entry.id, path: null, file: null, expectedId: entry.id, name: entry.name, failure: `not collected: ${entry.message}` });
        break;
      case 'skipped':
        // Not an account the collector could read (suspended, closed): said, not evaluated, not an error.
        notes.push(`account ${entry.id} (${entry.name}) was skipped by the collector (${entry.reason}); not evaluated`);
        break;
    }
  }
  return { organizationId: manifest.organizationId, accounts, notes };
}

async function fileInput(path: string, cwd: string, expectedId: string | null, name: string | null, missing = 'does not exist'): Promise<AccountInput> {
  const file = displayPath(path, cwd);
  // A file named as `--org` names them is taken at its word: it must hold that account.
  const id = expectedId ?? ID_FILE.exec(basename(path))?.[1] ?? null;
  const present = await exists(path);
  return { key: id ?? basename(path), path, file, expectedId: id, name, failure: present ? null : `snapshot \`${file}\` ${missing}` };
}

/** `--shard i/n`: share i (1-based) of n, as a pair; a usage error otherwise. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n, such as 1/4, but found \`${text}\``);
  return { index, count };
}

/**
 * The accounts of share `index` of `count`: every count-th account in key order, starting at the
 * index-th. Keys are account ids where known, so the split depends on the organization, never on
 * the order files were listed in, and every account lands in exactly one share.
 */
export function shardOf(accounts: readonly AccountInput[], shard: { index: number; count: number }): AccountInput[] {
  return accounts.filter((_, i) => i % shard.count === shard.index - 1);
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/**
 * moto with the seeded test account and organization, behind the fault-injecting proxy, and a way to run
 * `guard snapshot` through it: what the fault-proxy test files share.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultProxy, type FaultRule, startFaultProxy } from '../support/aws-fault-proxy.ts';
import { type MotoServer, startMoto } from '../support/moto.ts';
import { runSnapshot } from './run-snapshot.ts';
import { type SeededOrganization, seedAccount, seedOrganization } from './seed.ts';

export interface Json {
  readonly [key: string]: unknown;
}

export interface Collected {
  readonly code: number | null;
  readonly stderr: string;
  /** The snapshot written, or null when none was. */
  readonly snapshot: Json | null;
  /** How long the run took, for the record (tests count calls, they do not assert times). */
  readonly ms: number;
}

export interface FaultHarness {
  readonly moto: MotoServer;
  readonly proxy: FaultProxy;
  /** A scratch directory, removed by `close`. */
  readonly dir: string;
  readonly org: SeededOrganization;
  /** Runs `guard snapshot --out <new file>` through the proxy with `rules` (and `--max-attempts 4`). */
  collect(rules: readonly FaultRule[], args?: readonly string[]): Promise<Collected>;
  /** How many requests for `action` the proxy saw in the last run. */
  calls(action: string): number;
  close(): Promise<void>;
}

export async function startFaultHarness(prefix: string): Promise<FaultHarness> {
  const moto = await startMoto();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await seedAccount(moto.endpoint);
  const org = await seedOrganization(moto.endpoint);
  const proxy = await startFaultProxy(moto.endpoint);
  let runs = 0;
  return {
    moto,
    proxy,
    dir,
    org,
    async collect(rules, args = []) {
      proxy.setRules(rules);
      proxy.clearCalls();
      const out = join(dir, `run-${++runs}.json`);
      const started = Date.now();
      const run = await runSnapshot(proxy.endpoint, ['--out', out, '--max-attempts', '4', ...args]);
      const ms = Date.now() - started;
      const text = await readFile(out, 'utf8').catch(() => null);
      return { code: run.code, stderr: run.stderr, snapshot: text === null ? null : (JSON.parse(text) as Json), ms };
    },
    calls: (action) => proxy.calls.filter((c) => c.action === action).length,
    async close() {
      await proxy.close();
      await moto.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A snapshot's `errors` as `[section, code]` pairs. */
export function sectionErrors(snapshot: Json | null): unknown[] {
  return ((snapshot?.['errors'] as Json[] | undefined) ?? []).map((e) => [e['section'], e['code']]);
}

/** The `errors` entry of one section. */
export function sectionError(snapshot: Json | null, section: string): Json | undefined {
  return ((snapshot?.['errors'] as Json[] | undefined) ?? []).find((e) => e['section'] === section);
}

/**
 * moto_server, the AWS API emulator the collector tests run against. One server per test file: start it in
 * beforeAll on a free 127.0.0.1 port, stop it by pid in afterAll. On a machine without moto the tests skip
 * with a loud message, except in CI (`CI=true`), where a missing emulator must fail the run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export const MOTO_COMMAND = 'moto_server';
export const MOTO_INSTALL_HINT = "pip install 'moto[server]'  (moto 5.2.1 is what CI uses)";

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: pass it as --endpoint-url. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Forgets every resource (moto's reset API), for tests that need a fresh account. */
  readonly reset: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** Where moto_server is on PATH, or null. */
export function findMoto(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, MOTO_COMMAND);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * Whether this test file can use moto. Missing moto: in CI this throws (the file fails loudly); elsewhere
 * it prints how to get moto and returns false so the caller can `describe.skipIf(!motoAvailable)`.
 */
export function requireMoto(testName: string): boolean {
  if (findMoto() !== null) return true;
  const message = `${MOTO_COMMAND} is not on PATH, so the collector tests in ${testName} cannot run. Install it with: ${MOTO_INSTALL_HINT}`;
  if (process.env['CI'] === 'true') throw new Error(`CI needs ${MOTO_COMMAND}: ${message}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING: ${message}\n${bar}\n`);
  return false;
}

/** A port the kernel just handed out on 127.0.0.1 (free at that moment). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const command = findMoto();
  if (command === null) throw new Error(`${MOTO_COMMAND} is not on PATH: ${MOTO_INSTALL_HINT}`);
  // A port can be taken between probing and binding; try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch(command, port);
    } catch (caught) {
      lastError = caught;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function launch(command: string, port: number): Promise<MotoServer> {
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // No credentials or proxies of the developer's leak into the emulator.
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    // Keep the tail only: moto logs every request.
    stderr = (stderr + chunk).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`cannot start ${command}`);
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${MOTO_COMMAND} exited with ${child.exitCode} before answering on port ${port}: ${stderr}`);
    if (await answers(endpoint)) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`${MOTO_COMMAND} did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000}s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    port,
    pid,
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop: () => stopChild(child, exited),
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Stops the server by its pid: SIGTERM, then SIGKILL if it lingers. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  if ((await Promise.race([exited, timer])) === 'timeout' && child.exitCode === null) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}

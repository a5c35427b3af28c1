import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, requireMoto, startMoto } from '../support/moto.ts';
import { runGuard } from '../support/run-guard.ts';
import { runSnapshot } from './run-snapshot.ts';
import { seedAccount, seedOrganization } from './seed.ts';

const motoAvailable = requireMoto('test/collect/collect-then-eval.test.ts');

describe.skipIf(!motoAvailable)('guard snapshot, then guard eval on the file, end to end', () => {
  let moto: MotoServer;
  let dir: string;

  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'guard-e2e-'));
    await seedAccount(moto.endpoint);
    await seedOrganization(moto.endpoint);
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('evaluates the collected account: findings for the seeded problems, unknown for what could not be read', async () => {
    expect(motoAvailable).toBe(true);
    const file = join(dir, 'account.json');
    const collected = await runSnapshot(moto.endpoint, ['--out', file, '--quiet', '--max-attempts', '2']);
    expect(collected.code).toBe(0);
    const rules = join(dir, 'rules.guard');
    await writeFile(rules, ['roles must not trust "*"', 'policies where attached must not allow "*" on "*"', 'users with console access must have mfa', 'organization must have root credentials management'].join('\n'));
    const evaluated = await runGuard(['eval', rules, '--snapshot', file, '--format', 'json']);
    // Failing findings exist (public trust, `*` on `*`, console user without MFA), so exit 1, not 2.
    expect(evaluated.code).toBe(1);
    const report = JSON.parse(evaluated.stdout) as { findings: { rule: string; status: string; resource: { type: string; name: string } }[] };
    const failing = report.findings.filter((f) => f.status === 'fail').map((f) => `${f.resource.type}:${f.resource.name}`);
    expect(failing).toEqual(expect.arrayContaining(['role:public', 'policy:everything', 'user:bob']));
    // moto cannot answer ListOrganizationsFeatures: rules reading it are unknown, never pass.
    expect(report.findings.some((f) => f.status === 'unknown')).toBe(true);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';

/** `guard inspect COLLECTION [where CONDITION]`: what a rule's scope sees in a snapshot, the condition checked as in a rule. */

const SMALL = 'test/fixtures/snapshots/small.json';
const inspect = (args: readonly string[]) => runMain(['inspect', ...args]);

describe('guard inspect', () => {
  it('lists the matching entities with the attributes asked for, and counts them', async () => {
    const run = await inspect(['users', 'where', 'not mfa and console access', '-s', SMALL, '--attributes', 'name, mfa,console_access']);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'user alice  arn:aws:iam::111122223333:user/alice\n    name: alice\n    mfa: false\n    console access: true\n\n' +
        'users where not mfa and console access: 1 of 4 users match (account 111122223333 at 2026-11-27T10:00:00.000Z)\n',
    });
  });

  it('a filter that matches nothing says 0 of N; without --attributes every attribute of the type is shown', async () => {
    expect((await inspect(['users where name = "nobdy"', '-s', SMALL])).stdout).toBe('users where name = "nobdy": 0 of 4 users match (account 111122223333 at 2026-11-27T10:00:00.000Z)\n');
    const all = await inspect(['password policy', '-s', SMALL]);
    expect(all.stdout).toContain('    minimum length: ');
    expect(all.stdout).toContain('    exists: true');
  });

  it('-f json lists entities with their key, match and attributes', async () => {
    const doc = JSON.parse((await inspect(['access keys', 'where', 'active', '-s', SMALL, '-f', 'json', '-a', 'user,active'])).stdout) as {
      collection: string;
      known: boolean;
      summary: { total: number; matched: number; unknown: number };
      entities: { name: string; key: string; match: boolean | string; attributes: Record<string, unknown> }[];
    };
    expect(doc.collection).toBe('access keys');
    expect(doc.known).toBe(true);
    expect(doc.summary.matched).toBe(doc.entities.length);
    expect(doc.entities[0]).toEqual({ type: 'access-key', name: 'alice/1', arn: null, key: 'user/alice/access-key/1', match: true, attributes: { user: 'alice', active: true } });
  });

  it('an unknown collection, attribute or --attributes name is a located error with did-you-mean, exit 2', async () => {
    expect(await inspect(['usres', '-s', SMALL])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'scope:1:1: error: unknown collection `usres` [check/unknown-collection]\n1 | usres\n  | ^^^^^\n  hint: did you mean `users`?\n',
    });
    expect((await inspect(['users', 'where', 'mfaa', '-s', SMALL])).stderr).toContain('scope:1:13: error: user has no attribute `mfaa` [check/unknown-attribute]');
    expect((await inspect(['users', 'where', '-s', SMALL])).stderr).toContain('scope:1:12: error: expected a condition but found the end of the scope [syntax/unexpected-token]');
    const attribute = await inspect(['users', '-s', SMALL, '-a', 'mfaa']);
    expect(attribute.stderr).toBe('guard: --attributes: user has no attribute `mfaa`; did you mean `mfa`?\n');
    expect(attribute.code).toBe(2);
  });

  it('a collection not collected is said, not listed as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-inspect-'));
    const snapshot = JSON.parse(await readFile(SMALL, 'utf8')) as { iam: Record<string, unknown> };
    delete snapshot.iam['authorizationDetails'];
    await writeFile(join(dir, 'partial.json'), JSON.stringify(snapshot));
    expect(await inspect(['users', '-s', join(dir, 'partial.json')])).toEqual({ code: 0, stderr: '', stdout: 'users could not be listed: iam.authorizationDetails not collected\n' });
    const doc = JSON.parse((await inspect(['users', '-s', join(dir, 'partial.json'), '-f', 'json'])).stdout) as { known: boolean; entities: unknown[] };
    expect(doc).toMatchObject({ known: false, entities: [] });
  });
});

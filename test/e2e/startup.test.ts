import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { processIo } from '../../src/cli/io.ts';
import { COMMANDS } from '../../src/cli/main.ts';
import { startLsp } from '../support/lsp-client.ts';
import { REPO } from '../support/run-guard.ts';

/**
 * Each command loads only what it uses (docs/architecture.md, "What loads when"): the modules a real
 * `guard` process loads are recorded by an `--import` hook and compared with what the command needs.
 * Nothing here measures time.
 */

const HEAVY = {
  'the AWS SDK': /\/node_modules\/@(aws-sdk|smithy)\//,
  'fast-check': /\/node_modules\/fast-check\//,
  ajv: /\/node_modules\/ajv\//,
  'the generated snapshot validator': /\/src\/model\/.*snapshot-validator/,
  yaml: /\/node_modules\/yaml\//,
  chevrotain: /\/node_modules\/(@chevrotain\/[^/]+|chevrotain)\//,
} as const;
type Heavy = keyof typeof HEAVY;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-startup-'));
  await writeFile(join(dir, 'one.guard'), 'users must have mfa\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The module URLs `guard ARGS` loads, and its exit code. */
async function modulesLoadedBy(args: readonly string[]): Promise<{ code: number; modules: readonly string[] }> {
  const log = join(dir, `modules-${args.join('-').replace(/[^\w-]/g, '_')}.txt`);
  const code = await new Promise<number>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', join(REPO, 'test/e2e/record-modules.ts'), join(REPO, 'bin/guard.js'), ...args],
      { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1', RECORD_MODULES_TO: log } },
      (caught) => {
        if (caught && typeof caught.code !== 'number') reject(caught);
        else resolve(caught ? Number(caught.code) : 0);
      },
    );
  });
  return { code, modules: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
}

function loaded(modules: readonly string[]): Heavy[] {
  return (Object.keys(HEAVY) as Heavy[]).filter((name) => modules.some((url) => HEAVY[name].test(url)));
}

const SRC = pathToFileURL(join(REPO, 'src/')).href;

/** The stages of src/ a process loaded modules of. */
function stages(modules: readonly string[]): string[] {
  return [...new Set(modules.flatMap((url) => (url.startsWith(SRC) ? [url.slice(SRC.length).split('/')[0] ?? ''] : [])))].sort();
}

describe('what each command loads', () => {
  it('--version loads commander and no command definition; --help the definitions, nothing of the pipeline', async () => {
    const version = await modulesLoadedBy(['--version']);
    expect(version.code).toBe(0);
    expect(stages(version.modules)).toEqual(['cli']);
    expect(version.modules.filter((url) => url.startsWith(`${SRC}cli/commands/`))).toEqual([]);
    const help = await modulesLoadedBy(['--help']);
    expect(help.code).toBe(0);
    expect(loaded(help.modules)).toEqual([]);
    // The CLI's own files, and the one model file its --now flag parses with.
    expect(stages(help.modules)).toEqual(['cli', 'model']);
    expect(help.modules.filter((url) => url.startsWith(`${SRC}model/`)).map((url) => url.slice(SRC.length))).toEqual(['model/instant.ts']);
  });

  it('check of a rule file loads the parser, but not the AWS SDK, fast-check or the snapshot validator', async () => {
    const run = await modulesLoadedBy(['check', 'one.guard']);
    expect(run.code).toBe(0);
    expect(loaded(run.modules)).toEqual(['chevrotain']);
    expect(stages(run.modules)).toEqual(['cli', 'diagnostics', 'model', 'report', 'semantics', 'syntax']);
  });

  it('check of one rule loads its own command definition, one chevrotain file and about a hundred modules in all', async () => {
    // A count, not a time: each module costs start-up (resolving, reading, compiling); 166 before the
    // command definitions and chevrotain loaded lazily and as its bundle. Raise the bound only for a module check needs
    // (106: semantics/resource-pattern.ts, the one definition of what `on` takes, shared with `guard who-can --on`).
    const run = await modulesLoadedBy(['check', 'one.guard']);
    expect(run.code).toBe(0);
    expect(run.modules.filter((url) => url.startsWith(`${SRC}cli/commands/`)).map((url) => url.slice(SRC.length))).toEqual(['cli/commands/check.ts']);
    expect(run.modules.filter((url) => HEAVY.chevrotain.test(url)).map((url) => url.replace(/.*\/node_modules\//, ''))).toEqual(['chevrotain/lib/chevrotain.mjs']);
    expect(run.modules.some((url) => url === 'node:zlib')).toBe(false);
    expect(new Set(run.modules).size).toBeLessThanOrEqual(106);
  });

  it('check of a `can` rule loads the lazy action catalog and the read list, not the permissions evaluator', async () => {
    await writeFile(join(dir, 'can.guard'), 'users must not can "iam:PassRole"\n');
    const run = await modulesLoadedBy(['check', 'can.guard']);
    expect(run.code).toBe(0);
    const permissions = run.modules.filter((url) => url.startsWith(`${SRC}model/permissions/`)).map((url) => url.slice(`${SRC}model/permissions/`.length));
    expect(permissions.sort()).toEqual(['catalog-data.ts', 'catalog.ts', 'reads.ts', 'unknown-actions.ts']);
  });

  it('lsp, through a session that checks a document, loads the front end, but not the AWS SDK, fast-check or the snapshot validator', async () => {
    const log = join(dir, 'modules-lsp.txt');
    const session = startLsp({ cwd: dir, nodeArgs: ['--import', join(REPO, 'test/e2e/record-modules.ts')], env: { RECORD_MODULES_TO: log } });
    await session.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    const uri = pathToFileURL(join(dir, 'one.guard')).href;
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'guard', version: 1, text: 'users must have mfa\n' } });
    expect((await session.diagnostics(uri)).diagnostics).toEqual([]);
    await session.connection.sendRequest(ShutdownRequest.type);
    await session.connection.sendNotification(ExitNotification.type);
    expect(await session.exited).toBe(0);
    session.connection.dispose();
    const modules = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    expect(loaded(modules)).toEqual(['chevrotain']);
    expect(stages(modules)).toEqual(['cli', 'diagnostics', 'lsp', 'model', 'semantics', 'syntax']);
  });

  it('schema loads neither the parser nor the snapshot validator', async () => {
    const run = await modulesLoadedBy(['schema', 'users']);
    expect(run.code).toBe(0);
    expect(loaded(run.modules)).toEqual([]);
  });

  it('eval reads the snapshot with the validator, without the AWS SDK, fast-check or (with no exceptions file) the YAML parser', async () => {
    const run = await modulesLoadedBy(['eval', 'one.guard', '--snapshot', join(REPO, 'examples/snapshots/example-account.json'), '--fail-on', 'none']);
    expect(run.code).toBe(0);
    expect(loaded(run.modules)).toEqual(['ajv', 'the generated snapshot validator', 'chevrotain']);
  });

  it('who-can and permissions load the snapshot reader and the evaluator when they run, not the parser; their --help loads neither', async () => {
    const example = join(REPO, 'examples/snapshots/example-account.json');
    const permissionsCode = (modules: readonly string[]): string[] => modules.filter((url) => url.startsWith(`${SRC}model/permissions/`));
    for (const args of [['--help'], ['who-can', '--help'], ['permissions', '--help']]) {
      const run = await modulesLoadedBy(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(loaded(run.modules), args.join(' ')).toEqual([]);
      expect(permissionsCode(run.modules), args.join(' ')).toEqual([]);
    }
    for (const args of [
      ['who-can', 'iam:PassRole', '--snapshot', example],
      ['permissions', 'alice', '--snapshot', example],
    ]) {
      const run = await modulesLoadedBy(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(loaded(run.modules), args.join(' ')).toEqual(['ajv', 'the generated snapshot validator']);
      expect(permissionsCode(run.modules).length, args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('inspect loads the parser and the snapshot reader when it runs; its --help loads neither', async () => {
    const help = await modulesLoadedBy(['inspect', '--help']);
    expect(help.code).toBe(0);
    expect(loaded(help.modules)).toEqual([]);
    const run = await modulesLoadedBy(['inspect', 'users', 'where', 'mfa', '--snapshot', join(REPO, 'examples/snapshots/example-account.json')]);
    expect(run.code).toBe(0);
    expect(loaded(run.modules)).toEqual(['ajv', 'the generated snapshot validator', 'chevrotain']);
  });

  it('validate-policy loads the policy checker, not the snapshot validator or the parser', async () => {
    const run = await modulesLoadedBy(['validate-policy', join(REPO, 'docs/collector-policy.json')]);
    expect(loaded(run.modules)).toEqual([]);
    expect(run.modules.some((url) => url.endsWith('model/policy-document/organization-policy.ts'))).toBe(true);
  });

  it('test loads fast-check, and the AWS SDK loads for snapshot only', async () => {
    const test = await modulesLoadedBy(['test', 'one.guard', '--runs', '1', '--seed', '1']);
    expect(loaded(test.modules)).toContain('fast-check');
    expect(loaded(test.modules)).not.toContain('the AWS SDK');
    const snapshot = await modulesLoadedBy(['snapshot', '--out', join(dir, 'missing', 'x.json')]);
    expect(snapshot.code).toBe(2);
    expect(loaded(snapshot.modules)).toContain('the AWS SDK');
    expect(loaded(snapshot.modules)).not.toContain('fast-check');
  });
});

describe('the command table', () => {
  it('names each command as its definition does, so `guard NAME` loads the right one', async () => {
    for (const entry of COMMANDS) expect((await entry.load())(processIo(), () => {}).name()).toBe(entry.name);
  });
});

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, TEST_ENV } from '../collect/seed.ts';
import { fencedBlocks } from '../support/doc-blocks.ts';
import { requireMoto, startMoto } from '../support/moto.ts';
import { REPO } from '../support/run-guard.ts';

/**
 * guard as users get it: `npm pack` (which builds dist/ through prepack), installed from the tarball into a
 * fresh project with no network, run there through `npx guard`, and imported as a library and as
 * `<name>/testing` by a consumer's vitest file and type-checked by tsc.
 */

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly bin: Record<string, string>;
  readonly engines: { readonly node: string };
  readonly dependencies: Record<string, string>;
}

interface LockEntry {
  readonly dev?: boolean;
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;
const PINNED_NODE_BIN = join(REPO, 'node_modules/node/bin');
const TOOLS = join(REPO, 'node_modules/.bin');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program with the pinned Node first on PATH (or another Node's directory), without a shell. */
function run(command: string, args: readonly string[], cwd: string, nodeDir = PINNED_NODE_BIN, extraEnv: Record<string, string> = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${nodeDir}${delimiter}${process.env['PATH'] ?? ''}`, NO_COLOR: '1', ...extraEnv };
  delete env['GITHUB_ACTIONS'];
  const child = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/**
 * A lockfile for the consumer: the tarball, and the runtime part of the project's own lock. `npm ci` (which CI
 * runs first) caches the locked versions' tarballs and abbreviated metadata; installing a tarball into a
 * project without a lock asks for every dependency's full metadata, which that cache lacks, and fails
 * offline (ENOTCACHED). A consumer's lock of this version holds these same entries.
 */
function consumerLock(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, object> = {
    '': { name: 'consumer', dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

/** Node binaries on PATH other than the pinned one, by major.minor. */
function otherNodes(): { dir: string; version: string; supported: boolean }[] {
  const dirs = [...new Set((process.env['PATH'] ?? '').split(delimiter))].filter((d) => d && !d.startsWith(REPO) && existsSync(join(d, 'node')));
  return dirs.flatMap((dir) => {
    const version = spawnSync(join(dir, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
    return version ? [{ dir, version, supported: major > 22 || (major === 22 && minor >= 18) }] : [];
  });
}

const RULE = `rule root.mfa "The root user has MFA" severity critical:
  root must have mfa
`;
const RULE_TEST = `example "root without MFA fails" at 2026-11-27:
  root with not mfa
  expect root.mfa fails on root

for all accounts where root mfa, expect root.mfa passes
`;

/** The worked example of docs/testing.md, as a user writes it, plus the library entry evaluating a file. */
function consumerTest(): string {
  const example = fencedBlocks(readFileSync(join(REPO, 'docs/testing.md'), 'utf8')).find((b) => b.info === 'ts' && b.body.includes('/testing'));
  if (!example) throw new Error('docs/testing.md has no worked example importing the testing entry');
  return `${example.body}
import { readdirSync } from 'node:fs';
import { BUILTIN_POLICIES_DIR, compileRules as compileLibraryRules, evaluate, loadSnapshotFile, normalizeSnapshot, renderJson } from '${manifest.name}';

describe('the library entry', () => {
  it('compiles, loads, evaluates and renders as guard eval does', async () => {
    const rules = compileLibraryRules([{ path: 'root.guard', text: ${JSON.stringify(RULE)} }]);
    if (!rules.ok) throw new Error(rules.errors[0].message);
    const snapshot = await loadSnapshotFile('account.json');
    if (!snapshot.ok) throw new Error(snapshot.errors[0].message);
    const result = evaluate(rules.value, normalizeSnapshot(snapshot.value));
    expect(JSON.parse(renderJson(result)).rules.map((r) => r.id)).toEqual(['root.mfa']);
    expect(compileLibraryRules([{ path: 'bad.guard', text: 'usres must have mfa' }]).ok).toBe(false);
    expect(readdirSync(BUILTIN_POLICIES_DIR)).toContain('root.guard');
  });
});
`;
}

const CONSUMER_TS = `import { compileRules, evaluate, normalizeSnapshot, parseSnapshot, renderSarif, SCHEMA, type EvaluationResult, type Finding } from '${manifest.name}';
import { snapshotArb, checkProperty, compileRuleText, evaluateSnapshot, type AccountSpec } from '${manifest.name}/testing';

export function failing(text: string, raw: string): readonly Finding[] {
  const rules = compileRules([{ path: 'rules.guard', text }]);
  const snapshot = parseSnapshot(raw, 'account.json');
  if (!rules.ok || !snapshot.ok) return [];
  const result: EvaluationResult = evaluate(rules.value, normalizeSnapshot(snapshot.value));
  renderSarif(result);
  return result.findings.filter((f) => f.status === 'fail');
}
export const collections: number = SCHEMA.collections.length;
export const testing = [snapshotArb, checkProperty, compileRuleText, evaluateSnapshot] as const;
export type Spec = AccountSpec;
// @ts-expect-error: a finding's status is one of three words, known only through the emitted declarations
export const wrong: Finding['status'] = 'passed';
`;

// Building, packing and installing take tens of seconds, minutes on a loaded 2-core machine.
describe('the packed package, installed in a fresh project', { timeout: 180_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'guard-package-'));
  const project = join(root, 'consumer');
  const snapshot = join(project, 'account.json');
  let tarball = '';
  let packedFiles: string[] = [];
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeAll(() => {
    const packs = join(root, 'packs');
    mkdirSync(packs);
    const pack = run('npm', ['pack', '--json', '--pack-destination', packs], REPO);
    expect(pack.code, pack.stderr).toBe(0);
    const name = readdirSync(packs).find((f) => f.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack wrote no tarball:\n${pack.stderr}`);
    tarball = join(packs, name);
    const listed = /\[\s*\{[\s\S]*\}\s*\]\s*$/.exec(pack.stdout);
    packedFiles = listed ? ((JSON.parse(listed[0]) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? []) : [];
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { [manifest.name]: `file:${tarball}` } }, null, 2));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball), null, 2));
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);
    expect(install.code, install.stderr).toBe(0);
    copyFileSync(join(REPO, 'examples/snapshots/example-account.json'), snapshot);
  }, 600_000);

  it('ships the compiled code, the bin and the rule library, and no sources or tests', () => {
    expect(packedFiles).toContain('bin/guard.js');
    expect(packedFiles).toContain('dist/cli/main.js');
    expect(packedFiles).toContain('dist/index.d.ts');
    expect(packedFiles).toContain('dist/testing/index.d.ts');
    expect(packedFiles).toContain('policies/root.guard');
    expect(packedFiles.filter((f) => /^(src|test|scripts|docs|examples|editors)\//.test(f) || f.endsWith('.test.guard') || f.includes('.test.'))).toEqual([]);
    expect(readFileSync(join(REPO, 'bin/guard.js'), 'utf8')).toContain(`const REQUIRED_NODE = '${manifest.engines.node}'`);
  });

  it('needs no dev dependency at run time', () => {
    const imported = new Set<string>();
    const installed = join(project, 'node_modules', manifest.name, 'dist');
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.js')) {
          for (const m of readFileSync(join(dir, entry.name), 'utf8').matchAll(/(?:from|import\()\s*["']([^."'][^"']*)["']/g)) imported.add(m[1] ?? '');
        }
      }
    };
    walk(installed);
    const packages = [...imported]
      .filter((s) => !s.startsWith('node:'))
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(packages.length).toBeGreaterThan(0);
    for (const p of new Set(packages)) expect(Object.keys(manifest.dependencies), `${p} is imported at run time`).toContain(p);
  });

  it('npx guard --version prints the version', () => {
    const version = run('npx', ['guard', '--version'], project);
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('evaluates the built-in library with the findings and exit code of the clone', () => {
    const args = ['eval', '--snapshot', snapshot, '--fail-on', 'none', '--format', 'json'];
    const installed = run('npx', ['guard', ...args], project);
    const clone = run(process.execPath, [join(REPO, 'bin/guard.js'), ...args], REPO);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(clone.code).toBe(0);
    // Rule files are shown relative to the working directory: the library sits in node_modules here.
    expect(installed.stdout.replaceAll(`node_modules/${manifest.name}/policies/`, 'policies/')).toBe(clone.stdout);
    expect(JSON.parse(installed.stdout).summary.fail).toBeGreaterThan(0);
  });

  it('fails the gate by default, as the clone does', () => {
    const installed = run('npx', ['guard', 'eval', '--snapshot', snapshot], project);
    const clone = run(process.execPath, [join(REPO, 'bin/guard.js'), 'eval', '--snapshot', snapshot], REPO);
    expect(clone.code).toBe(1);
    expect(installed.code).toBe(1);
  });

  it('runs guard test on a rules directory with a test file', () => {
    mkdirSync(join(project, 'rules'), { recursive: true });
    writeFileSync(join(project, 'rules/root.guard'), RULE);
    writeFileSync(join(project, 'rules/root.test.guard'), RULE_TEST);
    const passing = run('npx', ['guard', 'test', 'rules'], project);
    expect(passing.code, passing.stdout + passing.stderr).toBe(0);
    writeFileSync(join(project, 'rules/root.test.guard'), RULE_TEST.replace('fails on root', 'passes'));
    const failing = run('npx', ['guard', 'test', 'rules'], project);
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
  });

  it('a consumer vitest file imports the library and the testing entry and runs properties', () => {
    writeFileSync(join(project, 'keys.test.js'), consumerTest());
    const vitest = run(join(TOOLS, 'vitest'), ['run', '--root', project, '--reporter', 'verbose'], project);
    expect(vitest.code, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+3 passed/);
  });

  it('the emitted declarations type-check a consumer importing both entries', () => {
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    const tsconfig = {
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [join(REPO, 'node_modules/@types')], types: ['node'] },
      files: ['consumer.ts'],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = run(join(TOOLS, 'tsc'), ['-p', project], project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it.skipIf(!requireMoto('test/e2e/package.test.ts'))('collects a snapshot with the AWS SDK it installed (moto), and evaluates it', async () => {
    const moto = await startMoto();
    try {
      await seedAccount(moto.endpoint);
      const out = join(project, 'collected.json');
      const collected = run('npx', ['guard', 'snapshot', '--endpoint-url', moto.endpoint, '--out', out, '--quiet', '--max-attempts', '2'], project, PINNED_NODE_BIN, TEST_ENV);
      expect(collected.code, collected.stderr).toBe(0);
      const evaluated = run('npx', ['guard', 'eval', '--snapshot', out, '--format', 'json'], project);
      expect(evaluated.code, evaluated.stderr).toBe(1);
      expect(JSON.parse(evaluated.stdout).summary.fail).toBeGreaterThan(0);
    } finally {
      await moto.stop();
    }
  });

  const nodes = otherNodes();
  it.skipIf(!nodes.some((n) => !n.supported))('started by an older Node, says which Node it needs in one line and exits 2', () => {
    const old = nodes.find((n) => !n.supported);
    if (!old) return;
    const result = run(join(old.dir, 'node'), [join(project, 'node_modules/.bin/guard'), '--version'], project, old.dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`guard: needs Node.js ${manifest.engines.node} (this is ${old.version})\n`);
  });

  it.skipIf(!nodes.some((n) => n.supported))('runs the same under the other supported Nodes on PATH', () => {
    const args = ['guard', 'eval', '--snapshot', snapshot, '--fail-on', 'none', '--format', 'json'];
    const pinned = run('npx', args, project);
    for (const node of nodes.filter((n) => n.supported)) {
      const other = run('npx', args, project, node.dir);
      expect(other.code, `${node.version}: ${other.stderr}`).toBe(0);
      expect(other.stdout, node.version).toBe(pinned.stdout);
      mkdirSync(join(project, 'rules'), { recursive: true });
      writeFileSync(join(project, 'rules/root.guard'), RULE);
      writeFileSync(join(project, 'rules/root.test.guard'), RULE_TEST);
      const tests = run('npx', ['guard', 'test', 'rules'], project, node.dir);
      expect(tests.code, `${node.version}: ${tests.stdout}${tests.stderr}`).toBe(0);
    }
  });
});

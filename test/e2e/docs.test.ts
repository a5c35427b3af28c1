import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/model/index.ts';
import { COUNTER_EXAMPLE, type FencedBlock, fencedBlocks, guardCommands, shellWords } from '../support/doc-blocks.ts';
import { REPO } from '../support/run-guard.ts';
import { runMain } from '../support/run-main.ts';

/**
 * Docs that stay true: every rule example of docs/language.md and README.md passes `guard check`
 * (a block after `<!-- counter-example -->` is skipped), and every `guard` command of the shell and
 * YAML blocks of README.md and docs/ci.md runs on the bundled example account with the exit code
 * the docs imply. (docs/guard-test.md's test-file examples: test/guard-test/docs.test.ts.)
 */

const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const blocksOf = (path: string): (FencedBlock & { path: string })[] => fencedBlocks(read(path)).map((b) => ({ ...b, path }));

describe('rule examples in the docs', () => {
  const blocks = [...blocksOf('docs/language.md'), ...blocksOf('README.md')].filter((b) => b.info === '');
  const dir = mkdtempSync(join(tmpdir(), 'guard-doc-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('there are some, and counter-examples are marked', () => {
    expect(blocks.filter((b) => !b.skipped).length).toBeGreaterThanOrEqual(4);
    expect(read('docs/language.md')).toContain(COUNTER_EXAMPLE);
  });

  for (const block of blocks.filter((b) => !b.skipped)) {
    it(`${block.path}:${block.line} passes guard check`, async () => {
      const file = join(dir, `${block.path.replace(/\W/g, '_')}-${block.line}.guard`);
      writeFileSync(file, block.body);
      const run = await runMain(['check', file]);
      expect(run.stderr, block.body).toBe('');
      expect(run.code).toBe(0);
    });
  }
});

describe('rules written inline in docs/language.md', () => {
  // A code span is a whole rule when it starts with a collection and says `must` or ends in `denied`.
  const collections = COLLECTIONS.flatMap((c) => [c.name, ...(c.aliases ?? [])]).map((n) => n.replace(/_/g, ' '));
  const prose = read('docs/language.md').replace(/^\s*```[\s\S]*?^\s*```/gm, '');
  const spans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ' ')).filter((span) => collections.some((c) => span.startsWith(`${c} `)) && (/ must /.test(span) || span.endsWith(' denied')));

  it('there are some', () => expect(spans.length).toBeGreaterThanOrEqual(3));
  for (const span of spans) {
    it(`\`${span}\` passes guard check`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'guard-doc-inline-'));
      writeFileSync(join(dir, 'inline.guard'), `${span}\n`);
      const run = await runMain(['check', join(dir, 'inline.guard')]);
      rmSync(dir, { recursive: true, force: true });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });
  }
});

describe('guard commands in README.md and docs/ci.md', () => {
  // The docs' file names, made real: the example account as account.json(.gz), rules/ with rule
  // files, the exceptions file of docs/ci.md, and a baseline of today's findings.
  const cwd = mkdtempSync(join(tmpdir(), 'guard-doc-commands-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  beforeAll(async () => {
    const example = read('examples/snapshots/example-account.json');
    writeFileSync(join(cwd, 'account.json'), example);
    writeFileSync(join(cwd, 'account.json.gz'), gzipSync(example));
    mkdirSync(join(cwd, 'rules'));
    copyFileSync(join(REPO, 'test/fixtures/rules/basic.guard'), join(cwd, 'rules/basic.guard'));
    const exceptions = fencedBlocks(read('docs/ci.md')).find((b) => b.info === 'yaml' && b.body.startsWith('exceptions:'));
    writeFileSync(join(cwd, 'guard-exceptions.yaml'), exceptions?.body ?? '');
    const baseline = await runMain(['baseline', 'write', 'rules/', '--snapshot', 'account.json.gz', '--output', 'guard-baseline.json'], { cwd });
    expect(baseline.code, baseline.stderr).toBe(0);
  });

  const commands = [...blocksOf('README.md'), ...blocksOf('docs/ci.md')]
    .filter((b) => b.info === 'sh' || b.info === 'yaml')
    .flatMap((b) => guardCommands(b).map((command) => ({ where: `${b.path}:${b.line}`, args: shellWords(command) })))
    // Collecting needs AWS; everything else runs offline.
    .filter((c) => c.args[0] !== 'snapshot');

  /**
   * What the docs say the exit code is: the example account breaks most rules on purpose, so an
   * evaluation exits 1 unless `--fail-on none`, or `new` against a baseline of the same state;
   * the other commands succeed. Never 2: that would be a command the docs got wrong.
   */
  const expectedCode = (args: readonly string[]): number => {
    if (args[0] !== 'eval') return 0;
    const failOn = args[args.indexOf('--fail-on') + 1] ?? '';
    return args.includes('--fail-on') && (failOn === 'none' || failOn.split(',').includes('new')) ? 0 : 1;
  };

  it('there are some, of every kind the docs show', () => {
    expect(new Set(commands.map((c) => c.args[0]))).toEqual(new Set(['eval', 'check', 'test', 'schema', 'fmt', 'baseline', 'who-can', 'permissions', 'inspect']));
  });

  for (const { where, args } of commands) {
    it(`${where}: guard ${args.join(' ')}`, async () => {
      const run = await runMain(args, { cwd });
      expect(run.stderr, run.stderr).not.toMatch(/error:|internal error/);
      expect(run.code, run.stderr).toBe(expectedCode(args));
    });
  }
});

describe('examples/snapshots/README.md', () => {
  it('gives durations as guard prints them', async () => {
    const run = await runMain(['eval', '--snapshot', 'examples/snapshots/example-account.json', '--format', 'json', '--fail-on', 'none']);
    const findings = (JSON.parse(run.stdout) as { findings: { resource: { name: string }; evidence: Record<string, unknown> }[] }).findings;
    const printed = new Map<string, string[]>();
    for (const f of findings) printed.set(f.resource.name, [...(printed.get(f.resource.name) ?? []), ...Object.values(f.evidence).map(String)]);
    // `bob/1 (320d)`, `carol (210d, password)`, `` `old-batch-role` (never used, created 2025-01-10: 686d) ``
    const claims = [...read('examples/snapshots/README.md').matchAll(/`?([\w./-]+)`? \(([^()]*?)(\d+)d\b[^()]*\)/g)].map((m) => ({ name: m[1] ?? '', days: `${m[3] ?? ''}d` })).filter((c) => printed.has(c.name));
    expect(claims.length).toBeGreaterThanOrEqual(8);
    for (const { name, days } of claims) expect(printed.get(name), `${name} ${days}`).toContain(days);
  });
});

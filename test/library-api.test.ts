import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES_DIR, compileRules, evaluate, loadSnapshotFile, normalizeSnapshot, renderJson } from '../src/index.ts';
import { REPO } from './support/run-guard.ts';
import { runMain } from './support/run-main.ts';

/** The package's library entry (src/index.ts): the pipeline `guard eval` runs, without the CLI. */

const RULES = 'test/fixtures/rules/basic.guard';
const SNAPSHOT = 'examples/snapshots/example-account.json';

describe('the library entry', () => {
  it('compiles, evaluates and renders what guard eval prints', async () => {
    const rules = compileRules([{ path: RULES, text: readFileSync(join(REPO, RULES), 'utf8') }], { params: { min_length: '20' } });
    if (!rules.ok) throw new Error(rules.errors.map((e) => e.message).join('\n'));
    const snapshot = await loadSnapshotFile(join(REPO, SNAPSHOT));
    if (!snapshot.ok) throw new Error(snapshot.errors.map((e) => e.message).join('\n'));
    const cli = await runMain(['eval', RULES, '--snapshot', SNAPSHOT, '--param', 'min_length=20', '--format', 'json', '--fail-on', 'none']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(renderJson(evaluate(rules.value, normalizeSnapshot(snapshot.value)))).toBe(cli.stdout);
  });

  it('returns parse and check errors of every file, in reading order, and warnings beside them', () => {
    const rules = compileRules([
      { path: 'b.guard', text: 'usres must have mfa\n' },
      { path: 'a.guard', text: 'let unused = 3\nroot must have mfa\nroot must\n' },
    ]);
    expect(rules.ok).toBe(false);
    if (rules.ok) return;
    expect(rules.errors.map((e) => `${e.span?.file} ${e.code}`)).toEqual(['a.guard syntax/unexpected-token', 'b.guard check/unknown-collection']);
    expect(rules.warnings.map((w) => `${w.span?.file} ${w.code}`)).toEqual(['a.guard check/unused-name']);
  });

  it('keeps warnings on success', () => {
    const rules = compileRules([{ path: 'a.guard', text: 'let unused = 3\nroot must have mfa\n' }]);
    expect(rules.ok).toBe(true);
    expect(rules.warnings.map((w) => w.code)).toEqual(['check/unused-name']);
  });

  it('names the built-in library', () => {
    expect(BUILTIN_POLICIES_DIR).toBe(join(REPO, 'policies/'));
  });
});

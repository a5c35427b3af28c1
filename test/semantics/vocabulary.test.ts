import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/cli/load-rules.ts';
import { checkTestFiles, renderTestReport, runTests } from '../../src/guard-test/index.ts';
import { parseTestFile } from '../../src/syntax/index.ts';

/**
 * The vocabulary that reads aloud (docs/language.md, "Sentences"): each construct's rule in
 * test/fixtures/vocabulary/vocabulary.guard, judged on the example accounts of vocabulary.test.guard
 * through the whole pipeline (parse, check, compile, normalize, evaluate), as `guard test` runs them.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = 'test/fixtures/vocabulary';

describe('the vocabulary fixture', () => {
  it('every example holds, and every rule can fail and can pass', async () => {
    const loaded = await loadRules([`${DIR}/vocabulary.guard`], { cwd: ROOT });
    expect(loaded.diagnostics).toEqual([]);
    if (loaded.program === null) throw new Error('the vocabulary fixture does not load');
    const path = `${DIR}/vocabulary.test.guard`;
    const text = readFileSync(`${ROOT}${path}`, 'utf8');
    const parsed = parseTestFile(text, path);
    expect(parsed.diagnostics).toEqual([]);
    const checked = checkTestFiles([{ ast: parsed.file, text }], loaded.program);
    expect(checked.diagnostics).toEqual([]);
    const report = runTests(checked.suite, loaded.program, { seed: 20261203, runs: 20, autoChecks: true, autoRuns: 20, coverage: true, ruleSources: loaded.sources });
    expect(report.ok, renderTestReport(report, { color: false, verbose: false })).toBe(true);
    expect(report.coverage?.withoutExamples.map((r) => r.id)).toEqual([]);
  });
});

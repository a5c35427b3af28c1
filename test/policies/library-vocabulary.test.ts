import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/cli/load-rules.ts';
import { compileProgram, evaluate, findingFingerprint } from '../../src/engine/index.ts';
import { checkTestFiles, renderTestReport, runTests, type TestSource } from '../../src/guard-test/index.ts';
import { normalizeSnapshot, parseSnapshot } from '../../src/model/index.ts';
import { type CheckedProgram, checkSources } from '../../src/semantics/index.ts';
import { parseTestFile, printRuleBody } from '../../src/syntax/index.ts';
import { snapshotArb } from '../../src/testing/index.ts';

/**
 * The library's rules rewritten with the vocabulary that reads aloud (docs/language.md,
 * "Sentences"), without editing policies/: each rewrite replaces one rule line in memory. The
 * rewritten library keeps every id, passes the library's own tests, and gives the findings and
 * fingerprints of the library as written on generated accounts. The lead applies these lines to
 * policies/ (with the named conditions of the define branch) after the merge.
 */
const REWRITES: readonly (readonly [string, string])[] = [
  ['roles must have no trust statements where effect = "Allow" and public and not have condition', 'roles must have no allow trust statements where principal is anyone and not have condition'],
  [
    'roles must have no trust statements where effect = "Allow" and external accounts not in trusted_accounts and not (required condition keys matches "sts:ExternalId" or required condition keys matches "aws:MultiFactorAuthPresent")',
    'roles must have no allow trust statements where external accounts not in trusted_accounts and not (requires key "sts:ExternalId" or requires key "aws:MultiFactorAuthPresent")',
  ],
  [
    'roles must have no trust statements where effect = "Allow" and principal federated matches "*:oidc-provider/token.actions.githubusercontent.com*" and',
    'roles must have no allow trust statements where principal federated matches "*:oidc-provider/token.actions.githubusercontent.com*" and',
  ],
  ['policies where customer or inline must have no statements where effect = "Allow" and service wildcards', 'policies where customer or inline must have no allow statements where service wildcards'],
  ['policies where customer or inline must have no statements where effect = "Allow" and not actions', 'policies where customer or inline must have no allow statements where not actions'],
  [
    'roles where any trust statements where effect = "Allow" and principal federated matches "arn:*:iam::*:oidc-provider/*" must not',
    'roles where have an allow trust statement where principal federated matches "arn:*:iam::*:oidc-provider/*" must not',
  ],
  ['account must have at least 1 roles where any attached policies where', 'account must have a role where any attached policies where'],
  ['users must have at least 1 groups', 'users must have a group'],
];

const libraryFiles = readdirSync(BUILTIN_POLICIES)
  .filter((n) => n.endsWith('.guard') && !n.endsWith('.test.guard'))
  .sort()
  .map((name) => ({ path: `policies/${name}`, text: readFileSync(join(BUILTIN_POLICIES, name), 'utf8') }));

function rewritten(): { path: string; text: string }[] {
  return libraryFiles.map((f) => {
    let text = f.text;
    for (const [from, to] of REWRITES) if (text.includes(from)) text = text.replace(from, to);
    return { path: f.path, text };
  });
}

function program(files: readonly { path: string; text: string }[]): CheckedProgram {
  const checked = checkSources(files, {});
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (checked.program === null) throw new Error('no program');
  return checked.program;
}

describe('the library in sentences', () => {
  const before = program(libraryFiles);
  const after = program(rewritten());

  it('rewrites each line once, to a line without effect, and keeps every rule id', () => {
    for (const [from, to] of REWRITES) {
      expect(
        libraryFiles.filter((f) => f.text.includes(from)).map((f) => f.path),
        from,
      ).toHaveLength(1);
      expect(to).not.toContain('effect');
    }
    expect(after.rules.map((r) => r.id)).toEqual(before.rules.map((r) => r.id));
  });

  it("passes the library's own tests", () => {
    const sources: TestSource[] = readdirSync(BUILTIN_POLICIES)
      .filter((n) => n.endsWith('.test.guard'))
      .sort()
      .map((name) => {
        const text = readFileSync(join(BUILTIN_POLICIES, name), 'utf8');
        return { ast: parseTestFile(text, `policies/${name}`).file, text };
      });
    const checked = checkTestFiles(sources, after);
    expect(checked.diagnostics).toEqual([]);
    const report = runTests(checked.suite, after, { seed: 20261203, runs: 10, autoChecks: false, autoRuns: 0, coverage: false });
    expect(report.ok, renderTestReport(report, { color: false, verbose: false })).toBe(true);
  });

  it('gives the findings and fingerprints of the library as written, on generated accounts', () => {
    const old = compileProgram(before);
    const sentences = compileProgram(after);
    const summary = (rules: typeof old, model: ReturnType<typeof normalizeSnapshot>): string[] => evaluate(rules, model).findings.map((f) => `${f.rule} ${f.status} ${findingFingerprint(f)}`);
    // Not vacuous: the rewritten rules fail on some generated accounts.
    const rewrittenIds = new Set(after.rules.filter((r, i) => printRuleBody(r.source.body) !== printRuleBody(before.rules[i]?.source.body ?? r.source.body)).map((r) => r.id));
    let failures = 0;
    fc.assert(
      fc.property(snapshotArb, (raw) => {
        const parsed = parseSnapshot(JSON.stringify(raw), 'generated.json');
        if (!parsed.ok) throw new Error('invalid generated snapshot');
        const model = normalizeSnapshot(parsed.value);
        const found = summary(sentences, model);
        expect(found).toEqual(summary(old, model));
        failures += found.filter((f) => f.includes(' fail ') && rewrittenIds.has(f.split(' ')[0] ?? '')).length;
      }),
      { numRuns: 40 },
    );
    expect(rewrittenIds.size).toBe(REWRITES.length);
    expect(failures).toBeGreaterThan(10);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvaluationResult, Finding } from '../../src/engine/index.ts';
import { chunked, renderSarif, sarifParts } from '../../src/report/index.ts';
import { awkwardText, findingArbitrary } from './finding-arbitrary.ts';
import { fixtureResult, RULES, summarize } from './fixtures.ts';

/**
 * sarifParts writes the results in batches, each its own JSON.stringify sliced out of a wrapper: the
 * joined parts must be what one JSON.stringify(log, null, 2) of the whole log writes. Re-stringifying
 * the parsed text is that reference (JSON.stringify's output is a fixed point of parse then
 * stringify), and the results must be the findings', in order, as a log with only that finding has it.
 */
function expectWholeLog(result: EvaluationResult): void {
  const parts = [...sarifParts(result, { srcRoot: '/repo', toolVersion: '1.0.0' })];
  const text = parts.join('');
  expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  expect([...chunked(parts, 7)].join('')).toBe(text);
  const log = JSON.parse(text) as { runs: { results: unknown[] }[] };
  const [run] = log.runs;
  expect(run?.results).toHaveLength(result.findings.length);
  result.findings.forEach((finding, i) => {
    const alone = JSON.parse(renderSarif({ ...result, findings: [finding] }, { srcRoot: '/repo', toolVersion: '1.0.0' })) as typeof log;
    expect(run?.results[i]).toEqual(alone.runs[0]?.results[0]);
  });
}

const findingArb = findingArbitrary({
  evidence: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), awkwardText),
  location: fc.record({ file: fc.constantFrom('rules/a.guard', '/repo/rules/b.guard', '/elsewhere/c.guard'), line: fc.nat(), column: fc.nat() }),
  waiver: fc.constant(null),
});

describe('sarifParts', () => {
  it('writes, joined, the bytes of JSON.stringify(log, null, 2), results in any number', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 6 }), (findings) => {
        expectWholeLog({ ...fixtureResult(), findings, summary: summarize(findings, RULES.length, 3) });
      }),
    );
  });

  it('writes results across several batches, and none at all, as one log', () => {
    const findings = fixtureResult().findings;
    const many = Array.from({ length: 600 }, (_, i) => findings[i % findings.length] as Finding);
    expectWholeLog({ ...fixtureResult(), findings: many });
    expectWholeLog({ ...fixtureResult(), findings: [] });
    expect([...sarifParts({ ...fixtureResult(), findings: many })].length).toBeGreaterThan(3);
  });

  it('is not misled by a rule title that spells the results member', () => {
    const result = fixtureResult();
    expectWholeLog({ ...result, rules: result.rules.map((r) => ({ ...r, title: '\n      "results": "<results>"' })) });
  });
});

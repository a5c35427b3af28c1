import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BaselineComparison, compareWithBaseline, type EvaluationResult, type EvidenceValue, findingFingerprint, parseBaseline, type Waiver } from '../../src/engine/index.ts';
import { chunked, jsonParts, renderJson } from '../../src/report/index.ts';
import { awkwardText, findingArbitrary } from './finding-arbitrary.ts';
import { fixtureResult, RULES, summarize } from './fixtures.ts';

/** The findings JSON as one JSON.stringify of the whole document: what jsonParts must write byte for byte. */
function reference(result: EvaluationResult, baseline?: BaselineComparison): string {
  const waiver = (w: Waiver): Record<string, unknown> => ({
    source: w.source,
    until: w.until,
    reason: w.reason,
    location: w.location,
    ...(w.owner === undefined ? {} : { owner: w.owner }),
    ...(w.ticket === undefined ? {} : { ticket: w.ticket }),
  });
  const document = {
    format: 'guard-findings/v1',
    snapshot: result.snapshot,
    now: result.now,
    summary: baseline ? { ...result.summary, new: baseline.counts.new, existing: baseline.counts.existing, resolved: baseline.counts.resolved } : result.summary,
    missingSections: result.missingSections,
    rules: result.rules.map(({ id, title, severity, rationale, remediation, references, location }) => ({ id, title, severity, rationale, remediation, references, location })),
    findings: result.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      status: f.status,
      resource: f.resource,
      message: f.message,
      evidence: f.evidence,
      location: f.location,
      fingerprint: findingFingerprint(f),
      waiver: f.waiver && waiver(f.waiver),
      expiredWaiver: f.expiredWaiver && waiver(f.expiredWaiver),
      ...(baseline ? { baseline: baseline.states.get(findingFingerprint(f)) ?? 'new' } : {}),
    })),
    ...(baseline
      ? {
          resolved: baseline.resolved.map(({ entry, reason }) => ({
            rule: entry.rule,
            severity: entry.severity,
            status: entry.status,
            resource: entry.resource,
            message: entry.message,
            fingerprint: entry.fingerprint,
            reason,
          })),
        }
      : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const evidence: fc.Arbitrary<EvidenceValue> = fc.letrec<{ v: EvidenceValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double(), awkwardText, fc.array(tie('v'), { maxLength: 3 })),
})).v;
const location = fc.record({ file: awkwardText, line: fc.nat(), column: fc.nat() });
const waiverArb: fc.Arbitrary<Waiver> = fc.record(
  { source: fc.constantFrom('rule' as const, 'exceptions-file' as const), until: fc.option(awkwardText), reason: fc.option(awkwardText), location: fc.option(location), owner: awkwardText, ticket: awkwardText },
  { requiredKeys: ['source', 'until', 'reason', 'location'] },
);
const findingArb = findingArbitrary({ evidence, location, waiver: fc.option(waiverArb) });

describe('jsonParts', () => {
  it('writes, joined, the bytes of JSON.stringify(document, null, 2), with and without a baseline', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 6 }), fc.boolean(), fc.array(fc.nat({ max: 5 }), { maxLength: 3 }), (findings, withBaseline, kept) => {
        const result = { ...fixtureResult(), findings, summary: summarize(findings, RULES.length, 3) };
        // A baseline holding some of the findings (and, when empty, one that is resolved).
        const earlier = { ...result, findings: kept.flatMap((i) => (findings[i] ? [findings[i]] : [])) };
        const loaded = parseBaseline(renderJson(withBaseline ? earlier : fixtureResult()), 'baseline.json');
        if (!loaded.ok) throw new Error(loaded.errors[0].message);
        const baseline = withBaseline ? compareWithBaseline(result, loaded.value) : undefined;
        const parts = [...jsonParts(result, baseline ? { baseline } : {})];
        expect(parts.join('')).toBe(reference(result, baseline));
        expect([...chunked(parts, 7)].join('')).toBe(parts.join(''));
      }),
    );
  });

  it('writes the fixture result as JSON.stringify does', () => {
    expect(renderJson(fixtureResult())).toBe(reference(fixtureResult()));
    const empty = { ...fixtureResult(), findings: [] };
    expect(renderJson(empty)).toBe(reference(empty));
  });
});

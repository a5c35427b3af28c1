// The worked example of docs/testing.md, verbatim but for the import path (users write 'aws-identity-guard/testing').
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleText, evaluateSnapshot, snapshotArb, verdictsByRule } from '../../src/testing/index.ts';

const rules = compileRuleText(`
rule keys.rotated "Active keys are rotated within 60 days" severity high:
  access keys where active and age > 60d denied
`);

describe('keys.rotated', () => {
  it('never fails an inactive key, and never passes one it could not see', () => {
    fc.assert(
      fc.property(snapshotArb, (raw) => {
        const result = evaluateSnapshot(rules, raw);
        for (const finding of result.findings) {
          // A whole collection that could not be listed is one unknown finding, never a pass.
          if (finding.resource.key.startsWith('collection/')) expect(finding.status).toBe('unknown');
          else if (finding.status === 'fail') expect(finding.evidence['active']).toBe(true);
        }
      }),
    );
  });

  it('is stricter with a smaller threshold', () => {
    const stricter = compileRuleText('access keys where active and age > 30d denied');
    fc.assert(
      fc.property(snapshotArb, (raw) => {
        const failing = (r: ReturnType<typeof evaluateSnapshot>) => r.findings.filter((f) => f.status === 'fail').map((f) => f.resource.key);
        const loose = new Set(failing(evaluateSnapshot(stricter, raw)));
        for (const key of failing(evaluateSnapshot(rules, raw))) expect(loose.has(key)).toBe(true);
      }),
    );
  });
});

describe('guard/testing', () => {
  it('every generated snapshot is a valid snapshot v1 file', () => {
    const any = compileRuleText('root must have mfa');
    fc.assert(
      fc.property(snapshotArb, (raw) => void evaluateSnapshot(any, raw)),
      { numRuns: 200 },
    );
  });

  it('reports rule-text problems with their codes', () => {
    expect(() => compileRuleText('usres must have mfa')).toThrow(/check\/unknown-collection/);
  });

  it('verdictsByRule lists every rule, and the resources that did not pass', () => {
    const result = evaluateSnapshot(rules, { format: 'guard-snapshot/v1', capturedAt: '2026-11-27T10:00:00Z', account: { id: '123456789012', partition: 'aws' }, iam: {}, errors: [] });
    expect([...verdictsByRule(result).keys()]).toEqual(['keys.rotated']);
  });
});

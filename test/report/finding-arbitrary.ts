import fc from 'fast-check';
import type { EvidenceValue, Finding, SourceLocation, Waiver } from '../../src/engine/index.ts';
import { RULES } from './fixtures.ts';

/** Short strings of any code units: what breaks escaping and slicing. */
export const awkwardText = fc.string({ unit: 'binary', maxLength: 12 });

/**
 * Findings of the fixture rules, for the renderers' parts-against-whole properties; each renderer's
 * test says what its evidence, locations and waivers may be.
 */
export function findingArbitrary(parts: { readonly evidence: fc.Arbitrary<EvidenceValue>; readonly location: fc.Arbitrary<SourceLocation>; readonly waiver: fc.Arbitrary<Waiver | null> }): fc.Arbitrary<Finding> {
  return fc.record({
    rule: fc.constantFrom(...RULES.map((r) => r.id)),
    severity: fc.constantFrom('critical' as const, 'high' as const, 'info' as const),
    status: fc.constantFrom('fail' as const, 'unknown' as const, 'waived' as const),
    resource: fc.record({ type: fc.constantFrom('user' as const, 'role' as const), name: awkwardText, arn: fc.option(awkwardText), key: awkwardText }),
    message: awkwardText,
    evidence: fc.dictionary(awkwardText, parts.evidence, { maxKeys: 3 }),
    location: parts.location,
    waiver: parts.waiver,
    expiredWaiver: parts.waiver,
  });
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSnapshot, parseSnapshot } from '../../src/model/index.ts';
import { accountSpecArb, GENERATED_ACCOUNT, GENERATED_CAPTURED_AT, IAM_SECTIONS, snapshotArb, snapshotArbWith, snapshotOf } from '../../src/testing/index.ts';

/**
 * guard/testing promises that every generated document is a valid snapshot and that the options
 * constrain what is generated: users' properties rely on both.
 */
function parse(raw: unknown) {
  const parsed = parseSnapshot(JSON.stringify(raw), 'generated.json');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path ?? ''}: ${e.message}`).join('\n'));
  return parsed.value;
}

describe('snapshot arbitraries', () => {
  it('generate valid snapshots, which normalize without error', () => {
    fc.assert(
      fc.property(snapshotArb, (raw) => {
        const snapshot = parse(raw);
        expect(snapshot.account.id).toBe(GENERATED_ACCOUNT);
        expect(snapshot.capturedAt).toBe(GENERATED_CAPTURED_AT);
        normalizeSnapshot(snapshot);
      }),
      { numRuns: 200 },
    );
  });

  it("'complete' sections: every IAM section present and no errors", () => {
    fc.assert(
      fc.property(snapshotArbWith({ sections: 'complete' }), (raw) => {
        const snapshot = parse(raw);
        expect(snapshot.errors ?? []).toEqual([]);
        for (const name of IAM_SECTIONS) expect(Object.keys(snapshot.iam ?? {})).toContain(name);
        const model = normalizeSnapshot(snapshot);
        for (const name of ['users', 'groups', 'roles', 'identities', 'policies']) expect([name, model.collections[name]?.known]).toEqual([name, true]);
      }),
      { numRuns: 60 },
    );
  });

  it('a section state per section: missing leaves it out, errored lists it in errors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IAM_SECTIONS), fc.constantFrom('missing' as const, 'errored' as const), (section, state) => {
        const [raw] = fc.sample(snapshotArbWith({ sections: { [section]: state } }), 1);
        const snapshot = parse(raw);
        if (state === 'missing') expect(Object.keys(snapshot.iam ?? {})).not.toContain(section);
        else expect((snapshot.errors ?? []).map((e) => e.section)).toContain(`iam.${section}`);
      }),
      { numRuns: 40 },
    );
  });

  it('by default Identity Center and Access Analyzer are each present, missing or errored, Identity Center sometimes null; `identityCenter: false` leaves both out', () => {
    const states = (raw: Record<string, unknown>, container: 'identityCenter' | 'accessAnalyzer'): string => {
      const errored = ((raw['errors'] as { section: string }[] | undefined) ?? []).some((e) => e.section === container);
      return errored ? 'errored' : !(container in raw) ? 'missing' : raw[container] === null ? 'null' : 'present';
    };
    const seen = { identityCenter: new Set<string>(), accessAnalyzer: new Set<string>() };
    for (const raw of fc.sample(snapshotArb, { numRuns: 300, seed: 7 })) {
      seen.identityCenter.add(states(raw, 'identityCenter'));
      seen.accessAnalyzer.add(states(raw, 'accessAnalyzer'));
    }
    // Errored: named in `errors` (the writer keeps the section beside it), which makes it unknown.
    expect([...seen.identityCenter].sort()).toEqual(['errored', 'missing', 'null', 'present']);
    expect([...seen.accessAnalyzer].sort()).toEqual(['errored', 'missing', 'present']);
    for (const raw of fc.sample(snapshotArbWith({ identityCenter: false }), { numRuns: 50, seed: 7 })) {
      expect([states(raw, 'identityCenter'), states(raw, 'accessAnalyzer')]).toEqual(['missing', 'missing']);
    }
  });

  it("organization 'none' writes organizations: null; 'member' writes the organization", () => {
    fc.assert(
      fc.property(snapshotArbWith({ organization: 'none', sections: 'complete' }), snapshotArbWith({ organization: 'member', sections: 'complete' }), (none, member) => {
        expect(parse(none).organizations).toBeNull();
        expect(parse(member).organizations?.organization?.Id).toBe('o-x');
      }),
      { numRuns: 30 },
    );
  });

  it('respects the size limits and the capture time', () => {
    const capturedAt = '2027-03-01T00:00:00Z';
    fc.assert(
      fc.property(accountSpecArb({ maxUsers: 1, maxRoles: 0, capturedAt }), (spec) => {
        expect(spec.users.length).toBeLessThanOrEqual(1);
        expect(spec.roles).toEqual([]);
        expect(parse(snapshotOf(spec)).capturedAt).toBe(capturedAt);
      }),
      { numRuns: 50 },
    );
  });
});

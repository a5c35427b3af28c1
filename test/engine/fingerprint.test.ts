import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import { findingFingerprint, fingerprint, isFingerprint } from '../../src/engine/fingerprint.ts';
import { renderSarif } from '../../src/report/sarif.ts';
import { finding, fixtureFindings, fixtureResult, resource } from '../report/fixtures.ts';

const ruleId = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
const resourceKey = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^arn:aws:iam::\d{12}:(user|role|policy)\/[A-Za-z0-9+=,.@_-]{1,20}$/),
  fc.constantFrom('user/alice/access-key/1', 'collection/users', 'a\u0000b', '["x","y"]'),
);

describe('fingerprint', () => {
  it('is a sha256 hex digest of rule id and resource key only', () => {
    const f = fixtureFindings()[0]!;
    expect(isFingerprint(findingFingerprint(f))).toBe(true);
    const edited: Finding = {
      ...f,
      message: 'another wording',
      severity: 'low',
      status: 'unknown',
      evidence: { other: 1 },
      location: { file: 'moved/elsewhere.guard', line: 99, column: 7 },
      resource: { ...f.resource, name: 'renamed display', arn: null },
    };
    expect(findingFingerprint(edited)).toBe(findingFingerprint(f));
  });

  it('is distinct for distinct (rule, resource key)', () => {
    fc.assert(
      fc.property(ruleId, resourceKey, ruleId, resourceKey, (r1, k1, r2, k2) => {
        fc.pre(r1 !== r2 || k1 !== k2);
        expect(fingerprint(r1, k1)).not.toBe(fingerprint(r2, k2));
      }),
      { numRuns: 500 },
    );
  });

  it('cannot be forged by moving characters between rule id and key', () => {
    expect(fingerprint('a-b', 'c')).not.toBe(fingerprint('a', '-bc'));
    expect(fingerprint('a","b', 'c')).not.toBe(fingerprint('a', 'b","c'));
  });

  it('is stable under reordering of findings and rules', () => {
    const findings = fc.uniqueArray(fc.tuple(ruleId, resourceKey), { minLength: 1, maxLength: 30, selector: ([r, k]) => JSON.stringify([r, k]) });
    fc.assert(
      fc.property(findings, fc.infiniteStream(fc.nat()), (pairs, seeds) => {
        const base = pairs.map(([rule, k]) => ({ ...finding('root-mfa', { ...resource('user', k), key: k }, 'fail'), rule }));
        const shuffled = [...base];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const byKey = (fs: readonly Finding[]): Map<string, string> => new Map(fs.map((f) => [`${f.rule}\u0000${f.resource.key}`, findingFingerprint(f)]));
        expect(byKey(shuffled)).toEqual(byKey(base));
        // and the SARIF carries the same set whichever order the evaluation produced
        const sarifPrints = (fs: readonly Finding[]): string[] =>
          (JSON.parse(renderSarif({ ...fixtureResult(fs), rules: [...fixtureResult().rules].reverse() })) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }).runs[0]!.results.map(
            (r) => r.partialFingerprints['guard/v1']!,
          ).sort();
        expect(sarifPrints(shuffled)).toEqual(sarifPrints(base));
      }),
      { numRuns: 100 },
    );
  });
});

describe('fingerprint scheme guard/v1', () => {
  it('is sha256 of the JSON of [scheme, rule, key], so fingerprints in baselines written earlier still match', async () => {
    const { hash } = await import('node:crypto');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), resourceKey, (rule, key) => {
        expect(fingerprint(rule, key)).toBe(hash('sha256', JSON.stringify(['guard/v1', rule, key]), 'hex'));
      }),
    );
  });
});

describe('fingerprints in organization runs', () => {
  it('add the account id as a fourth member, so one resource key in two accounts differs; without an account they are unchanged', async () => {
    const { hash } = await import('node:crypto');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), resourceKey, fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^\d{12}$/), (rule, key, a, b) => {
        expect(fingerprint(rule, key, a)).toBe(hash('sha256', JSON.stringify(['guard/v1', rule, key, a]), 'hex'));
        expect(fingerprint(rule, key, a)).not.toBe(fingerprint(rule, key));
        if (a !== b) expect(fingerprint(rule, key, a)).not.toBe(fingerprint(rule, key, b));
        const resource = { type: 'user' as const, name: 'n', arn: null, key };
        expect(findingFingerprint({ rule, resource })).toBe(fingerprint(rule, key));
        expect(findingFingerprint({ rule, resource, account: { id: a, name: null } })).toBe(fingerprint(rule, key, a));
      }),
    );
  });
});

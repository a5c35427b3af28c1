import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type Baseline, baselineState, compareWithBaseline, loadBaselineFile, parseBaseline } from '../../src/engine/baseline.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { findingFingerprint } from '../../src/engine/fingerprint.ts';
import { renderJson } from '../../src/report/json.ts';
import { fixtureFindings, fixtureResult } from '../report/fixtures.ts';
import { gzipBomb } from '../support/gzip-bomb.ts';

const dir = mkdtempSync(join(tmpdir(), 'guard-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function baselineOf(findings: readonly Finding[]): Baseline {
  const parsed = parseBaseline(renderJson(fixtureResult(findings)), 'baseline.json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('parseBaseline', () => {
  it('reads what renderJson writes', () => {
    const b = baselineOf(fixtureFindings());
    expect(b.account).toBe('123456789012');
    expect(b.entries.map((e) => e.fingerprint)).toEqual(fixtureFindings().map((f) => findingFingerprint(f)));
    expect(b.entries[0]).toMatchObject({ rule: 'root-mfa', status: 'fail', severity: 'critical', resource: { type: 'root', name: '<root_account>' } });
  });

  it('rebuilds fingerprints from resource.key (or the ARN) when a hand-made file has none', () => {
    const f = fixtureFindings()[0]!;
    const text = JSON.stringify({ format: 'guard-findings/v1', findings: [{ rule: f.rule, status: 'fail', resource: { type: 'root', name: 'x', arn: f.resource.arn } }] });
    const parsed = parseBaseline(text, 'hand.json');
    expect(parsed.ok && parsed.value.entries[0]?.fingerprint).toBe(findingFingerprint(f));
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['a list', '[]', /not a findings JSON object/],
    ['a snapshot', '{"format":"guard-snapshot/v1"}', /expected format `guard-findings\/v1`/],
    ['no findings', '{"format":"guard-findings/v1"}', /no `findings` list/],
  ])('rejects %s with a clear diagnostic', (_label, text, message) => {
    const parsed = parseBaseline(text, 'b.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors[0].message).toMatch(message);
      expect(parsed.errors[0].message).toMatch(/^[a-z`]/);
      expect(parsed.errors[0].message).not.toMatch(/\.$/);
    }
  });

  it('hints that a snapshot is not a baseline', () => {
    const parsed = parseBaseline('{"format":"guard-snapshot/v1"}', 'snap.json');
    expect(!parsed.ok && parsed.errors[0].hint).toMatch(/this is a snapshot/);
  });

  it('reports every bad finding with its JSON path', () => {
    const text = JSON.stringify({
      format: 'guard-findings/v1',
      findings: [
        { rule: 'ok', status: 'fail', resource: { type: 'user', name: 'a', key: 'k' } },
        { rule: '', status: 'broken', resource: {} },
        'x',
        { rule: 'r', status: 'fail', resource: { type: 'user', name: 'n' } },
        { rule: 'r', status: 'fail', resource: { type: 'user', name: 'n', key: 'k' }, fingerprint: 'abc' },
      ],
    });
    const parsed = parseBaseline(text, 'b.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.path)).toEqual([
        '$.findings[1].rule',
        '$.findings[1].status',
        '$.findings[1].resource.type',
        '$.findings[1].resource.name',
        '$.findings[2]',
        '$.findings[3]',
        '$.findings[4].fingerprint',
      ]);
    }
  });

  it('caps the number of errors', () => {
    const text = JSON.stringify({ format: 'guard-findings/v1', findings: Array.from({ length: 50 }, () => 1) });
    const parsed = parseBaseline(text, 'b.json');
    expect(!parsed.ok && parsed.errors.length).toBe(21);
    expect(!parsed.ok && parsed.errors[20]?.message).toMatch(/and 30 more problems/);
  });
});

describe('loadBaselineFile', () => {
  it('reads plain and gzipped files, and reports a missing one', async () => {
    const text = renderJson(fixtureResult());
    writeFileSync(join(dir, 'b.json'), text);
    writeFileSync(join(dir, 'b.json.gz'), gzipSync(text));
    const plain = await loadBaselineFile(join(dir, 'b.json'), 'b.json');
    const zipped = await loadBaselineFile(join(dir, 'b.json.gz'), 'b.json.gz');
    expect(plain.ok && zipped.ok && plain.value.entries).toEqual(zipped.ok && zipped.value.entries);
    const missing = await loadBaselineFile(join(dir, 'nope.json'), 'nope.json');
    expect(!missing.ok && missing.errors[0].message).toBe('cannot read baseline `nope.json`: no such file');
  });
});

describe('compareWithBaseline', () => {
  it('marks new and existing findings and lists resolved ones', () => {
    const all = fixtureFindings();
    const before = all.slice(0, 6);
    const now = all.slice(3);
    const result = fixtureResult(now);
    const cmp = compareWithBaseline(result, baselineOf(before));
    expect(now.map((f) => baselineState(cmp, f))).toEqual(now.map((_, i) => (i < 3 ? 'existing' : 'new')));
    // counts are of open findings: the waived one (legacy-ci) has a state but is not counted
    expect(cmp.counts).toEqual({ new: now.length - 3, existing: 2, resolved: 3 });
    expect(cmp.resolved.map((r) => r.entry.fingerprint)).toEqual(before.slice(0, 3).map((f) => findingFingerprint(f)));
    expect(cmp.resolved.every((r) => r.reason === 'fixed')).toBe(true);
    expect(cmp.warnings).toEqual([]);
  });

  it('ignores messages, order and positions', () => {
    const findings = fixtureFindings();
    const moved = [...findings].reverse().map((f) => ({ ...f, message: 'reworded', location: { file: 'other.guard', line: 50, column: 2 } }));
    const cmp = compareWithBaseline(fixtureResult(moved), baselineOf(findings));
    expect(cmp.counts).toEqual({ new: 0, existing: findings.length - 1, resolved: 0 });
    expect(moved.every((f) => baselineState(cmp, f) === 'existing')).toBe(true);
  });

  it('does not let a baseline entry that was only waived grandfather a finding that now fails', () => {
    const findings = fixtureFindings();
    const waived = findings.find((f) => f.status === 'waived')!;
    const lapsed: Finding = { ...waived, status: 'fail', waiver: null, expiredWaiver: waived.waiver };
    const cmp = compareWithBaseline(fixtureResult([lapsed]), baselineOf(findings));
    expect(baselineState(cmp, lapsed)).toBe('new');
    const stillWaived = compareWithBaseline(fixtureResult([waived]), baselineOf(findings));
    expect(baselineState(stillWaived, waived)).toBe('existing');
  });

  it('says why a finding is resolved when its rule did not run', () => {
    const findings = fixtureFindings();
    const cmp = compareWithBaseline({ ...fixtureResult([]), rules: fixtureResult().rules.filter((r) => r.id !== 'root-mfa') }, baselineOf(findings.slice(0, 2)));
    expect(cmp.resolved.map((r) => [r.entry.rule, r.reason])).toEqual([
      ['root-mfa', 'rule-not-run'],
      ['password-policy-strong', 'fixed'],
    ]);
  });

  it('warns when the baseline is of another account', () => {
    const other = { ...baselineOf(fixtureFindings()), account: '999999999999' };
    const cmp = compareWithBaseline(fixtureResult(), other);
    expect(cmp.warnings[0]?.message).toBe('baseline `baseline.json` is of account 999999999999 but the snapshot is of account 123456789012');
  });
});

describe('loadBaselineFile: hostile input files', () => {
  it('refuses a gzipped baseline that decompresses past the input limit, saying so', async () => {
    writeFileSync(join(dir, 'bomb.json.gz'), gzipBomb(600));
    const loaded = await loadBaselineFile(join(dir, 'bomb.json.gz'), 'bomb.json.gz');
    expect(!loaded.ok && loaded.errors.map((e) => [e.code, e.message])).toEqual([['usage/io', 'baseline `bomb.json.gz` decompresses to more than 256 MiB, the most guard reads']]);
  });

  it('reports a duplicate key with its JSON path, line and column', () => {
    const text = renderJson(fixtureResult(fixtureFindings().slice(0, 1))).replace('"status": "fail"', '"status": "fail",\n      "status": "waived"');
    const parsed = parseBaseline(text, 'b.json');
    expect(!parsed.ok && parsed.errors.map((e) => [e.path, e.message.replace(/line \d+, column \d+/g, 'L:C')])).toEqual([
      ['$.findings[0].status', 'baseline `b.json` has a duplicate key `status` at L:C; the first is at L:C'],
    ]);
  });

  it('quotes control characters of the input safely', () => {
    for (const text of ['{"format": \u0000}', '{"format": "x\u001b[2Jy"}']) {
      const parsed = parseBaseline(text, 'b.json');
      expect(!parsed.ok && parsed.errors[0].message).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Outcome } from '../../src/diagnostics/index.ts';
import { loadBaselineFile, parseBaseline } from '../../src/engine/index.ts';
import { parsePolicyDocument, parseSnapshot } from '../../src/model/index.ts';
import { renderJson } from '../../src/report/json.ts';
import { snapshotData } from '../model/fixtures.ts';
import { fixtureResult } from '../report/fixtures.ts';
import { fuzzAssert, fuzzAssertAsync } from '../support/fuzz.ts';

const SNAPSHOT = Buffer.from(JSON.stringify(snapshotData()));
const GZIPPED = gzipSync(SNAPSHOT);
const BASELINE = renderJson(fixtureResult());
const DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*', Condition: { StringEquals: { 'a:b': 'c' } } }] });
const dir = mkdtempSync(join(tmpdir(), 'guard-fuzz-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every message a reader or the validation returns quotes input safely. */
function readerDiagnostics<T>(outcome: Outcome<T>): readonly Diagnostic[] {
  return outcome.ok ? outcome.warnings : [...outcome.errors, ...outcome.warnings];
}

function expectSafe<T>(outcome: Outcome<T>): void {
  for (const d of readerDiagnostics(outcome)) expect(`${d.message} ${d.path ?? ''} ${d.hint ?? ''}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

/** Offsets of the keys of a JSON text (strings followed by `:`), found from the left so string contents are skipped. */
function keyOffsets(text: string): { offset: number; token: string }[] {
  const out: { offset: number; token: string }[] = [];
  const re = /"(?:[^"\\]|\\.)*"(:)?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[1] !== undefined) out.push({ offset: m.index, token: m[0] });
  return out;
}

/** The text with a copy of one of its keys (chosen by `pick`) inserted before it, in the same object. */
function injectDuplicate(text: string, pick: number, value: string): string {
  const keys = keyOffsets(text);
  const key = keys[pick % keys.length];
  if (key === undefined) throw new Error('no keys');
  return `${text.slice(0, key.offset)}${key.token}${value},${text.slice(key.offset)}`;
}

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 100 }).map((b) => new Uint8Array([0x1f, 0x8b, ...b])),
  fc.uint8Array({ maxLength: 100 }).map((b) => new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, ...b])),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, b]) => {
    const copy = Uint8Array.from(SNAPSHOT);
    copy.set(b.subarray(0, Math.max(0, copy.length - (at % copy.length))), at % copy.length);
    return copy;
  }),
);
const duplicateValue = fc.constantFrom('null', '1', '"x"', '{}', '[]', '{"Effect":"Deny"}');

describe('input files under fuzzing', () => {
  it('the snapshot reader never throws on arbitrary bytes, and its messages are safe to print', () => {
    fuzzAssert(
      'snapshot bytes',
      fc.property(bytes, (data) => expectSafe(parseSnapshot(data, 'fuzz.json'))),
      300,
    );
  });

  it('a truncated or bit-flipped gzip snapshot is read or refused, never thrown', () => {
    const damaged = fc.oneof(
      fc.nat({ max: GZIPPED.length - 1 }).map((n) => GZIPPED.subarray(0, n)),
      fc.tuple(fc.nat({ max: GZIPPED.length - 1 }), fc.nat({ max: 7 })).map(([at, bit]) => {
        const copy = Uint8Array.from(GZIPPED);
        copy[at] = (copy[at] ?? 0) ^ (1 << bit);
        return copy;
      }),
    );
    fuzzAssert(
      'damaged gzip snapshot',
      fc.property(damaged, (data) => {
        const outcome = parseSnapshot(data, 'fuzz.json.gz');
        expectSafe(outcome);
        // A truncated stream is never accepted as if it were complete.
        if (data.length < GZIPPED.length) expect(outcome.ok).toBe(false);
      }),
      200,
    );
  });

  it('a duplicate key injected anywhere in a snapshot or a baseline is always reported', () => {
    const snapshotText = SNAPSHOT.toString('utf8');
    fuzzAssert(
      'duplicate keys',
      fc.property(fc.nat(), duplicateValue, fc.boolean(), (pick, value, baseline) => {
        const text = injectDuplicate(baseline ? BASELINE : snapshotText, pick, value);
        const outcome = baseline ? parseBaseline(text, 'b.json') : parseSnapshot(text, 's.json');
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.errors[0].message).toMatch(/has a duplicate key `.*` at line \d+, column \d+; the first is at line \d+, column \d+$/);
      }),
      200,
    );
  });

  it('a duplicate key injected into a policy document string, plain or URL-encoded, is always reported', () => {
    fuzzAssert(
      'duplicate keys in documents',
      fc.property(fc.nat(), duplicateValue, fc.boolean(), (pick, value, encoded) => {
        const text = injectDuplicate(DOCUMENT, pick, value);
        const parsed = parsePolicyDocument(encoded ? encodeURIComponent(text) : text);
        expect('error' in parsed && parsed.error).toMatch(/^duplicate key /);
      }),
      200,
    );
  });

  it('the baseline file reader never throws on arbitrary bytes', async () => {
    const file = join(dir, 'baseline.json');
    await fuzzAssertAsync(
      'baseline bytes',
      fc.asyncProperty(bytes, async (data) => {
        writeFileSync(file, data);
        expectSafe(await loadBaselineFile(file, 'baseline.json'));
      }),
      100,
    );
  });
});

import { constants } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/diagnostics/index.ts';
import { decodeInput, escapeInput, type InputKind, MAX_INPUT_BYTES, quoteInput, readInputFile } from '../../src/model/index.ts';
import { gzipBomb } from '../support/gzip-bomb.ts';

const KIND: InputKind = { noun: 'input', unreadable: 'usage/io', notText: 'usage/bad-flag' };
const SMALL = { maxBytes: 2 ** 20 };
const dir = mkdtempSync(join(tmpdir(), 'guard-input-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function messages(outcome: Outcome<string>): string[] {
  return outcome.ok ? [] : outcome.errors.map((e) => `${e.code} ${e.message}`);
}

describe('readInputFile and decodeInput', () => {
  it('have a limit that a string can hold', () => {
    expect(MAX_INPUT_BYTES).toBeLessThanOrEqual(constants.MAX_STRING_LENGTH);
  });

  it('read plain and gzipped text alike, dropping a byte-order mark', async () => {
    writeFileSync(join(dir, 'a.json'), '\uFEFF{"a": "é"}');
    writeFileSync(join(dir, 'a.json.gz'), gzipSync('\uFEFF{"a": "é"}'));
    expect(await readInputFile(join(dir, 'a.json'), 'a.json', KIND)).toMatchObject({ ok: true, value: '{"a": "é"}' });
    expect(await readInputFile(join(dir, 'a.json.gz'), 'a.json.gz', KIND)).toMatchObject({ ok: true, value: '{"a": "é"}' });
    expect(decodeInput('\uFEFFx', 'x', KIND)).toMatchObject({ ok: true, value: 'x' });
  });

  it('refuse a gzip bomb at the limit, and a plain file over it before reading it', async () => {
    expect(messages(decodeInput(gzipBomb(3), 'bomb.gz', KIND, SMALL))).toEqual(['usage/io input `bomb.gz` decompresses to more than 1 MiB, the most guard reads']);
    writeFileSync(join(dir, 'big.json'), Buffer.alloc(2 ** 20 + 1, 0x20));
    expect(messages(await readInputFile(join(dir, 'big.json'), 'big.json', KIND, SMALL))).toEqual(['usage/io input `big.json` is larger than 1 MiB, the most guard reads']);
    expect(messages(decodeInput(Buffer.alloc(101, 0x20), 'b', KIND, { maxBytes: 100 }))).toEqual(['usage/io input `b` is larger than 100 bytes, the most guard reads']);
  });

  it('read a device or pipe only up to the limit: /dev/zero does not hang or fill memory', async () => {
    expect(messages(await readInputFile('/dev/zero', '/dev/zero', KIND, SMALL))).toEqual(['usage/io input `/dev/zero` is larger than 1 MiB, the most guard reads']);
  });

  it('locate the first byte that is not UTF-8, and recognise UTF-16', () => {
    expect(messages(decodeInput(Buffer.from([0x7b, 0x0a, 0x20, 0xc3, 0xa9, 0xff, 0x7d]), 'x', KIND))).toEqual(['usage/bad-flag input `x` is not UTF-8 text: invalid byte 0xff at line 2, column 3']);
    expect(messages(decodeInput(Buffer.from([0x61, 0xed, 0xa0, 0x80]), 'x', KIND))).toEqual(['usage/bad-flag input `x` is not UTF-8 text: invalid byte 0xed at line 1, column 2']);
    expect(messages(decodeInput(Buffer.from('\uFEFF{}', 'utf16le'), 'x', KIND))).toEqual(['usage/bad-flag input `x` is not UTF-8 text (it is UTF-16)']);
  });

  it('report damaged gzip data, a directory and a missing file, with names quoted safely', async () => {
    expect(messages(decodeInput(gzipSync('{}').subarray(0, 12), 'x.gz', KIND))[0]).toMatch(/^usage\/io cannot decompress input `x\.gz`: /);
    expect(messages(await readInputFile(dir, 'dir', KIND))).toEqual(['usage/io cannot read input `dir`: it is a directory']);
    expect(messages(await readInputFile(join(dir, 'none'), 'no\u001b[2Jne', KIND))).toEqual(['usage/io cannot read input `no\\u001b[2Jne`: no such file']);
  });
});

describe('escapeInput and quoteInput', () => {
  it('escape what would drive a terminal or reorder text, and nothing else', () => {
    expect(escapeInput('a\u0000b\nc\td\u001b[0m\u007f\u009b\u202e\u2066é€😀')).toBe('a\\u0000b\\nc\\td\\u001b[0m\\u007f\\u009b\\u202e\\u2066é€😀');
    expect(escapeInput('\ud800x\udc00')).toBe('\\ud800x\\udc00');
  });

  it('cut long text without splitting a surrogate pair', () => {
    expect(quoteInput('abc', 2)).toBe('`ab…`');
    expect(quoteInput('a😀b', 2)).toBe('`a…`');
    expect(quoteInput('ab')).toBe('`ab`');
  });
});

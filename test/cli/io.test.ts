import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descriptorWriter } from '../../src/cli/io.ts';

const DIR = mkdtempSync(join(tmpdir(), 'guard-io-'));

/** Any UTF-16 text, lone and paired surrogates included: a slice must never split a pair. */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const paired = fc.array(fc.constantFrom('a', 'é', '😀', '\uD83D', '\uDE00', '€'), { maxLength: 40 }).map((units) => units.join(''));

describe('descriptorWriter', () => {
  it('writes to a file the bytes each string encodes to, whatever the slice size', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(utf16, paired), { maxLength: 8 }), fc.integer({ min: 1, max: 9 }), (texts, slice) => {
        const path = join(DIR, 'out');
        const fd = openSync(path, 'w');
        try {
          const write = descriptorWriter(fd, () => {}, slice);
          expect(write).not.toBeNull();
          for (const text of texts) write?.(text);
        } finally {
          closeSync(fd);
        }
        // Each string is encoded as itself, as the stream does: slicing one changes nothing.
        expect(readFileSync(path).equals(Buffer.concat(texts.map((text) => Buffer.from(text))))).toBe(true);
      }),
    );
  });

  it('says a write error once, then writes nothing more', () => {
    const path = join(DIR, 'read-only');
    closeSync(openSync(path, 'w'));
    const fd = openSync(path, 'r');
    const said: string[] = [];
    try {
      const write = descriptorWriter(fd, (message) => said.push(message));
      write?.('one');
      write?.('two');
    } finally {
      closeSync(fd);
    }
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^guard: cannot write to stdout: EBADF/);
  });
});

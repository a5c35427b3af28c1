import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked } from '../../src/report/index.ts';

describe('chunked', () => {
  it('keeps the text, writes no empty chunk, and passes a part of the size or more alone', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 })), fc.integer({ min: 1, max: 10 }), (parts, size) => {
        const chunks = [...chunked(parts, size)];
        expect(chunks.join('')).toBe(parts.join(''));
        expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
        // Every large part is a chunk by itself; every other chunk is small parts joined, no longer than size - 1 plus a part.
        for (const part of parts.filter((p) => p.length >= size)) expect(chunks).toContain(part);
        const largest = Math.max(0, ...parts.filter((p) => p.length < size).map((p) => p.length));
        for (const chunk of chunks) if (!parts.includes(chunk)) expect(chunk.length).toBeLessThanOrEqual(size - 1 + largest);
      }),
    );
  });

  it('yields a large part by itself, between the joins of the small ones', () => {
    const large = 'x'.repeat(100);
    expect([...chunked(['a', large, 'b'], 10)]).toEqual(['a', large, 'b']);
  });
});

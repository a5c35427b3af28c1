import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectPages, mapBounded, markerPage, PaginationLoopError } from '../../src/collect/paginate.ts';

describe('collectPages', () => {
  it('follows tokens to the last page and keeps item order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer(), { maxLength: 5 }), { minLength: 1, maxLength: 8 }), async (pages) => {
        const seen: (string | undefined)[] = [];
        const items = await collectPages(async (token) => {
          seen.push(token);
          const index = token === undefined ? 0 : Number(token);
          return { items: pages[index] ?? [], next: index + 1 < pages.length ? String(index + 1) : undefined };
        });
        expect(items).toEqual(pages.flat());
        expect(seen).toEqual(pages.map((_, i) => (i === 0 ? undefined : String(i))));
      }),
    );
  });

  it('stops with an error instead of looping when a token repeats', async () => {
    let calls = 0;
    const run = collectPages(async () => ({ items: [++calls], next: 'same' }));
    await expect(run).rejects.toBeInstanceOf(PaginationLoopError);
    expect(calls).toBe(2);
  });

  it('reads IAM pages: a marker counts only when the page is truncated', () => {
    expect(markerPage([1], true, 'm')).toEqual({ items: [1], next: 'm' });
    expect(markerPage([1], false, 'm')).toEqual({ items: [1], next: undefined });
    expect(markerPage(undefined, true, undefined)).toEqual({ items: [], next: undefined });
  });
});

describe('mapBounded', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(5), { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), async (delays, limit) => {
        let running = 0;
        let peak = 0;
        const results = await mapBounded(delays, limit, async (delay, index) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, delay));
          running--;
          return index * 2;
        });
        expect(results).toEqual(delays.map((_, i) => i * 2));
        expect(peak).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 30 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountInput, parseShard, shardOf } from '../../src/cli/org/inputs.ts';

/** `--shard i/n`: the shares of an organization's accounts partition them, evenly. */
const input = (key: string): AccountInput => ({ key, path: `/s/${key}.json`, file: `${key}.json`, expectedId: key, name: null, failure: null });

describe('--shard i/n', () => {
  it('puts every account in exactly one share, the shares differing in size by at most one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^\d{12}$/), { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (ids, count) => {
        const accounts = [...ids].sort().map(input);
        const shares = Array.from({ length: count }, (_, i) => shardOf(accounts, { index: i + 1, count }).map((a) => a.key));
        expect(shares.flat().sort()).toEqual([...ids].sort());
        const sizes = shares.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('reads i/n and refuses anything else with the flag named', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3', '-1/2']) expect(() => parseShard(bad), bad).toThrow(/--shard: expected i\/n/);
  });
});

import * as entry from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { CHEVROTAIN_BUNDLE } from '../../src/syntax/chevrotain.ts';

// src/syntax/chevrotain.ts loads chevrotain's one-file bundle, found beside the package's entry: it must be the same release with the same API.
describe('the chevrotain bundle syntax/ loads', () => {
  it('is the release the package entry is, exporting the same names', async () => {
    const bundle: Record<string, unknown> = await import(CHEVROTAIN_BUNDLE);
    expect(CHEVROTAIN_BUNDLE).toMatch(/\/node_modules\/chevrotain\/lib\/chevrotain\.mjs$/);
    expect(bundle['VERSION']).toBe(entry.VERSION);
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(entry).sort());
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { error } from '../../src/diagnostics/index.ts';
import { excerpt, MAX_SHOWN_LINE, renderDiagnostics } from '../../src/report/diagnostics-text.ts';

describe('renderDiagnostics', () => {
  it('quotes a short line whole, with the caret under the span', () => {
    const text = 'rule a:\n  users must hav mfa\n';
    const start = text.indexOf('hav');
    const out = renderDiagnostics([error('syntax/unexpected-token', 'expected `have`', { file: 'a.guard', start, end: start + 3 })], { sources: new Map([['a.guard', text]]), color: false });
    expect(out.split('\n').slice(0, 3)).toEqual(['a.guard:2:14: error: expected `have` [syntax/unexpected-token]', '2 |   users must hav mfa', '  |              ^^^']);
  });

  it('cuts a megabyte-long line around the span instead of quoting it whole', () => {
    const text = `${'a+'.repeat(150_000)}\n`;
    const start = 100_001;
    const out = renderDiagnostics([error('syntax/unexpected-character', 'unexpected character `+`', { file: 'f.guard', start, end: start + 1 })], { sources: new Map([['f.guard', text]]), color: false });
    const [, quoted, caret] = out.split('\n');
    expect(quoted!.length).toBeLessThanOrEqual(MAX_SHOWN_LINE + 10);
    expect(quoted!.startsWith('1 | …') && quoted!.endsWith('…')).toBe(true);
    // The caret still points at the character the message names.
    expect(quoted![caret!.indexOf('^')]).toBe('+');
  });
});

describe('excerpt', () => {
  it('keeps the caret on the same character and the line within the bound', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 600 }), fc.nat(), fc.integer({ min: 1, max: 400 }), (line, at, width) => {
        const column = (at % line.length) + 1;
        const shown = excerpt(line, column, width);
        expect(shown.text.length).toBeLessThanOrEqual(MAX_SHOWN_LINE + 2);
        expect(shown.text[shown.column - 1]).toBe(line[column - 1]);
        expect(shown.width).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { error, lineColumnAt, lineTextAt, sortDiagnostics, span } from '../../src/diagnostics/index.ts';

describe('spans', () => {
  it('computes 1-based line and column, across LF and CRLF', () => {
    const text = 'ab\r\ncd\nef';
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, 4)).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt(text, 7)).toEqual({ line: 3, column: 1 });
    expect(lineTextAt(text, 1)).toBe('ab');
    expect(lineTextAt(text, 5)).toBe('cd');
  });

  it('sorts diagnostics by file then offset, span-less last', () => {
    const d = (file: string | null, start: number) => error('check/unknown-name', 'x', file === null ? null : span(file, start, start + 1));
    const sorted = sortDiagnostics([d(null, 0), d('b', 1), d('a', 5), d('a', 2)]);
    expect(sorted.map((x) => x.span && `${x.span.file}:${x.span.start}`)).toEqual(['a:2', 'a:5', 'b:1', null]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeJsonProblem, formatJsonPath, type JsonProblem, parseJson } from '../../src/model/index.ts';

function problems(text: string): string[] {
  const parsed = parseJson(text);
  return parsed.ok ? [] : parsed.problems.map((p: JsonProblem) => `${p.kind === 'duplicate-key' ? `${formatJsonPath(p.path)}: ` : ''}${describeJsonProblem(p)}`);
}

describe('parseJson', () => {
  it('returns what JSON.parse returns when no key repeats', () => {
    for (const text of ['{}', '[]', '1', '"s"', 'null', '{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}', '{"a\\"b":1,"a\\\\":2,"x":"\\":"}', '{"__proto__":1,"constructor":2}']) {
      expect(parseJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it('reports every duplicate key with its path, line and column, in text order', () => {
    expect(problems('{"a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3}')).toEqual([
      'b.c: a duplicate key `c` at line 2, column 16; the first is at line 2, column 8',
      'a: a duplicate key `a` at line 3, column 2; the first is at line 1, column 2',
    ]);
    expect(problems('[{"x":1},{"x":1,"x":1}]')).toEqual(['[1].x: a duplicate key `x` at line 1, column 17; the first is at line 1, column 11']);
    expect(problems('{"a b":{"":1,"":2}}')).toEqual(['["a b"][""]: a duplicate key `` at line 1, column 14; the first is at line 1, column 9']);
  });

  it('compares keys as JSON.parse decodes them: an escaped spelling is the same key; __proto__ counts too', () => {
    expect(problems('{"a":1,"\\u0061":2}')).toEqual(['a: a duplicate key `a` at line 1, column 8; the first is at line 1, column 2']);
    expect(problems('{"__proto__":1,"__proto__":2}')).toHaveLength(1);
    expect(problems('{"a":1,"A":2,"a ":3}')).toEqual([]);
  });

  it('caps the duplicates it lists and counts the rest', () => {
    const text = `{${Array.from({ length: 30 }, () => '"k":1').join(',')}}`;
    const parsed = parseJson(text, 5);
    expect(!parsed.ok && [parsed.problems.length, parsed.more]).toEqual([5, 24]);
  });

  it('locates syntax errors and names them in plain words', () => {
    expect(problems('')).toEqual(['it is empty']);
    expect(problems(' \n')).toEqual(['it is empty']);
    expect(problems('{"a": 1,}')).toEqual(['a comma before `}` at line 1, column 9']);
    expect(problems('[1,\n 2,\n]')).toEqual(['a comma before `]` at line 3, column 1']);
    expect(problems('{"a" 1}')).toEqual(['expected `:` after the key, found `1` at line 1, column 6']);
    expect(problems('{a: 1}')).toEqual(['expected a key in double quotes, found `a` at line 1, column 2']);
    expect(problems('{"a": yes}')).toEqual(['unexpected `yes` at line 1, column 7']);
    expect(problems('{"a": 01}')).toEqual(['invalid number `01` at line 1, column 7']);
    expect(problems('{"a": "x')).toEqual(['unterminated string at line 1, column 7']);
    expect(problems('{"a": "\\q"}')).toEqual(['invalid escape `\\q` in a string at line 1, column 8']);
    expect(problems('{"a": 1} x')).toEqual(['unexpected `x` after the JSON value at line 1, column 10']);
    expect(problems('{"a": [1 2]}')).toEqual(['expected `,` or `]`, found `2` at line 1, column 10']);
    expect(problems('{"a": 1')).toEqual(['unexpected end of the text at line 1, column 8']);
  });

  it('never puts control characters of the input into a message', () => {
    expect(problems('{"a": "x\u0007y"}')).toEqual(['control character `\\u0007` in a string (write it as an escape) at line 1, column 9']);
    expect(problems('\u001b[2J')).toEqual(['unexpected character `\\u001b` at line 1, column 1']);
    expect(problems('{"\u202e": 1, "\\u202e": 2}')[0]).toContain('`\\u202e`');
  });

  it('handles any depth without overflowing the stack', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(parseJson(deep).ok).toBe(true);
    const deepObjects = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    expect(parseJson(deepObjects).ok).toBe(true);
    expect(problems(`${'{"a":'.repeat(20_000)}{"b":1,"b":2}${'}'.repeat(20_000)}`)).toHaveLength(1);
  });

  it('agrees with JSON.parse on what is JSON, and with a brute-force key check on duplicates', () => {
    const keys = fc.constantFrom('a', 'b', '\\u0061', 'a\\"', '\\"', ':', '\\\\');
    const json: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('1', '"x"', '":"', 'null', '"\\":"', '-0.5e3'),
        fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
        fc.array(fc.tuple(keys, tie('value'), fc.constantFrom('', ' ', '\n')), { maxLength: 4 }).map((members) => `{${members.map(([k, v, ws]) => `"${k}"${ws}:${v}`).join(',')}}`),
      ),
    })).value;
    fc.assert(
      fc.property(json, (text) => {
        const parsed = parseJson(text);
        const duplicated = hasDuplicate(text);
        expect(parsed.ok).toBe(!duplicated);
        if (parsed.ok) expect(parsed.value).toEqual(JSON.parse(text));
      }),
    );
  });
});

/** Brute force: a Set of decoded keys per object, found by a regex over strings and braces. */
function hasDuplicate(text: string): boolean {
  let found = false;
  const stack: Set<string>[] = [];
  const re = /"((?:[^"\\]|\\.)*)"(\s*:)?|[{}]/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '{') stack.push(new Set());
    else if (m[0] === '}') stack.pop();
    else if (m[2] !== undefined) {
      const key = JSON.parse(`"${m[1] ?? ''}"`) as string;
      const top = stack[stack.length - 1];
      if (top?.has(key)) found = true;
      top?.add(key);
    }
  }
  return found;
}

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/index.ts';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { MAX_DIAGNOSTICS_PER_FILE, MAX_NESTING, parseRuleFile, printRuleFile } from '../../src/syntax/index.ts';

/** Diagnostics as `code@line:col` (and the span's length), the contract error tests check. */
function where(text: string): string[] {
  return parseRuleFile(text, 'bad.guard').diagnostics.map((d) => at(text, d));
}

function at(text: string, d: Diagnostic): string {
  if (d.span === null) return `${d.code}@none`;
  const { line, column } = lineColumnAt(text, d.span.start);
  return `${d.code}@${line}:${column}+${d.span.end - d.span.start}`;
}

function only(text: string): Diagnostic {
  const { diagnostics } = parseRuleFile(text, 'bad.guard');
  expect(diagnostics).toHaveLength(1);
  const [d] = diagnostics;
  if (d === undefined) throw new Error('no diagnostic');
  return d;
}

describe('syntax errors: code and position', () => {
  it.each([
    // A missing condition: anchored just after the last token, not on the line break.
    ['root must\n', 'syntax/unexpected-token@1:10+0'],
    ['root must   \n', 'syntax/unexpected-token@1:10+0'],
    // At the end of the file too.
    ['root must', 'syntax/unexpected-token@1:10+0'],
    ['users unused > denied', 'syntax/unexpected-token@1:16+6'],
    ['root mfa', 'syntax/unexpected-token@1:9+0'],
    [') junk', 'syntax/unexpected-token@1:1+1'],
    ['users where (a and ) must have mfa', 'syntax/unexpected-token@1:20+1'],
    ['rule x severity high\n  root must have mfa', 'syntax/unexpected-token@2:3+4'],
    ['param x =', 'syntax/unexpected-token@1:10+0'],
    ['users must have mfa\n  except user "x"', 'syntax/unexpected-token@2:3+6'],
    ['root must have mfa )', 'syntax/unexpected-token@1:20+1'],
    ['users must have at least groups', 'syntax/unexpected-token@1:26+6'],
    ['users must any keys', 'syntax/unexpected-token@1:20+0'],
    ['let = 3', 'syntax/unexpected-token@1:5+1'],
    ['users denied\n  except user "x"', 'syntax/unexpected-token@2:3+6'],
  ])('%j', (text, expected) => {
    expect(where(text)).toEqual([expected]);
  });

  it('lexer errors', () => {
    expect(where('root must have mfa @@')).toEqual(['syntax/unexpected-character@1:20+2']);
    expect(where('root must have mfa\n§\nusers denied')).toEqual(['syntax/unexpected-character@2:1+1']);
    // A lone carriage return is shown escaped.
    expect(parseRuleFile('root must have mfa\r', 'x').diagnostics[0]?.message).toBe('unexpected character `\\u000d`');
  });

  it('unterminated string: one diagnostic, not a cascade', () => {
    expect(where('users where name = "abc\nroles denied')).toEqual(['syntax/unterminated-string@1:20+4']);
    expect(where('customer policies must not allow "iam:* on "*"')).toEqual(['syntax/unexpected-character@1:45+1', 'syntax/unterminated-string@1:46+1']);
  });

  it('bad literals', () => {
    expect(where('keys where age > 90days denied')).toEqual(['syntax/bad-literal@1:18+6']);
    expect(where('let a = 1.2.3')).toEqual(['syntax/bad-literal@1:9+5']);
    expect(where('rule z:\n  root must have mfa\n  except user "x" until 2027-02-30')).toEqual(['syntax/bad-literal@3:25+10']);
    expect(where('let d = 2027-13-01')).toEqual(['syntax/bad-literal@1:9+10']);
    expect(where('users must have at least 1.5 groups')).toEqual(['syntax/bad-literal@1:26+3']);
    expect(where('let s = "a\\qb"')).toEqual(['syntax/bad-literal@1:11+2']);
    expect(where('let s = "\\u12"')).toEqual(['syntax/bad-literal@1:10+4']);
    expect(where('let n = 99999999999999999999')).toEqual(['syntax/bad-literal@1:9+20']);
  });

  it('a bad literal inside a condition leaves an error condition, the rest of the rule intact', () => {
    const { file } = parseRuleFile('keys where age > 90days denied', 'bad.guard');
    const [rule] = file.statements;
    expect(rule?.kind).toBe('rule');
    if (rule?.kind !== 'rule') return;
    expect(rule.body.scope.filter).toMatchObject({ kind: 'where', condition: { kind: 'error' } });
  });
});

describe('recovery', () => {
  it('3 broken statements among good ones: 3 diagnostics, good ones parsed', () => {
    const text = [
      'root must have mfa',
      'root must',
      'users unused > 90d denied',
      'rule x severity high',
      '  root must not have access keys',
      'password policy must exist',
      'users where (a and ) must have mfa',
      'roles denied',
    ].join('\n');
    const { file, diagnostics } = parseRuleFile(text, 'mixed.guard');
    expect(diagnostics.map((d) => at(text, d))).toEqual(['syntax/unexpected-token@2:10+0', 'syntax/unexpected-token@5:3+4', 'syntax/unexpected-token@7:20+1']);
    expect(file.statements.map((s) => s.kind)).toEqual(['rule', 'error', 'rule', 'error', 'rule', 'rule', 'rule']);
    // The broken group became an error condition; the rest of that rule is kept.
    const grouped = file.statements[5];
    expect(grouped).toMatchObject({ kind: 'rule', body: { kind: 'must', scope: { filter: { kind: 'where', condition: { kind: 'group', operand: { kind: 'error' } } } } } });
  });

  it('a junk token after a complete statement does not swallow the next one', () => {
    const { file, diagnostics } = parseRuleFile('root must have mfa )\nusers denied', 'x.guard');
    expect(diagnostics).toHaveLength(1);
    expect(file.statements.map((s) => s.kind)).toEqual(['error', 'rule']);
  });

  it('reports errors in reading order, at most 10 per file', () => {
    const text = Array.from({ length: 15 }, (_, i) => `users${i} must`).join('\n');
    const { file, diagnostics } = parseRuleFile(text, 'x.guard');
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
    expect(file.statements).toHaveLength(15);
    const starts = diagnostics.map((d) => d.span?.start ?? -1);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('error statements have spans within their line', () => {
    const text = 'root must have mfa\nusers unused > denied\nroles denied';
    const { file } = parseRuleFile(text, 'x.guard');
    const broken = file.statements[1];
    expect(broken?.kind).toBe('error');
    expect(text.slice(broken?.span.start, broken?.span.end)).toBe('users unused > denied');
  });
});

describe('deep nesting', () => {
  it('is refused with a diagnostic, not a stack overflow', () => {
    for (const text of [`x must ${'('.repeat(5000)}a${')'.repeat(5000)}`, `x must ${'not '.repeat(5000)}a`, `let a = ${'['.repeat(5000)}`]) {
      const { file, diagnostics } = parseRuleFile(`${text}\nusers denied`, 'deep.guard');
      expect(diagnostics.map((d) => d.code)).toEqual(['syntax/unexpected-token']);
      expect(file.statements.map((s) => s.kind)).toEqual(['error', 'rule']);
    }
  });

  it(`allows ${MAX_NESTING} levels`, () => {
    const text = `x must ${'('.repeat(MAX_NESTING)}a${')'.repeat(MAX_NESTING)}`;
    const { file, diagnostics } = parseRuleFile(text, 'deep.guard');
    expect(diagnostics).toEqual([]);
    expect(printRuleFile(file)).toBe(`${text}\n`);
  });
});

describe('message quality', () => {
  const broken = [
    'root must\n',
    'root must',
    'users unused > denied',
    ') junk',
    'rule x severity high\n  root must have mfa',
    'param x =\n',
    'users must have at least groups',
    'root mst have mfa',
    'root must have mfa\n  severity high',
    'users where (a and ) must have mfa',
    'let = 3',
    'users must have\n',
    'roles where trust must have mfa',
  ];

  it.each(broken)('%j reads well', (text) => {
    for (const d of parseRuleFile(text, 'bad.guard').diagnostics) {
      expect(d.message).not.toMatch(/\n|\r|iteration|Token sequences|-->|<--|EOF|Expecting|undefined|NaN/);
      expect(d.message).toMatch(/^[a-z]/);
      expect(d.message).not.toMatch(/\.$/);
      expect(d.severity).toBe('error');
    }
  });

  it('names what was expected and what was found', () => {
    expect(only('root must\n').message).toBe('expected a condition but found end of line');
    expect(only('root must').message).toBe('expected a condition but found end of file');
    expect(only('root must mfa have').message).toBe('expected end of line but found `have`');
    expect(only('users must have\n').message).toBe("expected a name, 'no', 'at least', 'at most' or 'exactly' but found end of line");
    expect(only('root mfa').message).toBe("expected 'must', 'must not' or 'denied' but found end of file");
    expect(only('rule x severity high\n  root must have mfa').message).toBe("expected ':' but found `root`");
  });

  it('suggests a keyword for a typo', () => {
    expect(only('rule y severty high:\n  root must have mfa').hint).toBe("did you mean 'severity'?");
    expect(only('root mst have mfa').hint).toBe("did you mean 'must' instead of `mst`?");
    expect(only('users denied\n  except user "x"').hint).toMatch(/named rule/);
  });

  it('does not carry a hint over to a later statement with the same message', () => {
    const { diagnostics } = parseRuleFile('root mst have mfa\nroot xyzzy have mfa', 'x.guard');
    expect(diagnostics.map((d) => d.hint)).toEqual(["did you mean 'must' instead of `mst`?", undefined]);
  });
});

describe('misquoted strings', () => {
  it('are one error each, naming the straight quotes and the string as it should be written', () => {
    expect(where("users where name = “alice” or name = ‘bob’ or name = 'carol' must have mfa")).toEqual(['syntax/unexpected-character@1:20+7', 'syntax/unexpected-character@1:38+5', 'syntax/unexpected-character@1:54+7']);
    const d = only('users where name in [«a\\b»] must have mfa');
    expect([d.message, d.hint]).toEqual(['`a\\b` is in typographic quotes: use straight double quotes `"`', 'write `"a\\\\b"`']);
    // The suggestion parses as the string meant.
    expect(parseRuleFile('users where name in ["a\\\\b"] must have mfa', 'ok.guard').diagnostics).toEqual([]);
  });

  it('a quote left open is the one character, once', () => {
    expect(where('users where name = “alice must have mfa')).toEqual(['syntax/unexpected-character@1:20+1']);
  });
});

describe('a keyword as a name', () => {
  it('in a let or param says so, with a name that is not one', () => {
    expect(only('let on = []').hint).toBe('`on` is a keyword, so it cannot name a let: choose another name, such as `on_list`');
    expect(only('param At Least = 2').hint).toBe('`At Least` is a keyword, so it cannot name a param: choose another name, such as `at_least_value`');
    expect(parseRuleFile('param at_least_value = 2\nlet on_list = []', 'ok.guard').diagnostics).toEqual([]);
  });

  it('compared in a condition says so too', () => {
    expect(only('accounts where on != [] must have mfa enabled').hint).toBe('`on` is a keyword, so it cannot be a let, param or attribute name: name the let or param something else');
  });
});

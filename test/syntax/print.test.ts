import { describe, expect, it } from 'vitest';
import type { Condition, NamePhrase, RuleBody } from '../../src/syntax/index.ts';
import { derivedRuleId, durationMs, parseRuleFile, printCondition, printLiteral, printRule, printRuleBody, printRuleFile, RESERVED_WORDS, stripSpans } from '../../src/syntax/index.ts';
import { SPAN } from './ast-arbitrary.ts';

function format(text: string): string {
  const { file, diagnostics } = parseRuleFile(text, 'fmt.guard');
  expect(diagnostics).toEqual([]);
  return printRuleFile(file);
}

function body(text: string): RuleBody {
  const statement = parseRuleFile(text, 'x.guard').file.statements[0];
  if (statement?.kind !== 'rule') throw new Error('expected a rule');
  return statement.body;
}

const name = (...words: string[]): NamePhrase => ({ kind: 'name', words: words.map((text) => ({ text, span: SPAN })), span: SPAN });
const bare = (...words: string[]): Condition => ({ kind: 'have', attribute: name(...words), style: 'bare', span: SPAN });

describe('canonical form', () => {
  it('normalizes spacing, keyword case and spellings', () => {
    expect(format('ROOT   Must  HAS\tmfa')).toBe('ROOT must have mfa\n');
    expect(format('roles where trusts "x" must exists')).toBe('roles where trust "x" must exist\n');
    expect(format('policies must not allows "a"  on   "b"')).toBe('policies must not allow "a" on "b"\n');
    expect(format('x where a  >=  1.50 and b not  in [ "a" ,"b" ] denied')).toBe('x where a >= 1.5 and b not in ["a", "b"] denied\n');
    expect(format('let d = 12H')).toBe('let d = 12h\n');
  });

  it('re-escapes strings', () => {
    expect(format('let s = "\\u0041\\t\\"q\\"\\\\"')).toBe('let s = "A\\t\\"q\\"\\\\"\n');
    expect(printLiteral({ kind: 'string', value: 'a\nb\u0001\u2028', span: SPAN })).toBe('"a\\nb\\u0001\\u2028"');
  });

  it('lays a rule out as a block: severity in the header, other metadata after the body', () => {
    const text = 'rule root.keys "Root keys" rationale "why" severity critical:   root must not have access keys\n' + '  references ["CIS 2.3"]\n  except user "x"   because "b"\n  remediation "fix"\n';
    expect(format(text)).toBe(
      'rule root.keys "Root keys":\n' + '  root must not have access keys\n' + '  except user "x" because "b"\n' + '  rationale "why"\n' + '  severity critical\n' + '  references ["CIS 2.3"]\n' + '  remediation "fix"\n',
    );
    expect(format('rule a severity high severity low:\n  x denied\n  rationale "r"')).toBe('rule a severity high severity low:\n  x denied\n  rationale "r"\n');
  });

  it('prints a bare statement that carries clauses as a named rule', () => {
    const statement = parseRuleFile('rule x severity high:\n  users denied', 'x').file.statements[0];
    if (statement?.kind !== 'rule') throw new Error('expected a rule');
    expect(printRule({ ...statement, id: null })).toBe('rule users-denied severity high:\n  users denied');
  });
});

describe('parentheses', () => {
  it('keeps groups the author wrote', () => {
    expect(format('x must (a) and (b or c)')).toBe('x must (a) and (b or c)\n');
  });

  it('adds the ones a hand-built tree needs for its meaning', () => {
    const orInAnd: Condition = { kind: 'and', operands: [{ kind: 'or', operands: [bare('a'), bare('b')], span: SPAN }, bare('c')], span: SPAN };
    expect(printCondition(orInAnd)).toBe('(a or b) and c');
    const andInAnd: Condition = { kind: 'and', operands: [bare('a'), { kind: 'and', operands: [bare('b'), bare('c')], span: SPAN }], span: SPAN };
    expect(printCondition(andInAnd)).toBe('a and (b and c)');
    const notOfAnd: Condition = { kind: 'not', operand: { kind: 'and', operands: [bare('a'), bare('b')], span: SPAN }, span: SPAN };
    expect(printCondition(notOfAnd)).toBe('not (a and b)');
    // A quantifier's where is greedy: followed by `and`, it must be closed.
    const anyThenAnd: Condition = { kind: 'and', operands: [{ kind: 'any', attribute: name('keys'), where: bare('active'), span: SPAN }, bare('b')], span: SPAN };
    expect(printCondition(anyThenAnd)).toBe('(any keys where active) and b');
    const nested: Condition = {
      kind: 'or',
      operands: [{ kind: 'and', operands: [bare('a'), { kind: 'not', operand: { kind: 'no', attribute: name('k'), where: bare('x'), span: SPAN }, span: SPAN }], span: SPAN }, bare('b')],
      span: SPAN,
    };
    expect(printCondition(nested)).toBe('a and not (have no k where x) or b');
    // `must` then `not ...` would read as `must not`.
    const mustNot: RuleBody = { kind: 'must', scope: { kind: 'scope', phrase: name('x'), filter: null, span: SPAN }, condition: { kind: 'not', operand: bare('a'), span: SPAN }, span: SPAN };
    expect(printRuleBody(mustNot)).toBe('x must (not a)');
  });

  it('hand-built trees print to text that parses back to the same meaning', () => {
    const text = 'x must (a or b) and c and (any keys where active) and not (have no k where y)';
    expect(stripSpans(body(format(text)))).toEqual(stripSpans(body(text)));
  });
});

describe('comments and blank lines', () => {
  it('keeps leading, trailing and in-block comments where they were', () => {
    const text = [
      '# Root user',
      '',
      '# must have MFA',
      'root must have mfa   # CIS 1.5',
      '',
      '',
      '',
      'rule stale-keys severity high:   # header note',
      '  # the body',
      '  access keys where active and age > 90d denied',
      '  except user "ci"  # until OIDC',
      'users denied',
      '  # indented after a statement',
      '# at the end',
      '',
    ].join('\n');
    expect(format(text)).toBe(
      [
        '# Root user',
        '',
        '# must have MFA',
        'root must have mfa  # CIS 1.5',
        '',
        'rule stale-keys severity high:  # header note',
        '  # the body',
        '  access keys where active and age > 90d denied',
        '  except user "ci"  # until OIDC',
        'users denied',
        '  # indented after a statement',
        '# at the end',
        '',
      ].join('\n'),
    );
  });

  it('moves comments inside a joined statement next to it, in order', () => {
    const text = 'users where a   # one\n  and b   # two\n  denied\n';
    const once = format(text);
    expect(once).toBe('users where a and b denied  # one\n  # two\n');
    expect(format(once)).toBe(once);
  });

  it('prints an empty file as empty text', () => {
    expect(format('')).toBe('');
    expect(format('\n\n')).toBe('');
  });

  it('places comments of a file built in code before the next statement', () => {
    const { file } = parseRuleFile('# a\nroot must have mfa  # b\nusers denied', 'x');
    const { lineBreaks: _, ...withoutLayout } = file;
    expect(printRuleFile(withoutLayout)).toBe('# a\nroot must have mfa\n# b\nusers denied\n');
  });
});

describe('derived rule ids', () => {
  it.each([
    ['users unused > 90d denied', 'users-unused-gt-90d-denied'],
    ['root must have mfa', 'root-must-have-mfa'],
    ['root must not have access keys', 'root-must-not-have-access-keys'],
    ['password policy must have minimum length >= 14', 'password-policy-must-have-minimum-length-ge-14'],
    ['policies where attached must not allow "iam:PassRole" on "*"', 'policies-where-attached-must-not-allow-iam-passrole-on'],
    ['users where name != "a>b" denied', 'users-where-name-ne-a-b-denied'],
    ['_x denied', 'x-denied'],
  ])('%s → %s', (text, id) => {
    expect(derivedRuleId(body(text))).toBe(id);
  });

  it('is the same for every spelling of a statement', () => {
    expect(derivedRuleId(body('ROOT MUST HAS   mfa'))).toBe(derivedRuleId(body('ROOT must have mfa')));
  });

  it('is itself a valid rule id', () => {
    const id = derivedRuleId(body('users where name = "x" and age > 90d denied'));
    expect(parseRuleFile(`rule ${id}:\n  users denied`, 'x').diagnostics).toEqual([]);
  });
});

describe('files the fuzzer found fmt refusing (issue 10)', () => {
  it('writes numbers in plain decimals, never with an exponent', () => {
    expect(format('param q = 0.0000001')).toBe('param q = 0.0000001\n');
    expect(printLiteral({ kind: 'number', value: 5e-324, span: SPAN })).toBe(`0.${'0'.repeat(323)}5`);
    expect(printLiteral({ kind: 'number', value: 1.5e21, span: SPAN })).toBe('1500000000000000000000');
    expect(printLiteral({ kind: 'number', value: 1.25e-7, span: SPAN })).toBe('0.000000125');
    expect(format('let n = [9007199254740991, 0.000001, 0.0000001]')).toBe('let n = [9007199254740991, 0.000001, 0.0000001]\n');
  });

  it('keeps `must` apart from a condition that starts with `not`, without adding parentheses', () => {
    for (const text of ['users must\n  not mfa\n', 'rule r:\n  users must\n    not mfa and not console access\n']) {
      const printed = format(text);
      expect(printed).toBe(text);
      expect(stripSpans(parseRuleFile(printed, 'x').file.statements)).toEqual(stripSpans(parseRuleFile(text, 'x').file.statements));
    }
    expect(format('users must\n  NOT   mfa')).toBe('users must\n  not mfa\n');
    // Titles and derived ids stay on one line.
    expect(printRuleBody(body('users must\n  not mfa'))).toBe('users must (not mfa)');
  });
});

describe('small helpers', () => {
  it('durationMs', () => {
    expect(durationMs(90, 'd')).toBe(90 * 86_400_000);
    expect(durationMs(12, 'h')).toBe(12 * 3_600_000);
    expect(durationMs(2, 'w')).toBe(14 * 86_400_000);
  });

  it('RESERVED_WORDS lists every keyword spelling, phrases included', () => {
    expect(RESERVED_WORDS).toEqual(expect.arrayContaining(['must', 'must not', 'have', 'has', 'exists', 'not in', 'at least', 'severity', 'true']));
    expect(RESERVED_WORDS).not.toContain('users');
    expect(new Set(RESERVED_WORDS).size).toBe(RESERVED_WORDS.length);
  });

  it('stripSpans drops positions only', () => {
    const { file } = parseRuleFile('rule a severity high:\n  root must have mfa', 'x');
    const stripped = JSON.stringify(stripSpans(file));
    expect(stripped).not.toMatch(/"span"|"keySpan"|"lineBreaks"/);
    expect(stripped).toContain('"severity"');
    expect(file.statements[0]).toHaveProperty('span');
  });
});

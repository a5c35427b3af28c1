import { describe, expect, it } from 'vitest';
import type { Condition, Rule, RuleBody, Statement } from '../../src/syntax/index.ts';
import { parseRuleFile, stripSpans } from '../../src/syntax/index.ts';

/** Every line of the language reference (v1): each must parse on its own, without diagnostics. */
const LANGUAGE_EXAMPLES: readonly string[] = [
  'root must have mfa                                   # the root user has MFA',
  'users unused > 90d denied',
  'root must not have access keys',
  'users with console access must have mfa',
  'access keys where active and age > 90d denied',
  'users must have at most 1 access keys where active',
  'users must not have attached policies or inline policies',
  'users must have at least 1 groups',
  'password policy must have minimum length >= 14',
  'password policy must exist',
  'roles unused > 90d and not service linked denied',
  'customer policies must not allow "*" on "*"',
  'policies where attached must not allow "iam:PassRole" on "*"',
  'roles must not trust "*"',
  'roles where trusts "token.actions.githubusercontent.com" must have condition "token.actions.githubusercontent.com:sub"',
  'users where name matches "svc-*" must not have console access',
  'let break_glass = ["breakglass", "emergency-admin"]',
  'users with console access and name not in break_glass denied',
  'param max_key_age = 90d',
  'access keys where active and age > max_key_age denied',
  'rule root-no-keys "Root has no access keys" severity critical:\n  root must not have access keys',
  'rule stale-keys severity high:\n  access keys where active and age > 90d denied\n  except user "legacy-ci" until 2027-03-01 because "moving to OIDC"',
  'rule root.no-access-keys "Root user has no access keys" severity critical:\n  root must not have access keys\n  rationale "long-term root credentials ..."\n  remediation "delete the root access keys ..."\n  references ["CIS 2.3", "config:iam-root-access-key-check"]',
  'roles must have no trust statements where public and not has condition',
  'users must have exactly 0 access keys where active and (age > 90d or unused > 45d)',
  'users where any mfa devices where virtual denied',
  'users must all access keys where not active or age < 90d',
  'accounts where any scps where name = "deny-all" denied',
];

function parseOne(text: string): Statement {
  const { file, diagnostics } = parseRuleFile(text, 'example.guard');
  expect(diagnostics).toEqual([]);
  expect(file.statements).toHaveLength(1);
  const [statement] = file.statements;
  if (statement === undefined) throw new Error('no statement');
  return stripSpans(statement);
}

function ruleOf(text: string): Rule {
  const statement = parseOne(text);
  if (statement.kind !== 'rule') throw new Error(`expected a rule, got ${statement.kind}`);
  return statement;
}

function bodyOf(text: string): RuleBody {
  return ruleOf(text).body;
}

function conditionOf(text: string): Condition {
  const body = bodyOf(text);
  if (body.kind === 'denied') throw new Error('no condition');
  return body.condition;
}

/** Name phrases as plain word lists, for short expectations. */
const name = (...words: string[]) => ({ kind: 'name', words: words.map((text) => ({ text })) });

describe('language examples', () => {
  it.each(LANGUAGE_EXAMPLES)('parses %s', (text) => {
    parseOne(text);
  });

  it('parses all of them as one file, with the comment kept', () => {
    const { file, diagnostics } = parseRuleFile(`${LANGUAGE_EXAMPLES.join('\n')}\n`, 'all.guard');
    expect(diagnostics).toEqual([]);
    expect(file.statements).toHaveLength(LANGUAGE_EXAMPLES.length);
    expect(file.statements.every((s) => s.kind !== 'error')).toBe(true);
    expect(file.comments.map((c) => c.text)).toEqual([' the root user has MFA']);
  });
});

describe('AST shapes', () => {
  it('bare rule: have', () => {
    expect(ruleOf('root must have mfa')).toEqual({
      kind: 'rule',
      id: null,
      title: null,
      metadata: [],
      exceptions: [],
      body: { kind: 'must', scope: { kind: 'scope', phrase: name('root'), filter: null }, condition: { kind: 'have', attribute: name('mfa'), style: 'have' } },
    });
  });

  it('inline filter: comparison after the scope phrase', () => {
    expect(bodyOf('users unused > 90d denied')).toEqual({
      kind: 'denied',
      scope: {
        kind: 'scope',
        phrase: name('users', 'unused'),
        filter: { kind: 'inline', comparison: { op: '>', right: { kind: 'duration', amount: 90, unit: 'd' } }, rest: [] },
      },
    });
  });

  it('inline filter with conditions joined after the comparison', () => {
    const body = bodyOf('roles unused > 90d and not service linked denied');
    expect(body.scope.filter).toEqual({
      kind: 'inline',
      comparison: { op: '>', right: { kind: 'duration', amount: 90, unit: 'd' } },
      rest: [{ connective: 'and', condition: { kind: 'not', operand: { kind: 'have', attribute: name('service', 'linked'), style: 'bare' } } }],
    });
  });

  it('inline filter without a comparison', () => {
    expect(bodyOf('users mfa or staff denied').scope).toEqual({
      kind: 'scope',
      phrase: name('users', 'mfa'),
      filter: { kind: 'inline', comparison: null, rest: [{ connective: 'or', condition: { kind: 'have', attribute: name('staff'), style: 'bare' } }] },
    });
  });

  it('with filter, and `not in` against a name', () => {
    expect(bodyOf('users with console access and name not in break_glass denied').scope.filter).toEqual({
      kind: 'with',
      condition: {
        kind: 'and',
        operands: [
          { kind: 'have', attribute: name('console', 'access'), style: 'bare' },
          { kind: 'compare', left: name('name'), op: 'not in', right: name('break_glass'), style: 'bare' },
        ],
      },
    });
  });

  it('must not, and an `or` of a have and a bare attribute', () => {
    const body = bodyOf('users must not have attached policies or inline policies');
    expect(body.kind).toBe('must-not');
    expect(conditionOf('users must not have attached policies or inline policies')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'have', attribute: name('attached', 'policies'), style: 'have' },
        { kind: 'have', attribute: name('inline', 'policies'), style: 'bare' },
      ],
    });
  });

  it('count with where, and a group inside it', () => {
    expect(conditionOf('users must have exactly 0 access keys where active and (age > 90d or unused > 45d)')).toEqual({
      kind: 'count',
      quantifier: 'exactly',
      count: 0,
      attribute: name('access', 'keys'),
      where: {
        kind: 'and',
        operands: [
          { kind: 'have', attribute: name('active'), style: 'bare' },
          {
            kind: 'group',
            operand: {
              kind: 'or',
              operands: [
                { kind: 'compare', left: name('age'), op: '>', right: { kind: 'duration', amount: 90, unit: 'd' }, style: 'bare' },
                { kind: 'compare', left: name('unused'), op: '>', right: { kind: 'duration', amount: 45, unit: 'd' }, style: 'bare' },
              ],
            },
          },
        ],
      },
    });
  });

  it('have no ... where, with `trust` as a word of the name and `has`', () => {
    expect(conditionOf('roles must have no trust statements where public and not has condition')).toEqual({
      kind: 'no',
      attribute: name('trust', 'statements'),
      where: {
        kind: 'and',
        operands: [
          { kind: 'have', attribute: name('public'), style: 'bare' },
          { kind: 'not', operand: { kind: 'have', attribute: name('condition'), style: 'have' } },
        ],
      },
    });
  });

  it('quantifier where is greedy: it takes the rest of the condition', () => {
    expect(conditionOf('users must all access keys where not active or age < 90d')).toEqual({
      kind: 'all',
      attribute: name('access', 'keys'),
      where: {
        kind: 'or',
        operands: [
          { kind: 'not', operand: { kind: 'have', attribute: name('active'), style: 'bare' } },
          { kind: 'compare', left: name('age'), op: '<', right: { kind: 'duration', amount: 90, unit: 'd' }, style: 'bare' },
        ],
      },
    });
    // Parentheses end it early.
    const grouped = conditionOf('users must (any keys where active) and staff');
    expect(grouped.kind).toBe('and');
  });

  it('nested quantifiers in a scope filter', () => {
    expect(bodyOf('users where any mfa devices where virtual denied').scope.filter).toEqual({
      kind: 'where',
      condition: { kind: 'any', attribute: name('mfa', 'devices'), where: { kind: 'have', attribute: name('virtual'), style: 'bare' } },
    });
  });

  it('have with a comparison, and have with a value', () => {
    expect(conditionOf('password policy must have minimum length >= 14')).toEqual({
      kind: 'compare',
      left: name('minimum', 'length'),
      op: '>=',
      right: { kind: 'number', value: 14 },
      style: 'have',
    });
    expect(conditionOf('roles where trusts "x" must have condition "token:sub"')).toEqual({
      kind: 'have-value',
      attribute: name('condition'),
      value: { kind: 'string', value: 'token:sub' },
    });
  });

  it('allow with and without `on`, trust, exist', () => {
    expect(conditionOf('policies must not allow "iam:PassRole" on "*"')).toEqual({
      kind: 'allow',
      action: { kind: 'string', value: 'iam:PassRole' },
      resource: { kind: 'string', value: '*' },
    });
    expect(conditionOf('policies must not allows "s3:*"')).toEqual({ kind: 'allow', action: { kind: 'string', value: 's3:*' }, resource: null });
    expect(conditionOf('roles must not trust "*"')).toEqual({ kind: 'trust', principal: { kind: 'string', value: '*' } });
    expect(conditionOf('password policy must exists')).toEqual({ kind: 'exist' });
  });

  it('and binds tighter than or; both flatten', () => {
    expect(conditionOf('x must a or b and c and d or e')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'have', attribute: name('a'), style: 'bare' },
        {
          kind: 'and',
          operands: [
            { kind: 'have', attribute: name('b'), style: 'bare' },
            { kind: 'have', attribute: name('c'), style: 'bare' },
            { kind: 'have', attribute: name('d'), style: 'bare' },
          ],
        },
        { kind: 'have', attribute: name('e'), style: 'bare' },
      ],
    });
  });

  it('let and param', () => {
    expect(parseOne('let break_glass = ["breakglass", "emergency-admin"]')).toEqual({
      kind: 'let',
      name: { text: 'break_glass' },
      value: {
        kind: 'list',
        items: [
          { kind: 'string', value: 'breakglass' },
          { kind: 'string', value: 'emergency-admin' },
        ],
      },
    });
    expect(parseOne('param max_key_age = 90d')).toEqual({ kind: 'param', name: { text: 'max_key_age' }, value: { kind: 'duration', amount: 90, unit: 'd' } });
  });

  it('literals: numbers, dates, booleans, escapes, unit case', () => {
    expect(parseOne('let a = 1.5')).toMatchObject({ value: { kind: 'number', value: 1.5 } });
    expect(parseOne('let a = 2028-02-29')).toMatchObject({ value: { kind: 'date', value: '2028-02-29' } });
    expect(parseOne('let a = TRUE')).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(parseOne('let a = 12H')).toMatchObject({ value: { kind: 'duration', amount: 12, unit: 'h' } });
    expect(parseOne('let a = "q\\"b\\\\s\\n\\t\\u00e9"')).toMatchObject({ value: { kind: 'string', value: 'q"b\\s\n\té' } });
    expect(parseOne('let a = []')).toMatchObject({ value: { kind: 'list', items: [] } });
  });

  it('named rule with metadata in the header and after the body, and an exception', () => {
    const rule = ruleOf(
      'rule stale-keys "Stale keys" severity high:\n  access keys where active and age > 90d denied\n  except user "legacy-ci" until 2027-03-01 because "moving to OIDC"\n  rationale "why"\n  references ["CIS 1.14"]',
    );
    expect(rule.id).toEqual({ text: 'stale-keys' });
    expect(rule.title).toEqual({ kind: 'string', value: 'Stale keys' });
    expect(rule.metadata).toEqual([
      { kind: 'metadata', key: 'severity', value: { text: 'high' } },
      { kind: 'metadata', key: 'rationale', value: { kind: 'string', value: 'why' } },
      { kind: 'metadata', key: 'references', value: { kind: 'list', items: [{ kind: 'string', value: 'CIS 1.14' }] } },
    ]);
    expect(rule.exceptions).toEqual([
      {
        kind: 'except',
        target: name('user'),
        name: { kind: 'string', value: 'legacy-ci' },
        until: { kind: 'date', value: '2027-03-01' },
        because: { kind: 'string', value: 'moving to OIDC' },
      },
    ]);
  });

  it('dotted rule ids', () => {
    expect(ruleOf('rule root.no-access-keys:\n  root must not have access keys').id).toEqual({ text: 'root.no-access-keys' });
  });

  it('keywords are case-insensitive; names keep their case', () => {
    expect(parseOne('Root MUST HAVE Mfa')).toEqual(parseOne('Root must have Mfa'));
  });

  it('names may contain keyword prefixes and hyphens', () => {
    expect(conditionOf('users must have mustang-ok and in_use and not-a and all_keys')).toMatchObject({
      kind: 'and',
      operands: [{ attribute: name('mustang-ok') }, { attribute: name('in_use') }, { attribute: name('not-a') }, { attribute: name('all_keys') }],
    });
  });

  it('a statement continues on indented lines, with comments between them', () => {
    const text = 'users\n  # about the filter\n  where mfa   # trailing\n\n  denied\nroles denied\n';
    const { file, diagnostics } = parseRuleFile(text, 'x.guard');
    expect(diagnostics).toEqual([]);
    expect(file.statements.map((s) => s.kind)).toEqual(['rule', 'rule']);
    expect(file.comments.map((c) => c.text)).toEqual([' about the filter', ' trailing']);
  });

  it('handles CRLF line ends', () => {
    const { file, diagnostics } = parseRuleFile('rule a:\r\n  root must have mfa\r\nusers denied\r\n', 'x.guard');
    expect(diagnostics).toEqual([]);
    expect(file.statements).toHaveLength(2);
  });

  it('empty and comment-only files', () => {
    expect(parseRuleFile('', 'x').file.statements).toEqual([]);
    const { file, diagnostics } = parseRuleFile('# only a comment\n\n   \n', 'x');
    expect(diagnostics).toEqual([]);
    expect(file.statements).toEqual([]);
    expect(file.comments).toHaveLength(1);
  });
});

describe('spans', () => {
  const text = 'rule k severity high:\n  users unused > 90d denied\n  except user "ci"';
  const { file } = parseRuleFile(text, 'spans.guard');
  const rule = file.statements[0];
  const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);

  it('cover what they name, end exclusive', () => {
    if (rule?.kind !== 'rule') throw new Error('expected a rule');
    expect(slice(rule.span)).toBe(text);
    expect(rule.span.file).toBe('spans.guard');
    expect(slice(rule.body.span)).toBe('users unused > 90d denied');
    expect(slice(rule.body.scope.span)).toBe('users unused > 90d');
    expect(slice(rule.body.scope.phrase.span)).toBe('users unused');
    expect(slice(rule.metadata[0]?.span ?? { start: 0, end: 0 })).toBe('severity high');
    expect(slice(rule.metadata[0]?.keySpan ?? { start: 0, end: 0 })).toBe('severity');
    expect(slice(rule.exceptions[0]?.span ?? { start: 0, end: 0 })).toBe('except user "ci"');
    expect(slice(rule.id?.span ?? { start: 0, end: 0 })).toBe('k');
  });

  it('cover conditions from their first to their last token', () => {
    const source = 'x must not (a or have b >= 2) and any c where d';
    const parsed = parseRuleFile(source, 'c.guard').file.statements[0];
    if (parsed?.kind !== 'rule' || parsed.body.kind === 'denied') throw new Error('expected a condition');
    const c = parsed.body.condition;
    expect(source.slice(c.span.start, c.span.end)).toBe('(a or have b >= 2) and any c where d');
    if (c.kind !== 'and') throw new Error('expected and');
    const [group, any] = c.operands;
    expect(source.slice(group.span.start, group.span.end)).toBe('(a or have b >= 2)');
    expect(source.slice(any.span.start, any.span.end)).toBe('any c where d');
  });
});

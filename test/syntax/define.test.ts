import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { derivedRuleId, parseRuleFile, printRuleFile, type Rule, stripSpans } from '../../src/syntax/index.ts';

// `define <name> [(<param> <type>, ...)] for <entity type>:` and a condition; a use with arguments
// (`pinning "sub"`) is a condition of its own, a use without them a bare phrase.

const DEFINE = 'define pinning (key string, other strings) for trust statements:\n  condition keys matches key and not wildcard condition keys matches key\n';

describe('define', () => {
  it('parses into a declaration with its name, parameters, target and condition', () => {
    const { file, diagnostics } = parseRuleFile(DEFINE, 'defs.guard');
    expect(diagnostics).toEqual([]);
    const [statement] = file.statements;
    expect(statement?.kind).toBe('define');
    if (statement?.kind !== 'define') return;
    expect(statement.name.words.map((w) => w.text)).toEqual(['pinning']);
    expect(statement.parameters.map((p) => `${p.name.text}:${p.type.text}`)).toEqual(['key:string', 'other:strings']);
    expect(statement.target.words.map((w) => w.text)).toEqual(['trust', 'statements']);
    expect(statement.condition.kind).toBe('and');
  });

  it('prints canonically, as a rule block, and parses back to the same tree', () => {
    const written = 'DEFINE  secure   for users : mfa\n\ndefine pinning(key string,other strings)for statements:\n  condition keys matches key\n';
    const { file } = parseRuleFile(written, 'a.guard');
    const printed = printRuleFile(file);
    expect(printed).toBe('define secure for users:\n  mfa\n\ndefine pinning (key string, other strings) for statements:\n  condition keys matches key\n');
    expect(stripSpans(parseRuleFile(printed, 'a.guard').file.statements)).toEqual(stripSpans(file.statements));
  });

  it('reads a use with arguments as a named condition, one without as a phrase', () => {
    const { file, diagnostics } = parseRuleFile('roles must have no trust statements where trusting github actions and not pinning "x:sub" ["a"] 3\n', 'a.guard');
    expect(diagnostics).toEqual([]);
    const rule = file.statements[0] as Rule;
    if (rule.body.kind !== 'must' || rule.body.condition.kind !== 'no' || rule.body.condition.where?.kind !== 'and') throw new Error('unexpected tree');
    const [phrase, not] = rule.body.condition.where.operands;
    expect(phrase?.kind).toBe('have');
    expect(not?.kind === 'not' && not.operand.kind === 'named' ? not.operand.arguments.map((a) => a.kind) : null).toEqual(['string', 'list', 'number']);
    // The words as written make the id, as for every bare rule.
    expect(derivedRuleId(rule.body)).toBe('roles-must-have-no-trust-statements-where-trusting-github-actions-and-not-pinning-x-sub-a-3');
  });

  it('keeps `allow "..."` and `trust "..."` the policy predicates', () => {
    const { file } = parseRuleFile('policies must allow "iam:*"\nroles must trust "*"\n', 'a.guard');
    expect(file.statements.map((s) => (s.kind === 'rule' && s.body.kind === 'must' ? s.body.condition.kind : s.kind))).toEqual(['allow', 'trust']);
  });

  it.each([
    ['define secure users:\n  mfa\n', 1, 20],
    ['define secure for users\n  mfa\n', 2, 6],
    ['define secure (key) for users:\n  mfa\n', 1, 19],
    ['define for users:\n  mfa\n', 1, 8],
    ['define secure for users:\n', 1, 25],
  ])('reports a located syntax error in %j', (text, line, column) => {
    const { file, diagnostics } = parseRuleFile(text, 'bad.guard');
    expect(diagnostics.map((d) => d.code)).toEqual(['syntax/unexpected-token']);
    const span = diagnostics[0]?.span;
    expect(span && lineColumnAt(text, span.start)).toEqual({ line, column });
    expect(file.statements.map((s) => s.kind)).toEqual(['error']);
  });
});

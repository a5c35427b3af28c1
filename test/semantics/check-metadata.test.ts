import { describe, expect, it } from 'vitest';
import { type Diagnostic, lineColumnAt } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { checkRuleFiles, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile, type RuleFile } from '../../src/syntax/index.ts';

// The diagnostics of metadata clauses and exceptions (check-metadata.ts), each pinned whole: code,
// severity, where it starts, the text it spans, message and hint. Some are what the parser already
// refuses; those are reached by editing the parsed AST, since the checker does not rely on it.

const schema: Schema = SCHEMA;

interface Shown {
  readonly at: string;
  readonly spans: string;
  readonly message: string;
  readonly hint?: string;
}

function shown(text: string, d: Diagnostic): Shown {
  const where = d.span ? lineColumnAt(text, d.span.start) : null;
  const at = `${d.severity} ${d.code}${where ? `@${where.line}:${where.column}` : ''}`;
  const spans = d.span ? text.slice(d.span.start, d.span.end) : '';
  return d.hint === undefined ? { at, spans, message: d.message } : { at, spans, message: d.message, hint: d.hint };
}

/** Every diagnostic on `text`, errors then warnings, after `edit` changes the parsed AST. */
function said(text: string, edit?: (ast: RuleFile) => void): Shown[] {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics, 'syntax diagnostics').toEqual([]);
  edit?.(file);
  const result = checkRuleFiles([{ ast: file, text }], { schema });
  return [...(result.ok ? [] : result.errors), ...result.warnings].map((d) => shown(text, d));
}

/** Replaces the first node holding `value` (a literal's value or a word's text) with `replacement`, keeping its span. */
function replacing(value: string, replacement: Record<string, unknown>): (ast: RuleFile) => void {
  return (ast) => {
    let done = false;
    const walk = (node: unknown): void => {
      if (done || typeof node !== 'object' || node === null) return;
      for (const [key, child] of Object.entries(node)) {
        const c = child as { value?: unknown; text?: unknown; span?: unknown } | null;
        if (!done && c !== null && typeof c === 'object' && (c.value ?? c.text) === value && 'span' in c) {
          (node as Record<string, unknown>)[key] = { ...replacement, span: c.span };
          done = true;
        } else walk(child);
      }
    };
    walk(ast);
    expect(done, `a node holding ${value}`).toBe(true);
  };
}

const rule = (...clauses: string[]) => `rule r:\n  users denied\n${clauses.map((c) => `  ${c}\n`).join('')}`;

describe('metadata clauses', () => {
  it('a clause given twice: at the second, whichever key, the first kept', () => {
    const pairs: readonly [string, string, string][] = [
      ['rationale', 'rationale "a"', 'rationale "b"'],
      ['remediation', 'remediation "a"', 'remediation "b"'],
      ['references', 'references "a"', 'references ["b"]'],
    ];
    for (const [key, first, second] of pairs) {
      expect(said(rule(first, second))).toEqual([{ at: 'error check/bad-metadata@4:3', spans: second, message: `\`${key}\` is given twice` }]);
    }
    expect(said('rule r severity high:\n  users denied\n  severity low\n')).toEqual([{ at: 'error check/bad-metadata@3:3', spans: 'severity low', message: '`severity` is given twice' }]);
  });

  it('an unknown severity: at the value, the closest one or the list', () => {
    expect(said('rule r severity hgh:\n  users denied\n')).toEqual([{ at: 'error check/bad-metadata@1:17', spans: 'hgh', message: 'unknown severity `hgh`', hint: 'did you mean `high`?' }]);
    // A string severity (from an AST built in code): its text is read like a word.
    expect(said('rule r severity high:\n  users denied\n', replacing('high', { kind: 'string', value: 'crit' }))).toEqual([
      { at: 'error check/bad-metadata@1:17', spans: 'high', message: 'unknown severity `crit`', hint: 'did you mean `critical`?' },
    ]);
    // Neither a word nor a string (the parser refuses it): nothing is written to suggest from.
    expect(said('rule r severity high:\n  users denied\n', replacing('high', { kind: 'number', value: 3 }))).toEqual([
      { at: 'error check/bad-metadata@1:17', spans: 'high', message: 'unknown severity ``', hint: 'use one of critical, high, medium, low, info' },
    ]);
  });

  it('rationale and remediation take a string, references a string or a list of strings', () => {
    const text = rule('rationale "a"', 'remediation "b"');
    expect(said(text, replacing('a', { kind: 'number', value: 1 }))).toEqual([{ at: 'error check/bad-metadata@3:13', spans: '"a"', message: '`rationale` takes a string' }]);
    expect(said(text, replacing('b', { kind: 'list', items: [] }))).toEqual([{ at: 'error check/bad-metadata@4:15', spans: '"b"', message: '`remediation` takes a string' }]);
    expect(said(rule('references ["a", true]'))).toEqual([{ at: 'error check/bad-metadata@3:14', spans: '["a", true]', message: '`references` takes a string or a list of strings' }]);
  });
});

describe('exceptions', () => {
  it('an impossible until date: at the date, and the rule is dropped', () => {
    const text = rule('except user "ci" until 2027-03-01 because "x"');
    expect(said(text, replacing('2027-03-01', { kind: 'date', value: '2027-02-30' }))).toEqual([{ at: 'error syntax/bad-literal@3:26', spans: '2027-03-01', message: '`2027-02-30` is not a calendar date' }]);
  });

  it('no until: at the whole clause, with how to add one', () => {
    expect(said(rule('except user "ci" because "x"'))).toEqual([
      { at: 'error check/bad-exception@3:3', spans: 'except user "ci" because "x"', message: 'an exception needs an expiry', hint: 'add `until YYYY-MM-DD` so the exception is reviewed' },
    ]);
  });

  it('no because: a warning at the clause; the rule and its exception are kept', () => {
    const text = rule('except user "ci" until 2027-03-01');
    expect(said(text)).toEqual([{ at: 'warning check/bad-exception@3:3', spans: 'except user "ci" until 2027-03-01', message: 'an exception should say why', hint: 'add `because "<reason>"`' }]);
    const { file } = parseRuleFile(text, 'rules.guard');
    const result = checkRuleFiles([{ ast: file, text }], { schema });
    expect(result.ok && result.value.rules[0]?.exceptions.map((e) => [e.name, e.until, e.reason])).toEqual([['ci', '2027-03-01', null]]);
  });

  it('an unknown resource type of several words: the whole phrase, at it', () => {
    expect(said(rule('except access kee "k" until 2027-03-01 because "x"'))).toEqual([
      { at: 'error check/bad-exception@3:10', spans: 'access kee', message: 'unknown resource type `access kee`', hint: 'did you mean `access key`?' },
    ]);
  });

  it('a union type: at the type, naming its members', () => {
    expect(said(rule('except identity "a" until 2027-01-01 because "x"'))).toEqual([
      { at: 'error check/bad-exception@3:10', spans: 'identity', message: '`identity` is not a resource type of findings', hint: 'name one of `user`, `group`, `role`' },
    ]);
  });

  it('each exception is checked, so two bad ones give two diagnostics in order', () => {
    expect(said(rule('except usr "a" until 2027-01-01 because "x"', 'except user "b" because "y"')).map((s) => s.at)).toEqual(['error check/bad-exception@3:10', 'error check/bad-exception@4:3']);
  });
});

describe('bad literals the parser would refuse', () => {
  it('an impossible date on the right of a comparison: at the date', () => {
    expect(said('users where created < 2027-01-01 denied', replacing('2027-01-01', { kind: 'date', value: '2027-13-01' }))).toEqual([
      { at: 'error syntax/bad-literal@1:23', spans: '2027-01-01', message: '`2027-13-01` is not a calendar date' },
    ]);
  });
});

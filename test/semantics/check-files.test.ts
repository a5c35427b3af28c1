import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { checkRuleFiles, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile, type RuleFile } from '../../src/syntax/index.ts';

// The checker's bookkeeping across statements and files: what each file's diagnostics keep (errors
// capped, warnings not, each once, in order), params declared once but checked per file, and which
// rules make it into the program.

const schema: Schema = SCHEMA;
type File = { readonly text: string; readonly path: string };

function run(files: readonly File[], params: Record<string, string> = {}, edit?: (ast: RuleFile) => void) {
  const sources = files.map(({ text, path }) => {
    const { file, diagnostics } = parseRuleFile(text, path);
    expect(diagnostics, 'syntax diagnostics').toEqual([]);
    edit?.(file);
    return { ast: file, text };
  });
  const result = checkRuleFiles(sources, { schema, params });
  const where = (d: { code: string; span: { file: string; start: number } | null }) => {
    const text = files.find((f) => f.path === d.span?.file)?.text;
    if (!d.span || text === undefined) return d.code;
    const { line, column } = lineColumnAt(text, d.span.start);
    return `${d.code}@${d.span.file}:${line}:${column}`;
  };
  return {
    ok: result.ok,
    errors: result.ok ? [] : result.errors.map(where),
    warnings: result.warnings.map(where),
    rules: result.ok ? result.value.rules.map((r) => r.id) : [],
    params: result.ok ? result.value.params.map((p) => `${p.name}=${String(p.defaultValue)}@${p.file}`) : [],
    conditions: result.ok ? result.value.rules.map((r) => (r.body.kind === 'must' ? r.body.condition : null)) : [],
    messages: result.ok ? [] : result.errors.map((e) => e.message),
  };
}
const file = (text: string, path = 'a.guard'): File => ({ text, path });
const bad = (i: number) => `users with nope${i} denied`;

describe('diagnostics per file', () => {
  it('caps errors at ten per file, each file on its own, and keeps every warning once', () => {
    // The warning comes first in the file: it must not take one of the ten places, nor be listed twice.
    const text = `let unused = 1\n${Array.from({ length: 12 }, (_, i) => bad(i)).join('\n')}\n`;
    const result = run([file(text), file(text, 'b.guard')]);
    expect(result.errors).toHaveLength(20);
    expect(result.errors.filter((e) => e.includes('@a.guard:'))).toHaveLength(10);
    expect(result.errors[0]).toBe('check/unknown-attribute@a.guard:2:12');
    expect(result.errors[9]).toBe('check/unknown-attribute@a.guard:11:12');
    expect(result.warnings).toEqual(['check/unused-name@a.guard:1:5', 'check/unused-name@b.guard:1:5']);
  });

  it('does not cap warnings', () => {
    const text = `${Array.from({ length: 12 }, (_, i) => `let x${i} = ${i}`).join('\n')}\nroot must have mfa\n`;
    const result = run([file(text)]);
    expect(result).toMatchObject({ ok: true, errors: [], rules: ['root-must-have-mfa'] });
    expect(result.warnings).toHaveLength(12);
  });

  it('sorts each file by position, whatever the order the checks ran in', () => {
    // The rule's body is checked before its metadata and exceptions, which come first in the text here.
    const text = 'rule r severity hgh:\n  users where nope denied\n  except usr "x" until 2027-01-01 because "y"\n';
    expect(run([file(text)]).errors).toEqual(['check/bad-metadata@a.guard:1:17', 'check/unknown-attribute@a.guard:2:15', 'check/bad-exception@a.guard:3:10']);
  });

  it('a program with only warnings is a success that carries them', () => {
    expect(run([file('let x = 1\nroot must have mfa\n')])).toMatchObject({ ok: true, rules: ['root-must-have-mfa'], warnings: ['check/unused-name@a.guard:1:5'] });
  });

  it('a rule with an error in an exception or its metadata is left out; the others are kept', () => {
    const text = 'rule r:\n  users denied\n  except usr "x" until 2027-01-01 because "y"\nrule s severity nope:\n  roles denied\nrule t:\n  root must have mfa\n';
    expect(run([file(text)]).errors).toEqual(['check/bad-exception@a.guard:3:10', 'check/bad-metadata@a.guard:4:17']);
    // A warning does not leave a rule out.
    expect(run([file('rule r:\n  users denied\n  except user "x" until 2027-01-01\n')]).rules).toEqual(['r']);
  });
});

describe('params across files', () => {
  it('a bad param literal is reported once, by the pass that gathers params', () => {
    const text = 'param d = 2027-01-01\nusers where created < d denied\n';
    const result = run([file(text)], {}, (ast) => {
      const param = ast.statements[0];
      if (param?.kind === 'param') (param as { value: unknown }).value = { kind: 'date', value: '2027-02-30', span: param.value.span };
    });
    expect(result.errors).toEqual(['syntax/bad-literal@a.guard:1:11', 'check/unknown-name@a.guard:2:23']);
  });

  it('lists every declaration, and types an override by the first', () => {
    const a = file('param n = 1\nrule a:\n  password policy must have minimum length >= n\n');
    const b = file('param n = 2\nrule b:\n  password policy must have minimum length >= n\n', 'b.guard');
    expect(run([a, b]).params).toEqual(['n=1@a.guard', 'n=2@b.guard']);
    expect(run([a, b], { n: '14' }).conditions).toMatchObject([{ right: { value: 14 } }, { right: { value: 14 } }]);
  });

  it('an override of a param declared with a string first must be a string (and the number declaration is refused)', () => {
    const a = file('param n = "x"\nrule a:\n  users where name = n denied\n');
    const b = file('param n = 2\nrule b:\n  password policy must have minimum length >= n\n', 'b.guard');
    expect(run([a, b], { n: '3' }).errors).toEqual(['check/type-mismatch@b.guard:1:11', 'usage/bad-param']);
  });

  it('an override reaches the param of that name in every file, not a let of that name', () => {
    const a = file('param n = 1\nrule a:\n  password policy must have minimum length >= n\n');
    const b = file('let n = 2\nrule b:\n  password policy must have minimum length >= n\n', 'b.guard');
    expect(run([a, b], { n: '14' }).conditions).toMatchObject([{ right: { value: 14 } }, { right: { value: 2 } }]);
  });

  it('a let is not a param: overrides do not reach it', () => {
    const text = 'let n = 1\nparam m = 2\nrule a:\n  password policy must have minimum length >= n and minimum length >= m\n';
    expect(run([file(text)], { n: '5' }).errors).toEqual(['usage/bad-param']);
  });
});

describe('rule ids across files', () => {
  it('names the other file for a clash across files, the line for one within a file', () => {
    const a = file('rule x:\n  root must have mfa\n');
    const b = file('\nrule x:\n  root must have mfa\nrule y:\n  root must have mfa\nrule y:\n  roles denied\n', 'b.guard');
    expect(run([a, b]).messages).toEqual(['rule id `x` is already used (a.guard)', 'rule id `y` is already used (line 4)']);
  });
});

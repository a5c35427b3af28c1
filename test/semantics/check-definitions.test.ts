import { describe, expect, it } from 'vitest';
import { lineColumnAt } from '../../src/diagnostics/index.ts';
import { checkSources, definitionAt, namedConditions } from '../../src/semantics/index.ts';
import { parseRuleFile, stripSpans } from '../../src/syntax/index.ts';

// Named conditions: `define <name> [(<param> <type>, ...)] for <entity type>:` and a condition, used
// by name in every file checked together, expanded at check time.

type File = { readonly text: string; readonly path: string };
const file = (text: string, path = 'a.guard'): File => ({ text, path });

function check(...files: File[]) {
  const { program, diagnostics } = checkSources(files);
  const at = (d: (typeof diagnostics)[number]): string => {
    const text = files.find((f) => f.path === d.span?.file)?.text;
    if (d.span === null || text === undefined) return d.code;
    const { line, column } = lineColumnAt(text, d.span.start);
    return `${d.code}@${d.span.file}:${line}:${column}`;
  };
  return {
    program,
    errors: diagnostics.filter((d) => d.severity === 'error').map(at),
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(at),
    messages: diagnostics.map((d) => `${d.message}${d.hint === undefined ? '' : ` | ${d.hint}`}`),
  };
}

const DEFS = `define allowing for statements:
  effect = "Allow"

define pinning (key string) for statements:
  condition keys matches key and not wildcard condition keys matches key

define trusting github actions for statements:
  allowing and principal federated matches "*:oidc-provider/token.actions.githubusercontent.com*"
`;

// Parenthesized as the definitions nest: groups leave no node in the checked AST.
const INLINED =
  'roles must have no trust statements where (effect = "Allow" and principal federated matches "*:oidc-provider/token.actions.githubusercontent.com*") and not (condition keys matches "x:sub" and not wildcard condition keys matches "x:sub")\n';

describe('named conditions', () => {
  it('check into the same checked condition as the rule written out', () => {
    const named = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where trusting github actions and not pinning "x:sub"\n'));
    const inlined = check(file(INLINED));
    expect(named.errors).toEqual([]);
    expect(inlined.errors).toEqual([]);
    const body = (p: typeof named.program) => stripSpans(p?.rules[0]?.body);
    expect(body(named.program)).toEqual(body(inlined.program));
    expect(named.program?.rules[0]?.reads).toEqual(inlined.program?.rules[0]?.reads);
  });

  it('are shared by every file checked together, and see the lets and params of their own file', () => {
    const defs = file('param trusted = ["1"]\ndefine unlisted for statements:\n  external accounts not in trusted\n', 'defs.guard');
    const result = check(defs, file('roles must have no trust statements where unlisted\n', 'rules.guard'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('may be used before they are defined, and with `have`', () => {
    expect(check(file('users must have secure\ndefine secure for users:\n  mfa\n')).errors).toEqual([]);
  });

  it('refuse an unknown name with did-you-mean, as a phrase and with arguments', () => {
    const phrase = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where trusting github action\n'));
    expect(phrase.errors).toEqual(['check/unknown-attribute@a.guard:1:43']);
    expect(phrase.messages[0]).toContain('did you mean `trusting github actions`?');
    const call = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where pinnin "x"\n'));
    expect(call.errors).toEqual(['check/unknown-condition@a.guard:1:43']);
    expect(call.messages[0]).toBe('no named condition `pinnin` | did you mean `pinning`?');
  });

  it('refuse recursion, direct and mutual, at the use', () => {
    const direct = check(file('define loop for users:\n  mfa and loop\nusers must loop\n'));
    expect(direct.errors).toEqual(['check/recursive-definition@a.guard:2:11']);
    expect(direct.messages[0]).toBe('`loop` is used inside its own definition (`loop` → `loop`) | a named condition cannot stand for itself: write out the part that repeats');
    const mutual = check(file('define ping for users:\n  mfa or pong\n', 'p.guard'), file('define pong for users:\n  not ping\nusers must ping\n', 'q.guard'));
    expect(mutual.errors).toEqual(['check/recursive-definition@q.guard:2:7']);
    expect(mutual.messages[0]).toContain('(`ping` → `pong` → `ping`)');
  });

  it('check the number and the types of arguments', () => {
    const arity = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where pinning "a" "b"\n'));
    expect(arity.errors).toEqual(['check/bad-arguments@a.guard:1:43']);
    expect(arity.messages[0]).toBe('`pinning` takes 1 argument (key string), not 2 | write the values after the name: `pinning "alice"`');
    const none = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where pinning\n'));
    expect(none.errors).toEqual(['check/bad-arguments@a.guard:1:43']);
    const extra = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where allowing 3\n'));
    expect(extra.messages[0]).toContain('`allowing` takes no arguments, not 1');
    const typed = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where pinning 90d\n'));
    expect(typed.errors).toEqual(['check/type-mismatch@a.guard:1:51']);
    expect(typed.messages[0]).toBe('`pinning` takes a string for `key`, not a duration | for example `"alice"`');
  });

  it('say where an argument makes the condition fail to check (an action the catalog does not have)', () => {
    const result = check(file('define passing (action string) for users:\n  can action\nusers must not passing "iam:PasRole"\n'));
    expect(result.errors).toEqual(['check/unknown-action@a.guard:3:16']);
    expect(result.messages[0]).toContain('(in `passing`)');
  });

  it('refuse a use on the wrong entity type', () => {
    const result = check(file(DEFS, 'defs.guard'), file('roles must trusting github actions\n'));
    expect(result.errors).toEqual(['check/not-applicable@a.guard:1:12']);
    expect(result.messages[0]).toBe('`trusting github actions` is defined for statements, and used here on roles | use it on statements, for example inside `any <list> where trusting github actions`');
  });

  it('check the definition where it is written, once, whether used or not', () => {
    const result = check(file('define broken for users:\n  nope\n'));
    expect(result.errors).toEqual(['check/unknown-attribute@a.guard:2:3']);
    expect(check(file('define fine (k string) for users:\n  mfa\n')).warnings).toEqual(['check/unused-name@a.guard:1:14']);
  });

  it('refuse duplicates across files, unknown entity and parameter types, and names that hide an attribute', () => {
    expect(check(file('define x for users:\n  mfa\n', 'a.guard'), file('define X for users:\n  mfa\n', 'b.guard')).errors).toEqual(['check/duplicate-name@b.guard:1:8']);
    const target = check(file('define x for usres:\n  mfa\n'));
    expect(target.errors).toEqual(['check/unknown-collection@a.guard:1:14']);
    expect(target.messages[0]).toContain('did you mean `user`?');
    const type = check(file('define x (k strng) for users:\n  name = k\n'));
    expect(type.errors).toEqual(['check/unknown-name@a.guard:1:13']);
    expect(type.messages[0]).toContain('did you mean `string`?');
    expect(check(file('define console access for users:\n  mfa\n')).errors).toEqual(['check/duplicate-name@a.guard:1:8']);
    expect(check(file('define allow (k string) for users:\n  name = k\n')).errors).toEqual(['check/bad-operand@a.guard:1:8']);
  });

  it('take lets, params and parameters as arguments, typed as literals are, into the same condition', () => {
    const named = check(file(DEFS, 'defs.guard'), file('param sub_key = "x:sub"\nroles must have no trust statements where trusting github actions and not pinning sub_key\n'));
    const literal = check(file(DEFS, 'defs.guard'), file('roles must have no trust statements where trusting github actions and not pinning "x:sub"\n'));
    expect(named.errors).toEqual([]);
    expect(named.warnings).toEqual([]);
    const body = (p: typeof named.program) => stripSpans(p?.rules[0]?.body);
    expect(body(named.program)).toEqual(body(literal.program));
    // Before literal arguments and after them, and a definition passing its own parameter on.
    const two = 'let low = 30d\ndefine aged between (lo duration, hi duration) for access keys:\n  age > lo and age < hi\ndefine aged past (lo duration) for access keys:\n  aged between lo 3650d\n';
    expect(check(file(`${two}access keys where aged between low 90d denied\naccess keys where aged between 1d low denied\naccess keys where aged past low denied\n`)).errors).toEqual([]);
    // The type, the count and the names in scope are checked as for literals.
    const bad = check(file(`${two}let names = ["a"]\naccess keys where aged between low names denied\naccess keys where aged past low low denied\n`));
    expect(bad.errors).toEqual(['check/type-mismatch@a.guard:7:36', 'check/bad-arguments@a.guard:8:19']);
    expect(bad.messages).toContain('`aged between` takes a duration for `hi`, not a list of strings | for example `90d`');
    // A name that is no let or param stays a phrase: an unknown attribute, with the nearest name.
    expect(check(file(`${two}access keys where aged past lw denied\n`)).errors).toEqual(['check/unknown-attribute@a.guard:6:19']);
  });

  it('take lists and other literal types as arguments', () => {
    const result = check(file('define named (names strings) for users:\n  name in names\nusers must named ["a", "b"]\nusers must not named []\n'));
    expect(result.errors).toEqual([]);
  });
});

describe('definitionAt', () => {
  const defs = parseRuleFile('let x = "a"\ndefine pinning (key string) for statements:\n  condition keys matches key\n', 'defs.guard').file;
  const rules = parseRuleFile('param p = "b"\nroles must have no trust statements where pinning "k" and sid = p\nusers must have mfa\n', 'rules.guard').file;
  const text = (path: string, offset: number) => {
    const site = definitionAt([defs, rules], path, offset);
    return site === null ? null : `${site.kind} ${site.name}@${site.span.file}:${site.span.start}`;
  };

  it('maps a use of a named condition, a param and a parameter to its declaration', () => {
    const line2 = 'param p = "b"\n'.length;
    expect(text('rules.guard', line2 + 'roles must have no trust statements where pin'.length)).toBe('named condition pinning@defs.guard:19');
    expect(text('rules.guard', line2 + 'roles must have no trust statements where pinning "k" and sid = '.length)).toBe('param p@rules.guard:6');
    const body = 'let x = "a"\ndefine pinning (key string) for statements:\n  condition keys matches '.length;
    expect(text('defs.guard', body + 1)).toBe('parameter key@defs.guard:28');
    expect(text('rules.guard', rules.statements[2]?.span.start ?? 0)).toBeNull();
  });

  it('maps a let or param given as an argument, before or after a literal, and the name before it', () => {
    const two = parseRuleFile(
      'let low = 1d\ndefine between (lo duration, hi duration) for access keys:\n  age > lo and age < hi\naccess keys where between low 9d denied\naccess keys where between 2d low denied\n',
      'two.guard',
    ).file;
    const site = (offset: number) => {
      const found = definitionAt([two], 'two.guard', offset);
      return found === null ? null : `${found.kind} ${found.name}@${found.span.start}`;
    };
    const line4 = 'let low = 1d\ndefine between (lo duration, hi duration) for access keys:\n  age > lo and age < hi\n'.length;
    const line5 = line4 + 'access keys where between low 9d denied\n'.length;
    expect(site(line4 + 'access keys where betw'.length)).toBe('named condition between@20');
    expect(site(line4 + 'access keys where between lo'.length)).toBe('let low@4');
    expect(site(line5 + 'access keys where between 2d lo'.length)).toBe('let low@4');
    expect(site(line5 + 'access keys where betw'.length)).toBe('named condition between@20');
  });

  it('lists the named conditions for completion', () => {
    expect(namedConditions([defs, rules]).map((d) => ({ ...d, span: d.span.start }))).toEqual([{ name: 'pinning', parameters: [{ name: 'key', type: 'string' }], target: 'statements', span: 19 }]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProgram, evaluate } from '../../src/engine/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { checkSources } from '../../src/semantics/index.ts';
import { modelArb } from '../../src/testing/model-arbitraries.ts';

// A rule written with named conditions evaluates as the rule written out: generated conditions over
// users, a part of them moved into a definition (perhaps with the part's string as a parameter), a
// part of that definition into another, evaluated on generated models.

type Tree =
  | { readonly kind: 'atom'; readonly text: string }
  /** An atom with a string in it: `name = "a"`; `slot` marks where the string goes. */
  | { readonly kind: 'slot'; readonly template: string; readonly value: string }
  | { readonly kind: 'and' | 'or'; readonly left: Tree; readonly right: Tree }
  | { readonly kind: 'not'; readonly operand: Tree }
  /** A named condition used in place of a part, with its argument when it has a parameter. */
  | { readonly kind: 'use'; readonly name: string; readonly argument: string | null };

const ATOMS = ['mfa', 'console access', 'have access keys', 'unused > 30d', '(have at least 1 access keys where active)', '(any access keys where age > 90d)', 'have no groups', 'signing certificates active'];
const SLOTS = ['name = $', 'name matches $', 'path != $', 'tags contains $'];
const VALUES = ['"a"', '"b*"', '"/"', '"*"'];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: fc.constantFrom(...ATOMS).map((text): Tree => ({ kind: 'atom', text })) },
    { weight: 2, arbitrary: fc.record({ template: fc.constantFrom(...SLOTS), value: fc.constantFrom(...VALUES) }).map((r): Tree => ({ kind: 'slot', ...r })) },
    fc.record({ kind: fc.constantFrom<'and' | 'or'>('and', 'or'), left: tie('tree'), right: tie('tree') }).map((r): Tree => r),
    tie('tree').map((operand): Tree => ({ kind: 'not', operand })),
  ),
})).tree;

function print(t: Tree, param: string | null = null): string {
  switch (t.kind) {
    case 'atom':
      return t.text;
    case 'slot':
      return t.template.replace('$', param ?? t.value);
    case 'and':
    case 'or':
      return `(${print(t.left, param)} ${t.kind} ${print(t.right, param)})`;
    case 'not':
      return `not (${print(t.operand, param)})`;
    case 'use':
      return t.argument === null ? t.name : `${t.name} ${t.argument}`;
  }
}

/** The subtree at `path` (a walk of left/right/operand choices, as far as it goes) replaced by `by`. */
function extract(t: Tree, path: readonly number[], by: (part: Tree) => Tree): Tree {
  const [step, ...rest] = path;
  if (step === undefined || t.kind === 'atom' || t.kind === 'slot' || t.kind === 'use') return by(t);
  if (t.kind === 'not') return { ...t, operand: extract(t.operand, rest, by) };
  return step % 2 === 0 ? { ...t, left: extract(t.left, rest, by) } : { ...t, right: extract(t.right, rest, by) };
}

/** The first slot of a part, to become the definition's parameter. */
function firstSlot(t: Tree): Extract<Tree, { kind: 'slot' }> | null {
  switch (t.kind) {
    case 'slot':
      return t;
    case 'and':
    case 'or':
      return firstSlot(t.left) ?? firstSlot(t.right);
    case 'not':
      return firstSlot(t.operand);
    case 'atom':
    case 'use':
      return null;
  }
}

/** A definition's text, its use in place of `part`; the slot it takes, if any, keeps the part's value. */
function define(name: string, part: Tree, parameterized: boolean): { text: string; use: Tree } {
  const slot = parameterized ? firstSlot(part) : null;
  // Only that one slot takes the parameter: the others keep their values.
  const body = slot === null ? print(part) : print(replaceSlot(part, slot), 'v');
  const header = slot === null ? `define ${name} for users:` : `define ${name} (v string) for users:`;
  return { text: `${header}\n  ${body}\n`, use: { kind: 'use', name, argument: slot === null ? null : slot.value } };
}

function replaceSlot(t: Tree, slot: Tree): Tree {
  if (t === slot && t.kind === 'slot') return { kind: 'slot', template: t.template, value: 'v' };
  switch (t.kind) {
    case 'and':
    case 'or':
      return { ...t, left: replaceSlot(t.left, slot), right: replaceSlot(t.right, slot) };
    case 'not':
      return { ...t, operand: replaceSlot(t.operand, slot) };
    default:
      // Other slots print their own values even where `v` is passed down.
      return t.kind === 'slot' ? { kind: 'atom', text: t.template.replace('$', t.value) } : t;
  }
}

const caseArb = fc.record({
  condition: tree,
  outer: fc.array(fc.nat(3), { maxLength: 4 }),
  inner: fc.array(fc.nat(3), { maxLength: 3 }),
  parameterized: fc.tuple(fc.boolean(), fc.boolean()),
  kind: fc.constantFrom('must', 'must not'),
  model: modelArb(SCHEMA),
});

function findings(text: string, model: Parameters<typeof evaluate>[1]): string[] {
  const { program, diagnostics } = checkSources([{ path: 'rules.guard', text }]);
  expect(
    diagnostics.filter((d) => d.severity === 'error'),
    text,
  ).toEqual([]);
  if (program === null) throw new Error('no program');
  return evaluate(compileProgram(program), model).findings.map((f) => `${f.status} ${f.resource.key}`);
}

describe('named conditions', () => {
  it('evaluate as the rule written out, on generated rules and models', () => {
    let failing = 0;
    let withParameters = 0;
    let nested = 0;
    fc.assert(
      fc.property(caseArb, ({ condition, outer, inner, parameterized, kind, model }) => {
        const inlined = `rule r:\n  users must${kind === 'must' ? '' : ' not'} ${print(condition)}\n`;
        // Move a part into `first`, then a part of `first` into `second` (which `first` then uses).
        let firstText = '';
        const rule = extract(condition, outer, (part) => {
          let secondText = '';
          const body = extract(part, inner, (innerPart) => {
            const second = define('second part', innerPart, parameterized[1]);
            secondText = second.text;
            return second.use;
          });
          const first = define('first part', body, parameterized[0]);
          firstText = first.text + secondText;
          return first.use;
        });
        const named = `${firstText}rule r:\n  users must${kind === 'must' ? '' : ' not'} ${print(rule)}\n`;
        if (named.includes('(v string)')) withParameters++;
        if (named.includes('define second part')) nested++;
        const expected = findings(inlined, model);
        failing += expected.filter((f) => f.startsWith('fail')).length;
        expect(findings(named, model), named).toEqual(expected);
      }),
      { numRuns: 150 },
    );
    // Not vacuous: the generated rules fail on some users.
    expect(failing).toBeGreaterThan(20);
    expect(withParameters).toBeGreaterThan(20);
    expect(nested).toBeGreaterThan(20);
  });
});

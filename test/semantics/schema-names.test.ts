import { describe, expect, it } from 'vitest';
import { schemaAsJson } from '../../src/cli/commands/schema-run.ts';
import { COLLECTIONS, SCHEMA } from '../../src/model/index.ts';
import { type CheckedCondition, canonicalName, checkSources } from '../../src/semantics/index.ts';
import { KEYWORD_NAMES, RESERVED_WORDS } from '../../src/syntax/tokens.ts';

/**
 * Every attribute name and alias `guard schema` prints is accepted as written (issue 15): a rule
 * naming it parses and checks, and names that attribute. Names with a keyword among their words
 * are lexed as one name (`KEYWORD_NAMES`, tokens.ts).
 */

interface PrintedType {
  readonly type: string;
  readonly attributes: readonly { readonly name: string; readonly aliases: readonly string[] }[];
  readonly views: readonly { readonly name: string; readonly aliases: readonly string[] }[];
}

const printed = (schemaAsJson(COLLECTIONS) as { types: readonly PrintedType[] }).types;

/** A rule whose condition is the bare name, on an entity of the type, and how to find that condition. */
function ruleFor(type: string, name: string): { text: string; condition: (c: CheckedCondition) => CheckedCondition | undefined } | null {
  if (type === 'statement') {
    return { text: `policies must have no statements where ${name}`, condition: (c) => (c.kind === 'count' ? (c.where ?? undefined) : undefined) };
  }
  const collection = COLLECTIONS.find((c) => c.entityType === type);
  if (collection === undefined) return null;
  return { text: `${collection.name.replace(/_/g, ' ')} where ${name} denied`, condition: (c) => c };
}

// Read as written, with the meaning the grammar gives those words: `exists` is the `exist` predicate,
// and a statement's `has condition` is `have` its `conditions` (the singular names the list).
const READINGS: Readonly<Record<string, string>> = { 'statement.has condition': 'conditions' };

describe('names guard schema prints', () => {
  const cases = printed.flatMap((t) => t.attributes.flatMap((a) => [a.name, ...a.aliases].map((name) => ({ type: t.type, name, attribute: canonicalName(a.name.split(' ')) }))));

  it('are many, some with keywords among their words', () => {
    expect(cases.length).toBeGreaterThan(200);
    const keywords = new Set(RESERVED_WORDS);
    expect(cases.filter((c) => c.name.split(/[ _]/).some((w) => keywords.has(w))).length).toBeGreaterThan(10);
  });

  for (const { type, name, attribute } of cases) {
    const rule = ruleFor(type, name);
    if (rule === null) continue;
    it(`${type}: \`${name}\``, () => {
      const checked = checkSources([{ path: 'names.guard', text: `${rule.text}\n` }], { schema: SCHEMA });
      expect(checked.diagnostics.map((d) => d.message)).toEqual([]);
      const body = checked.program?.rules[0]?.body;
      const filter = body?.kind === 'denied' ? body.scope.filter : body?.kind === 'must' ? body.condition : null;
      const condition = filter ? rule.condition(filter) : undefined;
      if (attribute === 'exists') expect(condition?.kind).toBe('exist');
      else expect(condition?.kind === 'have' ? condition.path.steps.join('.') : condition?.kind).toBe(READINGS[`${type}.${name}`] ?? attribute);
    });
  }

  const views = printed.flatMap((t) => t.views.flatMap((v) => [v.name, ...v.aliases].map((name) => ({ type: t.type, name }))));
  it('include filtered lists (allow statements, deny trust statements), each counted as written', () => {
    expect(views.length).toBeGreaterThanOrEqual(6);
    for (const { type, name } of views) {
      const collection = COLLECTIONS.find((c) => c.entityType === type);
      if (collection === undefined) throw new Error(`no collection of ${type}`);
      const text = `${collection.name.replace(/_/g, ' ')} must have no ${name} where public\n`;
      expect(
        checkSources([{ path: 'views.guard', text }], { schema: SCHEMA }).diagnostics.map((d) => d.message),
        text,
      ).toEqual([]);
    }
  });

  it('with keywords lexed as one name are schema names', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const n of KEYWORD_NAMES) expect(names.has(n), n).toBe(true);
  });
});

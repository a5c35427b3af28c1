import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';
import { printRuleBody } from '../../src/syntax/index.ts';

// The library is what users copy: every rule reads as a sentence. Attribute soup (`effect = "Allow"`,
// globs over ARNs) lives in the named conditions of policies/definitions.guard and beside the rules.

const DIR = join(import.meta.dirname, '..', '..', 'policies');
const files = readdirSync(DIR)
  .filter((n) => n.endsWith('.guard') && !n.endsWith('.test.guard'))
  .map((n) => ({ path: `policies/${n}`, text: readFileSync(join(DIR, n), 'utf8') }));

describe('the built-in library reads aloud', () => {
  const { program } = checkSources(files);
  const rules = program?.rules ?? [];

  it('checks, with its definitions', () => expect(rules.length).toBeGreaterThanOrEqual(40));

  it('every rule is under 120 characters, without `=`, `!=`, `matches` or `effect`', () => {
    const soup = rules.map((r) => ({ id: r.id, text: printRuleBody(r.source.body) })).filter(({ text }) => text.length >= 120 || /\s(=|!=)\s|\bmatches\b|\beffect\b/.test(text));
    expect(soup).toEqual([]);
  });
});

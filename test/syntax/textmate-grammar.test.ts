import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/generate-grammar-artifacts.ts';
import { SCHEMA } from '../../src/model/language.ts';
import { guardLexer, KEYWORDS, TEST_RESERVED_WORDS } from '../../src/syntax/tokens.ts';

/**
 * The TextMate grammar (grammar/guard.tmLanguage.json, which editors highlight with) in step with the
 * token table: its keyword patterns name exactly the keywords' spellings, and on any line of words
 * they mark exactly the spans the lexer reads as keywords. A keyword added to tokens.ts fails here
 * until `npm run generate` rewrites the grammar.
 */

interface Pattern {
  readonly name: string;
  readonly match: string;
}

const grammar = JSON.parse(readFileSync(join(ROOT, 'grammar/guard.tmLanguage.json'), 'utf8')) as { repository: { keyword: { patterns: Pattern[] } } };
const PATTERNS = grammar.repository.keyword.patterns;

/** An Oniguruma pattern as a JS one: `(?i)` in front is the `i` flag; the rest is common syntax. */
const toRegExp = (match: string, flags: string): RegExp => (match.startsWith('(?i)') ? new RegExp(match.slice(4), `i${flags}`) : new RegExp(match, flags));
const STICKY = PATTERNS.map((p) => toRegExp(p.match, 'y'));

/** The spellings a pattern lists: `(?i)(?<![\w-])(?:must\s+not|must)(?![\w-])` → `must not`, `must`. */
function alternatives(match: string): string[] {
  const inner = /^\(\?i\)\(\?<!\[\\w-\]\)\(\?:(.*)\)\(\?!\[\\w-\]\)$/.exec(match)?.[1];
  if (inner === undefined) throw new Error(`unexpected keyword pattern ${match}`);
  return inner.split('|').map((a) => a.replace(/\\s\+/g, ' ').replace(/\\(.)/g, '$1'));
}

/** Where the grammar's keyword patterns mark keywords on a line, tried in order at each position, as a TextMate tokenizer does. */
function grammarKeywords(line: string): string[] {
  const found: string[] = [];
  for (let at = 0; at < line.length; ) {
    let advanced = false;
    for (const pattern of STICKY) {
      pattern.lastIndex = at;
      const match = pattern.exec(line);
      if (match && match[0].length > 0) {
        found.push(`${at}:${match[0]}`);
        at += match[0].length;
        advanced = true;
        break;
      }
    }
    if (!advanced) at++;
  }
  return found;
}

const KEYWORD_TOKENS = new Set(KEYWORDS.map((k) => k.token));

function lexerKeywords(line: string): string[] {
  return guardLexer
    .tokenize(line)
    .tokens.filter((t) => KEYWORD_TOKENS.has(t.tokenType))
    .map((t) => `${t.startOffset}:${t.image}`);
}

const SPELLINGS = KEYWORDS.flatMap((k) => k.spellings);

describe('the TextMate grammar and the token table', () => {
  it('the keyword patterns list exactly the keyword spellings, each once', () => {
    const listed = PATTERNS.flatMap((p) => alternatives(p.match));
    expect([...listed].sort()).toEqual([...SPELLINGS].sort());
  });

  it('each spelling, in any case and spacing, is one keyword of its role’s scope', () => {
    const scopeOf = new Map(KEYWORDS.map((k) => [k.role, new Set<string>()]));
    for (const spec of KEYWORDS) {
      for (const spelling of spec.spellings) {
        for (const written of [spelling, spelling.toUpperCase(), spelling.replace(/ /g, ' \t ')]) {
          const matching = PATTERNS.filter((p) => toRegExp(`^(?:${p.match.replace(/^\(\?i\)/, '')})$`, 'i').test(written));
          expect(
            matching.map((p) => p.name),
            written,
          ).toHaveLength(1);
          scopeOf.get(spec.role)?.add((matching[0] as Pattern).name);
        }
      }
    }
    // One scope per role, and no two roles share one.
    for (const scopes of scopeOf.values()) expect(scopes.size).toBe(1);
    expect(new Set([...scopeOf.values()].flatMap((s) => [...s])).size).toBe(scopeOf.size);
  });

  it('names and test-file words are not keywords', () => {
    const names = [...SCHEMA.collections.map((c) => c.name), ...Object.values(SCHEMA.entityTypes).flatMap((t) => t.attributes.map((a) => a.name))];
    for (const word of [...TEST_RESERVED_WORDS, ...names.filter((n) => !SPELLINGS.includes(n)), 'mustang', 'in_use', 'not-in', 'no2']) {
      expect(grammarKeywords(word), word).toEqual([]);
    }
  });

  it('on any line of words, the grammar marks the keywords the lexer reads', () => {
    const words = [...SPELLINGS, ...SPELLINGS.map((s) => s.toUpperCase()), ...TEST_RESERVED_WORDS, 'users', 'access', 'keys', 'mustang', 'in_use', 'not-in', 'x', '_no'];
    const line = fc
      .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(' ', '  ', '\t', '', '(', ')', ',', '.', '-', '=')), { minLength: 1, maxLength: 25 })
      .map((parts) => parts.map(([w, gap]) => w + gap).join(''));
    fc.assert(
      fc.property(line, (text) => {
        expect(grammarKeywords(text)).toEqual(lexerKeywords(text));
      }),
      { numRuns: 300 },
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completionsAt } from '../../src/lsp/completion.ts';
import { cursorContext } from '../../src/lsp/context.ts';
import { canonicalText } from '../../src/lsp/format.ts';
import { hoverAt } from '../../src/lsp/hover.ts';
import { checkLibrary, libraryDefinitions, parseCache, type Source } from '../../src/lsp/library.ts';
import { SCHEMA } from '../../src/model/language.ts';
import { definitionAt } from '../../src/semantics/index.ts';
import { RESERVED_WORDS } from '../../src/syntax/index.ts';
import { fuzzAssert } from '../support/fuzz.ts';

/**
 * The server's handlers on what an editor sends while someone types: every prefix of a library
 * file (with more typed after it), token soup, noise. None throws; every range lies in the text;
 * formatting gives text that formats to itself.
 */

const POLICIES = join(import.meta.dirname, '..', '..', 'policies');
const LIBRARY = readdirSync(POLICIES)
  .filter((n) => n.endsWith('.guard'))
  .sort()
  .map((n) => readFileSync(join(POLICIES, n), 'utf8'));

const NAMES = [...SCHEMA.collections.map((c) => c.name.replace(/_/g, ' ')), ...Object.values(SCHEMA.entityTypes).flatMap((t) => t.attributes.map((a) => a.name.replace(/_/g, ' ')))];
const PIECES = [...RESERVED_WORDS, ...NAMES, '(', ')', '[', ']', ',', ':', '=', '<', '"s"', '"open', '90d', '2027-01-01', '3', '#c', '\n', '\n  ', 'rule r', 'let l = 1', 'param p = 2d', 'l', 'p', '\uD800', 'é'];

const soup = fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(' ', '', '\n', '\n  ')), { maxLength: 40 }).map((parts) => parts.map(([p, gap]) => p + gap).join(''));
/** A library file cut where someone is typing, with something typed there. */
const typing = fc.tuple(fc.constantFrom(...LIBRARY), fc.nat(), soup).map(([text, cut, typed]) => text.slice(0, cut % (text.length + 1)) + typed);
const text = fc.oneof(soup, typing, fc.string({ unit: 'binary', maxLength: 80 }));

function exercise(body: string, offsets: readonly number[], path: string): void {
  const source: Source = { uri: `file://${path}`, path, text: body };
  const parsed = parseCache();
  for (const diagnostics of checkLibrary([source]).values()) {
    for (const d of diagnostics) expect(d.span === null || (d.span.start >= 0 && d.span.end <= body.length)).toBe(true);
  }
  const formatted = canonicalText(body, path, path.endsWith('.test.guard'));
  if (formatted !== null) expect(canonicalText(formatted, path, path.endsWith('.test.guard'))).toBe(formatted);
  if (path.endsWith('.test.guard')) return;
  const definitions = libraryDefinitions([source], parsed);
  const file = parsed(source);
  for (const raw of offsets) {
    const offset = raw % (body.length + 1);
    cursorContext(SCHEMA, body, offset);
    completionsAt(SCHEMA, path, body, offset, definitions);
    const hover = hoverAt(SCHEMA, file, body, offset, definitions);
    if (hover) expect(hover.span.start >= 0 && hover.span.end <= body.length).toBe(true);
    const definition = definitionAt([file], path, offset);
    if (definition) expect(definition.span.end).toBeLessThanOrEqual(body.length);
  }
}

describe('the handlers never throw on partial documents', () => {
  it('rule files', () => {
    fuzzAssert(
      'lsp: handlers on partial rule files',
      fc.property(text, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (body, offsets) => exercise(body, offsets, '/w/typed.guard')),
      150,
    );
  });

  it('test files', () => {
    fuzzAssert(
      'lsp: handlers on partial test files',
      fc.property(text, (body) => exercise(body, [0], '/w/typed.test.guard')),
      50,
    );
  });

  it('every 17th offset of every library file', () => {
    for (const body of LIBRARY)
      exercise(
        body,
        Array.from({ length: Math.ceil((body.length + 1) / 17) }, (_, i) => 17 * i),
        '/w/library.guard',
      );
  });
});

describe('the entity type in scope', () => {
  const typeAt = (before: string) => cursorContext(SCHEMA, before, before.length);
  it('is the scope’s, then the relation’s after `where`, and the scope’s again after a closing parenthesis', () => {
    expect(typeAt('')).toEqual({ kind: 'collection', statementStart: true });
    expect(typeAt('access ')).toEqual({ kind: 'collection', statementStart: false });
    expect(typeAt('users must have ')).toEqual({ kind: 'attribute', entityType: 'user' });
    expect(typeAt('users must have no access keys where ')).toEqual({ kind: 'attribute', entityType: 'access-key' });
    expect(typeAt('users must have (no access keys where active) and ')).toEqual({ kind: 'attribute', entityType: 'user' });
    expect(typeAt('rule stale "Stale":\n  roles must ')).toEqual({ kind: 'attribute', entityType: 'role' });
    expect(typeAt('roles must have no trust statements where ')).toEqual({ kind: 'attribute', entityType: expect.not.stringMatching(/^role$/) });
  });

  it('is nothing inside a string, a comment, a rule header or a let', () => {
    for (const before of ['users where name = "ab', 'users # mf', 'rule x', 'let x = ']) expect(typeAt(before)).toEqual({ kind: 'none' });
  });
});

describe('hover', () => {
  const text = 'rule stale "Stale" severity high:\n  users unused > 90d denied\n  except user "ci" because "moving"\nroot must have mfa\n';
  const path = '/w/hover.guard';
  const source: Source = { uri: `file://${path}`, path, text };
  const file = parseCache()(source);
  const hover = (needle: string, plus = 1) => hoverAt(SCHEMA, file, text, text.indexOf(needle) + plus, [])?.markdown ?? null;
  const docOf = (type: 'user' | 'root', name: string) => SCHEMA.entityTypes[type].attributes.find((a) => a.name === name)?.doc ?? '';

  it('says a rule’s metadata on its id, a collection’s doc on it, an attribute’s in an inline filter or a condition', () => {
    expect(hover('stale')).toBe('**rule stale** "Stale"\n- severity: high');
    expect(hover('users')).toContain(SCHEMA.collections.find((c) => c.name === 'users')?.doc ?? '');
    expect(hover('unused')).toContain(docOf('user', 'unused'));
    expect(hover('mfa')).toContain(docOf('root', 'mfa'));
  });

  it('names the entity type an exception is for', () => {
    expect(hover('user "ci"')).toBe(`**user**\n\n${SCHEMA.entityTypes.user.doc}`);
  });

  it('says nothing on a keyword or a string', () => {
    expect(hover('must')).toBeNull();
    expect(hover('"ci"')).toBeNull();
  });
});

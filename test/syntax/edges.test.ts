import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/diagnostics/index.ts';
import { checkRuleFiles } from '../../src/semantics/index.ts';
import { MAX_NESTING, parseRuleFile, printRuleFile } from '../../src/syntax/index.ts';
import { frontEnd, growth, SCHEMA, stepsOf } from '../support/front-end-work.ts';

/**
 * Inputs a fuzzing campaign found (issue 10): each must give located diagnostics, never a
 * RangeError, and cost work linear in its size (steps counted by `frontEndWork`).
 */

/** Deterministic base64-looking noise: letters, digits, `+` and `/` in lines of 76. */
function noise(bytes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  let state = 12345;
  for (let i = 0; i < bytes; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[state % 64];
    if (i % 76 === 75) out += '\n';
  }
  return out;
}

const RULES = ['users with console access must have mfa', 'access keys where active and age > 90d denied', 'roles must not trust "*"', 'users unused > 90d denied'];

function validRules(n: number): string {
  return Array.from({ length: n }, (_, i) => `rule r${i} severity high:\n  ${RULES[i % RULES.length]}\n  except user "u${i}" until 2027-01-01 because "x"\n`).join('');
}

describe('linear work', () => {
  const cases: readonly [string, (n: number) => string, number][] = [
    ['base64 noise', noise, 10_000],
    ['unterminated strings', (n) => '"x\n'.repeat(n), 1_000],
    ['lines of stray characters', (n) => '+\n'.repeat(n), 2_000],
    ['one long line of names and stray characters', (n) => 'a+'.repeat(n), 2_000],
    ['valid rules with exceptions', validRules, 150],
    ['rules with indented comments', (n) => `rule x:\n  users must have mfa\n${'  # note\n'.repeat(n)}`, 1_000],
    ['comments between rules', (n) => Array.from({ length: n }, (_, i) => `rule r${i}:\n  users must have mfa\n# note\n`).join(''), 500],
    ['a long `and` chain', (n) => `users must ${Array.from({ length: n }, () => 'mfa').join(' and ')}\n`, 1_000],
  ];
  for (const [name, make, n] of cases) {
    it(`${name}: four times the input is at most ~4x the steps`, () => {
      const { excess } = growth(make, n);
      expect(excess).toBeLessThan(1.3);
    });
  }
});

describe('long inputs do not overflow the stack', () => {
  it('150,000 `a+` on one line', () => {
    const { diagnostics } = parseRuleFile('a+'.repeat(150_000), 'long.guard');
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
    expect(diagnostics[0]).toMatchObject({ code: 'syntax/unexpected-character', span: { start: 1, end: 2 } });
  });

  it('130,000 lines of `+`', () => {
    const { file, diagnostics } = parseRuleFile('+\n'.repeat(130_000), 'plus.guard');
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
    expect(diagnostics.map((d) => d.span?.start)).toEqual(Array.from({ length: MAX_DIAGNOSTICS_PER_FILE }, (_, i) => 2 * i));
    expect(file.statements).toEqual([]);
  });

  it('a chain of 50,000 `and`s parses, checks and prints', () => {
    const text = `users must ${Array.from({ length: 50_000 }, () => 'mfa').join(' and ')}\n`;
    const { file, diagnostics } = parseRuleFile(text, 'and.guard');
    expect(diagnostics).toEqual([]);
    expect(checkRuleFiles([{ ast: file, text }], { schema: SCHEMA }).ok).toBe(true);
    expect(printRuleFile(file)).toBe(text);
  });

  it('10,000 nested parentheses give one located diagnostic', () => {
    const text = `users must ${'('.repeat(10_000)}mfa${')'.repeat(10_000)}\nusers denied\n`;
    const { file, diagnostics } = parseRuleFile(text, 'deep.guard');
    expect(diagnostics.map((d) => [d.code, d.span?.start])).toEqual([['syntax/unexpected-token', 11 + MAX_NESTING]]);
    expect(file.statements.map((s) => s.kind)).toEqual(['error', 'rule']);
  });

  it('100,000 indented comments in one rule print', () => {
    const text = `rule x:\n  users must have mfa\n${'  # note\n'.repeat(100_000)}`;
    const { file, diagnostics } = parseRuleFile(text, 'comments.guard');
    expect(diagnostics).toEqual([]);
    expect(printRuleFile(file)).toBe(text);
  });
});

describe('did-you-mean on a huge word', () => {
  it('compares it with no keyword (their lengths are too far apart)', () => {
    const text = `users ${'a'.repeat(100_000)}\n`;
    const steps = stepsOf(() => parseRuleFile(text, 'word.guard'));
    // Lexing and splitting visit each token a few times; an edit-distance table per keyword would be ~250 per character.
    expect(steps).toBeLessThan(100);
  });
});

describe('the diagnostics cap caps the work', () => {
  it('a file of errors costs no more past the cap than a file of valid rules', () => {
    // 3,000 broken statements: only the first ten are described.
    const broken = stepsOf(() => frontEnd('"x\n'.repeat(3_000)));
    const valid = stepsOf(() => frontEnd('users denied\n'.repeat(3_000)));
    expect(broken).toBeLessThanOrEqual(valid);
  });
});

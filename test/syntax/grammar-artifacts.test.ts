import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/generate-grammar-artifacts.ts';
import { Lexer } from '../../src/syntax/chevrotain.ts';
import { GuardParser, guardParser } from '../../src/syntax/parser.ts';
import { ALL_TOKENS, guardLexer, KEYWORDS, LEXER_OPTIONS, TEST_LEXER_TOKENS } from '../../src/syntax/tokens.ts';

// That each artefact matches the parser (npm run generate) is test/generate.test.ts's concern.
describe('grammar artefacts', () => {
  it('the railroad page loads its scripts from beside it (works offline)', () => {
    const html = readFileSync(join(ROOT, 'grammar/railroad.html'), 'utf8');
    expect(html).not.toContain('unpkg.com');
  });

  it('the TextMate grammar names every keyword spelling', () => {
    const grammar = readFileSync(join(ROOT, 'grammar/guard.tmLanguage.json'), 'utf8');
    for (const spec of KEYWORDS) for (const spelling of spec.spellings) expect(grammar).toContain(spelling.replace(/ /g, '\\\\s+'));
  });
});

describe('grammar analysis', () => {
  it('builds without ambiguity errors, with validations on', () => {
    // performSelfAnalysis throws on ambiguities and left recursion; build time is measured, not asserted.
    expect(() => new GuardParser({ skipValidations: false })).not.toThrow();
  });

  it('builds both lexers without token errors, with validations on (the CLI skips them at start-up)', () => {
    for (const tokens of [ALL_TOKENS, TEST_LEXER_TOKENS]) {
      const lexer = new Lexer([...tokens], { ...LEXER_OPTIONS, skipValidations: false });
      expect(lexer.lexerDefinitionErrors).toEqual([]);
    }
  });

  it('the `file` rule (the grammar as documented) accepts a whole file', () => {
    // parse.ts parses statement by statement; this keeps the documented top rule honest.
    const text = '\n# intro\nlet a = 1\n\nrule r severity high:\n  # c\n  users where mfa denied\n  except user "x"\nroot must have mfa';
    guardParser.input = guardLexer.tokenize(text).tokens;
    const cst = guardParser.file();
    expect(guardParser.errors).toEqual([]);
    expect(cst.children['statementLine']).toHaveLength(3);
  });

  it('the lexer keeps its first-character optimization', () => {
    // guardLexer is built with ensureOptimizations: true, which throws at load time if it cannot.
    expect(guardLexer.tokenize('root must have mfa').errors).toEqual([]);
  });
});

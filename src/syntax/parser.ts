import type { CstNode, IToken } from 'chevrotain';
import { EOF } from './chevrotain.ts';
import { parserErrorMessages } from './error-messages.ts';
import { ConditionGrammar } from './grammar-conditions.ts';
import { lazyLookahead } from './lazy-lookahead.ts';
import { All, At, Colon, Comma, DateLiteral, Example, Expect, Fails, For, Missing, NumberLiteral, On, PARSER_TOKENS, Passes, Property, Runs, Seed, StringLiteral, UnknownOutcome, Waived } from './tokens.ts';

/**
 * The grammar (LL(3) at most; chevrotain's self-analysis reports no ambiguity). No embedded
 * actions: rules only build the CST, which cst-to-ast.ts turns into the AST. Alternatives that
 * differ get their own sub-rule so the CST (and its generated types) say which one was taken.
 *
 * Statements end at line ends; an indented line continues the statement (see tokens.ts).
 *
 * A quantifier's `where` is greedy: `any keys where active and old` reads as
 * `any keys where (active and old)`; parenthesize the quantifier to end it earlier:
 * `(any keys where active) and old`. The printer follows the same rule.
 *
 * Its rules are defined in layers: statements (grammar-statements.ts), conditions
 * (grammar-conditions.ts) and, here, test files; the self-analysis below runs once over all of them.
 */
export class GuardParser extends ConditionGrammar {
  constructor(options: { readonly skipValidations?: boolean } = {}) {
    super([...PARSER_TOKENS], {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 3,
      lookaheadStrategy: lazyLookahead(3),
      errorMessageProvider: parserErrorMessages,
      skipValidations: options.skipValidations ?? false,
    });
    this.performSelfAnalysis();
  }

  // -------------------------------------------------------------------------------------------
  // Test files (*.test.guard). parse-test-file.ts splits a test file into example headers, the
  // lines of example blocks and property statements, and parses each piece with the entry rules
  // below (each ends at EOF: the piece is one line, or one statement with its continued lines).

  // 'example' String ('at' (Date | String))? ':'
  exampleHeader = this.RULE('exampleHeader', () => {
    this.CONSUME(Example);
    this.CONSUME(StringLiteral);
    this.OPTION(() => {
      this.CONSUME(At);
      this.OR([{ ALT: () => this.CONSUME(DateLiteral) }, { ALT: () => this.CONSUME2(StringLiteral) }]);
    });
    this.CONSUME(Colon);
    this.CONSUME(EOF);
  });

  // One line of an example block: an entity of the account, a section not collected, or an expectation.
  exampleLine = this.RULE('exampleLine', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.expectation) }, { ALT: () => this.SUBRULE(this.missingSection) }, { ALT: () => this.SUBRULE(this.entityDeclaration) }]);
    this.CONSUME(EOF);
  });

  // namePhrase String? (('where' | 'with') condition)?: `user "alice" with console access and not mfa`
  entityDeclaration = this.RULE('entityDeclaration', () => {
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.OPTION2(() => this.SUBRULE(this.scopeCondition));
  });

  // 'missing' (namePhrase | String): `missing credential report`, `missing "organizations.policies"`
  missingSection = this.RULE('missingSection', () => {
    this.CONSUME(Missing);
    this.OR([{ ALT: () => this.SUBRULE(this.namePhrase) }, { ALT: () => this.CONSUME(StringLiteral) }]);
  });

  // 'expect' ruleId outcome ('on' expectationTarget)?
  expectation = this.RULE('expectation', () => {
    this.CONSUME(Expect);
    this.SUBRULE(this.ruleId);
    this.SUBRULE(this.outcome);
    this.OPTION(() => {
      this.CONSUME(On);
      this.SUBRULE(this.expectationTarget);
    });
  });

  outcome = this.RULE('outcome', () => {
    this.OR([{ ALT: () => this.CONSUME(Passes) }, { ALT: () => this.CONSUME(Fails) }, { ALT: () => this.CONSUME(UnknownOutcome) }, { ALT: () => this.CONSUME(Waived) }]);
  });

  // A resource (`access key "alice/1"`) or a scope (`access keys where active and age > 90d`).
  expectationTarget = this.RULE('expectationTarget', () => {
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.SUBRULE(this.scopeCondition) }, { ALT: () => this.SUBRULE(this.inlineFilter) }]);
    });
  });

  // propertyHeader? 'for' 'all' namePhrase (('where' | 'with') condition)? ',' expectation
  propertyStatement = this.RULE('propertyStatement', () => {
    this.OPTION(() => this.SUBRULE(this.propertyHeader));
    this.CONSUME(For);
    this.CONSUME(All);
    this.SUBRULE(this.namePhrase);
    this.OPTION2(() => this.SUBRULE(this.scopeCondition));
    this.CONSUME(Comma);
    this.SUBRULE(this.expectation);
    this.CONSUME(EOF);
  });

  // 'property' String propertySetting* ':'
  propertyHeader = this.RULE('propertyHeader', () => {
    this.CONSUME(Property);
    this.CONSUME(StringLiteral);
    this.MANY(() => this.SUBRULE(this.propertySetting));
    this.CONSUME(Colon);
  });

  // ('runs' | 'seed') Number
  propertySetting = this.RULE('propertySetting', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Runs);
          this.CONSUME(NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Seed);
          this.CONSUME2(NumberLiteral);
        },
      },
    ]);
  });
}

/**
 * Built once per process: the self-analysis is the expensive part. Its grammar validations are skipped at
 * start-up; test/syntax/grammar-artifacts.test.ts builds the parser with them on.
 */
export const guardParser = new GuardParser({ skipValidations: true });

/**
 * Parses one statement: its tokens and the line ends after it (none for the last statement). The
 * caller reads `guardParser.errors` right after.
 */
export function parseStatementTokens(tokens: IToken[]): CstNode {
  guardParser.input = tokens;
  return withoutStackTraces(() => guardParser.statementLine());
}

/**
 * Runs an entry rule without capturing stack traces. chevrotain reports a syntax error by throwing
 * and catching an Error, and capturing its stack was most of the cost of a file of broken lines
 * (about 150 µs a statement); parse errors are data, so their stacks are never shown. A bug that
 * throws out of the parser loses its stack only inside this call.
 */
export function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

import type { CstNode, ParserMethod } from 'chevrotain';
import { CstParser, EOF } from './chevrotain.ts';
import {
  Because,
  Colon,
  Comma,
  DateLiteral,
  Define,
  Denied,
  Dot,
  EndOfStatement,
  Equal,
  Except,
  For,
  IdWord,
  Let,
  LParen,
  Must,
  MustNot,
  Param,
  Rationale,
  References,
  Remediation,
  RParen,
  RuleKeyword,
  Severity,
  StringLiteral,
  Until,
  Word,
} from './tokens.ts';

/**
 * Rule files' statements (`let`, `param`, `rule`, `define`, a bare rule): the first layer of the
 * parser. grammar-conditions.ts adds the conditions these statements hold and parser.ts the test
 * files, then runs chevrotain's self-analysis once over all three. Layered classes (chevrotain's
 * grammar inheritance) only to keep each file readable: the rules form one grammar, recorded in
 * this order (statements, conditions, test files), which the generated artefacts under grammar/ follow.
 */
export abstract class StatementGrammar extends CstParser {
  // Defined by the conditions layer (grammar-conditions.ts).
  abstract readonly condition: ParserMethod<[], CstNode>;
  abstract readonly scopeCondition: ParserMethod<[], CstNode>;
  abstract readonly inlineFilter: ParserMethod<[], CstNode>;
  abstract readonly literal: ParserMethod<[], CstNode>;
  abstract readonly namePhrase: ParserMethod<[], CstNode>;

  // file := EOS* (statement (EOS+ | EOF))*
  // parse.ts splits the tokens at line ends and runs `statementLine` on each statement, so that an
  // error in one statement never swallows the next; this rule is the same grammar for a whole file.
  file = this.RULE('file', () => {
    this.MANY(() => this.CONSUME(EndOfStatement));
    this.MANY2(() => this.SUBRULE(this.statementLine));
  });

  statementLine = this.RULE('statementLine', () => {
    this.SUBRULE(this.statement);
    this.OR([{ ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(EndOfStatement)) }, { ALT: () => this.CONSUME(EOF) }]);
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letDeclaration) },
      { ALT: () => this.SUBRULE(this.ruleDeclaration) },
      { ALT: () => this.SUBRULE(this.defineDeclaration) },
      // A bare rule: `root must have mfa`.
      { ALT: () => this.SUBRULE(this.body) },
    ]);
  });

  // ('let' | 'param') Word '=' literal
  letDeclaration = this.RULE('letDeclaration', () => {
    this.OR([{ ALT: () => this.CONSUME(Let) }, { ALT: () => this.CONSUME(Param) }]);
    this.CONSUME(Word);
    this.CONSUME(Equal);
    this.SUBRULE(this.literal);
  });

  // 'rule' ruleId String? metadata* ':' body (except | metadata)*
  ruleDeclaration = this.RULE('ruleDeclaration', () => {
    this.CONSUME(RuleKeyword);
    this.SUBRULE(this.ruleId);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.MANY(() => this.SUBRULE(this.metadata, { LABEL: 'headerMetadata' }));
    this.CONSUME(Colon);
    this.SUBRULE(this.body);
    this.MANY2(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.exceptClause) }, { ALT: () => this.SUBRULE2(this.metadata, { LABEL: 'trailingMetadata' }) }]);
    });
  });

  // 'define' namePhrase ('(' Word Word (',' Word Word)* ')')? 'for' namePhrase ':' condition
  defineDeclaration = this.RULE('defineDeclaration', () => {
    this.CONSUME(Define);
    this.SUBRULE(this.namePhrase, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.SUBRULE(this.defineParameter);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.defineParameter);
      });
      this.CONSUME(RParen);
    });
    this.CONSUME(For);
    this.SUBRULE2(this.namePhrase, { LABEL: 'target' });
    this.CONSUME(Colon);
    this.SUBRULE(this.condition);
  });

  // Word Word: a parameter's name and its type (`key string`).
  defineParameter = this.RULE('defineParameter', () => {
    this.CONSUME(Word, { LABEL: 'name' });
    this.CONSUME2(Word, { LABEL: 'type' });
  });

  // Word ('.' Word)*
  ruleId = this.RULE('ruleId', () => {
    this.CONSUME(IdWord);
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME2(IdWord);
    });
  });

  metadata = this.RULE('metadata', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Severity);
          this.CONSUME(Word);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Rationale);
          this.CONSUME(StringLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Remediation);
          this.CONSUME2(StringLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(References);
          this.SUBRULE(this.literal);
        },
      },
    ]);
  });

  // 'except' namePhrase String ('until' Date)? ('because' String)?
  exceptClause = this.RULE('exceptClause', () => {
    this.CONSUME(Except);
    this.SUBRULE(this.namePhrase);
    this.CONSUME(StringLiteral);
    this.OPTION(() => {
      this.CONSUME(Until);
      this.CONSUME(DateLiteral);
    });
    this.OPTION2(() => {
      this.CONSUME(Because);
      this.CONSUME2(StringLiteral);
    });
  });

  // scope ('must' condition | 'must not' condition | 'denied')
  body = this.RULE('body', () => {
    this.SUBRULE(this.scope);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Must);
          this.SUBRULE(this.condition);
        },
      },
      {
        ALT: () => {
          this.CONSUME(MustNot);
          this.SUBRULE2(this.condition);
        },
      },
      { ALT: () => this.CONSUME(Denied) },
    ]);
  });

  // namePhrase (('where' | 'with') condition | inlineFilter)?
  scope = this.RULE('scope', () => {
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.scopeCondition) }, { ALT: () => this.SUBRULE(this.inlineFilter) }]);
    });
  });
}

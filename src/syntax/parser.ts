import type { CstNode, IToken } from 'chevrotain';
import { CstParser, EOF } from './chevrotain.ts';
import { parserErrorMessages } from './error-messages.ts';
import { lazyLookahead } from './lazy-lookahead.ts';
import {
  Admin,
  AFederatedProvider,
  All,
  AllOf,
  Allow,
  And,
  Any,
  AnyOf,
  Anyone,
  AService,
  At,
  AtLeast,
  AtMost,
  BeAbleTo,
  BeAdmin,
  Because,
  Can,
  Colon,
  Comma,
  Contains,
  DateLiteral,
  Define,
  Denied,
  Dot,
  DurationLiteral,
  EndOfStatement,
  Equal,
  Escalate,
  Exactly,
  Example,
  Except,
  Exist,
  Expect,
  Fails,
  False,
  For,
  Greater,
  GreaterEqual,
  Have,
  HaveSome,
  IdWord,
  In,
  LBracket,
  Less,
  LessEqual,
  Let,
  LParen,
  Matches,
  Missing,
  Must,
  MustNot,
  No,
  NoneOf,
  Not,
  NotContains,
  NotEqual,
  NotIn,
  NotMatches,
  NumberLiteral,
  On,
  Or,
  OtherAccounts,
  OutsideRegions,
  PARSER_TOKENS,
  Param,
  Passes,
  PrincipalIs,
  Property,
  Rationale,
  RBracket,
  RcpsDeny,
  RcpsDenying,
  References,
  Remediation,
  RequiresKey,
  RParen,
  RuleKeyword,
  Runs,
  ScpsDeny,
  ScpsDenying,
  Seed,
  Severity,
  StringLiteral,
  SubsetOf,
  True,
  Trust,
  Unconditionally,
  UnknownOutcome,
  Until,
  Waived,
  Where,
  With,
  Word,
} from './tokens.ts';

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
 */
export class GuardParser extends CstParser {
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

  scopeCondition = this.RULE('scopeCondition', () => {
    this.OR([{ ALT: () => this.CONSUME(Where) }, { ALT: () => this.CONSUME(With) }]);
    this.SUBRULE(this.condition);
  });

  // `users unused > 90d`, `roles unused > 90d and not service linked`, `users mfa and ...`:
  // a comparison, conditions joined after it, or both; never empty.
  inlineFilter = this.RULE('inlineFilter', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.comparison);
          this.SUBRULE(this.operand);
          this.MANY(() => this.SUBRULE(this.inlineRest));
        },
      },
      { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE2(this.inlineRest)) },
    ]);
  });

  inlineRest = this.RULE('inlineRest', () => {
    this.OR([{ ALT: () => this.CONSUME(And) }, { ALT: () => this.CONSUME(Or) }]);
    this.SUBRULE(this.notCondition);
  });

  // andCondition ('or' andCondition)*
  condition = this.RULE('condition', () => {
    this.SUBRULE(this.andCondition);
    this.MANY(() => {
      this.CONSUME(Or);
      this.SUBRULE2(this.andCondition);
    });
  });

  // notCondition ('and' notCondition)*
  andCondition = this.RULE('andCondition', () => {
    this.SUBRULE(this.notCondition);
    this.MANY(() => {
      this.CONSUME(And);
      this.SUBRULE2(this.notCondition);
    });
  });

  // 'not' notCondition | primary
  notCondition = this.RULE('notCondition', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Not);
          this.SUBRULE(this.notCondition);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.group) },
      { ALT: () => this.SUBRULE(this.haveCondition) },
      { ALT: () => this.SUBRULE(this.existCondition) },
      // `allow` and `trust` may also start a name (`trust statements`); the string after them decides.
      // A named condition with arguments could also be `allow "..."`: these alternatives come first.
      { ALT: () => this.SUBRULE(this.allowCondition), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.trustCondition), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.canCondition) },
      { ALT: () => this.SUBRULE(this.adminCondition) },
      { ALT: () => this.SUBRULE(this.guardrailCondition) },
      { ALT: () => this.SUBRULE(this.someCondition) },
      { ALT: () => this.SUBRULE(this.requiresKeyCondition) },
      { ALT: () => this.SUBRULE(this.principalCondition) },
      { ALT: () => this.SUBRULE(this.quantifiedCondition) },
      { ALT: () => this.SUBRULE(this.attributeCondition) },
    ]);
  });

  group = this.RULE('group', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.condition);
    this.CONSUME(RParen);
  });

  // ('have' | 'has') (countTail | noTail | attributeTail)
  haveCondition = this.RULE('haveCondition', () => {
    this.CONSUME(Have);
    this.OR([
      { ALT: () => this.SUBRULE(this.countTail) },
      { ALT: () => this.SUBRULE(this.noTail) },
      { ALT: () => this.SUBRULE(this.anyTail) },
      { ALT: () => this.SUBRULE(this.guardrailTail) },
      { ALT: () => this.SUBRULE(this.attributeTail) },
    ]);
  });

  // 'any' namePhrase ('where' condition)?: `have any access keys where active`, at least one
  anyTail = this.RULE('anyTail', () => {
    this.CONSUME(Any);
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.CONSUME(Where);
      this.SUBRULE(this.condition);
    });
  });

  // ('have a' | 'have an' | 'have some') namePhrase ('where' condition)?: at least one. Followed by a
  // comparison or a value it is what `have a ...` always was, `have` with a name starting `a`, so
  // that no text that parsed before means anything else now.
  someCondition = this.RULE('someCondition', () => {
    this.CONSUME(HaveSome);
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Where);
            this.SUBRULE(this.condition);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.comparison);
            this.SUBRULE(this.operand);
          },
        },
        { ALT: () => this.SUBRULE(this.literal) },
      ]);
    });
  });

  // 'requires key' String
  requiresKeyCondition = this.RULE('requiresKeyCondition', () => {
    this.CONSUME(RequiresKey);
    this.CONSUME(StringLiteral);
  });

  // 'principal is' principalClass
  principalCondition = this.RULE('principalCondition', () => {
    this.CONSUME(PrincipalIs);
    this.SUBRULE(this.principalClass);
  });

  principalClass = this.RULE('principalClass', () => {
    this.OR([{ ALT: () => this.CONSUME(Anyone) }, { ALT: () => this.CONSUME(OtherAccounts) }, { ALT: () => this.CONSUME(AService) }, { ALT: () => this.CONSUME(AFederatedProvider) }]);
  });

  // ('at least' | 'at most' | 'exactly') Number namePhrase ('where' condition)?
  countTail = this.RULE('countTail', () => {
    this.OR([{ ALT: () => this.CONSUME(AtLeast) }, { ALT: () => this.CONSUME(AtMost) }, { ALT: () => this.CONSUME(Exactly) }]);
    this.CONSUME(NumberLiteral);
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.CONSUME(Where);
      this.SUBRULE(this.condition);
    });
  });

  // 'no' namePhrase ('where' condition)?
  noTail = this.RULE('noTail', () => {
    this.CONSUME(No);
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.CONSUME(Where);
      this.SUBRULE(this.condition);
    });
  });

  // namePhrase (comparison operand | literal)?: `have mfa`, `have minimum length >= 14`, `have condition "x"`
  attributeTail = this.RULE('attributeTail', () => {
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.comparison);
            this.SUBRULE(this.operand);
          },
        },
        { ALT: () => this.SUBRULE(this.literal) },
      ]);
    });
  });

  existCondition = this.RULE('existCondition', () => {
    this.CONSUME(Exist);
  });

  // ('allow' | 'allows') String ('on' String)?
  allowCondition = this.RULE('allowCondition', () => {
    this.CONSUME(Allow);
    this.CONSUME(StringLiteral);
    this.OPTION(() => {
      this.CONSUME(On);
      this.CONSUME2(StringLiteral);
    });
  });

  // ('trust' | 'trusts') (String | principalClass)
  trustCondition = this.RULE('trustCondition', () => {
    this.CONSUME(Trust);
    this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.SUBRULE(this.principalClass) }]);
  });

  // ('can' | 'be able to') ('escalate' | canActions ('on' String)?) 'unconditionally'?
  canCondition = this.RULE('canCondition', () => {
    this.OR([{ ALT: () => this.CONSUME(Can) }, { ALT: () => this.CONSUME(BeAbleTo) }]);
    this.OR2([
      { ALT: () => this.CONSUME(Escalate) },
      {
        ALT: () => {
          this.SUBRULE(this.canActions);
          this.OPTION(() => {
            this.CONSUME(On);
            this.CONSUME(StringLiteral);
          });
        },
      },
    ]);
    this.OPTION2(() => this.CONSUME(Unconditionally));
  });

  // String | list | Word: an action, a list of them, or a let/param name holding either.
  canActions = this.RULE('canActions', () => {
    this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.SUBRULE(this.list) }, { ALT: () => this.CONSUME(Word) }]);
  });

  // ('admin' | 'be admin') 'unconditionally'?
  adminCondition = this.RULE('adminCondition', () => {
    this.OR([{ ALT: () => this.CONSUME(Admin) }, { ALT: () => this.CONSUME(BeAdmin) }]);
    this.OPTION(() => this.CONSUME(Unconditionally));
  });

  // ('scps deny' | 'rcps deny') guardrailRequest
  guardrailCondition = this.RULE('guardrailCondition', () => {
    this.OR([{ ALT: () => this.CONSUME(ScpsDeny) }, { ALT: () => this.CONSUME(RcpsDeny) }]);
    this.SUBRULE(this.guardrailRequest);
  });

  // ('scps denying' | 'rcps denying') guardrailRequest, after 'have'
  guardrailTail = this.RULE('guardrailTail', () => {
    this.OR([{ ALT: () => this.CONSUME(ScpsDenying) }, { ALT: () => this.CONSUME(RcpsDenying) }]);
    this.SUBRULE(this.guardrailRequest);
  });

  // String ('on' String)? ('outside regions' canActions)? 'unconditionally'?
  guardrailRequest = this.RULE('guardrailRequest', () => {
    this.CONSUME(StringLiteral);
    this.OPTION(() => {
      this.CONSUME(On);
      this.CONSUME2(StringLiteral);
    });
    this.OPTION3(() => {
      this.CONSUME(OutsideRegions);
      this.SUBRULE(this.canActions);
    });
    this.OPTION2(() => this.CONSUME(Unconditionally));
  });

  // ('any' | 'all') namePhrase 'where' condition
  quantifiedCondition = this.RULE('quantifiedCondition', () => {
    this.OR([{ ALT: () => this.CONSUME(Any) }, { ALT: () => this.CONSUME(All) }]);
    this.SUBRULE(this.namePhrase);
    this.CONSUME(Where);
    this.SUBRULE(this.condition);
  });

  // namePhrase (comparison operand | literal (literal | Word)*)?: a bare attribute or named condition
  // (`active`), a comparison (`age > 90d`), or a named condition with arguments (`pinning "sub"`,
  // `between 1d high`: after a literal, a word is a let or param name; no condition is followed by a word)
  attributeCondition = this.RULE('attributeCondition', () => {
    this.SUBRULE(this.namePhrase);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.comparison);
            this.SUBRULE(this.operand);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.literal, { LABEL: 'argument' });
            this.MANY(() => {
              this.OR2([{ ALT: () => this.SUBRULE2(this.literal, { LABEL: 'argument' }) }, { ALT: () => this.CONSUME(Word, { LABEL: 'nameArgument' }) }]);
            });
          },
        },
      ]);
    });
  });

  comparison = this.RULE('comparison', () => {
    this.OR([
      { ALT: () => this.CONSUME(Equal) },
      { ALT: () => this.CONSUME(NotEqual) },
      { ALT: () => this.CONSUME(Less) },
      { ALT: () => this.CONSUME(LessEqual) },
      { ALT: () => this.CONSUME(Greater) },
      { ALT: () => this.CONSUME(GreaterEqual) },
      { ALT: () => this.CONSUME(In) },
      { ALT: () => this.CONSUME(NotIn) },
      { ALT: () => this.CONSUME(Matches) },
      { ALT: () => this.CONSUME(NotMatches) },
      { ALT: () => this.CONSUME(Contains) },
      { ALT: () => this.CONSUME(NotContains) },
      { ALT: () => this.CONSUME(AnyOf) },
      { ALT: () => this.CONSUME(AllOf) },
      { ALT: () => this.CONSUME(NoneOf) },
      { ALT: () => this.CONSUME(SubsetOf) },
    ]);
  });

  operand = this.RULE('operand', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.literal) }, { ALT: () => this.SUBRULE(this.namePhrase) }]);
  });

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(DurationLiteral) },
      { ALT: () => this.CONSUME(DateLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.literal);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.literal);
      });
    });
    this.CONSUME(RBracket);
  });

  // Word+: collection, attribute and binding names, resolved later against the schema.
  namePhrase = this.RULE('namePhrase', () => {
    this.AT_LEAST_ONE(() => this.CONSUME(Word));
  });

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

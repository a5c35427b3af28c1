import { StatementGrammar } from './grammar-statements.ts';
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
  AtLeast,
  AtMost,
  BeAbleTo,
  BeAdmin,
  Can,
  Comma,
  Contains,
  DateLiteral,
  DurationLiteral,
  Equal,
  Escalate,
  Exactly,
  Exist,
  False,
  Greater,
  GreaterEqual,
  Have,
  HaveSome,
  In,
  LBracket,
  Less,
  LessEqual,
  LParen,
  Matches,
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
  PrincipalIs,
  RBracket,
  RcpsDeny,
  RcpsDenying,
  RequiresKey,
  RParen,
  ScpsDeny,
  ScpsDenying,
  StringLiteral,
  SubsetOf,
  True,
  Trust,
  Unconditionally,
  Where,
  With,
  Word,
} from './tokens.ts';

/** The grammar's conditions, from a scope's `where` down to literals: the second layer of the parser (see grammar-statements.ts). */
export abstract class ConditionGrammar extends StatementGrammar {
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
}

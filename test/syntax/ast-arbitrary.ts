import fc from 'fast-check';
import type { Span } from '../../src/diagnostics/index.ts';
import type {
  CanWhat,
  ComparisonOp,
  Condition,
  CountQuantifier,
  DefineDeclaration,
  DurationUnit,
  ExceptClause,
  Filter,
  InlineFilter,
  LetDeclaration,
  Literal,
  MetadataClause,
  NamePhrase,
  Operand,
  PrincipalClass,
  Rule,
  RuleBody,
  RuleFile,
  Scope,
  SomeArticle,
  Statement,
  StringLiteral,
  StringsOperand,
  Word,
} from '../../src/syntax/index.ts';
import { RESERVED_WORDS } from '../../src/syntax/index.ts';

/**
 * fast-check arbitraries of ASTs the parser can produce: words that are not keywords, valid
 * literals, and conditions shaped as the grammar allows (an `and` inside an `and` is a group, a
 * greedy quantifier `where` followed by `and`/`or` is a group, ...). Spans are placeholders: compare
 * trees with `stripSpans`.
 */

export const SPAN: Span = { file: 'generated.guard', start: 0, end: 0 };

// Keywords that the grammar also accepts as words of a name.
const NAME_KEYWORDS = ['trust', 'trusts', 'allow', 'allows'];
const oneWordKeywords = new Set(RESERVED_WORDS.filter((w) => !w.includes(' ')));
const phraseKeywords = new Set(RESERVED_WORDS.filter((w) => w.includes(' ')));

const plainWordText = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,7}$/).filter((w) => !oneWordKeywords.has(w.toLowerCase()));

export const wordText: fc.Arbitrary<string> = fc.oneof({ weight: 9, arbitrary: plainWordText }, { weight: 1, arbitrary: fc.constantFrom(...NAME_KEYWORDS) });

export const word: fc.Arbitrary<Word> = wordText.map((text) => ({ text, span: SPAN }));

/** Two adjacent words must not spell a keyword phrase (`at least`): the lexer would read one token. */
function spellsPhrase(words: readonly Word[]): boolean {
  const lower = words.map((w) => w.text.toLowerCase());
  for (let i = 0; i + 1 < lower.length; i++) {
    if (phraseKeywords.has(`${lower[i]} ${lower[i + 1]}`) || phraseKeywords.has(`${lower[i]} ${lower[i + 1]} ${lower[i + 2]}`)) return true;
  }
  return false;
}

// After `have`, a name starting with an article reads as `have a <list>` (at least one).
const ARTICLES = new Set(['a', 'an', 'some']);

export const namePhrase: fc.Arbitrary<NamePhrase> = fc
  .array(word, { minLength: 1, maxLength: 3 })
  .filter((words) => !spellsPhrase(words) && !ARTICLES.has(words[0]?.text.toLowerCase() ?? ''))
  .map((words) => ({ kind: 'name', words, span: SPAN }));

export const stringLiteral: fc.Arbitrary<StringLiteral> = fc
  .oneof(fc.string({ maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('*', 'iam:PassRole', 'a "quoted" \\ text\n\t'))
  .map((value) => ({ kind: 'string', value, span: SPAN }));

export const dateLiteral: fc.Arbitrary<Extract<Literal, { kind: 'date' }>> = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => ({ kind: 'date', value: d.toISOString().slice(0, 10), span: SPAN }));

const scalarLiteral: fc.Arbitrary<Literal> = fc.oneof(
  stringLiteral,
  fc
    .oneof(
      fc.nat({ max: 1_000_000 }),
      fc.nat({ max: 100_000 }).map((n) => n / 100),
      // Any double the parser accepts: tiny ones print as `1e-7` with String(), and integers up to 2^53.
      fc.double({ min: 0, max: Number.MAX_SAFE_INTEGER, noNaN: true }),
      fc.constantFrom(1e-7, 5e-324, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, 123456789.000001),
    )
    .map((value): Literal => ({ kind: 'number', value, span: SPAN })),
  fc.record({ amount: fc.nat({ max: 100_000 }), unit: fc.constantFrom<DurationUnit>('h', 'd', 'w') }).map(({ amount, unit }): Literal => ({ kind: 'duration', amount, unit, span: SPAN })),
  dateLiteral,
  fc.boolean().map((value): Literal => ({ kind: 'boolean', value, span: SPAN })),
);

export const literal: fc.Arbitrary<Literal> = fc.oneof(
  { weight: 5, arbitrary: scalarLiteral },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.oneof(
          scalarLiteral,
          fc.array(scalarLiteral, { maxLength: 2 }).map((items): Literal => ({ kind: 'list', items, span: SPAN })),
        ),
        {
          maxLength: 3,
        },
      )
      .map((items): Literal => ({ kind: 'list', items, span: SPAN })),
  },
);

const operand: fc.Arbitrary<Operand> = fc.oneof(literal, namePhrase);

const comparisonOp = fc.constantFrom<ComparisonOp>('=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'matches', 'not matches', 'contains', 'not contains', 'any of', 'all of', 'none of', 'subset of');

const principalClass = fc.constantFrom<PrincipalClass>('anyone', 'other accounts', 'service', 'federated provider');

const stringsOperand: fc.Arbitrary<StringsOperand> = fc.oneof(
  stringLiteral,
  fc.array(stringLiteral, { maxLength: 3 }).map((items): Extract<Literal, { kind: 'list' }> => ({ kind: 'list', items, span: SPAN })),
  word.map((w): NamePhrase => ({ kind: 'name', words: [w], span: SPAN })),
);

const primaryLeaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ attribute: namePhrase, style: fc.constantFrom<'have' | 'bare'>('have', 'bare') }).map(({ attribute, style }): Condition => ({ kind: 'have', attribute, style, span: SPAN })),
  fc.record({ attribute: namePhrase, value: literal }).map(({ attribute, value }): Condition => ({ kind: 'have-value', attribute, value, span: SPAN })),
  fc.record({ left: namePhrase, op: comparisonOp, right: operand, style: fc.constantFrom<'have' | 'bare'>('have', 'bare') }).map((r): Condition => ({ kind: 'compare', ...r, span: SPAN })),
  fc.constant<Condition>({ kind: 'exist', span: SPAN }),
  fc.record({ action: stringLiteral, resource: fc.option(stringLiteral, { nil: null }) }).map(({ action, resource }): Condition => ({ kind: 'allow', action, resource, span: SPAN })),
  stringLiteral.map((principal): Condition => ({ kind: 'trust', principal, span: SPAN })),
  principalClass.map((principal): Condition => ({ kind: 'trust-class', principal, span: SPAN })),
  principalClass.map((principal): Condition => ({ kind: 'principal-is', principal, span: SPAN })),
  stringLiteral.map((key): Condition => ({ kind: 'requires-key', key, span: SPAN })),
  fc
    .record({
      style: fc.constantFrom<'can' | 'be able to'>('can', 'be able to'),
      what: fc.oneof(
        fc.constant<CanWhat>({ kind: 'escalate' }),
        fc
          .record({
            actions: stringsOperand,
            resource: fc.option(stringLiteral, { nil: null }),
          })
          .map((r): CanWhat => ({ kind: 'actions', ...r })),
      ),
      unconditionally: fc.boolean(),
    })
    .map((r): Condition => ({ kind: 'can', ...r, span: SPAN })),
  fc.record({ style: fc.constantFrom<'admin' | 'be admin'>('admin', 'be admin'), unconditionally: fc.boolean() }).map((r): Condition => ({ kind: 'admin', ...r, span: SPAN })),
  fc
    .record({
      policies: fc.constantFrom<'scps' | 'rcps'>('scps', 'rcps'),
      style: fc.constantFrom<'deny' | 'have denying'>('deny', 'have denying'),
      action: stringLiteral,
      resource: fc.option(stringLiteral, { nil: null }),
      regions: fc.option(stringsOperand, { nil: null }),
      unconditionally: fc.boolean(),
    })
    .map((r): Condition => ({ kind: 'guardrail', ...r, span: SPAN })),
);

/**
 * A named condition with arguments. Its name does not start with `allow` or `trust`: `allow "x"` is
 * the policy predicate (the checker refuses such a definition with parameters).
 */
const namedUse: fc.Arbitrary<Condition> = fc
  .record({
    name: namePhrase.filter((p) => !NAME_KEYWORDS.includes(p.words[0]?.text ?? '')),
    first: literal,
    // After the first literal, let or param names too (one plain word each; two in a row must not spell a keyword phrase).
    more: fc.array(
      fc.oneof(
        literal,
        plainWordText.map((text): Operand => ({ kind: 'name', words: [{ text, span: SPAN }], span: SPAN })),
      ),
      { maxLength: 2 },
    ),
  })
  .filter(({ more }) => !spellsPhrase(more.flatMap((a) => (a.kind === 'name' ? a.words : [{ text: '"', span: SPAN }]))))
  .map(({ name, first, more }): Condition => ({ kind: 'named', name, arguments: [first, ...more], span: SPAN }));

/** Any condition tree, before it is made parseable by `parseable`. */
const rawCondition: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: primaryLeaf },
    { weight: 1, arbitrary: namedUse },
    fc
      .record({
        quantifier: fc.constantFrom<CountQuantifier>('at least', 'at most', 'exactly'),
        count: fc.nat({ max: 20 }),
        attribute: namePhrase,
        where: fc.option(tie('condition'), { nil: null }),
      })
      .map((r): Condition => ({ kind: 'count', ...r, span: SPAN })),
    fc.record({ attribute: namePhrase, where: fc.option(tie('condition'), { nil: null }) }).map((r): Condition => ({ kind: 'no', ...r, span: SPAN })),
    fc.record({ article: fc.constantFrom<SomeArticle>('a', 'an', 'some', 'any'), attribute: namePhrase, where: fc.option(tie('condition'), { nil: null }) }).map((r): Condition => ({ kind: 'some', ...r, span: SPAN })),
    fc.record({ kind: fc.constantFrom<'any' | 'all'>('any', 'all'), attribute: namePhrase, where: tie('condition') }).map((r): Condition => ({ ...r, span: SPAN })),
    fc.record({ kind: fc.constantFrom<'and' | 'or'>('and', 'or'), operands: fc.array(tie('condition'), { minLength: 2, maxLength: 3 }) }).map(({ kind, operands }): Condition => {
      const [a, b, ...rest] = operands as [Condition, Condition, ...Condition[]];
      return { kind, operands: [a, b, ...rest], span: SPAN };
    }),
    tie('condition').map((operand): Condition => ({ kind: 'not', operand, span: SPAN })),
    tie('condition').map((operand): Condition => ({ kind: 'group', operand, span: SPAN })),
  ),
})).condition;

type Level = 0 | 1 | 2 | 3;

function levelOf(c: Condition): Level {
  return c.kind === 'or' ? 0 : c.kind === 'and' ? 1 : c.kind === 'not' ? 2 : 3;
}

function group(c: Condition): Condition {
  return { kind: 'group', operand: c, span: SPAN };
}

/**
 * The tree the parser would build from the printed text: groups where the grammar needs
 * parentheses. `min` is the binding strength the slot needs; `followed` says `and`/`or` come next.
 * Mirrors the grammar, not the printer: the property then checks the two agree.
 */
export function parseable(c: Condition, min: Level, followed: boolean): Condition {
  if (levelOf(c) < min) return group(parseable(c, 0, false));
  switch (c.kind) {
    case 'and':
    case 'or': {
      const operandMin: Level = c.kind === 'and' ? 2 : 1;
      const last = c.operands.length - 1;
      const [a, b, ...rest] = c.operands.map((o, i) => parseable(o, operandMin, i < last || followed)) as [Condition, Condition, ...Condition[]];
      return { ...c, operands: [a, b, ...rest] };
    }
    case 'not':
      return { ...c, operand: parseable(c.operand, 2, followed) };
    case 'group':
      return { ...c, operand: parseable(c.operand, 0, false) };
    case 'any':
    case 'all': {
      const inner: Condition = { ...c, where: parseable(c.where, 0, false) };
      return followed ? group(inner) : inner;
    }
    case 'count':
    case 'no':
    case 'some': {
      if (c.where === null) return c;
      const inner: Condition = { ...c, where: parseable(c.where, 0, false) };
      return followed ? group(inner) : inner;
    }
    default:
      return c;
  }
}

export const condition: fc.Arbitrary<Condition> = rawCondition.map((c) => parseable(c, 0, false));

const inlineFilter: fc.Arbitrary<InlineFilter> = fc
  .record({
    comparison: fc.option(fc.record({ op: comparisonOp, right: operand }), { nil: null }),
    rest: fc.array(fc.record({ connective: fc.constantFrom<'and' | 'or'>('and', 'or'), condition: rawCondition }), { maxLength: 2 }),
  })
  .filter((f) => f.comparison !== null || f.rest.length > 0)
  .map((f): InlineFilter => {
    const last = f.rest.length - 1;
    return { kind: 'inline', comparison: f.comparison, rest: f.rest.map((r, i) => ({ ...r, condition: parseable(r.condition, 2, i < last) })), span: SPAN };
  });

const filter: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({ kind: fc.constantFrom<'where' | 'with'>('where', 'with'), condition }).map((r): Filter => ({ ...r, span: SPAN })),
  inlineFilter,
);

export const scope: fc.Arbitrary<Scope> = fc.record({ phrase: namePhrase, filter: fc.option(filter, { nil: null }) }).map((r): Scope => ({ kind: 'scope', ...r, span: SPAN }));

export const ruleBody: fc.Arbitrary<RuleBody> = fc.oneof(
  scope.map((s): RuleBody => ({ kind: 'denied', scope: s, span: SPAN })),
  fc.record({ kind: fc.constantFrom<'must' | 'must-not'>('must', 'must-not'), scope, condition }).map((r): RuleBody => ({ ...r, span: SPAN })),
);

const metadataClause: fc.Arbitrary<MetadataClause> = fc.oneof(
  word.map((value): MetadataClause => ({ kind: 'metadata', key: 'severity', keySpan: SPAN, value, span: SPAN })),
  fc.record({ key: fc.constantFrom<'rationale' | 'remediation'>('rationale', 'remediation'), value: stringLiteral }).map((r): MetadataClause => ({ kind: 'metadata', ...r, keySpan: SPAN, span: SPAN })),
  literal.map((value): MetadataClause => ({ kind: 'metadata', key: 'references', keySpan: SPAN, value, span: SPAN })),
);

const exceptClause: fc.Arbitrary<ExceptClause> = fc
  .record({
    target: namePhrase,
    name: stringLiteral,
    until: fc.option(dateLiteral, { nil: null }),
    because: fc.option(stringLiteral, { nil: null }),
  })
  .map((r): ExceptClause => ({ kind: 'except', ...r, span: SPAN }));

const ruleIdText = fc.array(wordText, { minLength: 1, maxLength: 3 }).map((words) => words.join('.'));

export const rule: fc.Arbitrary<Rule> = fc.oneof(
  ruleBody.map((body): Rule => ({ kind: 'rule', id: null, title: null, metadata: [], body, exceptions: [], span: SPAN })),
  fc
    .record({
      id: ruleIdText,
      title: fc.option(stringLiteral, { nil: null }),
      metadata: fc.array(metadataClause, { maxLength: 3 }),
      body: ruleBody,
      exceptions: fc.array(exceptClause, { maxLength: 2 }),
    })
    .map((r): Rule => ({ kind: 'rule', ...r, id: { text: r.id, span: SPAN }, span: SPAN })),
);

export const letDeclaration: fc.Arbitrary<LetDeclaration> = fc.record({ kind: fc.constantFrom<'let' | 'param'>('let', 'param'), name: word, value: literal }).map((r): LetDeclaration => ({ ...r, span: SPAN }));

export const defineDeclaration: fc.Arbitrary<DefineDeclaration> = fc
  .record({
    name: namePhrase,
    parameters: fc.array(fc.record({ name: word, type: word }), { maxLength: 2 }),
    target: namePhrase,
    condition,
  })
  .map((r): DefineDeclaration => ({ kind: 'define', ...r, parameters: r.parameters.map((p) => ({ ...p, span: SPAN })), span: SPAN }));

export const statement: fc.Arbitrary<Statement> = fc.oneof({ weight: 4, arbitrary: rule }, { weight: 1, arbitrary: letDeclaration }, { weight: 1, arbitrary: defineDeclaration });

export const ruleFile: fc.Arbitrary<RuleFile> = fc.array(statement, { maxLength: 4 }).map((statements): RuleFile => ({ kind: 'file', path: 'generated.guard', statements, comments: [] }));

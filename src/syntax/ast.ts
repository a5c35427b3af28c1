import type { Span } from '../diagnostics/index.ts';

/**
 * The AST of rule files: readonly discriminated unions with a span on every node.
 * Names of collections and attributes are not keywords: the parser keeps them as phrases of words
 * and semantics/resolve-names.ts splits and resolves them against the schema.
 * Structural equality ignores spans (see `stripSpans` in ast-equality.ts).
 */

export interface Word {
  readonly text: string;
  readonly span: Span;
}

/** One or more words naming a collection, an attribute, a link path, or a let/param name. */
export interface NamePhrase {
  readonly kind: 'name';
  readonly words: readonly Word[];
  readonly span: Span;
}

export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  /** `90d`, `12h`, `2w`: `amount` of `unit`. */
  | { readonly kind: 'duration'; readonly amount: number; readonly unit: DurationUnit; readonly span: Span }
  /** `2027-03-01`: a calendar date, kept as written (YYYY-MM-DD). */
  | { readonly kind: 'date'; readonly value: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'list'; readonly items: readonly Literal[]; readonly span: Span };

export type DurationUnit = 'h' | 'd' | 'w';

/** The right-hand side of a comparison: a literal, or a name (a let/param binding or an attribute). */
export type Operand = Literal | NamePhrase;

export type ComparisonOp =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'matches'
  | 'not matches'
  | 'contains'
  | 'not contains'
  /** List operators that say what they do: some, every, no element of the right-hand list; every element of the left in it. */
  | 'any of'
  | 'all of'
  | 'none of'
  | 'subset of';

export type CountQuantifier = 'at least' | 'at most' | 'exactly';

export type Condition =
  /** `have mfa`, or a bare attribute `mfa`: true boolean, non-empty collection, present value. */
  | { readonly kind: 'have'; readonly attribute: NamePhrase; readonly style: 'have' | 'bare'; readonly span: Span }
  /** `have condition "x"`: the attribute equals the value, or (for a list) contains it. */
  | { readonly kind: 'have-value'; readonly attribute: NamePhrase; readonly value: Operand; readonly span: Span }
  /** `age > 90d`, `have minimum length >= 14`, `name not in break_glass`. */
  | {
      readonly kind: 'compare';
      readonly left: NamePhrase;
      readonly op: ComparisonOp;
      readonly right: Operand;
      readonly style: 'have' | 'bare';
      readonly span: Span;
    }
  /** `have at least 1 groups`, `have at most 1 access keys where active`. */
  | {
      readonly kind: 'count';
      readonly quantifier: CountQuantifier;
      readonly count: number;
      readonly attribute: NamePhrase;
      readonly where: Condition | null;
      readonly span: Span;
    }
  /** `have no inline policies`, `have no statements where effect = "Allow"`. */
  | { readonly kind: 'no'; readonly attribute: NamePhrase; readonly where: Condition | null; readonly span: Span }
  /** `any access keys where active`, `all mfa devices where virtual`. */
  | {
      readonly kind: 'any' | 'all';
      readonly attribute: NamePhrase;
      readonly where: Condition;
      readonly span: Span;
    }
  /** `exist` / `exists`. */
  | { readonly kind: 'exist'; readonly span: Span }
  /** `allow "iam:PassRole" on "*"`; `on` defaults to `"*"` when omitted. */
  | {
      readonly kind: 'allow';
      readonly action: StringLiteral;
      readonly resource: StringLiteral | null;
      readonly span: Span;
    }
  /** `trust "token.actions.githubusercontent.com"`. */
  | { readonly kind: 'trust'; readonly principal: StringLiteral; readonly span: Span }
  /** `trust anyone`, `trust other accounts`, `trust a service`, `trust a federated provider`: a role's trust by class of principal. */
  | { readonly kind: 'trust-class'; readonly principal: PrincipalClass; readonly span: Span }
  /** `principal is a service`: a statement's principal by class. */
  | { readonly kind: 'principal-is'; readonly principal: PrincipalClass; readonly span: Span }
  /** `requires key "sts:ExternalId"`: a statement's condition requires the key (a glob), ignoring case. */
  | { readonly kind: 'requires-key'; readonly key: StringLiteral; readonly span: Span }
  /**
   * `have a trust statement where ...`, `have some statements`, `have any access keys where active`:
   * at least one. `article` keeps the word as written.
   */
  | { readonly kind: 'some'; readonly article: SomeArticle; readonly attribute: NamePhrase; readonly where: Condition | null; readonly span: Span }
  /**
   * A principal's effective permissions: `can "iam:PassRole" on "*"`, `be able to ["a", "b"]`,
   * `can escalate`, each optionally `unconditionally`. `style` keeps the verb as written, so that
   * `must not be able to` and `where can` both print back as they read.
   */
  | { readonly kind: 'can'; readonly style: 'can' | 'be able to'; readonly what: CanWhat; readonly unconditionally: boolean; readonly span: Span }
  /**
   * An account's organization guardrails refuse a request: `scps deny "organizations:LeaveOrganization"`,
   * `have rcps denying "s3:GetObject" on "arn:aws:s3:::b/*" unconditionally`. `style` keeps the form
   * as written (`must have scps denying` reads as a sentence; `where scps deny` as a condition).
   */
  | {
      readonly kind: 'guardrail';
      readonly policies: 'scps' | 'rcps';
      readonly style: 'deny' | 'have denying';
      readonly action: StringLiteral;
      readonly resource: StringLiteral | null;
      /** `outside regions ["eu-west-1"]` (a string, a list, or a let/param name): the request is made in any other region. */
      readonly regions: StringsOperand | null;
      readonly unconditionally: boolean;
      readonly span: Span;
    }
  /**
   * A named condition used with arguments: `pinning "token.actions.githubusercontent.com*:sub"`.
   * Without arguments a use is a bare `have` phrase (`trusting github actions`), which the checker
   * resolves to an attribute or a definition, so the tree of a rule does not change with the names
   * in scope. After the first literal an argument may be a let, param or parameter name (one word:
   * `between 1d high`); names before it are words of the phrase (`between low 10d`), which the
   * checker splits off.
   */
  | { readonly kind: 'named'; readonly name: NamePhrase; readonly arguments: readonly [Literal, ...Operand[]]; readonly span: Span }
  /** `admin`, `be admin`, optionally `unconditionally`: the principal can do `*` on `*`. */
  | { readonly kind: 'admin'; readonly style: 'admin' | 'be admin'; readonly unconditionally: boolean; readonly span: Span }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly [Condition, Condition, ...Condition[]]; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Condition; readonly span: Span }
  /** `( ... )`: kept so that the printer and diagnostics can show what the author wrote. */
  | { readonly kind: 'group'; readonly operand: Condition; readonly span: Span }
  /** A part the parser could not read (after error recovery); never checked or evaluated. */
  | { readonly kind: 'error'; readonly span: Span };

export type StringLiteral = Extract<Literal, { kind: 'string' }>;

/** Classes of principal: `*` (public), accounts outside this one and its organization, services, identity providers. */
export type PrincipalClass = 'anyone' | 'other accounts' | 'service' | 'federated provider';

export type SomeArticle = 'a' | 'an' | 'some' | 'any';

/**
 * What `can` asks: some of the actions (a string, a list literal, or a let/param name holding
 * either) on a resource, or whether some privilege-escalation path applies.
 */
/** A string, a list literal, or a let/param name holding either: the actions of `can`, the regions of a region guardrail. */
export type StringsOperand = StringLiteral | Extract<Literal, { kind: 'list' }> | NamePhrase;

export type CanWhat = { readonly kind: 'actions'; readonly actions: StringsOperand; readonly resource: StringLiteral | null } | { readonly kind: 'escalate' };

/**
 * A filter written straight after the collection's name: `users unused > 90d`,
 * `roles unused > 90d and not service linked`. The phrase of the scope holds every word up to
 * the operator; semantics splits it into the collection and the attribute. `comparison` is the
 * operator and operand after that phrase (absent for `users mfa`), `rest` the conditions joined
 * after it, in source order (`and` binds tighter than `or`, as everywhere).
 */
export interface InlineFilter {
  readonly kind: 'inline';
  readonly comparison: { readonly op: ComparisonOp; readonly right: Operand } | null;
  readonly rest: readonly { readonly connective: 'and' | 'or'; readonly condition: Condition }[];
  readonly span: Span;
}

export type Filter = { readonly kind: 'where' | 'with'; readonly condition: Condition; readonly span: Span } | InlineFilter;

export interface Scope {
  readonly kind: 'scope';
  readonly phrase: NamePhrase;
  readonly filter: Filter | null;
  readonly span: Span;
}

export type RuleBody = { readonly kind: 'must' | 'must-not'; readonly scope: Scope; readonly condition: Condition; readonly span: Span } | { readonly kind: 'denied'; readonly scope: Scope; readonly span: Span };

/** `except user "legacy-ci" until 2027-03-01 because "moving to OIDC"`. */
export interface ExceptClause {
  readonly kind: 'except';
  /** What kind of resource, e.g. `user`, `access key`, `role`. */
  readonly target: NamePhrase;
  /** Its name or ARN; a glob is allowed (`"svc-*"`). */
  readonly name: StringLiteral;
  readonly until: Extract<Literal, { kind: 'date' }> | null;
  readonly because: StringLiteral | null;
  readonly span: Span;
}

export type MetadataKey = 'severity' | 'rationale' | 'remediation' | 'references';

/** `severity high`, `rationale "..."`, `remediation "..."`, `references ["CIS 1.4", ...]`. */
export interface MetadataClause {
  readonly kind: 'metadata';
  readonly key: MetadataKey;
  readonly keySpan: Span;
  /** A word for `severity` (`critical`), a literal otherwise. */
  readonly value: Literal | Word;
  readonly span: Span;
}

/** A rule id: words joined by dots, `root.no-access-keys`, `stale-keys`. */
export interface RuleId {
  readonly text: string;
  readonly span: Span;
}

export interface Rule {
  readonly kind: 'rule';
  /** Null for a bare statement (`root must have mfa`); its id is derived from its text. */
  readonly id: RuleId | null;
  readonly title: StringLiteral | null;
  /** In source order, header clauses first, then those after the body. */
  readonly metadata: readonly MetadataClause[];
  readonly body: RuleBody;
  readonly exceptions: readonly ExceptClause[];
  readonly span: Span;
}

export interface LetDeclaration {
  readonly kind: 'let' | 'param';
  readonly name: Word;
  readonly value: Literal;
  readonly span: Span;
}

/** A parameter of a named condition: `key string` in `define pinning (key string) for statements:`. */
export interface DefineParameter {
  readonly name: Word;
  /** A constant type: `string`, `number`, `duration`, `date`, `boolean`, or a plural for a list. */
  readonly type: Word;
  readonly span: Span;
}

/**
 * `define trusting github actions for statements:` and a condition: a named condition, usable by
 * name in every file checked with this one, on entities of the type `target` names.
 */
export interface DefineDeclaration {
  readonly kind: 'define';
  readonly name: NamePhrase;
  readonly parameters: readonly DefineParameter[];
  readonly target: NamePhrase;
  readonly condition: Condition;
  readonly span: Span;
}

export type Statement =
  | Rule
  | LetDeclaration
  | DefineDeclaration
  /** A statement the parser could not read; its diagnostics were reported. */
  | { readonly kind: 'error'; readonly span: Span };

export interface Comment {
  /** Without the leading `#`. */
  readonly text: string;
  readonly span: Span;
}

export interface RuleFile {
  readonly kind: 'file';
  readonly path: string;
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
  /**
   * Offsets of the source's line breaks (`\n`), so the printer can keep blank lines and put each
   * comment back at the end of its line or on a line of its own. Absent for a file built in code.
   */
  readonly lineBreaks?: readonly number[];
}

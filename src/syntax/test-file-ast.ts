import type { Span } from '../diagnostics/index.ts';
import type { Comment, Condition, Literal, NamePhrase, RuleId, Scope, StringLiteral } from './ast.ts';

/**
 * The AST of test files (`*.test.guard`, docs/guard-test.md): example tests (a compact account and
 * expected outcomes) and property tests (`for all accounts where <condition>, expect ...`). Like the
 * rule AST: readonly unions with a span on every node; a part that did not parse is `{ kind: 'error' }`.
 */

export type TestOutcome = 'pass' | 'fail' | 'unknown' | 'waived';

/** What an expectation is about: one resource by name, or every entity of a scope. */
export type ExpectationTarget =
  /** `access key "alice/1"`. */
  | { readonly kind: 'resource'; readonly type: NamePhrase; readonly name: StringLiteral; readonly span: Span }
  /** `access keys where active and age > 90d`. */
  | { readonly kind: 'scope'; readonly scope: Scope; readonly span: Span };

/** `expect stale-keys fails on access key "alice/1"`. */
export interface Expectation {
  readonly kind: 'expect';
  readonly rule: RuleId;
  readonly outcome: TestOutcome;
  readonly outcomeSpan: Span;
  readonly target: ExpectationTarget | null;
  readonly span: Span;
}

/**
 * `user "alice" with console access and not mfa`: an entity of the example account. `settings` is
 * written as a condition (`and` of `attr`, `not attr`, `attr = value`, `allow ...`, `trust ...`)
 * and read as assignments.
 */
export interface EntityDeclaration {
  readonly kind: 'entity';
  readonly type: NamePhrase;
  /** Null for singletons (`root with mfa`). */
  readonly name: StringLiteral | null;
  readonly settings: Condition | null;
  readonly span: Span;
}

/** `missing credential report`: a section the example's snapshot did not collect. */
export interface MissingSection {
  readonly kind: 'missing';
  readonly section: NamePhrase | StringLiteral;
  readonly span: Span;
}

export type ExampleLine = EntityDeclaration | MissingSection | Expectation | { readonly kind: 'error'; readonly span: Span };

export interface ExampleTest {
  readonly kind: 'example';
  readonly name: StringLiteral;
  /** The evaluation time: a date (midnight UTC) or an ISO 8601 string; null for the default. */
  readonly at: Extract<Literal, { kind: 'date' }> | StringLiteral | null;
  readonly lines: readonly ExampleLine[];
  readonly span: Span;
}

export interface PropertySetting {
  readonly value: number;
  readonly span: Span;
}

/** `[property "name" runs 500 seed 7:] for all accounts where <condition>, expect <rule> <outcome> [on <target>]`. */
export interface PropertyTest {
  readonly kind: 'property';
  readonly name: StringLiteral | null;
  readonly runs: PropertySetting | null;
  readonly seed: PropertySetting | null;
  /** The word after `for all`: `accounts`. */
  readonly accounts: NamePhrase;
  readonly where: Condition | null;
  readonly expectation: Expectation;
  readonly span: Span;
}

export type TestStatement = ExampleTest | PropertyTest | { readonly kind: 'error'; readonly span: Span };

export interface TestFile {
  readonly kind: 'test-file';
  readonly path: string;
  readonly statements: readonly TestStatement[];
  readonly comments: readonly Comment[];
}

import type { Span } from '../diagnostics/index.ts';
import type { AttributeType, CaseFolding, EntityType } from '../model/index.ts';
import type { ComparisonOp, CountQuantifier, Rule, RuleFile } from '../syntax/index.ts';
import type { RuleSeverity } from './severity.ts';

/**
 * The checked AST: every name resolved against the schema, every expression typed. This is what
 * the compiler and the reference evaluator consume; it carries no unresolved phrases.
 */

/** A walk from the entity in scope through single links to an attribute: `user` → `mfa`. */
export interface AttributePath {
  /** Canonical attribute names; every step but the last is a `link`. */
  readonly steps: readonly string[];
  /** Type of the last step. */
  readonly type: AttributeType;
  /** As the author wrote it, for evidence keys and messages. */
  readonly text: string;
  readonly span: Span;
  /** The attribute's strings are what IAM compares ignoring case (schema `caseInsensitive`). */
  readonly caseInsensitive?: CaseFolding;
}

/**
 * An attribute a rule reads, as a walk from the rule's entity: `steps[i]` is an attribute of entity
 * type `on[i]` (so `on[0]` is the rule's entity type, and `on[i + 1]` the target of the link or list
 * of links `steps[i]`), and every step of the walk is read. A step into a list of links reads that
 * attribute on each linked entity, as a `where` or count filter does: `users must have no access keys
 * where active` reads `access_keys` (on user) and `access_keys.active` (`active` on access-key).
 * The relation's own path is a read of its own. `allow` and `trust` read their policy documents
 * attribute, `exist` its `exists` attribute where the type has one. A resource's identity (name,
 * ARN, key, owner), which link comparisons and exceptions use, is not an attribute and never listed.
 * A permissions predicate (`can`, `admin`) reads what the permission analysis reads of every
 * principal and policy, not only of the rule's entity: those reads are one step each, on their own
 * type (`PERMISSION_READS`, model/permissions/reads.ts).
 */
export interface AttributeRead {
  readonly steps: readonly string[];
  readonly on: readonly EntityType[];
  /** The type of the last step. */
  readonly type: AttributeType;
}

/** The type of a constant: literal types, plus lists of them. */
export type ConstantType = { readonly kind: 'boolean' | 'number' | 'string' | 'date' | 'duration' } | { readonly kind: 'list'; readonly of: 'boolean' | 'number' | 'string' | 'date' | 'duration' | 'empty' };

/** A constant's runtime value: dates as epoch ms of the day's start (UTC), durations in ms. */
export type ConstantValue = boolean | number | string | readonly (boolean | number | string)[];

export type CheckedOperand = { readonly kind: 'constant'; readonly type: ConstantType; readonly value: ConstantValue; readonly text: string } | { readonly kind: 'attribute'; readonly path: AttributePath };

export type CheckedCondition =
  /** True boolean, non-empty list, present value. */
  | { readonly kind: 'have'; readonly path: AttributePath; readonly span: Span }
  | {
      readonly kind: 'compare';
      readonly op: ComparisonOp;
      readonly left: AttributePath;
      readonly right: CheckedOperand;
      /** Dates compared with a date literal compare by UTC calendar day. */
      readonly byDay: boolean;
      readonly span: Span;
    }
  | {
      readonly kind: 'count';
      readonly quantifier: CountQuantifier;
      readonly count: number;
      readonly path: AttributePath;
      readonly where: CheckedCondition | null;
      readonly span: Span;
    }
  | { readonly kind: 'any' | 'all'; readonly path: AttributePath; readonly where: CheckedCondition; readonly span: Span }
  | { readonly kind: 'exist'; readonly attribute: string | null; readonly span: Span }
  | { readonly kind: 'allow'; readonly attribute: string; readonly action: string; readonly resource: string; readonly span: Span }
  | { readonly kind: 'trust'; readonly attribute: string; readonly principal: string; readonly span: Span }
  /**
   * `allow "A" on "R"` on a statement: it is an Allow covering the request, by IAM's matching.
   * `reads` are its `effect`, `actions`, `not_actions`, `resources` and `not_resources`, in that order.
   */
  | { readonly kind: 'statement-allow'; readonly action: string; readonly resource: string; readonly reads: readonly AttributePath[]; readonly span: Span }
  /**
   * `can`, `admin`, `can escalate`: a principal's effective permissions (docs/permissions.md).
   * Without `unconditionally` a grant under request-time conditions counts.
   */
  | { readonly kind: 'permission'; readonly question: PermissionQuestion; readonly unconditionally: boolean; readonly text: string; readonly span: Span }
  /**
   * `scps deny`, `rcps deny` (and `have scps denying`): the account's SCP or RCP chain refuses the
   * request, perhaps only under request-time conditions; with `unconditionally`, whatever the
   * request carries. `resource` is `*` when not written.
   */
  | {
      readonly kind: 'guardrail';
      readonly policies: 'scp' | 'rcp';
      readonly action: string;
      readonly resource: string;
      /** `outside regions [...]`: the allowed regions, the request being made in any other; null without. */
      readonly regions: readonly string[] | null;
      readonly unconditionally: boolean;
      readonly text: string;
      readonly span: Span;
    }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly CheckedCondition[]; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: CheckedCondition; readonly span: Span }
  /** A let or param comparison decided at check time; when false, `reason` says why (`param allowed_regions is empty`) for the reports of a rule it switches off. */
  | { readonly kind: 'constant'; readonly value: boolean; readonly span: Span; readonly reason?: string };

/**
 * What a permissions predicate asks: some of `actions` (actions or globs) on `resource` (null: some
 * resource of the action's types; see PermissionQuery), `*` on `*`, or some escalation path.
 */
export type PermissionQuestion = { readonly kind: 'can'; readonly actions: readonly string[]; readonly resource: string | null } | { readonly kind: 'admin' } | { readonly kind: 'escalate' };

export interface CheckedScope {
  /** Canonical collection name. */
  readonly collection: string;
  readonly entityType: EntityType;
  /** Null when the whole collection is in scope. */
  readonly filter: CheckedCondition | null;
  readonly text: string;
}

export type CheckedBody = { readonly kind: 'must' | 'must-not'; readonly scope: CheckedScope; readonly condition: CheckedCondition } | { readonly kind: 'denied'; readonly scope: CheckedScope };

export interface CheckedException {
  /** The resource type the exception names (`user`), matching findings on it and on what it owns. */
  readonly entityType: EntityType;
  /** A name, ARN or glob. */
  readonly name: string;
  /** Epoch ms of the end (exclusive) of the expiry day, UTC; null never expires (a warning is given). */
  readonly expiresAt: number | null;
  readonly until: string | null;
  readonly reason: string | null;
  readonly span: Span;
  readonly location: { readonly file: string; readonly line: number; readonly column: number };
}

export interface CheckedRule {
  readonly id: string;
  readonly title: string;
  readonly severity: RuleSeverity;
  readonly rationale: string | null;
  readonly remediation: string | null;
  readonly references: readonly string[];
  readonly body: CheckedBody;
  readonly exceptions: readonly CheckedException[];
  /** The source rule, for printing. */
  readonly source: Rule;
  /** Where the rule starts (1-based line and column). */
  readonly location: { readonly file: string; readonly line: number; readonly column: number };
  /** The statement as written on its first line, for text output. */
  readonly sourceLine: string;
  /**
   * Every attribute the rule's evaluation can read, each path once, in source order (the scope
   * filter's, then the condition's): see `AttributeRead`. Complete: evaluating the rule on a model
   * whose other attributes are anything gives the same verdicts (test/semantics/rule-reads.test.ts).
   */
  readonly reads: readonly AttributeRead[];
}

export interface ParamDeclaration {
  readonly name: string;
  readonly type: ConstantType;
  readonly defaultValue: ConstantValue;
  readonly file: string;
  readonly span: Span;
}

/**
 * What text checked later against a program (a test file's conditions and scopes) needs to use its
 * named conditions: the rule files that define some, without their rules (a definition sees its
 * file's lets and params), and the `--param` values the program was checked with.
 */
export interface ProgramDefinitions {
  readonly files: readonly { readonly ast: RuleFile; readonly text: string }[];
  readonly params: Readonly<Record<string, string>>;
}

export interface CheckedProgram {
  readonly rules: readonly CheckedRule[];
  readonly params: readonly ParamDeclaration[];
  /** Absent for a program assembled in code (compiled rules alone): it then has no named conditions to share. */
  readonly definitions?: ProgramDefinitions;
}

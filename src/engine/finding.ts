import type { EntityType } from '../model/index.ts';
import type { RuleSeverity } from '../semantics/index.ts';

export { RULE_SEVERITIES, type RuleSeverity, severityRank } from '../semantics/index.ts';

/** Findings: what evaluation produces and every reporter renders. Plain JSON-safe data. */

export type FindingStatus = 'fail' | 'unknown' | 'waived';

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** A rule as reporters see it: identity, metadata, and where it is written. */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: RuleSeverity;
  readonly rationale: string | null;
  readonly remediation: string | null;
  readonly references: readonly string[];
  readonly location: SourceLocation;
  /** The rule's statement as written (first line of the body), for text output. */
  readonly source: string;
  /** Set when the rule's params switch it off (`param allowed_regions is empty`): it was not evaluated. */
  readonly off?: string;
}

export interface ResourceRef {
  readonly type: EntityType;
  readonly name: string;
  readonly arn: string | null;
  /** Stable identity (ARN or synthesized path), the basis of fingerprints. */
  readonly key: string;
}

export type EvidenceValue = null | boolean | number | string | 'unknown' | readonly EvidenceValue[];

export interface Waiver {
  /** Where the exception came from: a rule's `except` clause or an exceptions file. */
  readonly source: 'rule' | 'exceptions-file';
  readonly until: string | null;
  readonly reason: string | null;
  readonly location: SourceLocation | null;
  /** Who answers for the exception and where it was decided (exceptions files carry both). */
  readonly owner?: string;
  readonly ticket?: string;
}

/** The account a finding belongs to, in an organization run (`guard eval --snapshot dir/`); absent for a single snapshot. */
export interface AccountRef {
  readonly id: string;
  readonly name: string | null;
}

export interface Finding {
  readonly rule: string;
  /** Set in organization runs only, so a single account's findings (and their fingerprints) are as before. */
  readonly account?: AccountRef;
  readonly severity: RuleSeverity;
  readonly status: FindingStatus;
  readonly resource: ResourceRef;
  readonly message: string;
  /** The attribute values that decided the verdict, by attribute name; dates as ISO strings, durations as `123d`. */
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
  readonly location: SourceLocation;
  readonly waiver: Waiver | null;
  /** An exception that matched this finding but has expired: the finding fails again. */
  readonly expiredWaiver: Waiver | null;
}

/**
 * A rule whose scope matched no entity: its collection was listed, and it has no entities
 * (`no-entities`) or its `where` filter was false for every one (`filter`, often a typo in a
 * literal). A filter that is unknown for some entity leaves the scope unknown, not empty; a
 * collection not collected gives an unknown finding instead.
 */
export interface EmptyScope {
  readonly rule: string;
  readonly reason: 'no-entities' | 'filter';
}

export interface Summary {
  readonly rules: number;
  readonly fail: number;
  readonly unknown: number;
  readonly waived: number;
  /** (rule, resource) pairs that were checked and passed. */
  readonly pass: number;
}

/** One account of an organization run: evaluated, or reported as not readable (never skipped silently). */
export interface AccountRun {
  /** Null only when a file could not be read far enough to name its account. */
  readonly id: string | null;
  readonly name: string | null;
  /** The snapshot file as shown to the user (relative to the working directory); null for a manifest entry with no file. */
  readonly file: string | null;
  readonly status: 'evaluated' | 'failed';
  readonly capturedAt: string | null;
  readonly now: string | null;
  /** (rule, resource) pairs checked and passed; failing, unknown and waived ones are counted from the findings. */
  readonly pass: number;
  readonly missingSections: readonly string[];
  /** Why a failed account was not evaluated, in one line. */
  readonly error: string | null;
  /** The rules whose scope matched nothing in this account; absent when none did. */
  readonly emptyScopes?: readonly EmptyScope[];
}

/** What an organization run adds to a result: every account, in account-id order (failed ones without an id last, by file). */
export interface OrganizationRun {
  readonly id: string | null;
  readonly accounts: readonly AccountRun[];
  /** `--shard i/n`: this result covers share i of n. */
  readonly shard: { readonly index: number; readonly count: number } | null;
}

export interface EvaluationResult {
  /** Present for organization runs: the findings then carry their account. */
  readonly organization?: OrganizationRun;
  readonly snapshot: { readonly account: string; readonly capturedAt: string };
  /** Evaluation time as ISO 8601. */
  readonly now: string;
  readonly rules: readonly RuleInfo[];
  readonly summary: Summary;
  /** Sorted: by rule order in the files, then resource key. */
  readonly findings: readonly Finding[];
  /** Snapshot sections not collected, so rules depending on them are unknown. */
  readonly missingSections: readonly string[];
  /** A single snapshot's rules whose scope matched nothing, in rule order; absent when none did (organization runs keep them per account). */
  readonly emptyScopes?: readonly EmptyScope[];
}

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

export interface Finding {
  readonly rule: string;
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

export interface Summary {
  readonly rules: number;
  readonly fail: number;
  readonly unknown: number;
  readonly waived: number;
  /** (rule, resource) pairs that were checked and passed. */
  readonly pass: number;
}

export interface EvaluationResult {
  readonly snapshot: { readonly account: string; readonly capturedAt: string };
  /** Evaluation time as ISO 8601. */
  readonly now: string;
  readonly rules: readonly RuleInfo[];
  readonly summary: Summary;
  /** Sorted: by rule order in the files, then resource key. */
  readonly findings: readonly Finding[];
  /** Snapshot sections not collected, so rules depending on them are unknown. */
  readonly missingSections: readonly string[];
}

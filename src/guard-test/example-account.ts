import type { Span } from '../diagnostics/index.ts';
import type { ExampleType } from './settable.ts';

/**
 * An example account as the author wrote it, resolved: the entities declared, each with the
 * values it sets (typed, times as epoch ms). build-snapshot.ts turns it into a snapshot v1 document
 * with every other field filled with defaults (docs/guard-test.md lists them).
 */

export type SettingValue =
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  /** Epoch ms. */
  | { readonly kind: 'instant'; readonly value: number }
  /** Milliseconds. */
  | { readonly kind: 'duration'; readonly value: number }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'count'; readonly value: number }
  /** Known absent: `not last used`. */
  | { readonly kind: 'null' };

export interface AllowSetting {
  readonly action: string;
  readonly resource: string;
}

export interface DeclaredEntity {
  readonly type: ExampleType;
  /** Null for singletons. */
  readonly name: string | null;
  /** By canonical setting name. */
  readonly settings: ReadonlyMap<string, SettingValue>;
  /** `allow "A" on "R"`, in order. */
  readonly allows: readonly AllowSetting[];
  /** `trust "P"`, in order. */
  readonly trusts: readonly string[];
  /** Where it was declared, for problems; null when made up (counterexamples). */
  readonly span: Span | null;
}

export interface ExampleAccount {
  /** Evaluation time and the snapshot's capturedAt, epoch ms. */
  readonly now: number;
  /** Sections not collected (key paths such as `iam.credentialReport`, or `iam`, `organizations`). */
  readonly missing: readonly string[];
  readonly entities: readonly DeclaredEntity[];
}

/** The evaluation time of an example that does not say (`example "..." at 2026-11-27:` does). */
export const DEFAULT_NOW = Date.UTC(2026, 0, 1);

export const DEFAULT_ACCOUNT_ID = '123456789012';

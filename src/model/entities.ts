import type { PolicyDocument } from './policy-document/types.ts';

/**
 * The entity model the language evaluates over: plain readonly data built once per evaluation by
 * normalize(). Every attribute value is already computed (derived attributes included), so the
 * evaluator's hot loop only reads properties.
 */

/** A value the snapshot did not collect. Distinct from null, which is a value known to be absent. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/**
 * Runtime attribute values. Their meaning is fixed by the attribute's type in the schema:
 * - boolean, number, string: as themselves;
 * - date: epoch milliseconds (number); duration: milliseconds (number);
 * - list of strings: readonly string[];
 * - link: an Entity; links: readonly Entity[];
 * - policy documents: readonly PolicyDocument[];
 * - null: known to be absent (no password policy, a key never used);
 * - UNKNOWN: not collected.
 */
export type Value = null | Unknown | boolean | number | string | readonly string[] | Entity | readonly Entity[] | readonly PolicyDocument[];

/** The singular resource types of findings (DESIGN.md), plus the link-only types. */
export type EntityType =
  | 'root'
  | 'account'
  | 'password-policy'
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'access-key'
  | 'mfa-device'
  | 'signing-certificate'
  | 'identity-provider'
  | 'organization'
  | 'organizational-unit'
  | 'scp'
  | 'statement'
  | 'identity-center'
  | 'permission-set'
  | 'account-assignment'
  | 'identity-center-user'
  | 'identity-center-group'
  | 'analyzer-region'
  | 'analyzer'
  | 'analyzer-finding'
  /** Abstract: the attributes users, groups and roles share, for the `identities` collection. */
  | 'identity';

export interface Entity {
  readonly type: EntityType;
  /**
   * Stable identity for fingerprints and exceptions: the ARN when the resource has one, otherwise a
   * synthesized path such as `user/alice/access-key/1`. Unique within a model.
   */
  readonly key: string;
  /** Human name shown in findings and matched by `except <type> "<name>"`: `alice`, `alice/key-1`. */
  readonly name: string;
  readonly arn: string | null;
  /** The entity this one belongs to (an access key's user, a statement's policy), for exceptions. */
  readonly owner: Entity | null;
  /** Attribute values keyed by canonical attribute name (snake_case, as in the schema). */
  readonly attrs: Readonly<Record<string, Value>>;
}

export interface Collection {
  /** Canonical collection name, e.g. `access_keys`. */
  readonly name: string;
  /** Unknown when the sections needed to enumerate the entities were not collected. */
  readonly known: boolean;
  readonly entities: readonly Entity[];
}

export interface Model {
  readonly account: { readonly id: string; readonly partition: string };
  /** Evaluation time (epoch ms): the snapshot's capturedAt unless overridden with --now. */
  readonly now: number;
  readonly capturedAt: number;
  /** Every collection of the schema, keyed by canonical name. */
  readonly collections: Readonly<Record<string, Collection>>;
  /** Snapshot sections that were not collected (missing or named in `errors`), by key path. */
  readonly missingSections: readonly string[];
}

export function isUnknown(value: Value): value is Unknown {
  return value === UNKNOWN;
}

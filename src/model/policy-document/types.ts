/**
 * IAM policy documents, normalized: every string-or-list field is a list, every statement has an
 * explicit effect. Produced by parse.ts from objects, JSON strings or URL-encoded JSON strings.
 */
export interface PolicyDocument {
  readonly version: string | null;
  readonly statements: readonly PolicyStatement[];
}

export type Effect = 'Allow' | 'Deny';

export interface PolicyStatement {
  readonly sid: string | null;
  readonly effect: Effect;
  /** Exactly one of actions / notActions is non-null in a valid statement (trust policies may have neither). */
  readonly actions: readonly string[] | null;
  readonly notActions: readonly string[] | null;
  /** Null when the field is absent (trust policies have no Resource). */
  readonly resources: readonly string[] | null;
  readonly notResources: readonly string[] | null;
  readonly principal: Principal | null;
  readonly notPrincipal: Principal | null;
  readonly conditions: readonly PolicyCondition[];
}

/** `"Principal": "*"` is `{ kind: 'any' }`; a map is kept per principal type, each a list. */
export type Principal =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'map';
      readonly aws: readonly string[];
      readonly service: readonly string[];
      readonly federated: readonly string[];
      readonly canonicalUser: readonly string[];
    };

/** One key of one condition operator: `"StringLike": { "token.actions.githubusercontent.com:sub": ["repo:o/r:*"] }`. */
export interface PolicyCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

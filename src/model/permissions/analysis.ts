/**
 * The permissions of every principal of one model, built on first use and cached per entity, so
 * every rule and query of one evaluation shares them.
 */
import type { Entity, Model, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { actionCatalog } from './catalog.ts';
import { identityCenterPolicies, identityCenterPoliciesGap } from './identity-center-policies.ts';
import { permissionSet } from './permission-set.ts';
import { preparePolicies, sharedPoliciesKey } from './prepare.ts';
import { principalPolicies, principalPoliciesGap } from './principal-policies.ts';
import type { ActionCatalog, PermissionAnalysis, PermissionSet, PrincipalPolicies } from './types.ts';

export function permissionAnalysis(model: Model, catalog: ActionCatalog = actionCatalog()): PermissionAnalysis {
  const sets = new WeakMap<Entity, PermissionSet | Unknown>();
  // Principals with the same principal-free policies share one set and its answers (prepare.ts).
  const shared = new Map<string, PermissionSet>();
  let principals: readonly Entity[] | null = null;
  const build = (policies: PrincipalPolicies): PermissionSet => {
    const key = sharedPoliciesKey(policies);
    let set = key === null ? undefined : shared.get(key);
    if (set === undefined) {
      set = permissionSet(preparePolicies(policies), catalog);
      if (key !== null) shared.set(key, set);
    }
    return set.principal === policies.principal ? set : { principal: policies.principal, query: set.query, admin: set.admin, grantable: set.grantable, grantsOn: set.grantsOn };
  };
  const of = (entity: Entity): PermissionSet | Unknown => {
    let set = sets.get(entity);
    if (set === undefined) {
      const policies = isIdentityCenter(entity) ? identityCenterPolicies(model, entity) : principalPolicies(model, entity);
      set = policies === UNKNOWN ? UNKNOWN : build(policies);
      sets.set(entity, set);
    }
    return set;
  };
  return {
    model,
    catalog,
    of,
    whyUnknown(entity: Entity): string | null {
      if (of(entity) !== UNKNOWN) return null;
      // Asked again only of the few principals that are unknown, for their messages: the sets stay lean.
      const gap = isIdentityCenter(entity) ? identityCenterPoliciesGap(model, entity) : principalPoliciesGap(model, entity);
      return gap ?? 'something its permissions need is not in the snapshot';
    },
    principals(): readonly Entity[] {
      // Permission sets too: who-can answers for them as provisioned in the snapshot account.
      principals ??= [...(model.collections['users']?.entities ?? []), ...(model.collections['roles']?.entities ?? []), ...(model.collections['permission_sets']?.entities ?? [])];
      return principals;
    },
  };
}

function isIdentityCenter(entity: Entity): boolean {
  return entity.type === 'permission-set' || entity.type === 'account-assignment';
}

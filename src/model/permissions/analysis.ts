/**
 * The permissions of every principal of one model, built on first use and cached per entity, so
 * every rule and query of one evaluation shares them.
 */
import type { Entity, Model, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { actionCatalog } from './catalog.ts';
import { identityCenterPolicies } from './identity-center-policies.ts';
import { permissionSet } from './permission-set.ts';
import { preparePolicies, sharedPoliciesKey } from './prepare.ts';
import { principalPolicies } from './principal-policies.ts';
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
  return {
    model,
    catalog,
    of(entity: Entity): PermissionSet | Unknown {
      let set = sets.get(entity);
      if (set === undefined) {
        const policies = entity.type === 'permission-set' || entity.type === 'account-assignment' ? identityCenterPolicies(model, entity) : principalPolicies(model, entity);
        set = policies === UNKNOWN ? UNKNOWN : build(policies);
        sets.set(entity, set);
      }
      return set;
    },
    principals(): readonly Entity[] {
      // Permission sets too: who-can answers for them as provisioned in the snapshot account.
      principals ??= [...(model.collections['users']?.entities ?? []), ...(model.collections['roles']?.entities ?? []), ...(model.collections['permission_sets']?.entities ?? [])];
      return principals;
    },
  };
}

/**
 * The permissions of every principal of one model, built on first use and cached per entity, so
 * every rule and query of one evaluation shares them.
 */
import type { Entity, Model, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { actionCatalog } from './catalog.ts';
import { permissionSet } from './permission-set.ts';
import { preparePolicies } from './prepare.ts';
import { principalPolicies } from './principal-policies.ts';
import type { ActionCatalog, PermissionAnalysis, PermissionSet } from './types.ts';

export function permissionAnalysis(model: Model, catalog: ActionCatalog = actionCatalog()): PermissionAnalysis {
  const sets = new WeakMap<Entity, PermissionSet | Unknown>();
  let principals: readonly Entity[] | null = null;
  return {
    model,
    catalog,
    of(entity: Entity): PermissionSet | Unknown {
      let set = sets.get(entity);
      if (set === undefined) {
        const policies = principalPolicies(model, entity);
        set = policies === UNKNOWN ? UNKNOWN : permissionSet(preparePolicies(policies), catalog);
        sets.set(entity, set);
      }
      return set;
    },
    principals(): readonly Entity[] {
      principals ??= [...(model.collections['users']?.entities ?? []), ...(model.collections['roles']?.entities ?? [])];
      return principals;
    },
  };
}

import type { PermissionProvider } from './permissions.ts';

/**
 * The evaluator's permission analysis and escalation paths (src/model/permissions/), what
 * permissions predicates use unless evaluate() is given another provider.
 */
export const PERMISSIONS: PermissionProvider = {
  analyze: () => {
    throw new Error('effective permissions are not available in this build');
  },
  escalations: () => {
    throw new Error('escalation paths are not available in this build');
  },
};

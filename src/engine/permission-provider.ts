import { escalationsOf, whyEscalationUnknown } from '../model/permissions/escalation/index.ts';
import { permissionAnalysis } from '../model/permissions/index.ts';
import type { PermissionProvider } from './permissions.ts';

/**
 * The evaluator's permission analysis and escalation paths (src/model/permissions/), what
 * permissions predicates use unless evaluate() is given another provider. The catalog loads on
 * first use, so a program without permissions predicates reads none of it.
 */
export const PERMISSIONS: PermissionProvider = {
  analyze: (model) => permissionAnalysis(model),
  escalations: escalationsOf,
  whyEscalationsUnknown: whyEscalationUnknown,
};

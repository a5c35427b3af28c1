export type { CataloguePath } from './catalogue.ts';
export { PATHS_FILE, pathCatalogue } from './catalogue.ts';
export { escalationSteps, escalationsOf, STEP_LIMIT, whyEscalationUnknown } from './escalation.ts';
export type { ConstraintKind, PathRule, RequiredPermission } from './path-table.ts';
export { PATH_RULES } from './path-table.ts';

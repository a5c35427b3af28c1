/**
 * The permissions entry: effective permissions of users, groups and roles (issue 13). Engine, CLI
 * and others import this file directly, so the snapshot reader does not load with it.
 */
export type { AccessSummary, LevelAccess, ServiceAccess } from './access-summary.ts';
export { ACCESS_LEVELS, accessSummary } from './access-summary.ts';
export { actionIndex, grantsNothing, mayGrant } from './action-index.ts';
export { permissionAnalysis } from './analysis.ts';
export { boundsOf } from './bounds.ts';
export { actionCatalog, loadActionCatalog } from './catalog.ts';
export { describeCondition, evaluateCondition, evaluateConditions } from './conditions.ts';
export { decide } from './decide.ts';
export type { ChainDecision, ChainLevel, ChainRequest, ControlChain, ControlKind, Refusal } from './guardrails.ts';
export { chainGap, controlChain, decideChain, notApplyingText, RCP_SERVICES, rcpApplies, refusalText } from './guardrails.ts';
export { identityCenterPolicies } from './identity-center-policies.ts';
export { principalContext, principalPolicies } from './principal-policies.ts';
export { type AttributeLists, GUARDRAIL_READS, PERMISSION_READS } from './reads.ts';
export { AWS_REGIONS, decideChainOutside, type RegionDecision, UNLISTED_REGION } from './regions.ts';
export type * from './types.ts';
export { isKnownAction, unknownActions } from './unknown-actions.ts';
export { substitute } from './variables.ts';

import type { Entity, Model } from '../../../src/model/index.ts';
import { normalizeSnapshot, UNKNOWN } from '../../../src/model/index.ts';
import { escalationsOf } from '../../../src/model/permissions/escalation/index.ts';
import type { Escalation, PermissionAnalysis } from '../../../src/model/permissions/types.ts';
import { ACCOUNT, snapshotData, snapshotOf } from '../fixtures.ts';
import { permissionAnalysis } from '../../../src/model/permissions/index.ts';

/** Small accounts for the escalation tests, and the analysis they run on. */

export const arn = (kind: 'user' | 'role' | 'group' | 'policy', name: string): string => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
export const doc = (...statements: unknown[]): Record<string, unknown> => ({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = '*'): Record<string, unknown> => ({ Effect: 'Deny', Action: action, Resource: resource });
export const trustAws = (...principals: string[]): Record<string, unknown> => doc({ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' });
export const trustService = (...services: string[]): Record<string, unknown> => doc({ Effect: 'Allow', Principal: { Service: services }, Action: 'sts:AssumeRole' });
export const inline = (...statements: unknown[]): unknown[] => [{ PolicyName: 'inline', PolicyDocument: doc(...statements) }];
export const ADMIN = inline(allow('*'));

export interface AccountSpec {
  readonly users?: readonly Record<string, unknown>[];
  readonly roles?: readonly Record<string, unknown>[];
  readonly groups?: readonly Record<string, unknown>[];
  readonly policies?: readonly Record<string, unknown>[];
}

export function group(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Path: '/', GroupName: name, GroupId: `AGPA${name.toUpperCase()}`, Arn: arn('group', name), CreateDate: '2025-01-01T00:00:00Z', GroupPolicyList: [], AttachedManagedPolicies: [], ...extra };
}

export function modelOf(spec: AccountSpec): Model {
  const details = { UserDetailList: spec.users ?? [], RoleDetailList: spec.roles ?? [], GroupDetailList: spec.groups ?? [], Policies: spec.policies ?? [] };
  return normalizeSnapshot(snapshotOf(snapshotData({}, { authorizationDetails: details })));
}

/** The analysis escalation runs on in these tests: the real one, with the real action catalog. */
export function analyze(model: Model): PermissionAnalysis {
  return permissionAnalysis(model);
}

export function principal(model: Model, name: string): Entity {
  const found = [...(model.collections.users?.entities ?? []), ...(model.collections.roles?.entities ?? [])].find((e) => e.name === name);
  if (found === undefined) throw new Error(`no principal ${name}`);
  return found;
}

/** The escalations of one principal of a fresh account; throws on UNKNOWN. */
export function escalations(spec: AccountSpec, name: string): readonly Escalation[] {
  const model = modelOf(spec);
  const result = escalationsOf(analyze(model), principal(model, name));
  if (result === UNKNOWN) throw new Error(`escalations of ${name} are unknown`);
  return result;
}

export function known(result: readonly Escalation[] | typeof UNKNOWN): readonly Escalation[] {
  if (result === UNKNOWN) throw new Error('escalations are unknown');
  return result;
}

export const ids = (es: readonly Escalation[]): string[] => es.map((e) => e.pathId);

/**
 * The mutable state one IAM normalization shares between its parts (iam.ts runs them in order:
 * policies, groups, users, roles, then attachments and MFA devices).
 */
import type { Entity } from '../entities.ts';
import type { NormalizeContext } from './context.ts';
import { type Wanted, wantedOf } from './context.ts';
import type { ReportIndex } from './credentials.ts';
import type { MutableEntity } from './new-entity.ts';

export type PrincipalKind = 'user' | 'group' | 'role';

/** Mutable state of one IAM normalization. */
export interface IamState {
  readonly ctx: NormalizeContext;
  readonly report: ReportIndex | null;
  /** The root user entity: owner of root MFA devices. */
  readonly root: Entity;
  readonly users: MutableEntity[];
  readonly groups: MutableEntity[];
  readonly roles: MutableEntity[];
  readonly policies: MutableEntity[];
  readonly stubs: MutableEntity[];
  readonly accessKeys: MutableEntity[];
  readonly certificates: MutableEntity[];
  readonly devices: MutableEntity[];
  readonly policyByArn: Map<string, MutableEntity>;
  readonly groupByName: Map<string, MutableEntity>;
  readonly userByName: Map<string, MutableEntity>;
  readonly userByArn: Map<string, MutableEntity>;
  /** Each group's users, in the order of the snapshot's user list. */
  readonly members: Map<Entity, Entity[]>;
  /** Managed-policy attachments, for reverse links. */
  readonly attachments: { principal: MutableEntity; kind: PrincipalKind; policy: MutableEntity }[];
  /** How many principals use each ARN as permissions boundary. */
  readonly boundaryUse: Map<string, number>;
  readonly rolesByFederatedPrincipal: Map<string, MutableEntity[]>;
  /** Which attributes of users, roles, policies and MFA devices are computed: their dates cost a parse each, and a program reads few. */
  readonly userWants: Wanted<'user'>;
  readonly roleWants: Wanted<'role'>;
  readonly deviceWants: Wanted<'mfa-device'>;
  readonly policyWants: Wanted<'policy'>;
}

export function newState(ctx: NormalizeContext, report: ReportIndex | null, root: Entity): IamState {
  return {
    ctx,
    report,
    root,
    users: [],
    groups: [],
    roles: [],
    policies: [],
    stubs: [],
    accessKeys: [],
    certificates: [],
    devices: [],
    policyByArn: new Map(),
    groupByName: new Map(),
    userByName: new Map(),
    userByArn: new Map(),
    members: new Map(),
    attachments: [],
    boundaryUse: new Map(),
    rolesByFederatedPrincipal: new Map(),
    userWants: wantedOf(ctx.reads, 'user'),
    roleWants: wantedOf(ctx.reads, 'role'),
    deviceWants: wantedOf(ctx.reads, 'mfa-device'),
    policyWants: wantedOf(ctx.reads, 'policy'),
  };
}

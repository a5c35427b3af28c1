import { type IdentitystoreClient, ListGroupMembershipsCommand, ListGroupsCommand, ListUsersCommand } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { AwsClients } from './aws-clients.ts';
import { describeAwsError } from './aws-error.ts';
import { type JsonObject, toJsonObject } from './json-value.ts';
import { collectPages, mapBounded } from './paginate.ts';
import { collectedAs, plural, requireCollected, runSection, type SectionScope } from './section.ts';
import type { IdentityCenterSection, SectionError } from './snapshot-document.ts';

/** Identity Center as seen from the calling account, and what could not be read of it. */
export interface IdentityCenterCollection {
  /** undefined: the instances could not be listed (see `errors`); null: there is no instance. */
  readonly section: IdentityCenterSection | null | undefined;
  readonly errors: readonly SectionError[];
}

// sso-admin and identitystore allow a few tens of calls a second per account: keep a few in flight.
const CONCURRENCY = 4;

/** An instance and the region whose endpoint serves it (an instance lives in one home region). */
interface Located {
  readonly instance: JsonObject;
  readonly region: string;
  readonly instanceArn: string;
  readonly identityStoreId: string;
}

/**
 * ListInstances in each of `regions` in turn (the configured region first) until one has an instance:
 * ListInstances only sees the region it is asked in, so "none" is recorded only when every region
 * answered none. Then each instance's permission sets (with their policies), account assignments,
 * and identity store users, groups and memberships, each section recorded or failed on its own.
 */
export async function collectIdentityCenter(scope: SectionScope, regions: readonly string[]): Promise<IdentityCenterCollection> {
  const listed = await runSection(scope, 'identityCenter', async ({ clients, note }) => {
    const value = await locateInstances(clients, regions, note);
    return { value, detail: value.length === 0 ? 'no instance' : plural(value.length, 'instance') };
  });
  if (listed.kind === 'failed') return { section: undefined, errors: [listed.error] };
  const located = listed.value;
  if (located.length === 0) return { section: null, errors: [] };

  // Both sections need the permission set ARNs; the first lists them and hands them to the second.
  const arns = deferred<readonly { readonly at: Located; readonly arns: readonly string[] }[]>();
  const [permissionSets, accountAssignments, users, groups] = await Promise.all([
    runSection(scope, 'identityCenter.permissionSets', async ({ clients, note }) => {
      try {
        arns.resolve(await mapBounded(located, CONCURRENCY, async (at) => ({ at, arns: await permissionSetArns(clients.regional(at.region).ssoAdmin, at.instanceArn) })));
      } catch (caught) {
        arns.reject(caught);
        throw caught;
      }
      const value = (await Promise.all((await arns.promise).map(({ at, arns: list }) => describePermissionSets(clients.regional(at.region).ssoAdmin, at.instanceArn, list, note)))).flat();
      return { value, detail: plural(value.length, 'permission set') };
    }),
    runSection(scope, 'identityCenter.accountAssignments', async ({ clients, note }) => {
      const listed = await arns.promise;
      const value = (await Promise.all(listed.map(({ at, arns: list }) => assignments(clients.regional(at.region).ssoAdmin, at.instanceArn, list, note)))).flat();
      return { value, detail: plural(value.length, 'account assignment') };
    }),
    runSection(scope, 'identityCenter.users', async ({ clients }) => {
      const value = (await Promise.all(located.map((at) => listUsers(clients.regional(at.region).identityStore, at.identityStoreId)))).flat();
      return { value, detail: plural(value.length, 'user') };
    }),
    runSection(scope, 'identityCenter.groups', async ({ clients }) => {
      const value = (await Promise.all(located.map((at) => listGroups(clients.regional(at.region).identityStore, at.identityStoreId)))).flat();
      return { value, detail: plural(value.length, 'group') };
    }),
  ]);
  const groupMemberships = await runSection(scope, 'identityCenter.groupMemberships', async ({ clients, note }) => {
    const byStore = new Map(located.map((at) => [at.identityStoreId, at.region]));
    const listedGroups = requireCollected(groups);
    let done = 0;
    const value = (
      await mapBounded(listedGroups, CONCURRENCY, async (group) => {
        const store = String(group['IdentityStoreId']);
        const members = await memberships(clients.regional(byStore.get(store) ?? regions[0] ?? '').identityStore, store, String(group['GroupId']));
        note(`${++done}/${listedGroups.length} groups`);
        return members;
      })
    ).flat();
    return { value, detail: plural(value.length, 'membership') };
  });

  const section: IdentityCenterSection = {
    instances: located.map((at) => at.instance),
    ...collectedAs('permissionSets', permissionSets),
    ...collectedAs('accountAssignments', accountAssignments),
    ...collectedAs('users', users),
    ...collectedAs('groups', groups),
    ...collectedAs('groupMemberships', groupMemberships),
  };
  const errors = [permissionSets, accountAssignments, users, groups, groupMemberships].flatMap((o) => (o.kind === 'failed' ? [o.error] : []));
  return { section, errors };
}

async function locateInstances(clients: AwsClients, regions: readonly string[], note: (detail: string) => void): Promise<Located[]> {
  for (const region of regions) {
    const client = clients.regional(region).ssoAdmin;
    const instances = await collectPages(async (token) => {
      const response = await client.send(new ListInstancesCommand({ NextToken: token }));
      return { items: response.Instances ?? [], next: response.NextToken };
    });
    note(`${region}: ${plural(instances.length, 'instance')}`);
    if (instances.length === 0) continue;
    return instances.map((instance) => ({
      instance: toJsonObject(instance),
      region,
      instanceArn: instance.InstanceArn ?? '',
      identityStoreId: instance.IdentityStoreId ?? '',
    }));
  }
  return [];
}

async function permissionSetArns(client: SSOAdminClient, instanceArn: string): Promise<string[]> {
  return collectPages(async (token) => {
    const response = await client.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken: token }));
    return { items: response.PermissionSets ?? [], next: response.NextToken };
  });
}

/** DescribePermissionSet plus its four kinds of policy: the inline policy, AWS and customer managed policies, the boundary. */
async function describePermissionSets(client: SSOAdminClient, instanceArn: string, arns: readonly string[], note: (detail: string) => void): Promise<JsonObject[]> {
  let done = 0;
  return mapBounded(arns, CONCURRENCY, async (arn) => {
    const input = { InstanceArn: instanceArn, PermissionSetArn: arn };
    const [described, inline, managed, customer, boundary] = await Promise.all([
      client.send(new DescribePermissionSetCommand(input)),
      client.send(new GetInlinePolicyForPermissionSetCommand(input)),
      collectPages(async (token) => {
        const response = await client.send(new ListManagedPoliciesInPermissionSetCommand({ ...input, NextToken: token }));
        return { items: response.AttachedManagedPolicies ?? [], next: response.NextToken };
      }),
      collectPages(async (token) => {
        const response = await client.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ ...input, NextToken: token }));
        return { items: response.CustomerManagedPolicyReferences ?? [], next: response.NextToken };
      }),
      permissionsBoundary(client, input),
    ]);
    note(`${++done}/${arns.length} permission sets`);
    const policy = inline.InlinePolicy;
    return {
      ...toJsonObject(described.PermissionSet ?? {}),
      PermissionSetArn: arn,
      InstanceArn: instanceArn,
      // AWS answers an empty string for a set without an inline policy.
      InlinePolicy: policy === undefined || policy === '' ? null : policy,
      AttachedManagedPolicies: managed.map(toJsonObject),
      CustomerManagedPolicyReferences: customer.map(toJsonObject),
      PermissionsBoundary: boundary,
    };
  });
}

/** The boundary, or null: AWS answers ResourceNotFoundException for a set without one. */
async function permissionsBoundary(client: SSOAdminClient, input: { readonly InstanceArn: string; readonly PermissionSetArn: string }): Promise<JsonObject | null> {
  try {
    const response = await client.send(new GetPermissionsBoundaryForPermissionSetCommand(input));
    return response.PermissionsBoundary === undefined ? null : toJsonObject(response.PermissionsBoundary);
  } catch (caught) {
    if (describeAwsError(caught).code === 'ResourceNotFoundException') return null;
    throw caught;
  }
}

/**
 * The minimum the API allows: per permission set, the accounts it is provisioned to
 * (ListAccountsForProvisionedPermissionSet), then ListAccountAssignments for each such pair only; an
 * assignment always provisions its set to its account, so no other pair can have one.
 */
async function assignments(client: SSOAdminClient, instanceArn: string, arns: readonly string[], note: (detail: string) => void): Promise<JsonObject[]> {
  const pairs = (
    await mapBounded(arns, CONCURRENCY, async (arn) => {
      const accounts = await collectPages(async (token) => {
        const response = await client.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, NextToken: token }));
        return { items: response.AccountIds ?? [], next: response.NextToken };
      });
      return accounts.map((account) => ({ account, arn }));
    })
  ).flat();
  let done = 0;
  return (
    await mapBounded(pairs, CONCURRENCY, async ({ account, arn }) => {
      const listed = await collectPages(async (token) => {
        const response = await client.send(new ListAccountAssignmentsCommand({ InstanceArn: instanceArn, AccountId: account, PermissionSetArn: arn, NextToken: token }));
        return { items: response.AccountAssignments ?? [], next: response.NextToken };
      });
      note(`${++done}/${pairs.length} account and permission set pairs`);
      return listed.map(
        (a): JsonObject => ({
          InstanceArn: instanceArn,
          AccountId: a.AccountId ?? account,
          PermissionSetArn: a.PermissionSetArn ?? arn,
          PrincipalType: a.PrincipalType ?? '',
          PrincipalId: a.PrincipalId ?? '',
        }),
      );
    })
  ).flat();
}

/** Users by name only: the identity store also holds e-mail and postal addresses, which guard does not want. */
async function listUsers(client: IdentitystoreClient, identityStoreId: string): Promise<JsonObject[]> {
  const users = await collectPages(async (token) => {
    const response = await client.send(new ListUsersCommand({ IdentityStoreId: identityStoreId, NextToken: token }));
    return { items: response.Users ?? [], next: response.NextToken };
  });
  return users.map((u) => ({
    IdentityStoreId: u.IdentityStoreId ?? identityStoreId,
    UserId: u.UserId ?? '',
    UserName: u.UserName ?? '',
    ...(u.DisplayName === undefined ? {} : { DisplayName: u.DisplayName }),
  }));
}

async function listGroups(client: IdentitystoreClient, identityStoreId: string): Promise<JsonObject[]> {
  const groups = await collectPages(async (token) => {
    const response = await client.send(new ListGroupsCommand({ IdentityStoreId: identityStoreId, NextToken: token }));
    return { items: response.Groups ?? [], next: response.NextToken };
  });
  return groups.map((g) => ({
    IdentityStoreId: g.IdentityStoreId ?? identityStoreId,
    GroupId: g.GroupId ?? '',
    ...(g.DisplayName === undefined ? {} : { DisplayName: g.DisplayName }),
    ...(g.Description === undefined ? {} : { Description: g.Description }),
  }));
}

async function memberships(client: IdentitystoreClient, identityStoreId: string, groupId: string): Promise<JsonObject[]> {
  const listed = await collectPages(async (token) => {
    const response = await client.send(new ListGroupMembershipsCommand({ IdentityStoreId: identityStoreId, GroupId: groupId, NextToken: token }));
    return { items: response.GroupMemberships ?? [], next: response.NextToken };
  });
  return listed.flatMap((m) => {
    const userId = m.MemberId !== undefined && 'UserId' in m.MemberId ? m.MemberId.UserId : undefined;
    // A member that is not a user is a kind identitystore does not have yet: nothing guard could link.
    if (userId === undefined) return [];
    return [{ IdentityStoreId: m.IdentityStoreId ?? identityStoreId, GroupId: m.GroupId ?? groupId, MembershipId: m.MembershipId ?? '', MemberId: { UserId: userId } }];
  });
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A rejection is also the first section's own failure; the second may never get to await it.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { describeAwsError } from './aws-error.ts';
import { type JsonObject, type JsonValue, toJsonObject, toJsonObjects } from './json-value.ts';
import { collectPages, mapBounded } from './paginate.ts';
import { collectedAs, plural, requireCollected, runSection, type SectionScope } from './section.ts';
import type { OrganizationsSection, SectionError } from './snapshot-document.ts';

/** The organization as seen from one account, and what could not be read of it. */
export interface OrganizationCollection {
  /** undefined: the organization could not be described at all (see `errors`). */
  readonly section: OrganizationsSection | null | undefined;
  readonly errors: readonly SectionError[];
}

// Organizations has low API rate limits shared by the whole organization: keep a few calls in flight.
const ORG_CONCURRENCY = 4;

interface Tree {
  readonly units: readonly JsonObject[];
  /** Account id → the id of the root or OU it sits in. */
  readonly accountParents: ReadonlyMap<string, string>;
}

/**
 * DescribeOrganization, then (when the account may read them: the management account or a delegated
 * administrator) roots, the OU tree, accounts with their parents, SCPs/RCPs with content and targets,
 * and delegated administrators. Each part that cannot be read is recorded and the others still collected.
 */
export async function collectOrganizations(scope: SectionScope): Promise<OrganizationCollection> {
  const described = await runSection(scope, 'organizations', async ({ clients: { organizations: client } }) => {
    try {
      const response = await client.send(new DescribeOrganizationCommand({}));
      const organization = toJsonObject(response.Organization ?? {});
      return { value: organization as JsonObject | null, detail: String(organization['Id'] ?? 'described') };
    } catch (caught) {
      if (describeAwsError(caught).code === 'AWSOrganizationsNotInUseException') return { value: null, detail: 'not in an organization' };
      throw caught;
    }
  });
  if (described.kind === 'failed') return { section: undefined, errors: [described.error] };
  const organization = described.value;
  if (organization === null) return { section: null, errors: [] };

  const roots = await runSection(scope, 'organizations.roots', async ({ clients: { organizations: client }, note }) => {
    const value = toJsonObjects(await collectPages(async (token) => pageOf(await client.send(new ListRootsCommand({ NextToken: token })), 'Roots'), pageNote(note)));
    return { value, detail: plural(value.length, 'root') };
  });

  const tree = await runSection(scope, 'organizations.organizationalUnits', async ({ clients: { organizations: client }, note }) => {
    const rootIds = requireCollected(roots).map((root) => String(root['Id']));
    const value = await walkTree(client, rootIds, note);
    return { value, detail: plural(value.units.length, 'organizational unit') };
  });

  const [accounts, policies, delegatedAdministrators] = await Promise.all([
    runSection(scope, 'organizations.accounts', async ({ clients: { organizations: client }, note }) => {
      const { accountParents } = requireCollected(tree);
      const listed = toJsonObjects(await collectPages(async (token) => pageOf(await client.send(new ListAccountsCommand({ NextToken: token })), 'Accounts'), pageNote(note)));
      const value = await mapBounded(listed, ORG_CONCURRENCY, async (account): Promise<JsonObject> => {
        const id = String(account['Id']);
        // An account that moved or joined while the tree was walked: ask for its parent directly.
        const parent = accountParents.get(id) ?? (await parentOf(client, id));
        return { ...account, ParentId: parent };
      });
      return { value, detail: plural(value.length, 'account') };
    }),
    runSection(scope, 'organizations.policies', async ({ clients: { organizations: client }, note }) => {
      const types = policyTypes(organization, roots.kind === 'collected' ? roots.value : []);
      const value = (await Promise.all(types.map((type) => collectPolicies(client, type, note)))).flat();
      return { value, detail: plural(value.length, 'policy', 'policies') };
    }),
    runSection(scope, 'organizations.delegatedAdministrators', async ({ clients: { organizations: client }, note }) => {
      const value = await collectDelegatedAdministrators(client, note);
      return { value, detail: plural(value.length, 'delegated administrator') };
    }),
  ]);

  const section: OrganizationsSection = {
    organization,
    ...collectedAs('roots', roots),
    ...collectedAs('organizationalUnits', tree.kind === 'collected' ? { kind: 'collected', value: tree.value.units } : tree),
    ...collectedAs('accounts', accounts),
    ...collectedAs('policies', policies),
    ...collectedAs('delegatedAdministrators', delegatedAdministrators),
  };
  const errors = [roots, tree, accounts, policies, delegatedAdministrators].flatMap((outcome) => (outcome.kind === 'failed' ? [outcome.error] : []));
  return { section, errors };
}

/** Breadth-first from the roots: each parent's OUs (ListOrganizationalUnitsForParent) and accounts (ListChildren). */
async function walkTree(client: OrganizationsClient, rootIds: readonly string[], note: (detail: string) => void): Promise<Tree> {
  const units: JsonObject[] = [];
  const accountParents = new Map<string, string>();
  let level = [...rootIds];
  while (level.length > 0) {
    const children = await mapBounded(level, ORG_CONCURRENCY, async (parentId) => {
      const ous = toJsonObjects(await collectPages(async (token) => pageOf(await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: token })), 'OrganizationalUnits')));
      const accounts = await collectPages(async (token) => pageOf(await client.send(new ListChildrenCommand({ ParentId: parentId, ChildType: 'ACCOUNT', NextToken: token })), 'Children'));
      for (const account of accounts) if (account.Id !== undefined) accountParents.set(account.Id, parentId);
      return ous.map((ou): JsonObject => ({ ...ou, ParentId: parentId }));
    });
    const next = children.flat();
    units.push(...next);
    note(plural(units.length, 'organizational unit'));
    level = next.map((ou) => String(ou['Id']));
  }
  return { units, accountParents };
}

async function parentOf(client: OrganizationsClient, childId: string): Promise<string> {
  const parents = await client.send(new ListParentsCommand({ ChildId: childId }));
  const parent = parents.Parents?.[0]?.Id;
  if (parent === undefined) throw Object.assign(new Error(`ListParents returned no parent for \`${childId}\``), { name: 'NoParent', Code: 'NoParent' });
  return parent;
}

/** SCPs when all features are enabled; RCPs when a root has them enabled. */
function policyTypes(organization: JsonObject, roots: readonly JsonObject[]): PolicyType[] {
  const types: PolicyType[] = [];
  if (organization['FeatureSet'] !== 'CONSOLIDATED_BILLING') types.push('SERVICE_CONTROL_POLICY');
  const rcpEnabled = roots.some((root) => {
    const enabled = root['PolicyTypes'];
    return Array.isArray(enabled) && enabled.some((type: JsonValue) => isObject(type) && type['Type'] === 'RESOURCE_CONTROL_POLICY' && type['Status'] === 'ENABLED');
  });
  if (rcpEnabled) types.push('RESOURCE_CONTROL_POLICY');
  return types;
}

/** Every policy of one type: `{ PolicySummary, Content, Targets }`, content as the text DescribePolicy returns. */
async function collectPolicies(client: OrganizationsClient, type: PolicyType, note: (detail: string) => void): Promise<JsonObject[]> {
  const summaries = await collectPages(async (token) => pageOf(await client.send(new ListPoliciesCommand({ Filter: type, NextToken: token })), 'Policies'));
  let done = 0;
  return mapBounded(summaries, ORG_CONCURRENCY, async (summary) => {
    const policyId = summary.Id ?? '';
    const [described, targets] = await Promise.all([
      client.send(new DescribePolicyCommand({ PolicyId: policyId })),
      collectPages(async (token) => pageOf(await client.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token })), 'Targets')),
    ]);
    note(`${++done}/${summaries.length} ${type === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'RCPs'}`);
    // Kept as the text Organizations stored, not decoded: its size limit counts whitespace, and
    // validation points at lines and columns inside it (a decoded object would also hide duplicate keys).
    const content = described.Policy?.Content;
    return {
      PolicySummary: toJsonObject(described.Policy?.PolicySummary ?? summary),
      ...(content === undefined ? {} : { Content: content }),
      Targets: toJsonObjects(targets),
    };
  });
}

async function collectDelegatedAdministrators(client: OrganizationsClient, note: (detail: string) => void): Promise<JsonObject[]> {
  const admins = await collectPages(async (token) => pageOf(await client.send(new ListDelegatedAdministratorsCommand({ NextToken: token })), 'DelegatedAdministrators'), pageNote(note));
  return mapBounded(admins, ORG_CONCURRENCY, async (admin) => {
    const services = await collectPages(async (token) => pageOf(await client.send(new ListDelegatedServicesForAccountCommand({ AccountId: admin.Id ?? '', NextToken: token })), 'DelegatedServices'));
    return { ...toJsonObject(admin), DelegatedServices: toJsonObjects(services) };
  });
}

function pageOf<K extends string, T>(response: { readonly NextToken?: string | undefined } & { readonly [key in K]?: T[] | undefined }, key: K) {
  return { items: response[key] ?? [], next: response.NextToken };
}

function pageNote(note: (detail: string) => void): (pages: number) => void {
  return (pages) => {
    if (pages > 1) note(`page ${pages}`);
  };
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { DAY_MS } from '../model/index.ts';
import type { OrganizationAccountSpec, OrganizationPolicySpec, OrganizationSpec } from './account-spec.ts';
import { accountIdFor, bool, type Decl, dateOf, flagOf, instant, isSet, list, lowerId, problem, type State, singleton, splitOwner, str, strings, table } from './example-declarations.ts';
import { allowStatements, documentOf } from './example-statements.ts';

/**
 * The organization of an example account as the account spec's: the organization, its root and
 * OUs, the accounts (the example's own first), SCPs and RCPs with their targets, delegated
 * administrators and the root-access features. The example account is the management account
 * unless it says otherwise.
 */

const ROOT_ID = 'r-ex12';
/** The management account when the example account is a member. */
export const OTHER_MANAGEMENT_ACCOUNT = '210987654321';

function inOrganization(s: State): boolean {
  const org = singleton(s, 'organization');
  if (org !== undefined) return bool(org, 'exists', true);
  const account = singleton(s, 'account');
  const orgSettings = ['email', 'status', 'joined', 'joined_method', 'management_account', 'parent', 'scps', 'rcps', 'delegated_services'];
  return (['member-account', 'organizational-unit', 'scp', 'rcp'] as const).some((t) => table(s, t).size > 0) || orgSettings.some((n) => isSet(account, n));
}

function policiesOf(s: State, orgArn: (rest: string) => string, orgId: string, unitId: ReadonlyMap<string, string>, accountId: ReadonlyMap<string, string>): OrganizationPolicySpec[] {
  const account = singleton(s, 'account');
  const policies: OrganizationPolicySpec[] = [];
  for (const type of ['scp', 'rcp'] as const) {
    const policyType = type === 'scp' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY';
    for (const p of list(s, type)) {
      const awsManaged = isSet(p, 'aws_managed') ? bool(p, 'aws_managed', false) : p.name === 'FullAWSAccess' || p.name === 'RCPFullAWSAccess';
      const id = str(p, 'id') ?? (awsManaged && p.name === 'FullAWSAccess' ? 'p-FullAWSAccess' : `p-${lowerId(p.name, 8)}`);
      const targets: { id: string; type: string; name: string }[] = [];
      const targetNames = [...strings(p, 'targets')];
      // Attachments may also be written on the target (`account with scps = ["deny-root"]`).
      for (const holder of [...list(s, 'organizational-unit'), ...list(s, 'member-account')]) if (strings(holder, `${type}s`).includes(p.name)) targetNames.push(holder.name);
      if (strings(account, `${type}s`).includes(p.name)) targetNames.push(s.id);
      for (const t of [...new Set(targetNames)]) {
        const lower = t.toLowerCase();
        const unit = unitId.get(lower);
        const acct = accountId.get(lower);
        if (unit !== undefined) targets.push({ id: unit, type: unit === ROOT_ID ? 'ROOT' : 'ORGANIZATIONAL_UNIT', name: unit === ROOT_ID ? 'Root' : t });
        else if (acct !== undefined) targets.push({ id: acct, type: 'ACCOUNT', name: t });
        else problem(s, `${type} \`${p.name}\` targets \`${t}\`, which is not an OU or account of the example`, p.span, 'name `Root`, a declared `organizational unit`, or an `account`');
      }
      const arn = awsManaged ? `arn:${s.partition}:organizations::aws:policy/${policyType.toLowerCase()}/${id}` : orgArn(`policy/${orgId}/${policyType.toLowerCase()}/${id}`);
      const allowsAll = !p.declared || (p.allows.length === 0 && awsManaged && !isSet(p, 'document') && !list(s, 'statement').some((st) => splitOwner(st.name)?.owner === p.name));
      const written = documentOf(s, p, allowsAll ? [{ Effect: 'Allow', Action: '*', Resource: '*' }] : allowStatements(p));
      // Every RCP statement names `"Principal": "*"` (Organizations refuses one without): the example need not say so.
      const content = type === 'rcp' ? { ...written, statements: written.statements.map((st) => ('Principal' in st || 'NotPrincipal' in st ? st : { ...st, Principal: '*' })) } : written;
      const description = str(p, 'description');
      policies.push({
        id,
        arn,
        name: p.name,
        ...(description ? { description } : {}),
        type: policyType,
        awsManaged,
        // Organizations hands content out as a JSON string.
        content: { ...content, form: 'json' },
        targets,
      });
    }
  }
  return policies;
}

export function organizationSpec(s: State): OrganizationSpec | null {
  if (!inOrganization(s)) return null;
  const org = singleton(s, 'organization');
  const account = singleton(s, 'account');
  const orgId = str(org, 'id') ?? 'o-exampleorg1';
  const isManagement = bool(account, 'management_account', true);
  const managementId = str(org, 'management_account_id') ?? (isManagement ? s.id : OTHER_MANAGEMENT_ACCOUNT);
  const orgArn = (rest: string): string => `arn:${s.partition}:organizations::${managementId}:${rest}`;
  const unitId = new Map<string, string>([['root', ROOT_ID]]);
  for (const ou of list(s, 'organizational-unit')) unitId.set(ou.name.toLowerCase(), str(ou, 'id') ?? `ou-ex12-${lowerId(ou.name, 8)}`);
  const parentOf = (d: Decl | undefined): string => {
    const parent = d === undefined ? undefined : strings(d, 'parent')[0];
    return parent === undefined ? ROOT_ID : (unitId.get(parent.toLowerCase()) ?? ROOT_ID);
  };
  const accountName = str(account, 'name') ?? str(account, 'alias') ?? 'example';
  const accountId = new Map<string, string>([
    [accountName.toLowerCase(), s.id],
    [s.id, s.id],
  ]);
  const member = (d: Decl | undefined, id: string, name: string): OrganizationAccountSpec => ({
    id,
    name,
    parentId: parentOf(d),
    email: str(d, 'email') ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
    status: str(d, 'status') ?? 'ACTIVE',
    joinedMethod: str(d, 'joined_method') ?? 'CREATED',
    joined: dateOf(s, instant(s, d, 'joined') ?? s.now - 365 * DAY_MS),
  });
  const accounts = [member(account, s.id, accountName)];
  for (const a of list(s, 'member-account')) {
    const id = str(a, 'id') ?? (/^\d{12}$/.test(a.name) ? a.name : accountIdFor(a.name));
    accountId.set(a.name.toLowerCase(), id);
    accountId.set(id, id);
    accounts.push(member(a, id, a.name));
  }
  const policies = policiesOf(s, orgArn, orgId, unitId, accountId);
  const delegatedAdministrators = [account, ...list(s, 'member-account')].flatMap((d) => {
    const services = strings(d, 'delegated_services');
    if (d === undefined || services.length === 0) return [];
    return [{ accountId: d === account ? s.id : (accountId.get(d.name.toLowerCase()) ?? d.name), services }];
  });
  const policyTypes: { Type: string; Status: string }[] = [];
  if (flagOf(org, 'organization', 'scp_enabled')) policyTypes.push({ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' });
  if (flagOf(org, 'organization', 'rcp_enabled')) policyTypes.push({ Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' });
  const features: string[] = [];
  if (flagOf(org, 'organization', 'root_credentials_management')) features.push('RootCredentialsManagement');
  if (flagOf(org, 'organization', 'root_sessions')) features.push('RootSessions');
  return {
    id: orgId,
    managementAccountId: managementId,
    managementAccountEmail: str(org, 'management_account_email') ?? 'management@example.com',
    featureSet: str(org, 'feature_set') ?? (flagOf(org, 'organization', 'all_features') ? 'ALL' : 'CONSOLIDATED_BILLING'),
    root: { id: ROOT_ID, policyTypes },
    units: list(s, 'organizational-unit').map((ou) => ({ id: unitId.get(ou.name.toLowerCase()) ?? '', name: ou.name, parentId: parentOf(ou) })),
    accounts,
    policies,
    delegatedAdministrators,
    missing: null,
    features: { organizationId: orgId, enabled: features },
  };
}

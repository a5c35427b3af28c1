import { error, warning } from '../diagnostics/index.ts';
import type { SectionPath } from './sections.ts';
import { at, type Consistency, date, eachItem, exactPath, reads, text, unique } from './snapshot-consistency.ts';

/**
 * The consistency of the Identity Center and Access Analyzer sections (snapshot-consistency.ts does the
 * rest): each entry listed once, what an assignment, a membership, a permission set or a finding names
 * is listed (when the section that lists it was collected), and no creation date after capturedAt.
 * A permission set, instance, group or analyzer that is named but missing means the data was changed
 * or mis-collected: an error. A user or group principal that is missing may have been deleted while an
 * assignment to it remained: a warning, the assignment then links to nothing.
 */
export function checkIdentityCenterConsistency(c: Consistency, data: unknown): void {
  const ic = at(data, 'identityCenter');
  const section = (key: string): unknown => (reads(c, `identityCenter.${key}` as SectionPath) ? at(ic, key) : undefined);
  const instances = section('instances');
  const permissionSets = section('permissionSets');
  const assignments = section('accountAssignments');
  const users = section('users');
  const groups = section('groups');
  const memberships = section('groupMemberships');

  uniqueBy(c, instances, 'identityCenter.instances', 'instances', 'InstanceArn', 'instance');
  uniqueBy(c, permissionSets, 'identityCenter.permissionSets', 'permissionSets', 'PermissionSetArn', 'permission set');
  uniqueBy(c, users, 'identityCenter.users', 'users', 'UserId', 'user');
  uniqueBy(c, groups, 'identityCenter.groups', 'groups', 'GroupId', 'group');
  uniqueBy(c, memberships, 'identityCenter.groupMemberships', 'groupMemberships', 'MembershipId', 'membership');
  const assignmentKey = (a: unknown): string | null => {
    const parts = ['AccountId', 'PermissionSetArn', 'PrincipalType', 'PrincipalId'].map((k) => text(at(a, k)));
    return parts.includes(null) ? null : parts.join(' ');
  };
  unique(c, assignments, assignmentKey, 'identityCenter.accountAssignments', 'accountAssignments', (a) => `the assignment of \`${String(at(a, 'PrincipalId'))}\` to \`${String(at(a, 'AccountId'))}\``, '');

  const instanceArns = keys(instances, 'InstanceArn');
  const setArns = keys(permissionSets, 'PermissionSetArn');
  const userIds = keys(users, 'UserId');
  const groupIds = keys(groups, 'GroupId');
  eachItem(instances, (item, i) => date(c, at(item, 'CreatedDate'), exactPath, `identityCenter.instances[${i}].CreatedDate`));
  eachItem(permissionSets, (item, i) => {
    const path = `identityCenter.permissionSets[${i}]`;
    date(c, at(item, 'CreatedDate'), exactPath, `${path}.CreatedDate`);
    named(c, instanceArns, at(item, 'InstanceArn'), `${path}.InstanceArn`, 'instance', 'identityCenter.instances', true);
  });
  eachItem(assignments, (item, i) => {
    const path = `identityCenter.accountAssignments[${i}]`;
    named(c, instanceArns, at(item, 'InstanceArn'), `${path}.InstanceArn`, 'instance', 'identityCenter.instances', true);
    named(c, setArns, at(item, 'PermissionSetArn'), `${path}.PermissionSetArn`, 'permission set', 'identityCenter.permissionSets', true);
    const type = at(item, 'PrincipalType');
    if (type === 'USER') named(c, userIds, at(item, 'PrincipalId'), `${path}.PrincipalId`, 'user', 'identityCenter.users', false);
    if (type === 'GROUP') named(c, groupIds, at(item, 'PrincipalId'), `${path}.PrincipalId`, 'group', 'identityCenter.groups', false);
  });
  eachItem(memberships, (item, i) => {
    const path = `identityCenter.groupMemberships[${i}]`;
    named(c, groupIds, at(item, 'GroupId'), `${path}.GroupId`, 'group', 'identityCenter.groups', true);
    named(c, userIds, at(at(item, 'MemberId'), 'UserId'), `${path}.MemberId.UserId`, 'user', 'identityCenter.users', false);
  });
  checkAccessAnalyzer(c, reads(c, 'accessAnalyzer.regions') ? at(at(data, 'accessAnalyzer'), 'regions') : undefined);
}

function checkAccessAnalyzer(c: Consistency, regions: unknown): void {
  unique(
    c,
    regions,
    (r) => text(at(r, 'region')),
    'accessAnalyzer.regions',
    'regions',
    (r) => `region \`${String(at(r, 'region'))}\``,
    '',
  );
  eachItem(regions, (region, r) => {
    const base = `accessAnalyzer.regions[${r}]`;
    const failed = new Set<unknown>();
    eachItem(at(region, 'errors'), (e) => failed.add(at(e, 'part')));
    // A part the region's errors name is not read, as a section named in `errors` is not.
    const analyzers = failed.has('analyzers') ? undefined : at(region, 'analyzers');
    const findings = failed.has('findings') ? undefined : at(region, 'findings');
    uniqueBy(c, analyzers, `${base}.analyzers`, 'analyzers', 'arn', 'analyzer');
    unique(
      c,
      findings,
      (f) => (text(at(f, 'id')) === null ? null : `${String(at(f, 'analyzerArn'))} ${String(at(f, 'id'))}`),
      `${base}.findings`,
      'findings',
      (f) => `finding \`${String(at(f, 'id'))}\``,
      '',
    );
    eachItem(analyzers, (a, i) => date(c, at(a, 'createdAt'), exactPath, `${base}.analyzers[${i}].createdAt`));
    const arns = keys(analyzers, 'arn');
    eachItem(findings, (f, i) => {
      date(c, at(f, 'createdAt'), exactPath, `${base}.findings[${i}].createdAt`);
      date(c, at(f, 'updatedAt'), exactPath, `${base}.findings[${i}].updatedAt`);
      named(c, arns, at(f, 'analyzerArn'), `${base}.findings[${i}].analyzerArn`, 'analyzer', `${base}.analyzers`, true);
    });
  });
}

function uniqueBy(c: Consistency, list: unknown, path: string, name: string, key: string, kind: string): void {
  unique(
    c,
    list,
    (item) => text(at(item, key)),
    path,
    name,
    (item) => `${kind} \`${String(at(item, key))}\``,
    '',
  );
}

/** The values at `key` of a list's items; null when the list was not collected (then nothing is checked against it). */
function keys(list: unknown, key: string): ReadonlySet<string> | null {
  if (!Array.isArray(list)) return null;
  const out = new Set<string>();
  for (const item of list) {
    const value = text(at(item, key));
    if (value !== null) out.add(value);
  }
  return out;
}

function named(c: Consistency, known: ReadonlySet<string> | null, value: unknown, path: string, kind: string, list: string, required: boolean): void {
  if (known === null || typeof value !== 'string' || known.has(value)) return;
  if (required) {
    c.errors.push(error('snapshot/invalid', `names ${kind} \`${value}\`, which \`${list}\` does not list`, null, { path }));
  } else {
    c.warnings.push(warning('snapshot/invalid', `names ${kind} \`${value}\`, which \`${list}\` does not list: deleted since, or missing from the list; it links to nothing`, null, { path }));
  }
}

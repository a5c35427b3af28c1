import type { Diagnostic } from '../diagnostics/index.ts';
import { error, warning } from '../diagnostics/index.ts';
import type { CredentialReport } from './credential-report.ts';
import { ROOT_ROW_USER } from './credential-report.ts';
import { DAY_MS, latestInstant, parseInstant } from './instant.ts';
import type { SectionPath } from './sections.ts';
import { sectionForErrorPath } from './sections.ts';

/**
 * What one account's data must agree on and a schema cannot say (issue 10): every entity listed
 * once, every ARN in the snapshot's own account and partition, no event dated after the snapshot
 * was taken. Each of these turned failing findings into passes when it was not checked. The data
 * may be structurally invalid here (schema errors are collected, not fatal), so every step
 * narrows `unknown` itself.
 */
export interface Consistency {
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
  readonly accountId: string | null;
  readonly partition: string | null;
  /** The last epoch ms capturedAt denotes (its whole second when it has no fraction); null when it is not a valid date (the schema reports it). */
  readonly capturedAt: number | null;
  readonly capturedAtText: string;
  /** Dates after capturedAt found so far; warnings beyond `maxWarnings` are counted only. */
  futureDates: number;
  readonly maxWarnings: number;
  hintGiven: boolean;
  /** Sections and containers named in `errors`: not collected, so their data is not read, nor checked. */
  readonly errored: ReadonlySet<string>;
  /** `arn:<partition>:iam::<account>:` and `arn:<partition>:iam::aws:`, the ARN prefixes that need no check. */
  readonly iamPrefix: string;
  readonly awsPrefix: string;
  /** `YYYY-MM-DD` two days before capturedAt: dates of earlier days need no parsing. */
  readonly twoDaysBefore: string;
}

/** Whether a section's data is read (not named in `errors`, nor its container). */
export function reads(c: Consistency, section: SectionPath): boolean {
  return !c.errored.has(section) && !c.errored.has(section.slice(0, section.indexOf('.')));
}

export function newConsistency(data: unknown, errors: Diagnostic[], warnings: Diagnostic[], maxWarnings: number): Consistency {
  const account = at(data, 'account');
  const id = at(account, 'id');
  const partition = at(account, 'partition');
  const captured = at(data, 'capturedAt');
  const errored = new Set<string>();
  eachItem(at(data, 'errors'), (e) => {
    const section = at(e, 'section');
    const named = typeof section === 'string' ? sectionForErrorPath(section) : null;
    if (named !== null) errored.add(named);
  });
  const capturedAt = typeof captured === 'string' ? latestInstant(captured) : null;
  const accountId = typeof id === 'string' && /^\d{12}$/.test(id) ? id : null;
  const part = typeof partition === 'string' && /^aws(-[a-z]+)*$/.test(partition) ? partition : null;
  return {
    iamPrefix: `arn:${part ?? ''}:iam::${accountId ?? ''}:`,
    awsPrefix: `arn:${part ?? ''}:iam::aws:`,
    twoDaysBefore: capturedAt === null ? '' : new Date(capturedAt - 2 * DAY_MS).toISOString().slice(0, 10),
    errors,
    warnings,
    // Against an id or partition the schema rejects, every ARN would mismatch: the schema's error says it.
    accountId,
    partition: part,
    capturedAt,
    capturedAtText: typeof captured === 'string' ? captured : '',
    futureDates: 0,
    maxWarnings,
    hintGiven: false,
    errored,
  };
}

/** Duplicates, foreign ARNs and dates after capturedAt in the JSON sections. */
export function checkConsistency(c: Consistency, data: unknown): void {
  const iam = at(data, 'iam');
  const details = at(iam, 'authorizationDetails');
  const base = 'iam.authorizationDetails';
  // Each list's name read by its own function: one shared read would see every list's shapes.
  const lists = [
    { list: 'UserDetailList', kind: 'user', name: 'UserName', inline: 'UserPolicyList', nameOf: (u: unknown) => recordOf(u)?.UserName },
    { list: 'GroupDetailList', kind: 'group', name: 'GroupName', inline: 'GroupPolicyList', nameOf: (g: unknown) => recordOf(g)?.GroupName },
    { list: 'RoleDetailList', kind: 'role', name: 'RoleName', inline: 'RolePolicyList', nameOf: (r: unknown) => recordOf(r)?.RoleName },
  ] as const;
  for (const { list, kind, name, inline, nameOf } of reads(c, 'iam.authorizationDetails') ? lists : []) {
    // IAM names of users, groups and roles are unique ignoring case (`Admin` and `admin` cannot coexist).
    unique(
      c,
      at(details, list),
      (item) => lowerText(nameOf(item)),
      `${base}.${list}`,
      list,
      (key) => `${kind} \`${String(at(key, name))}\``,
      '; IAM names are unique, ignoring case',
    );
    const items = at(details, list);
    if (!Array.isArray(items)) continue;
    // One loop, each field read where it is needed (not through `at`, whose one property load would
    // see every shape of the file): a large snapshot has tens of thousands of principals.
    for (let i = 0; i < items.length; i++) {
      const item = recordOf(items[i]);
      if (item === undefined) continue; // not an object: the schema says so, and nothing below applies
      // Paths are spelt out only for a problem.
      const path = (field: string): string => `${base}.${list}[${i}]${field}`;
      arn(c, item.Arn, path, '.Arn', false);
      date(c, item.CreateDate, path, '.CreateDate');
      date(c, recordOf(item.RoleLastUsed)?.LastUsedDate, path, '.RoleLastUsed.LastUsedDate');
      arn(c, recordOf(item.PermissionsBoundary)?.PermissionsBoundaryArn, path, '.PermissionsBoundary.PermissionsBoundaryArn', true);
      uniqueAt(c, item[inline], policyNameOf, path, `.${inline}`, inline, describeInline, '');
      const attached = item.AttachedManagedPolicies;
      uniqueAt(c, attached, policyArnOf, path, '.AttachedManagedPolicies', 'AttachedManagedPolicies', describeAttachment, '');
      if (Array.isArray(attached)) {
        for (let j = 0; j < attached.length; j++) arn(c, recordOf(attached[j])?.PolicyArn, path, `.AttachedManagedPolicies[${j}].PolicyArn`, true);
      }
    }
  }
  const policies = reads(c, 'iam.authorizationDetails') ? at(details, 'Policies') : undefined;
  unique(
    c,
    policies,
    (p) => text(recordOf(p)?.Arn),
    `${base}.Policies`,
    'Policies',
    (p) => `policy \`${String(at(p, 'Arn'))}\``,
    '',
  );
  eachItem(policies, (p, i) => {
    const path = (field: string): string => `${base}.Policies[${i}]${field}`;
    const policy = recordOf(p);
    arn(c, policy?.Arn, path, '.Arn', true);
    date(c, policy?.CreateDate, path, '.CreateDate');
    date(c, policy?.UpdateDate, path, '.UpdateDate');
  });
  for (const section of ['samlProviders', 'oidcProviders'] as const) {
    if (!reads(c, `iam.${section}`)) continue;
    unique(
      c,
      at(iam, section),
      (p) => text(at(p, 'Arn')),
      `iam.${section}`,
      section,
      (p) => `identity provider \`${String(at(p, 'Arn'))}\``,
      '',
    );
    eachItem(at(iam, section), (p, i) => arn(c, at(p, 'Arn'), exactPath, `iam.${section}[${i}].Arn`, false));
  }
  eachItem(reads(c, 'iam.virtualMfaDevices') ? at(iam, 'virtualMfaDevices') : undefined, (d, i) => {
    const serial = at(d, 'SerialNumber');
    const path = (field: string): string => `iam.virtualMfaDevices[${i}]${field}`;
    if (typeof serial === 'string' && serial.startsWith('arn:')) arn(c, serial, path, '.SerialNumber', false);
    arn(c, at(at(d, 'User'), 'Arn'), path, '.User.Arn', false);
    date(c, at(d, 'EnableDate'), path, '.EnableDate');
  });
  eachItem(reads(c, 'iam.mfaDevices') ? at(iam, 'mfaDevices') : undefined, (d, i) => date(c, at(d, 'EnableDate'), exactPath, `iam.mfaDevices[${i}].EnableDate`));
  const organizations = at(data, 'organizations');
  const list = (section: 'accounts' | 'organizationalUnits' | 'policies'): unknown => (reads(c, `organizations.${section}`) ? at(organizations, section) : undefined);
  unique(
    c,
    list('accounts'),
    (a) => text(at(a, 'Id')),
    'organizations.accounts',
    'accounts',
    (a) => `account \`${String(at(a, 'Id'))}\``,
    '',
  );
  unique(
    c,
    list('organizationalUnits'),
    (u) => text(at(u, 'Id')),
    'organizations.organizationalUnits',
    'organizationalUnits',
    (u) => `organizational unit \`${String(at(u, 'Id'))}\``,
    '',
  );
  unique(
    c,
    list('policies'),
    (p) => text(at(at(p, 'PolicySummary'), 'Id')),
    'organizations.policies',
    'policies',
    (p) => `policy \`${String(at(at(p, 'PolicySummary'), 'Id'))}\``,
    '',
  );
}

// Keys and descriptions of a principal's inline policies and attachments, made once, not per principal.
const policyNameOf = (p: unknown): string | null => text(recordOf(p)?.PolicyName);
const policyArnOf = (p: unknown): string | null => text(recordOf(p)?.PolicyArn);
const describeInline = (p: unknown): string => `inline policy \`${String(at(p, 'PolicyName'))}\``;
const describeAttachment = (p: unknown): string => `attachment of \`${String(at(p, 'PolicyArn'))}\``;

/** The report's columns of past events: none may be after capturedAt. */
const REPORT_EVENT_COLUMNS = [
  'user_creation_time',
  'password_last_used',
  'password_last_changed',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'cert_1_last_rotated',
  'cert_2_last_rotated',
] as const;

/**
 * Foreign ARNs and dates after capturedAt in the credential report (duplicate rows are a parse
 * problem), and rows of users the user list lacks: deleted since the report was generated, or lost
 * from the list, which would silently drop every finding on them; a warning says which.
 */
export function checkReportConsistency(c: Consistency, report: CredentialReport, data: unknown): void {
  if (!reads(c, 'iam.credentialReport')) return;
  const path = 'iam.credentialReport';
  const users = reads(c, 'iam.authorizationDetails') ? at(at(at(data, 'iam'), 'authorizationDetails'), 'UserDetailList') : undefined;
  let listed: Set<unknown> | null = null;
  if (Array.isArray(users)) {
    listed = new Set();
    for (let i = 0; i < users.length; i++) listed.add(recordOf(users[i])?.UserName);
  }
  const userColumn = report.header.indexOf('user');
  let unlisted = 0;
  const arnColumn = report.header.indexOf('arn');
  const dateColumns = REPORT_EVENT_COLUMNS.map((name) => ({ name, index: report.header.indexOf(name) })).filter((d) => d.index >= 0);
  const captured = c.capturedAt;
  for (const row of report.rows) {
    const where = (column: string): string => `line ${row.line}, column \`${column}\`: `;
    const value = row.values[arnColumn];
    if (value?.startsWith('arn:') && !ownArn(c, value, false)) arn(c, value, exactPath, path, false, where('arn'));
    // Parsing the report kept each date as epoch ms (null for a sentinel): compared, not parsed again.
    for (let k = 0; captured !== null && k < dateColumns.length; k++) {
      const d = dateColumns[k] as (typeof dateColumns)[number];
      const t = row.typed[d.index];
      if (typeof t === 'number' && t > captured) afterCaptured(c, row.values[d.index] ?? '', exactPath, path, where(d.name));
    }
    const user = row.values[userColumn] ?? '';
    if (listed !== null && user !== ROOT_ROW_USER && !listed.has(user) && ++unlisted <= c.maxWarnings) {
      c.warnings.push(
        warning(
          'snapshot/invalid',
          `line ${row.line}: user \`${user}\` has a report row but is not in \`authorizationDetails.UserDetailList\`: deleted since the report was generated, or missing from the list; no rule sees it`,
          null,
          {
            path,
          },
        ),
      );
    }
  }
  const more = unlisted - c.maxWarnings;
  if (more > 0) c.warnings.push(warning('snapshot/invalid', `${more} more report user${more === 1 ? '' : 's'} not in \`UserDetailList\` not shown`, null, { path }));
}

/** The path of a problem: `pathOf(field)`, built only when there is one. */
export type PathOf = (field: string) => string;
export const exactPath: PathOf = (path) => path;

/** The account's own IAM ARN (or AWS's, when `awsOk`): the fast path, a large snapshot has hundreds of thousands. */
function ownArn(c: Consistency, value: string, awsOk: boolean): boolean {
  return value.startsWith(c.iamPrefix) || (awsOk && value.startsWith(c.awsPrefix));
}

/** An error unless the ARN is in the snapshot's partition and account (`aws`, for AWS managed policies, when `awsOk`). */
function arn(c: Consistency, value: unknown, pathOf: PathOf, field: string, awsOk: boolean, prefix = ''): void {
  if (typeof value !== 'string' || c.accountId === null || c.partition === null) return;
  if (ownArn(c, value, awsOk)) return;
  const path = pathOf(field);
  const parts = value.split(':', 5);
  if (parts.length < 5 || parts[0] !== 'arn') return; // malformed ARNs are the schema's to report
  const partition = parts[1] ?? '';
  const account = parts[4] ?? '';
  let message: string;
  if (partition !== c.partition) message = `the ARN is in partition \`${partition}\`, not the snapshot's \`account.partition\` \`${c.partition}\``;
  else if (account !== c.accountId && !(awsOk && account === 'aws')) message = `the ARN is in account \`${account}\`, not the snapshot's \`account.id\` \`${c.accountId}\``;
  else return;
  // One hint is enough: a wrong account.id makes every ARN of the file mismatch.
  const hint = c.hintGiven ? undefined : 'set `account.id` and `account.partition` to the account the data was collected from; docs/snapshot-format.md shows how to take it from the data';
  c.hintGiven = true;
  c.errors.push(error('snapshot/invalid', `${prefix}${message}`, null, hint === undefined ? { path } : { path, hint }));
}

/**
 * Fast path: ISO dates start with the day, and no offset moves a date by two days, so a day two
 * days before capturedAt's is before it; only the others are parsed. (A text of ten or more
 * characters compares below the ten-character day exactly when its first ten do.)
 */
function surelyBefore(c: Consistency, value: string): boolean {
  return value.length >= 10 && value < c.twoDaysBefore && startsWithDay(value);
}

/** `dddd-dd-dd` at the start. */
function startsWithDay(value: string): boolean {
  for (let i = 0; i < 10; i++) {
    const code = value.charCodeAt(i);
    if (i === 4 || i === 7 ? code !== 0x2d : code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** A warning when a date of a past event is after capturedAt: normalization makes durations from it unknown. */
export function date(c: Consistency, value: unknown, pathOf: PathOf, field: string, prefix = ''): void {
  if (typeof value !== 'string' || c.capturedAt === null) return;
  if (surelyBefore(c, value)) return;
  const t = parseInstant(value);
  if (t === null || t <= c.capturedAt) return;
  afterCaptured(c, value, pathOf, field, prefix);
}

/** The warning for a date after capturedAt (counted beyond `maxWarnings`). */
function afterCaptured(c: Consistency, value: string, pathOf: PathOf, field: string, prefix: string): void {
  c.futureDates++;
  if (c.futureDates <= c.maxWarnings) {
    c.warnings.push(warning('snapshot/invalid', `${prefix}\`${value}\` is after \`capturedAt\` (\`${c.capturedAtText}\`): durations counted from it are unknown`, null, { path: pathOf(field) }));
  }
}

/** After checkConsistency and checkReportConsistency: one warning counting the dates not shown. */
export function finishConsistency(c: Consistency): void {
  const more = c.futureDates - c.maxWarnings;
  if (more > 0) c.warnings.push(warning('snapshot/invalid', `${more} more date${more === 1 ? '' : 's'} after \`capturedAt\` not shown`, null));
}

/** An error for each item whose key an earlier item of the list already has. */
export function unique(c: Consistency, list: unknown, keyOf: (item: unknown) => string | null, path: string, name: string, describe: (item: unknown) => string, why: string): void {
  uniqueAt(c, list, keyOf, exactPath, path, name, describe, why);
}

/** unique, with the list's path `pathOf(field)` spelt out only for a duplicate. */
function uniqueAt(c: Consistency, list: unknown, keyOf: (item: unknown) => string | null, pathOf: PathOf, field: string, name: string, describe: (item: unknown) => string, why: string): void {
  if (!Array.isArray(list) || list.length < 2) return;
  if (list.length <= SMALL_LIST) {
    // A principal's few attachments or inline policies: compared pairwise, keys read again rather
    // than kept in a list (tens of thousands of principals, each with two such lists).
    for (let i = 1; i < list.length; i++) {
      const key = keyOf(list[i]);
      if (key === null) continue;
      for (let first = 0; first < i; first++) {
        if (keyOf(list[first]) !== key) continue;
        duplicate(c, list[i], i, first, pathOf, field, name, describe, why);
        break;
      }
    }
    return;
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const key = keyOf(item);
    if (key === null) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else duplicate(c, item, i, first, pathOf, field, name, describe, why);
  }
}

function duplicate(c: Consistency, item: unknown, i: number, first: number, pathOf: PathOf, field: string, name: string, describe: (item: unknown) => string, why: string): void {
  c.errors.push(error('snapshot/invalid', `${describe(item)} is listed twice (first at \`${name}[${first}]\`)${why}`, null, { path: `${pathOf(field)}[${i}]` }));
}

const SMALL_LIST = 8;

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function lowerText(value: unknown): string | null {
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/** The value itself when it is an object (not a list), else undefined: the data may be structurally invalid. */
export function recordOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Readonly<Record<string, unknown>>) : undefined;
}

/** The value at `key` of an object, else undefined: the data may be structurally invalid. */
export function at(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[key];
}

export function eachItem(value: unknown, visit: (item: unknown, index: number) => void): void {
  if (!Array.isArray(value)) return;
  for (let i = 0; i < value.length; i++) visit(value[i], i);
}

import type { BooleanColumn, CredentialReportRow, DateColumn, ReportColumn } from '../credential-report.ts';
import { isReportSentinel, parseCredentialReport, REPORT_COLUMNS, ROOT_ROW_USER } from '../credential-report.ts';
import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { exactList } from '../lists.ts';
import { handedReport } from '../parsed-parts.ts';
import { SECTIONS } from '../sections.ts';
import type { NormalizeContext } from './context.ts';
import { has } from './context.ts';
import type { MutableEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { since } from './raw-values.ts';

/** The credential report, indexed: rows by user name, the root row, column positions by name. */
export interface ReportIndex {
  readonly users: ReadonlyMap<string, CredentialReportRow>;
  readonly userOrder: readonly CredentialReportRow[];
  readonly root: CredentialReportRow | null;
  /** Where each known column is (absent when the report lacks it); read a dozen times per user, so resolved once. */
  readonly positions: Readonly<Partial<Record<ReportColumn, number>>>;
}

/** Null when the report was not collected (or, in an unvalidated snapshot, does not parse). */
export function indexReport(ctx: NormalizeContext): ReportIndex | null {
  const text = ctx.snapshot.iam?.credentialReport;
  if (!has(ctx, SECTIONS.credentialReport) || text === undefined) return null;
  const parsed = handedReport(ctx.parsed, text) ?? parseCredentialReport(text);
  if (!parsed.ok) return null;
  const positions: Partial<Record<ReportColumn, number>> = {};
  parsed.report.header.forEach((name, i) => {
    if (Object.hasOwn(REPORT_COLUMNS, name)) positions[name as ReportColumn] = i;
  });
  const userColumn = positions.user ?? 0;
  const users = new Map<string, CredentialReportRow>();
  const userOrder: CredentialReportRow[] = [];
  let root: CredentialReportRow | null = null;
  for (const row of parsed.report.rows) {
    const name = row.values[userColumn] ?? '';
    if (name === ROOT_ROW_USER) root = row;
    else {
      users.set(name, row);
      userOrder.push(row);
    }
  }
  return { users, userOrder, root, positions };
}

function raw(report: ReportIndex, row: CredentialReportRow, column: ReportColumn): string | undefined {
  const i = report.positions[column];
  return i === undefined ? undefined : row.values[i];
}

/** A report boolean; null for a sentinel (`not_supported` on root rows); unknown when the column is missing. */
export function reportBoolean(report: ReportIndex, row: CredentialReportRow, column: BooleanColumn): boolean | null | Unknown {
  const i = report.positions[column];
  // Parsing the report checked the value and kept it typed (a sentinel as null).
  return i === undefined ? UNKNOWN : (row.typed[i] as boolean | null);
}

/** A report date; null for `N/A`, `no_information`, `not_supported` (known absent); unknown when the column is missing. */
export function reportDate(report: ReportIndex, row: CredentialReportRow, column: DateColumn): number | null | Unknown {
  const i = report.positions[column];
  return i === undefined ? UNKNOWN : (row.typed[i] as number | null);
}

export function reportString(report: ReportIndex, row: CredentialReportRow, column: ReportColumn): string | null | Unknown {
  const value = raw(report, row, column);
  if (value === undefined) return UNKNOWN;
  return isReportSentinel(value) || value === '' ? null : value;
}

const KEY_COLUMNS = [
  {
    active: 'access_key_1_active',
    rotated: 'access_key_1_last_rotated',
    used: 'access_key_1_last_used_date',
    region: 'access_key_1_last_used_region',
    service: 'access_key_1_last_used_service',
  },
  {
    active: 'access_key_2_active',
    rotated: 'access_key_2_last_rotated',
    used: 'access_key_2_last_used_date',
    region: 'access_key_2_last_used_region',
    service: 'access_key_2_last_used_service',
  },
] as const;

const CERT_COLUMNS = [
  { active: 'cert_1_active', rotated: 'cert_1_last_rotated' },
  { active: 'cert_2_active', rotated: 'cert_2_last_rotated' },
] as const;

/** A numbered credential slot of the report (access key or certificate): its active flag and rotation date. */
interface SlotColumns {
  readonly active: BooleanColumn;
  readonly rotated: DateColumn;
}

/**
 * The credentials in a row's numbered slots. A slot holds one when it is active or has a rotation
 * date (an inactive key keeps its date; an empty slot is `false,N/A`). Unknown when a slot's
 * columns are missing, since the row's credentials are then not known.
 */
function slotEntities<C extends SlotColumns>(
  report: ReportIndex,
  row: CredentialReportRow,
  columns: readonly C[],
  build: (c: C, n: number, active: boolean, rotated: number | null) => MutableEntity,
): readonly MutableEntity[] | Unknown {
  const out: MutableEntity[] = [];
  for (let n = 0; n < columns.length; n++) {
    const c = columns[n];
    if (c === undefined) continue;
    const active = reportBoolean(report, row, c.active);
    const rotated = reportDate(report, row, c.rotated);
    if (active === UNKNOWN || rotated === UNKNOWN) return UNKNOWN;
    if (active !== true && rotated === null) continue;
    out.push(build(c, n + 1, active === true, rotated));
  }
  return exactList(out);
}

/** The access keys of one report row. */
export function accessKeyEntities(ctx: NormalizeContext, report: ReportIndex, row: CredentialReportRow, owner: Entity, user: Entity | null, keyPrefix: string): readonly MutableEntity[] | Unknown {
  return slotEntities(report, row, KEY_COLUMNS, (c, number, active, rotated) => {
    const used = reportDate(report, row, c.used);
    return newEntity('access-key', `${keyPrefix}/access-key/${number}`, `${owner.name}/${number}`, null, owner, {
      user,
      root: user === null,
      number,
      active,
      last_rotated: rotated,
      age: since(ctx, rotated),
      last_used: used,
      unused: since(ctx, used === null ? rotated : used),
      last_used_service: used === null ? null : reportString(report, row, c.service),
      last_used_region: used === null ? null : reportString(report, row, c.region),
    });
  });
}

/**
 * An access key whose details are unknown: standing for keys a source says exist without saying
 * which (root's account summary), for a user the report has no row for, whose keys are then
 * unknown, or (user unknown) for the users a report may predate when there is no user list. It
 * keeps rules over `access keys` unknown for them instead of silently passing.
 */
export function unknownAccessKey(owner: Entity | null, user: Entity | null | Unknown, key: string, name: string): MutableEntity {
  return newEntity('access-key', key, name, null, owner, {
    user,
    root: user === null,
    number: UNKNOWN,
    active: UNKNOWN,
    last_rotated: UNKNOWN,
    age: UNKNOWN,
    last_used: UNKNOWN,
    unused: UNKNOWN,
    last_used_service: UNKNOWN,
    last_used_region: UNKNOWN,
  });
}

/** A signing certificate whose details are unknown, as unknownAccessKey. */
export function unknownCertificate(owner: Entity | null, user: Entity | null | Unknown, key: string, name: string): MutableEntity {
  return newEntity('signing-certificate', key, name, null, owner, { user, root: user === null, number: UNKNOWN, active: UNKNOWN, last_rotated: UNKNOWN, age: UNKNOWN });
}

/** Signing certificates of one report row, like access keys (moto writes `N/A` dates for active certificates). */
export function certificateEntities(ctx: NormalizeContext, report: ReportIndex, row: CredentialReportRow, owner: Entity, user: Entity | null, keyPrefix: string): readonly MutableEntity[] | Unknown {
  return slotEntities(report, row, CERT_COLUMNS, (_c, number, active, rotated) =>
    newEntity('signing-certificate', `${keyPrefix}/signing-certificate/${number}`, `${owner.name}/${number}`, null, owner, { user, root: user === null, number, active, last_rotated: rotated, age: since(ctx, rotated) }),
  );
}

/** The latest use of the password and of any key in the row. */
export function lastUsed(report: ReportIndex, row: CredentialReportRow, keys: readonly Entity[] | Unknown): number | null | Unknown {
  if (keys === UNKNOWN) return UNKNOWN;
  let last = reportDate(report, row, 'password_last_used');
  for (const key of keys) last = later(last, key.attrs['last_used'] as number | null | Unknown);
  return last;
}

/** The later of two dates, as `latest` reads them: unknown wins, null is no date. */
function later(a: number | null | Unknown, b: number | null | Unknown): number | null | Unknown {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (a === null) return b;
  return b !== null && b > a ? b : a;
}

export function anyActive(items: readonly Entity[] | Unknown): boolean | Unknown {
  if (items === UNKNOWN) return UNKNOWN;
  return items.some((i) => i.attrs['active'] === true);
}

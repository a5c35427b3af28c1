import { DAY_MS as DAY, formatInstant, REPORT_COLUMN_NAMES, ROOT_ROW_USER } from '../model/index.ts';
import { type AccountSpec, type CertificateSpec, type DateSpec, GENERATED_ACCOUNT, type KeySpec, type ReportDateSpec, type ReportRowSpec } from './account-spec.ts';

/** The credential report of an account spec: the CSV text `iam.credentialReport` holds. */

/** A date as text, in its form. */
export function dateText(capturedAt: number, spec: DateSpec): string {
  const instant = capturedAt - spec.ago;
  const iso = new Date(instant).toISOString();
  switch (spec.form) {
    case 'Z':
      return `${iso.slice(0, 19)}Z`;
    case '+00:00':
      return `${iso.slice(0, 19)}+00:00`;
    case 'micro':
      return `${iso.slice(0, 23)}000Z`;
    case 'boto':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00`;
    case 'exact':
      return formatInstant(instant);
  }
}

/** The credential report writes ISO dates with `T` (never boto3's space form). */
function reportDateText(capturedAt: number, spec: ReportDateSpec): string {
  if (typeof spec === 'string') return spec;
  return dateText(capturedAt, spec.form === 'boto' ? { ...spec, form: '+00:00' } : spec);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function reportLine(capturedAt: number, name: string, arn: string, created: ReportDateSpec, row: ReportRowSpec): string {
  const bool = (b: boolean | 'not_supported'): string => (b === 'not_supported' ? b : row.upper ? String(b).toUpperCase() : String(b));
  const date = (d: ReportDateSpec): string => reportDateText(capturedAt, d);
  const key = (k: KeySpec | null): string[] => {
    if (k === null) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
    const used = typeof k.lastUsed !== 'string';
    return [bool(k.active), date(k.rotated), date(k.lastUsed), k.lastUsedRegion ?? (used ? 'us-east-1' : 'N/A'), k.lastUsedService ?? (used ? 's3' : 'N/A')];
  };
  const cert = (c: CertificateSpec | null): string[] => (c === null ? ['false', 'N/A'] : [bool(c.active), date(c.rotated)]);
  return [
    name,
    arn,
    date(created),
    bool(row.passwordEnabled),
    date(row.passwordLastUsed),
    date(row.passwordLastChanged),
    date(row.passwordNextRotation ?? 'N/A'),
    bool(row.mfa),
    ...key(row.keys[0]),
    ...key(row.keys[1]),
    ...cert(row.certificates[0]),
    ...cert(row.certificates[1]),
  ]
    .map(csvField)
    .join(',');
}

/** `arn:<partition>:iam::<account>:<rest>` of the spec's account. */
export function iamArn(spec: AccountSpec, rest: string): string {
  const account = accountOf(spec);
  return `arn:${account.partition}:iam::${account.id}:${rest}`;
}

export function accountOf(spec: AccountSpec): { readonly id: string; readonly partition: string } {
  return spec.account ?? { id: GENERATED_ACCOUNT, partition: 'aws' };
}

/** `/` → ``, `/ci/` → `ci/`: the part of an ARN between the resource type and the name. */
export function pathPart(path: string | undefined): string {
  return path === undefined || path === '/' ? '' : path.replace(/^\//, '');
}

export function userArn(spec: AccountSpec, name: string, path: string | undefined): string {
  return iamArn(spec, `user/${pathPart(path)}${name}`);
}

export function credentialReport(spec: AccountSpec, capturedAt: number): string {
  const lines = [REPORT_COLUMN_NAMES.join(',')];
  if (spec.root.report !== null) lines.push(reportLine(capturedAt, ROOT_ROW_USER, iamArn(spec, 'root'), spec.root.created ?? { ago: 3000 * DAY, form: 'Z' }, spec.root.report));
  for (const u of spec.users) if (u.report !== null) lines.push(reportLine(capturedAt, u.name, userArn(spec, u.name, u.path), u.created, u.report));
  const eol = spec.crlf ? '\r\n' : '\n';
  return lines.join(eol) + eol;
}

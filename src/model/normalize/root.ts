import { ROOT_ROW_USER } from '../credential-report.ts';
import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { EntityAttributes } from '../entity-attributes.ts';
import { EMPTY } from '../lists.ts';
import { SECTIONS } from '../sections.ts';
import type { NormalizeContext } from './context.ts';
import { has } from './context.ts';
import type { ReportIndex } from './credentials.ts';
import { accessKeyEntities, anyActive, certificateEntities, lastUsed, reportBoolean, reportDate, unknownAccessKey } from './credentials.ts';
import type { MutableEntity, TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { since } from './raw-values.ts';

/** The root user, attributes unknown until fillRoot: MFA devices need it as their owner first. */
export function newRootEntity(ctx: NormalizeContext): TypedEntity<'root'> {
  return newEntity('root', ctx.rootArn, ROOT_ROW_USER, ctx.rootArn, null, {
    exists: true,
    arn: ctx.rootArn,
    mfa: UNKNOWN,
    virtual_mfa: UNKNOWN,
    hardware_mfa: UNKNOWN,
    mfa_devices: UNKNOWN,
    access_keys: UNKNOWN,
    password_enabled: UNKNOWN,
    password_last_used: UNKNOWN,
    last_used: UNKNOWN,
    unused: UNKNOWN,
    created: UNKNOWN,
    signing_certificates: UNKNOWN,
    signing_certificates_active: UNKNOWN,
  });
}

/**
 * Root's attributes come from the credential report root row, else the account summary
 * (GetAccountSummary), else they are unknown. moto's report has no root row, and a hand-built
 * snapshot may have only the summary.
 */
export function fillRoot(ctx: NormalizeContext, root: TypedEntity<'root'>, report: ReportIndex | null, devices: readonly Entity[], out: { accessKeys: MutableEntity[]; certificates: MutableEntity[] }): void {
  const summary = has(ctx, SECTIONS.accountSummary) ? ctx.snapshot.iam?.accountSummary : undefined;
  const flag = (key: string): boolean | Unknown => {
    const value = summary?.[key];
    return value === undefined ? UNKNOWN : value > 0;
  };
  const row = report?.root ?? null;

  let mfa: boolean | null | Unknown = UNKNOWN;
  let passwordEnabled: boolean | null | Unknown = flag('AccountPasswordPresent');
  let passwordLastUsed: number | null | Unknown = UNKNOWN;
  let last: number | null | Unknown = UNKNOWN;
  let created: number | null | Unknown = UNKNOWN;
  let keys: readonly Entity[] | Unknown = UNKNOWN;
  let certificates: readonly Entity[] | Unknown = UNKNOWN;
  // The summary counts certificates, active or not: "present" leaves open whether one is active.
  const certificatesPresent = flag('AccountSigningCertificatesPresent');
  let certificatesActive: boolean | Unknown = certificatesPresent === true ? UNKNOWN : certificatesPresent;

  if (report !== null && row !== null) {
    mfa = reportBoolean(report, row, 'mfa_active');
    if (passwordEnabled === UNKNOWN) {
      // The root row says `not_supported` here in real reports; only a true/false value counts.
      const fromReport = reportBoolean(report, row, 'password_enabled');
      passwordEnabled = fromReport === null ? UNKNOWN : fromReport;
    }
    passwordLastUsed = reportDate(report, row, 'password_last_used');
    created = reportDate(report, row, 'user_creation_time');
    const keyEntities = accessKeyEntities(ctx, report, row, root, null, 'root');
    const certEntities = certificateEntities(ctx, report, row, root, null, 'root');
    if (keyEntities !== UNKNOWN) out.accessKeys.push(...keyEntities);
    if (certEntities !== UNKNOWN) out.certificates.push(...certEntities);
    keys = keyEntities;
    certificates = certEntities;
    certificatesActive = anyActive(certEntities);
    last = lastUsed(report, row, keyEntities);
    // The report can be hours older than the summary: a key created since is in the summary only,
    // and a critical rule must not pass on the older source.
    if (Array.isArray(keyEntities) && keyEntities.length === 0 && flag('AccountAccessKeysPresent') === true) {
      const key = summaryOnlyKey(root);
      out.accessKeys.push(key);
      keys = [key];
      // Its use is not known either, so neither is root's last use.
      last = UNKNOWN;
    }
  } else {
    mfa = flag('AccountMFAEnabled');
    const keysPresent = flag('AccountAccessKeysPresent');
    if (keysPresent === false) keys = EMPTY;
    else if (keysPresent === true) {
      const key = summaryOnlyKey(root);
      if (report !== null) out.accessKeys.push(key);
      keys = [key];
    }
    if (certificatesActive === false) certificates = EMPTY;
  }

  const virtual: boolean | Unknown = has(ctx, SECTIONS.virtualMfaDevices) ? devices.some((d) => d.attrs['root'] === true) : UNKNOWN;
  // MFA and no virtual device: a virtual device assigned to root settles it even when `mfa` is unknown.
  const hardware: boolean | null | Unknown = mfa === false || virtual === true ? false : mfa === true && virtual === false ? true : UNKNOWN;

  Object.assign(root.attrs, {
    exists: true,
    arn: ctx.rootArn,
    mfa: mfa === null ? UNKNOWN : mfa,
    virtual_mfa: virtual,
    hardware_mfa: hardware,
    mfa_devices: has(ctx, SECTIONS.virtualMfaDevices) ? devices.filter((d) => d.attrs['root'] === true) : UNKNOWN,
    access_keys: keys,
    password_enabled: passwordEnabled,
    password_last_used: passwordLastUsed,
    last_used: last,
    unused: since(ctx, last === null ? created : last),
    created,
    signing_certificates: certificates,
    signing_certificates_active: certificatesActive,
  } satisfies EntityAttributes<'root'>);
}

/**
 * The summary says root has keys but not which: one key whose details are unknown, so that
 * `root must not have access keys` fails while rules on key age stay unknown.
 */
function summaryOnlyKey(root: MutableEntity): MutableEntity {
  return unknownAccessKey(root, null, 'root/access-key/1', `${ROOT_ROW_USER}/1`);
}

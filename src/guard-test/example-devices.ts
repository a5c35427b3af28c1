import { DAY_MS } from '../model/index.ts';
import type { HardwareMfaSpec, MfaDeviceSpec, OidcProviderSpec, SamlProviderSpec } from './account-spec.ts';
import { bool, type Decl, dateOf, instant, isSet, list, num, problem, type State, str, strings, table, tags } from './example-declarations.ts';

/** The MFA devices and identity providers of an example account, as parts of the account spec. */

/** How long before the example's time a device was enabled, or a provider created, unless the example says. */
const DEFAULT_AGE_MS = 30 * DAY_MS;

/** MFA devices: declared ones, root's virtual device, and one virtual device for each user with MFA and no declared device. */
export function mfaDevices(s: State, rootVirtual: boolean, rootCreated: number, users: readonly Decl[], created: ReadonlyMap<string, number>): { virtualMfa: MfaDeviceSpec[]; hardwareMfa: HardwareMfaSpec[] } {
  const virtualMfa: MfaDeviceSpec[] = [];
  const hardwareMfa: HardwareMfaSpec[] = [];
  const devicesOf = new Map<string, number>();
  for (const m of list(s, 'mfa-device')) {
    const userName = strings(m, 'user')[0];
    const isRoot = bool(m, 'root', false);
    const assigned = bool(m, 'assigned', userName !== undefined || isRoot);
    const enabled = dateOf(s, instant(s, m, 'enabled') ?? s.now - DEFAULT_AGE_MS);
    if (userName !== undefined) devicesOf.set(userName, (devicesOf.get(userName) ?? 0) + 1);
    if (!bool(m, 'virtual', true)) {
      if (userName === undefined) {
        problem(s, `hardware MFA device \`${m.name}\` needs a \`user\``, m.span, "only users' hardware devices are listed; root's hardware MFA is `root with hardware mfa`");
        continue;
      }
      hardwareMfa.push({ user: userName, serial: m.name, enabled });
      continue;
    }
    const who = isRoot ? 'root' : userName !== undefined && table(s, 'user').has(userName) ? userName : null;
    virtualMfa.push({ serial: m.name, assignedTo: assigned ? who : null, enabled });
  }
  if (rootVirtual) virtualMfa.push({ serial: 'root-account-mfa-device', assignedTo: 'root', enabled: dateOf(s, rootCreated) });
  for (const u of users) {
    const wanted = num(u, 'mfa_devices') ?? (bool(u, 'mfa', false) && !devicesOf.has(u.name) ? 1 : 0);
    for (let i = 0; i < (wanted ?? 0); i++) virtualMfa.push({ serial: i === 0 ? u.name : `${u.name}-${i + 1}`, assignedTo: u.name, enabled: dateOf(s, created.get(u.name) ?? s.now) });
  }
  return { virtualMfa, hardwareMfa };
}

export function identityProviders(s: State): { samlProviders: SamlProviderSpec[]; oidcProviders: OidcProviderSpec[] } {
  const samlProviders: SamlProviderSpec[] = [];
  const oidcProviders: OidcProviderSpec[] = [];
  for (const p of list(s, 'identity-provider')) {
    const type = str(p, 'type') ?? (p.name.includes('.') ? 'oidc' : 'saml');
    const created = dateOf(s, instant(s, p, 'created') ?? s.now - DEFAULT_AGE_MS);
    if (type.toLowerCase() === 'oidc') {
      oidcProviders.push({
        host: p.name,
        url: `https://${p.name}`,
        clientIds: isSet(p, 'client_ids') ? strings(p, 'client_ids') : ['sts.amazonaws.com'],
        thumbprints: strings(p, 'thumbprints'),
        created,
        tags: tags(p),
      });
    } else {
      samlProviders.push({ name: p.name, validUntil: dateOf(s, instant(s, p, 'valid_until') ?? s.now + 365 * DAY_MS), created, tags: tags(p) });
    }
  }
  return { samlProviders, oidcProviders };
}

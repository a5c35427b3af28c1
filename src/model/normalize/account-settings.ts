import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { EntityAttributes } from '../entity-attributes.ts';
import { DAY_MS } from '../instant.ts';
import { EMPTY } from '../lists.ts';
import { SECTIONS } from '../sections.ts';
import type { NormalizeContext } from './context.ts';
import { has } from './context.ts';
import type { MutableEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { date, tagStrings } from './raw-values.ts';

/** Every password policy attribute set to one value. */
function passwordPolicyOf(value: null | Unknown): EntityAttributes<'password-policy'> {
  return {
    exists: value,
    minimum_length: value,
    require_uppercase: value,
    require_lowercase: value,
    require_numbers: value,
    require_symbols: value,
    reuse_prevention: value,
    max_age: value,
    expire_passwords: value,
    allow_users_to_change: value,
    hard_expiry: value,
  };
}

/**
 * The password policy singleton: `exists` false and every attribute null when the snapshot says
 * `passwordPolicy: null`; all unknown when the section was not collected. Booleans AWS omits read
 * as false (its defaults); numbers it omits (reuse prevention, max age) as null (not set).
 */
export function normalizePasswordPolicy(ctx: NormalizeContext): MutableEntity {
  const policy = ctx.snapshot.iam?.passwordPolicy;
  let attrs: EntityAttributes<'password-policy'>;
  if (!has(ctx, SECTIONS.passwordPolicy) || policy === undefined) {
    attrs = passwordPolicyOf(UNKNOWN);
  } else if (policy === null) {
    attrs = { ...passwordPolicyOf(null), exists: false };
  } else {
    attrs = {
      exists: true,
      minimum_length: policy.MinimumPasswordLength,
      require_uppercase: policy.RequireUppercaseCharacters ?? false,
      require_lowercase: policy.RequireLowercaseCharacters ?? false,
      require_numbers: policy.RequireNumbers ?? false,
      require_symbols: policy.RequireSymbols ?? false,
      reuse_prevention: policy.PasswordReusePrevention ?? null,
      max_age: policy.MaxPasswordAge === undefined || policy.MaxPasswordAge === 0 ? null : policy.MaxPasswordAge * DAY_MS,
      expire_passwords: policy.ExpirePasswords ?? false,
      allow_users_to_change: policy.AllowUsersToChangePassword ?? false,
      hard_expiry: policy.HardExpiry ?? false,
    };
  }
  return newEntity('password-policy', 'password-policy', 'password-policy', null, null, attrs);
}

/**
 * SAML and OIDC providers. `trusted_by` lists the roles whose trust policy allows the provider ARN
 * as a Federated principal; it needs the authorization details.
 */
export function normalizeIdentityProviders(ctx: NormalizeContext, rolesByFederatedPrincipal: ReadonlyMap<string, readonly Entity[]>): MutableEntity[] {
  const rolesKnown = has(ctx, SECTIONS.authorizationDetails);
  const trust = (arn: string): Pick<EntityAttributes<'identity-provider'>, 'trusted' | 'trusted_by'> => {
    if (!rolesKnown) return { trusted: UNKNOWN, trusted_by: UNKNOWN };
    const roles = rolesByFederatedPrincipal.get(arn) ?? EMPTY;
    return { trusted: roles.length > 0, trusted_by: roles };
  };
  const out: MutableEntity[] = [];
  if (has(ctx, SECTIONS.samlProviders)) {
    for (const p of ctx.snapshot.iam?.samlProviders ?? []) {
      const name = afterMarker(p.Arn, ':saml-provider/');
      out.push(
        newEntity('identity-provider', p.Arn, name, p.Arn, null, {
          arn: p.Arn,
          name,
          type: 'saml',
          url: null,
          client_ids: EMPTY,
          thumbprints: EMPTY,
          created: date(p.CreateDate),
          valid_until: date(p.ValidUntil),
          ...trust(p.Arn),
          tags: tagStrings(p.Tags),
        }),
      );
    }
  }
  if (has(ctx, SECTIONS.oidcProviders)) {
    for (const p of ctx.snapshot.iam?.oidcProviders ?? []) {
      const name = afterMarker(p.Arn, ':oidc-provider/');
      out.push(
        newEntity('identity-provider', p.Arn, name, p.Arn, null, {
          arn: p.Arn,
          name,
          type: 'oidc',
          url: p.Url === undefined ? name : p.Url.replace(/^https:\/\//, ''),
          client_ids: p.ClientIDList ?? UNKNOWN,
          thumbprints: p.ThumbprintList ?? UNKNOWN,
          created: date(p.CreateDate),
          valid_until: null,
          ...trust(p.Arn),
          tags: tagStrings(p.Tags),
        }),
      );
    }
  }
  return out;
}

function afterMarker(arn: string, marker: string): string {
  const at = arn.indexOf(marker);
  return at < 0 ? arn : arn.slice(at + marker.length);
}

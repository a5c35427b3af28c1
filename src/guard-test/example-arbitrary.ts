import fc from 'fast-check';
import { DAY_MS } from '../model/index.ts';
import { DEFAULT_NOW, type DeclaredEntity, type ExampleAccount, type SettingValue } from './example-account.ts';
import type { ExampleType } from './settable.ts';

/**
 * fast-check arbitrary of example accounts: small accounts in the vocabulary of example tests
 * (users with keys and console passwords, root, password policy, groups, roles and their trust,
 * policies with statements, identity providers, sometimes an organization, sometimes a section not
 * collected). Each shrinks towards the empty account with defaults, so a failing property shrinks
 * to a short example.
 */

const USER_NAMES = ['alice', 'bob', 'carol', 'ci', 'svc'] as const;
const ROLE_NAMES = ['deploy', 'admin', 'reader', 'legacy'] as const;
const POLICY_NAMES = ['app', 'ops', 'wide'] as const;
const ACTIONS = ['*', 's3:*', 's3:GetObject', 'iam:*', 'iam:PassRole', 'sts:AssumeRole', 'ec2:*', 'iam:Get*'] as const;
const RESOURCES = ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:iam::123456789012:role/*'] as const;
const PRINCIPALS = ['ec2.amazonaws.com', 'lambda.amazonaws.com', '*', '111122223333', '123456789012', 'token.actions.githubusercontent.com', 'arn:aws:iam::444455556666:role/x'] as const;
const CONDITIONS = [
  'StringEquals sts:ExternalId=abc',
  'StringLike token.actions.githubusercontent.com:sub=repo:org/app:*',
  'StringLike token.actions.githubusercontent.com:sub=*',
  'Bool aws:MultiFactorAuthPresent=true',
] as const;
const SECTIONS = ['iam.credentialReport', 'iam.authorizationDetails', 'iam.accountSummary', 'iam.passwordPolicy', 'iam.virtualMfaDevices', 'organizations'] as const;

const days = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });

type Entry = [string, SettingValue];

const b = (v: boolean): SettingValue => ({ kind: 'boolean', value: v });
const ago = (d: number): SettingValue => ({ kind: 'instant', value: DEFAULT_NOW - d * DAY_MS });
const dur = (d: number): SettingValue => ({ kind: 'duration', value: d * DAY_MS });
const n = (v: number): SettingValue => ({ kind: 'number', value: v });
const strs = (v: readonly string[]): SettingValue => ({ kind: 'strings', value: v });

function entity(type: ExampleType, name: string | null, settings: readonly (Entry | null)[], extra: Partial<Pick<DeclaredEntity, 'allows' | 'trusts'>> = {}): DeclaredEntity {
  return {
    type,
    name,
    settings: new Map(settings.filter((e): e is Entry => e !== null)),
    allows: extra.allows ?? [],
    trusts: extra.trusts ?? [],
    span: null,
  };
}

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 2 });

/** A boolean that shrinks to true: for settings whose default is true, so shrunk accounts say less. */
const usuallyTrue = fc.boolean().map((v) => !v);

const keyArb = fc.record({
  active: usuallyTrue,
  age: days(400),
  used: maybe(days(400)),
});

const userArb = fc.record({
  console: fc.boolean(),
  mfa: fc.boolean(),
  created: maybe(days(800)),
  passwordUsed: maybe(days(400)),
  keys: fc.array(keyArb, { maxLength: 2 }),
  groups: fc.subarray(['devs', 'admins']),
  attached: fc.subarray([...POLICY_NAMES, 'AdministratorAccess', 'AWSCloudShellFullAccess', 'AWSSupportAccess']),
});

const statementArb = fc.record({
  effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  notAction: fc.boolean(),
});

const roleArb = fc.record({
  trust: fc.array(fc.constantFrom(...PRINCIPALS), { minLength: 1, maxLength: 2 }),
  condition: maybe(fc.constantFrom(...CONDITIONS)),
  unused: maybe(days(400)),
  serviceLinked: fc.boolean(),
  attached: fc.subarray([...POLICY_NAMES, 'AdministratorAccess', 'AWSCloudShellFullAccess', 'AWSSupportAccess']),
});

const rootArb = fc.record({
  mfa: fc.constantFrom('none', 'virtual', 'hardware'),
  password: usuallyTrue,
  used: maybe(days(400)),
  keys: fc.array(keyArb, { maxLength: 2 }),
  certificate: fc.boolean(),
});

const passwordPolicyArb = maybe(
  fc.record({
    length: fc.integer({ min: 6, max: 20 }),
    upper: fc.boolean(),
    lower: fc.boolean(),
    numbers: fc.boolean(),
    symbols: fc.boolean(),
    reuse: maybe(fc.integer({ min: 1, max: 24 })),
    maxAge: maybe(fc.integer({ min: 1, max: 365 })),
  }),
);

export interface ExampleAccountOptions {
  /** The evaluation time (default: the example default). */
  readonly now?: number;
  /** Whether some sections may be missing (not collected); default true. */
  readonly missingSections?: boolean;
}

export function exampleAccountArb(options: ExampleAccountOptions = {}): fc.Arbitrary<ExampleAccount> {
  const now = options.now ?? DEFAULT_NOW;
  const shift = now - DEFAULT_NOW;
  return fc
    .record({
      root: rootArb,
      passwordPolicy: passwordPolicyArb,
      users: fc.uniqueArray(fc.tuple(fc.constantFrom(...USER_NAMES), userArb), { maxLength: 4, selector: ([name]) => name }),
      roles: fc.uniqueArray(fc.tuple(fc.constantFrom(...ROLE_NAMES), roleArb), { maxLength: 3, selector: ([name]) => name }),
      policies: fc.uniqueArray(fc.tuple(fc.constantFrom(...POLICY_NAMES), fc.array(statementArb, { maxLength: 2 })), { maxLength: 3, selector: ([name]) => name }),
      providers: fc.subarray(['token.actions.githubusercontent.com', 'Corp']),
      organization: maybe(fc.record({ allFeatures: usuallyTrue, scp: usuallyTrue, management: usuallyTrue })),
      missing: options.missingSections === false ? fc.constant([]) : fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...SECTIONS], { maxLength: 1 }) }),
    })
    .map((g) => {
      const out: DeclaredEntity[] = [];
      const r = g.root;
      out.push(
        entity('root', null, [
          r.mfa === 'virtual' ? ['virtual_mfa', b(true)] : r.mfa === 'hardware' ? ['hardware_mfa', b(true)] : null,
          r.password ? null : ['password_enabled', b(false)],
          r.used === null ? null : ['password_last_used', ago(r.used)],
          r.certificate ? ['signing_certificates_active', b(true)] : null,
        ]),
      );
      r.keys.forEach((k, i) => void out.push(keyEntity(`root/${i + 1}`, k)));
      const p = g.passwordPolicy;
      if (p !== null) {
        out.push(
          entity('password-policy', null, [
            ['minimum_length', n(p.length)],
            p.upper ? ['require_uppercase', b(true)] : null,
            p.lower ? ['require_lowercase', b(true)] : null,
            p.numbers ? ['require_numbers', b(true)] : null,
            p.symbols ? ['require_symbols', b(true)] : null,
            p.reuse === null ? null : ['reuse_prevention', n(p.reuse)],
            p.maxAge === null ? null : ['max_age', dur(p.maxAge)],
          ]),
        );
      }
      for (const [name, u] of g.users) {
        out.push(
          entity('user', name, [
            u.console ? ['console_access', b(true)] : null,
            u.mfa ? ['mfa', b(true)] : null,
            u.created === null ? null : ['created', ago(u.created + 400)],
            u.passwordUsed === null ? null : ['password_last_used', ago(u.passwordUsed)],
            u.groups.length === 0 ? null : ['groups', strs(u.groups)],
            u.attached.length === 0 ? null : ['attached_policies', strs(u.attached)],
          ]),
        );
        u.keys.forEach((k, i) => void out.push(keyEntity(`${name}/${i + 1}`, k)));
      }
      for (const [name, statements] of g.policies) {
        out.push(entity('policy', name, []));
        statements.forEach(
          (st, i) =>
            void out.push(
              entity('statement', `${name}/${i + 1}`, [
                st.effect === 'Allow' ? null : ['effect', { kind: 'string', value: st.effect }],
                [st.notAction ? 'not_actions' : 'actions', strs([st.action])],
                ['resources', strs([st.resource])],
              ]),
            ),
        );
      }
      for (const [name, role] of g.roles) {
        out.push(
          entity(
            'role',
            name,
            [role.unused === null ? null : ['unused', dur(role.unused)], role.serviceLinked ? ['service_linked', b(true)] : null, role.attached.length === 0 ? null : ['attached_policies', strs(role.attached)]],
            { trusts: role.trust },
          ),
        );
        if (role.condition !== null) out.push(entity('trust-statement', `${name}/1`, [['conditions', strs([role.condition])]]));
      }
      for (const provider of g.providers) out.push(entity('identity-provider', provider, []));
      const o = g.organization;
      if (o !== null) {
        out.push(entity('organization', null, [o.allFeatures ? null : ['all_features', b(false)], o.scp ? null : ['scp_enabled', b(false)]]));
        if (!o.management) out.push(entity('account', null, [['management_account', b(false)]]));
      }
      const shifted = shift === 0 ? out : out.map((e) => shiftEntity(e, shift));
      return { now, missing: g.missing, entities: shifted };
    });
}

function keyEntity(name: string, k: { active: boolean; age: number; used: number | null }): DeclaredEntity {
  return entity('access-key', name, [k.active ? null : ['active', b(false)], ['age', dur(k.age)], k.used === null ? null : ['last_used', ago(Math.min(k.used, k.age))]]);
}

/** Instants are generated against the default time; move them with `now`. */
function shiftEntity(e: DeclaredEntity, shift: number): DeclaredEntity {
  const settings = new Map([...e.settings].map(([k, v]) => [k, v.kind === 'instant' ? { kind: 'instant' as const, value: v.value + shift } : v]));
  return { ...e, settings };
}

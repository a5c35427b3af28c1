import type { DocumentSpec, StatementSpec } from './account-spec.ts';
import { bool, type Decl, isSet, list, problem, type State, splitOwner, str, strings, table } from './example-declarations.ts';

/**
 * The policy documents of an example account: what `allow`, `trust` and the settings of declared
 * `statement` and `trust statement` entities say, as the statements of the account spec.
 */

interface PrincipalClass {
  /** `AWS`, `Service` or `Federated`. */
  readonly type: 'AWS' | 'Service' | 'Federated';
  readonly value: string;
  /** The OIDC provider host to create, when the principal names one by host. */
  readonly provider: string | null;
  readonly action: string;
}

const WEB_IDENTITY_HOSTS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

/** What `trust "P"` (and a statement's `principals`) means: an account, ARN, service, or provider. */
export function classifyPrincipal(s: State, p: string): PrincipalClass {
  if (p === '*') return { type: 'AWS', value: '*', provider: null, action: 'sts:AssumeRole' };
  if (p.startsWith('arn:')) {
    if (p.includes(':saml-provider/')) return { type: 'Federated', value: p, provider: null, action: 'sts:AssumeRoleWithSAML' };
    if (p.includes(':oidc-provider/')) return { type: 'Federated', value: p, provider: null, action: 'sts:AssumeRoleWithWebIdentity' };
    return { type: 'AWS', value: p, provider: null, action: 'sts:AssumeRole' };
  }
  if (WEB_IDENTITY_HOSTS.has(p)) return { type: 'Federated', value: p, provider: null, action: 'sts:AssumeRoleWithWebIdentity' };
  if (/\.amazonaws\.com(\.cn)?$/.test(p)) return { type: 'Service', value: p, provider: null, action: 'sts:AssumeRole' };
  if (p.includes('.')) {
    return { type: 'Federated', value: `arn:${s.partition}:iam::${s.id}:oidc-provider/${p}`, provider: p, action: 'sts:AssumeRoleWithWebIdentity' };
  }
  if (table(s, 'identity-provider').has(p)) return { type: 'Federated', value: `arn:${s.partition}:iam::${s.id}:saml-provider/${p}`, provider: null, action: 'sts:AssumeRoleWithSAML' };
  return { type: 'AWS', value: p, provider: null, action: 'sts:AssumeRole' };
}

/** A statement being written: the keys are those of StatementSpec, set and removed as settings say. */
type Draft = { -readonly [K in keyof StatementSpec]?: StatementSpec[K] };

/** Appends `value` to the list at `key`, creating it: the shape of a principal or condition block. */
function pushInto<T>(into: Record<string, T[]>, key: string, value: T): void {
  const list = into[key];
  if (list === undefined) into[key] = [value];
  else list.push(value);
}

function conditionBlock(condition: Record<string, Record<string, string[]>>, operator: string): Record<string, string[]> {
  const block = condition[operator] ?? {};
  condition[operator] = block;
  return block;
}

/** One statement from its settings (a declared `statement "p/1"`) over a base (from `allow`/`trust`). */
function statementOf(s: State, base: StatementSpec, d: Decl | undefined, trust: boolean): StatementSpec {
  const out: Draft = { ...base };
  if (d === undefined) return base;
  const sid = str(d, 'sid');
  if (sid !== undefined && sid !== null) out['Sid'] = sid;
  const effect = str(d, 'effect');
  if (effect !== undefined && effect !== null) out['Effect'] = effect;
  const put = (key: 'Action' | 'NotAction' | 'Resource' | 'NotResource', other: 'Action' | 'NotAction' | 'Resource' | 'NotResource', name: string): void => {
    if (!isSet(d, name)) return;
    out[key] = [...strings(d, name)];
    delete out[other];
  };
  put('Action', 'NotAction', 'actions');
  put('NotAction', 'Action', 'not_actions');
  put('Resource', 'NotResource', 'resources');
  put('NotResource', 'Resource', 'not_resources');
  const principalSettings = ['principals', 'principal_accounts', 'principal_services', 'principal_federated', 'public'];
  if (principalSettings.some((n) => isSet(d, n))) {
    const map: Record<string, string[]> = {};
    let anyone = false;
    for (const p of strings(d, 'principals')) {
      if (p === '*') anyone = true;
      else {
        const c = classifyPrincipal(s, p);
        pushInto(map, c.type, c.value);
      }
    }
    for (const a of strings(d, 'principal_accounts')) pushInto(map, 'AWS', a);
    for (const v of strings(d, 'principal_services')) pushInto(map, 'Service', v);
    for (const v of strings(d, 'principal_federated')) pushInto(map, 'Federated', v);
    if (bool(d, 'public', false)) anyone = true;
    if (anyone && Object.keys(map).length === 0) out['Principal'] = '*';
    else {
      if (anyone) pushInto(map, 'AWS', '*');
      out['Principal'] = map;
    }
    delete out['NotPrincipal'];
  }
  if (isSet(d, 'not_principals')) {
    const map: Record<string, string[]> = {};
    for (const p of strings(d, 'not_principals')) {
      const c = classifyPrincipal(s, p);
      pushInto(map, c.type, c.value);
    }
    out['NotPrincipal'] = map;
    delete out['Principal'];
  }
  if (isSet(d, 'conditions') || isSet(d, 'condition_keys')) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const text of strings(d, 'conditions')) {
      const parsed = parseConditionText(text);
      if (parsed === null) {
        problem(s, `condition \`${text}\` is not written \`Operator key=value\``, d.span, 'for example `"StringEquals sts:ExternalId=x"`');
        continue;
      }
      pushInto(conditionBlock(condition, parsed.operator), parsed.key, parsed.value);
    }
    const used = new Set(Object.values(condition).flatMap((keys) => Object.keys(keys)));
    // A condition key without a value: require the key to be present.
    for (const key of strings(d, 'condition_keys')) if (!used.has(key)) pushInto(conditionBlock(condition, 'Null'), key, 'false');
    out['Condition'] = condition;
  }
  if (trust && out.Action === undefined && out.NotAction === undefined) out.Action = 'sts:AssumeRole';
  return { ...out, Effect: out.Effect ?? base.Effect };
}

export function parseConditionText(text: string): { operator: string; key: string; value: string } | null {
  const space = text.indexOf(' ');
  if (space <= 0) return null;
  const rest = text.slice(space + 1);
  const eq = rest.indexOf('=');
  if (eq <= 0) return null;
  return { operator: text.slice(0, space), key: rest.slice(0, eq), value: rest.slice(eq + 1) };
}

/**
 * The statements of a policy (or trust policy): those of `allow`/`trust` first, in order, then the
 * declared `statement "<owner>/<n>"` entities: `n` within those modifies one, `n` after them adds
 * one; a Sid names a statement by its Sid (added when new).
 */
export function statements(s: State, owner: Decl, type: 'statement' | 'trust-statement', bases: readonly StatementSpec[]): StatementSpec[] {
  const declared = list(s, type).filter((d) => splitOwner(d.name)?.owner === owner.name);
  const byIndex = new Map<number, Decl>();
  const bySid: Decl[] = [];
  for (const d of declared) {
    const part = splitOwner(d.name)?.part ?? '';
    if (/^\d+$/.test(part)) byIndex.set(Number(part), d);
    else bySid.push(d);
  }
  const count = Math.max(bases.length, ...byIndex.keys());
  const out: StatementSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const base = bases[i - 1];
    const d = byIndex.get(i);
    if (base === undefined && d === undefined) {
      const what = type === 'statement' ? 'statement' : 'trust statement';
      problem(s, `${what}s of \`${owner.name}\` are numbered from 1 without gaps: \`${owner.name}/${i}\` is not declared`, declared[0]?.span ?? owner.span);
      continue;
    }
    out.push(statementOf(s, base ?? { Effect: 'Allow' }, d, type === 'trust-statement'));
  }
  for (const d of bySid) {
    const sid = splitOwner(d.name)?.part ?? '';
    const existing = out.findIndex((st) => st.Sid === sid);
    const base = existing === -1 ? { Sid: sid, Effect: 'Allow' } : (out[existing] as StatementSpec);
    const built = statementOf(s, base, d, type === 'trust-statement');
    if (existing === -1) out.push(built);
    else out[existing] = built;
  }
  return out;
}

export function allowStatements(d: Decl): StatementSpec[] {
  return d.allows.map((a) => ({ Effect: 'Allow', Action: a.action, Resource: a.resource }));
}

/** A document in its object form, as examples write them. */
export function objectDocument(statements: readonly StatementSpec[]): DocumentSpec {
  return { statements, form: 'object', single: false };
}

export function documentOf(s: State, d: Decl, bases: readonly StatementSpec[]): DocumentSpec {
  const text = str(d, 'document');
  const own = list(s, 'statement').some((st) => splitOwner(st.name)?.owner === d.name);
  if (text !== undefined && text !== null) {
    if (own || d.allows.length > 0) problem(s, `policy \`${d.name}\` has a \`document\` and statements too`, d.span, 'give either the document or its statements');
    return { ...objectDocument([]), text };
  }
  return objectDocument(statements(s, d, 'statement', bases));
}

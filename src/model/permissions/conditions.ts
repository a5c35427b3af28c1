/**
 * IAM condition evaluation against what the snapshot decides (context-keys.ts), three-valued:
 * a condition on a request-time key is undecided, never false. Semantics follow
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * and reference_policies_condition-single-vs-multi-valued-context-keys.html: the values of one
 * key are OR'd, keys and operators AND'd; `...IfExists` holds when the key is absent; negated
 * operators hold when it is absent; `ForAllValues:` holds on an absent key, `ForAnyValue:` does not.
 * An operator IAM does not define makes the condition undecided.
 */
import { globMatches } from '../policy-document/glob.ts';
import type { PolicyCondition } from '../policy-document/types.ts';
import { arnFields, fieldsAgree } from './arn-fields.ts';
import { contextKey, FALSE, type KeyValue, not, TRUE, type Tri, UNDECIDED } from './context-keys.ts';
import type { PrincipalContext } from './types.ts';
import { hasVariables, substitute } from './variables.ts';

type Family = 'string' | 'stringIgnoreCase' | 'stringLike' | 'arn' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip';
type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

interface Operator {
  readonly family: Family;
  readonly comparison: Comparison;
  readonly negated: boolean;
}

const OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['stringequals', { family: 'string', comparison: 'eq', negated: false }],
  ['stringnotequals', { family: 'string', comparison: 'eq', negated: true }],
  ['stringequalsignorecase', { family: 'stringIgnoreCase', comparison: 'eq', negated: false }],
  ['stringnotequalsignorecase', { family: 'stringIgnoreCase', comparison: 'eq', negated: true }],
  ['stringlike', { family: 'stringLike', comparison: 'eq', negated: false }],
  ['stringnotlike', { family: 'stringLike', comparison: 'eq', negated: true }],
  ['arnequals', { family: 'arn', comparison: 'eq', negated: false }],
  ['arnlike', { family: 'arn', comparison: 'eq', negated: false }],
  ['arnnotequals', { family: 'arn', comparison: 'eq', negated: true }],
  ['arnnotlike', { family: 'arn', comparison: 'eq', negated: true }],
  ['numericequals', { family: 'numeric', comparison: 'eq', negated: false }],
  ['numericnotequals', { family: 'numeric', comparison: 'eq', negated: true }],
  ['numericlessthan', { family: 'numeric', comparison: 'lt', negated: false }],
  ['numericlessthanequals', { family: 'numeric', comparison: 'le', negated: false }],
  ['numericgreaterthan', { family: 'numeric', comparison: 'gt', negated: false }],
  ['numericgreaterthanequals', { family: 'numeric', comparison: 'ge', negated: false }],
  ['dateequals', { family: 'date', comparison: 'eq', negated: false }],
  ['datenotequals', { family: 'date', comparison: 'eq', negated: true }],
  ['datelessthan', { family: 'date', comparison: 'lt', negated: false }],
  ['datelessthanequals', { family: 'date', comparison: 'le', negated: false }],
  ['dategreaterthan', { family: 'date', comparison: 'gt', negated: false }],
  ['dategreaterthanequals', { family: 'date', comparison: 'ge', negated: false }],
  ['bool', { family: 'bool', comparison: 'eq', negated: false }],
  ['binaryequals', { family: 'binary', comparison: 'eq', negated: false }],
  ['ipaddress', { family: 'ip', comparison: 'eq', negated: false }],
  ['notipaddress', { family: 'ip', comparison: 'eq', negated: true }],
]);

interface ParsedOperator {
  readonly set: 'all' | 'any' | null;
  readonly ifExists: boolean;
  /** null for the Null operator. */
  readonly op: Operator | null;
}

function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name.toLowerCase();
  let set: ParsedOperator['set'] = null;
  if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  } else if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  }
  if (rest === 'null') return set === null ? { set, ifExists: false, op: null } : undefined;
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  const op = OPERATORS.get(rest);
  return op === undefined ? undefined : { set, ifExists, op };
}

/** One condition (one operator, one key, its values) for the principal: true, false or undecided. */
export function evaluateCondition(c: PolicyCondition, p: PrincipalContext, version: string | null): Tri {
  const parsed = parseOperator(c.operator);
  if (parsed === undefined) return UNDECIDED;
  const key = contextKey(c.key, p);
  if (key.kind === 'undecided') return UNDECIDED;
  if (parsed.op === null) return nullOperator(c.values, key);
  if (key.kind === 'recent') return recentKey(parsed, parsed.op, c, p, version);
  if (key.kind === 'absent') return absentKey(parsed, parsed.op);
  const values = policyValues(c.values, p, version);
  return presentKey(parsed.set, parsed.op, key.values, values);
}

/** Every condition of a statement, AND'd (Kleene). */
export function evaluateConditions(conditions: readonly PolicyCondition[], p: PrincipalContext, version: string | null): Tri {
  let result: Tri = TRUE;
  for (const c of conditions) {
    const t = evaluateCondition(c, p, version);
    if (t === FALSE) return FALSE;
    if (t < result) result = t;
  }
  return result;
}

/** How a condition is listed as evidence: `Bool aws:MultiFactorAuthPresent=true`. */
export function describeCondition(c: PolicyCondition): string {
  return `${c.operator} ${c.key}=${c.values.join(',')}`;
}

function nullOperator(values: readonly string[], key: KeyValue): Tri {
  if (key.kind === 'undecided') return UNDECIDED;
  const absent: Tri = key.kind === 'absent' ? TRUE : key.kind === 'recent' && key.mayBeAbsent ? UNDECIDED : FALSE;
  let result: Tri = FALSE;
  for (const v of values) {
    const lower = v.toLowerCase();
    const t = lower === 'true' ? absent : lower === 'false' ? not(absent) : FALSE;
    if (t > result) result = t;
  }
  return result;
}

function absentKey(parsed: ParsedOperator, op: Operator): Tri {
  if (parsed.ifExists) return TRUE;
  if (parsed.set === 'all') return TRUE;
  if (parsed.set === 'any') return FALSE;
  return op.negated ? TRUE : FALSE;
}

/** Policy values with variables substituted; null stands for a value an unresolvable variable makes unknown. */
function policyValues(values: readonly string[], p: PrincipalContext, version: string | null): readonly (string | null)[] {
  let out: (string | null)[] | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? '';
    if (!hasVariables(v, version)) continue;
    out ??= values.slice();
    const s = substitute(v, p);
    out[i] = s.exact ? s.text : null;
  }
  return out ?? values;
}

function presentKey(set: ParsedOperator['set'], op: Operator, request: readonly string[], policy: readonly (string | null)[]): Tri {
  // Each request value: does it match some policy value (the positive form of the operator).
  if (set === 'all') {
    let result: Tri = TRUE;
    for (const r of request) {
      const t = valueTri(op, r, policy);
      if (t < result) result = t;
    }
    return result;
  }
  let some: Tri = FALSE;
  for (const r of request) {
    // ForAnyValue with a negated operator: some request value matches none of the policy values.
    const t = set === 'any' ? valueTri(op, r, policy) : positiveTri(op, r, policy);
    if (t > some) some = t;
  }
  return set === 'any' || !op.negated ? some : not(some);
}

/** Per request value, with negation applied per value (for the set operators). */
function valueTri(op: Operator, r: string, policy: readonly (string | null)[]): Tri {
  const t = positiveTri(op, r, policy);
  return op.negated ? not(t) : t;
}

function positiveTri(op: Operator, r: string, policy: readonly (string | null)[]): Tri {
  let result: Tri = FALSE;
  for (const v of policy) {
    if (v === null) {
      result = UNDECIDED;
      continue;
    }
    const t = compare(op, r, v);
    if (t === TRUE) return TRUE;
    if (t > result) result = t;
  }
  return result;
}

function compare(op: Operator, r: string, v: string): Tri {
  switch (op.family) {
    case 'string':
    case 'binary':
      return r === v ? TRUE : FALSE;
    case 'stringIgnoreCase':
      return r.toLowerCase() === v.toLowerCase() ? TRUE : FALSE;
    case 'stringLike':
      return globMatches(v, r, false) ? TRUE : FALSE;
    case 'arn':
      return arnMatches(v, r) ? TRUE : FALSE;
    case 'bool':
      return r.toLowerCase() === v.toLowerCase() ? TRUE : FALSE;
    case 'numeric':
      return ordered(op.comparison, Number(r), Number(v));
    case 'date':
      return ordered(op.comparison, parseDate(r), parseDate(v));
    case 'ip':
      return ipMatches(v, r);
  }
}

function ordered(c: Comparison, a: number, b: number): Tri {
  // A value IAM cannot read as a number or date fails to match: the request is not authorized by it.
  if (Number.isNaN(a) || Number.isNaN(b)) return FALSE;
  switch (c) {
    case 'eq':
      return a === b ? TRUE : FALSE;
    case 'lt':
      return a < b ? TRUE : FALSE;
    case 'le':
      return a <= b ? TRUE : FALSE;
    case 'gt':
      return a > b ? TRUE : FALSE;
    case 'ge':
      return a >= b ? TRUE : FALSE;
  }
}

/** Epoch ms of an ISO 8601 date or of epoch seconds (both forms IAM accepts); NaN otherwise. */
export function parseDate(s: string): number {
  if (/^-?\d+$/.test(s)) return Number(s) * 1000;
  return Date.parse(s);
}

/** `aws:TokenIssueTime`: a date comparison decided when it is the same anywhere in the window (and when the key may be absent, also then). */
function recentKey(parsed: ParsedOperator, op: Operator, c: PolicyCondition, p: PrincipalContext, version: string | null): Tri {
  const key = contextKey(c.key, p);
  if (key.kind !== 'recent') return UNDECIDED;
  if (op.family !== 'date' || parsed.set !== null) return UNDECIDED;
  const from = new Date(key.from).toISOString();
  const to = new Date(key.to).toISOString();
  const values = policyValues(c.values, p, version);
  const atFrom = presentKey(null, op, [from], values);
  const atTo = presentKey(null, op, [to], values);
  if (atFrom !== atTo) return UNDECIDED;
  if (op.comparison === 'eq') {
    // Equality with an instant inside the window is a matter of the session.
    for (const v of values) {
      const t = v === null ? Number.NaN : parseDate(v);
      if (v === null || (t >= key.from && t <= key.to)) return UNDECIDED;
    }
  }
  if (key.mayBeAbsent && absentKey(parsed, op) !== atFrom) return UNDECIDED;
  return atFrom;
}

/** ArnEquals and ArnLike: each of the six colon-separated fields matched on its own, case-sensitively, `*` and `?` within a field. */
export function arnMatches(pattern: string, arn: string): boolean {
  const p = arnFields(pattern);
  const a = arnFields(arn);
  return p !== null && a !== null && fieldsAgree(p, a, (x, y) => globMatches(x, y, false));
}

function ipMatches(cidr: string, ip: string): Tri {
  const [base, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  if (a === null || b === null) return FALSE;
  const n = bits === undefined ? 32 : Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > 32) return FALSE;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0 ? TRUE : FALSE;
}

function ipv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    n = n * 256 + Number(part);
  }
  return n;
}

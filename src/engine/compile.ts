import { type CaseFolding, DAY_MS, documentsAllow, documentTrusts, type Entity, globMatches, type PolicyDocument, statementAllows, UNKNOWN, type Value } from '../model/index.ts';
import { type AttributePath, type CheckedCondition, type CheckedOperand, type CheckedRule, foldCase } from '../semantics/index.ts';
import type { ComparisonOp } from '../syntax/index.ts';
import { guardrailAnswer, guardrailTri } from './guardrails.ts';
import { answer, levelHolds, type PermissionEnv } from './permissions.ts';
import { and, FALSE, fromBoolean, not, or, TRUE, type Tri, UNKNOWN_TRI } from './tri.ts';

/**
 * Compiles checked conditions into closures `(entity) => Tri`, once per rule, so evaluation does
 * no tree walking and no name lookups per entity. engine/reference.ts is the executable
 * specification these closures are tested against.
 */
/**
 * `env` is the model's permissions (permissions.ts), passed by evaluate(); only permissions
 * predicates read it, and they need it: evaluating one without it is a bug, not a verdict.
 */
export type Predicate = (entity: Entity, env?: PermissionEnv) => Tri;
export type Getter = (entity: Entity) => Value;

export function compileGetter(steps: readonly string[]): Getter {
  const [first, ...rest] = steps;
  if (first === undefined) throw new Error('compileGetter: empty path');
  const head = attributeGetter(first);
  if (rest.length === 0) return head;
  const tail = compileGetter(rest);
  return (e) => {
    const value = head(e);
    return value === null || value === UNKNOWN ? value : tail(value as Entity);
  };
}

const ATTRIBUTE_GETTERS = new Map<string, Getter>();

/**
 * The getter of one attribute, compiled from its own source text: V8 then gives its property read
 * an inline cache of its own. One shared closure reading `attrs[name]` for every attribute of every
 * rule is megamorphic, and made rules about 1.5x slower to evaluate over large snapshots. The name
 * is embedded as a JSON string literal, so no name can be anything but a property key. Cached by
 * name: a program reads the same attributes many times over, and compiling costs more than reading.
 */
function attributeGetter(name: string): Getter {
  let getter = ATTRIBUTE_GETTERS.get(name);
  if (getter === undefined) {
    getter = compiledGetter(name) ?? ((e) => e.attrs[name] ?? UNKNOWN_IF_MISSING(e.attrs, name));
    ATTRIBUTE_GETTERS.set(name, getter);
  }
  return getter;
}

/** Null where code generation from strings is disabled (`--disallow-code-generation-from-strings`). */
function compiledGetter(name: string): Getter | null {
  const key = JSON.stringify(name);
  // A missing key is a schema/model mismatch; treat it as unknown, never as a silent pass.
  // (Attribute values are never `undefined`, so one lookup tells both.)
  const source = `return (e) => e.attrs[${key}] ?? missing(e.attrs, ${key});`;
  try {
    return (new Function('missing', source) as (missing: typeof UNKNOWN_IF_MISSING) => Getter)(UNKNOWN_IF_MISSING);
  } catch {
    return null;
  }
}

/** `??` also catches a present null: keep null (absent) apart from a missing key (unknown). */
function UNKNOWN_IF_MISSING(attrs: Readonly<Record<string, Value>>, name: string): Value {
  return name in attrs ? null : UNKNOWN;
}

function isEntity(value: Value): value is Entity {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'attrs' in value;
}

function entityNameMatches(entity: Entity, text: string): boolean {
  return entity.name === text || entity.arn === text;
}

/** `have x`: a true boolean, a non-empty list, a present value. */
export function haveValue(value: Value): Tri {
  if (value === UNKNOWN) return UNKNOWN_TRI;
  if (value === null || value === false) return FALSE;
  if (Array.isArray(value)) return value.length > 0 ? TRUE : FALSE;
  return TRUE;
}

type NegatedOp = '!=' | 'not in' | 'not matches' | 'not contains' | 'none of';
type PositiveOp = Exclude<ComparisonOp, NegatedOp>;
const NEGATED: Readonly<Record<NegatedOp, PositiveOp>> = {
  '!=': '=',
  'not in': 'in',
  'not matches': 'matches',
  'not contains': 'contains',
  'none of': 'any of',
};
const isNegated = (op: ComparisonOp): op is NegatedOp => Object.hasOwn(NEGATED, op);

type Positive = (left: Value, right: Value) => boolean;

function positiveComparison(op: PositiveOp, byDay: boolean): Positive {
  const day = (v: number): number => (byDay ? Math.floor(v / DAY_MS) : v);
  switch (op) {
    case '=':
      return (l, r) => (isEntity(l) ? typeof r === 'string' && entityNameMatches(l, r) : typeof l === 'number' && typeof r === 'number' ? day(l) === day(r) : l === r);
    case '<':
      return (l, r) => typeof l === 'number' && typeof r === 'number' && day(l) < day(r);
    case '<=':
      return (l, r) => typeof l === 'number' && typeof r === 'number' && day(l) <= day(r);
    case '>':
      return (l, r) => typeof l === 'number' && typeof r === 'number' && day(l) > day(r);
    case '>=':
      return (l, r) => typeof l === 'number' && typeof r === 'number' && day(l) >= day(r);
    case 'in':
      return (l, r) => {
        if (!Array.isArray(r)) return false;
        const list = r as readonly (string | number | boolean)[];
        if (isEntity(l)) return list.some((x) => typeof x === 'string' && entityNameMatches(l, x));
        // A list of strings is in the list when every element is (an empty list is).
        if (Array.isArray(l)) return (l as readonly string[]).every((x) => list.includes(x));
        if (typeof l === 'number' && byDay) return list.some((x) => typeof x === 'number' && day(x) === day(l));
        return list.includes(l as string | number | boolean);
      };
    case 'matches':
      return (l, r) => {
        if (typeof r !== 'string') return false;
        if (typeof l === 'string') return globMatches(r, l, true);
        if (isEntity(l)) return globMatches(r, l.name, true);
        if (Array.isArray(l)) {
          return (l as readonly (string | Entity)[]).some((x) => globMatches(r, typeof x === 'string' ? x : x.name, true));
        }
        return false;
      };
    case 'contains':
      return (l, r) => {
        if (typeof r !== 'string') return false;
        if (typeof l === 'string') return l.includes(r);
        if (Array.isArray(l)) return (l as readonly (string | Entity)[]).some((x) => (typeof x === 'string' ? x === r : entityNameMatches(x, r)));
        return false;
      };
    case 'any of':
    case 'all of':
    case 'subset of':
      return listComparison(op);
  }
}

/** `any of`, `all of`, `subset of`: elements (texts, or resources by name or ARN) against a list of texts. */
function listComparison(op: 'any of' | 'all of' | 'subset of'): Positive {
  // A list constant holds texts; an element is a text, or a resource named by its name or ARN.
  const names = (x: string | Entity): readonly string[] => (typeof x === 'string' ? [x] : x.arn === null ? [x.name] : [x.name, x.arn]);
  return (l, r) => {
    if (!Array.isArray(r)) return false;
    const items = r as readonly string[];
    const list = new Set(items);
    const elements = (Array.isArray(l) ? l : [l]) as readonly (string | Entity)[];
    const listed = (x: string | Entity): boolean => names(x).some((n) => list.has(n));
    if (op === 'any of') return elements.some(listed);
    if (op === 'subset of') return elements.every(listed);
    const present = new Set(elements.flatMap(names));
    return items.every((item) => present.has(item));
  };
}

function compileCompare(op: ComparisonOp, left: AttributePath, right: CheckedOperand, byDay: boolean): Predicate {
  const positiveOp = isNegated(op) ? NEGATED[op] : op;
  // Names IAM compares ignoring case (actions, condition keys): both sides folded, the constant once.
  const caseless = left.caseInsensitive;
  const getLeft = caseless === undefined ? compileGetter(left.steps) : foldedGetter(compileGetter(left.steps), caseless);
  const test = positiveComparison(positiveOp, byDay);
  // An absent value satisfies no positive comparison (so every negated one).
  let positive: Predicate;
  if (right.kind === 'constant') {
    const r = caseless === undefined ? (right.value as Value) : foldCase(right.value as Value, caseless);
    positive = (e) => {
      const l = getLeft(e);
      return l === UNKNOWN ? UNKNOWN_TRI : l === null ? FALSE : fromBoolean(test(l, r));
    };
  } else {
    const getRight = caseless === undefined ? compileGetter(right.path.steps) : foldedGetter(compileGetter(right.path.steps), caseless);
    positive = (e) => {
      const l = getLeft(e);
      const r = getRight(e);
      if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN_TRI;
      return l === null || r === null ? FALSE : fromBoolean(test(l, r));
    };
  }
  return positiveOp === op ? positive : (e) => not(positive(e));
}

function foldedGetter(get: Getter, folding: CaseFolding): Getter {
  return (e) => {
    const v = get(e);
    return v === UNKNOWN || v === null ? v : foldCase(v, folding);
  };
}

/** Verdicts over the linked entities of a quantifier: how many are true, how many unknown. */
function tally(list: readonly Entity[] | readonly string[], where: Predicate | null, env: PermissionEnv | undefined): { yes: number; maybe: number } {
  if (where === null) return { yes: list.length, maybe: 0 };
  let yes = 0;
  let maybe = 0;
  for (const item of list as readonly Entity[]) {
    const t = where(item, env);
    if (t === TRUE) yes++;
    else if (t === UNKNOWN_TRI) maybe++;
  }
  return { yes, maybe };
}

/** Kleene and/or with its identity and the value that decides it whatever follows. */
function connective(kind: 'and' | 'or'): { join: (a: Tri, b: Tri) => Tri; decided: Tri; start: Tri } {
  return kind === 'and' ? { join: and, decided: FALSE, start: TRUE } : { join: or, decided: TRUE, start: FALSE };
}

/** `join` over `verdict` of each item; stopping at the deciding value is only a fast path. */
function fold<T>(join: (a: Tri, b: Tri) => Tri, decided: Tri, start: Tri, items: readonly T[], verdict: (item: T) => Tri): Tri {
  let result = start;
  for (const item of items) {
    result = join(result, verdict(item));
    if (result === decided) return result;
  }
  return result;
}

export function compileCondition(condition: CheckedCondition): Predicate {
  switch (condition.kind) {
    case 'constant': {
      const t = fromBoolean(condition.value);
      return () => t;
    }
    case 'have': {
      const get = compileGetter(condition.path.steps);
      return (e) => haveValue(get(e));
    }
    case 'compare':
      return compileCompare(condition.op, condition.left, condition.right, condition.byDay);
    case 'count': {
      const get = compileGetter(condition.path.steps);
      const where = condition.where ? compileCondition(condition.where) : null;
      const n = condition.count;
      const decide =
        condition.quantifier === 'at least'
          ? (yes: number, maybe: number): Tri => (yes >= n ? TRUE : yes + maybe >= n ? UNKNOWN_TRI : FALSE)
          : condition.quantifier === 'at most'
            ? (yes: number, maybe: number): Tri => (yes + maybe <= n ? TRUE : yes > n ? FALSE : UNKNOWN_TRI)
            : (yes: number, maybe: number): Tri => (yes > n || yes + maybe < n ? FALSE : maybe === 0 ? TRUE : UNKNOWN_TRI);
      return (e, env) => {
        const value = get(e);
        if (value === UNKNOWN) return UNKNOWN_TRI;
        const list = Array.isArray(value) ? (value as readonly Entity[]) : [];
        const { yes, maybe } = tally(list, where, env);
        return decide(yes, maybe);
      };
    }
    case 'any':
    case 'all': {
      const get = compileGetter(condition.path.steps);
      const where = compileCondition(condition.where);
      const { join, decided, start } = connective(condition.kind === 'any' ? 'or' : 'and');
      return (e, env) => {
        const value = get(e);
        if (value === UNKNOWN) return UNKNOWN_TRI;
        const list = Array.isArray(value) ? (value as readonly Entity[]) : [];
        return fold(join, decided, start, list, (item) => where(item, env));
      };
    }
    case 'exist': {
      if (condition.attribute === null) return () => TRUE;
      const get = compileGetter([condition.attribute]);
      return (e) => haveValue(get(e));
    }
    case 'allow': {
      const get = compileGetter([condition.attribute]);
      const { action, resource } = condition;
      return (e) => {
        const docs = get(e);
        if (docs === UNKNOWN) return UNKNOWN_TRI;
        if (!Array.isArray(docs)) return FALSE;
        return fromBoolean(documentsAllow(docs as readonly PolicyDocument[], action, resource));
      };
    }
    case 'trust': {
      const get = compileGetter([condition.attribute]);
      const { principal } = condition;
      return (e) => {
        const docs = get(e);
        if (docs === UNKNOWN) return UNKNOWN_TRI;
        if (!Array.isArray(docs)) return FALSE;
        return fromBoolean((docs as readonly PolicyDocument[]).some((d) => documentTrusts(d, principal)));
      };
    }
    case 'statement-allow': {
      const [effect, actions, notActions, resources, notResources] = condition.reads.map((path) => compileGetter(path.steps));
      if (effect === undefined || actions === undefined || notActions === undefined || resources === undefined || notResources === undefined) throw new Error('statement-allow: five reads');
      const { action, resource } = condition;
      const list = (v: Value): readonly string[] => (Array.isArray(v) ? (v as readonly string[]) : []);
      return (e) => {
        const eff = effect(e);
        const a = actions(e);
        const na = notActions(e);
        const r = resources(e);
        const nr = notResources(e);
        if (eff === UNKNOWN || a === UNKNOWN || na === UNKNOWN || r === UNKNOWN || nr === UNKNOWN) return UNKNOWN_TRI;
        if (typeof eff !== 'string') return FALSE;
        return fromBoolean(statementAllows({ effect: eff, actions: list(a), notActions: list(na), resources: list(r), notResources: list(nr) }, action, resource));
      };
    }
    case 'permission': {
      const { question, unconditionally } = condition;
      return (e, env) => {
        if (env === undefined) throw new Error(`\`${condition.text}\` evaluated without the model's permissions`);
        const result = answer(question, e, env);
        return result === UNKNOWN ? UNKNOWN_TRI : fromBoolean(levelHolds(result.level, unconditionally));
      };
    }
    case 'guardrail':
      return (e) => guardrailTri(guardrailAnswer(condition, e), condition.unconditionally);
    case 'and':
    case 'or': {
      const { join, decided, start } = connective(condition.kind);
      const parts = condition.operands.map((c) => compileCondition(c));
      const [a, b] = parts;
      if (parts.length === 2 && a && b) {
        return (e, env) => {
          const x = a(e, env);
          return x === decided ? x : join(x, b(e, env));
        };
      }
      return (e, env) => fold(join, decided, start, parts, (part) => part(e, env));
    }
    case 'not': {
      const operand = compileCondition(condition.operand);
      return (e, env) => not(operand(e, env));
    }
  }
}

/** A rule's verdict on one entity in scope: TRUE passes, FALSE fails, UNKNOWN cannot be decided. */
export interface CompiledRule {
  readonly rule: CheckedRule;
  /** Kleene `filter ⇒ condition`: entities outside the scope pass. */
  readonly verdict: Predicate;
  readonly filter: Predicate | null;
}

export function compileRule(rule: CheckedRule): CompiledRule {
  const body = rule.body;
  const filter = body.scope.filter ? compileCondition(body.scope.filter) : null;
  const consequence: Predicate =
    body.kind === 'denied'
      ? () => FALSE
      : body.kind === 'must'
        ? compileCondition(body.condition)
        : (
            (inner: Predicate): Predicate =>
            (e, env) =>
              not(inner(e, env))
          )(compileCondition(body.condition));
  const verdict: Predicate =
    filter === null
      ? consequence
      : (e, env) => {
          const f = filter(e, env);
          // Outside the scope the consequence is not evaluated at all.
          return f === FALSE ? TRUE : or(not(f), consequence(e, env));
        };
  return { rule, verdict, filter };
}

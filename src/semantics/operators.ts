import { type AttributeType, type CaseFolding, DAY_MS, type Entity, globMatches, type Value } from '../model/language.ts';
import type { ComparisonOp } from '../syntax/index.ts';
import { describeType } from './resolve-names.ts';

/**
 * The comparison operators in one table: which operand kinds each accepts (the checker's typing and
 * its hints), whether it compares dates by day, which operator it negates, and what it means on two
 * present values (`holds`, the reference evaluator's reading). engine/compile.ts specialises the same
 * meaning into closures; test/engine/compiled-vs-reference.test.ts holds the two together.
 */

export type ScalarKind = 'boolean' | 'number' | 'string' | 'date' | 'duration';
/** The left of a comparison is always an attribute. */
export type LeftKind = AttributeType['kind'];
/** The right of a comparison: an attribute's or a scalar constant's kind, or a list constant by its elements. */
export type OperandKind = AttributeType['kind'] | `list of ${ScalarKind}` | 'empty list';

type NegatedOp = '!=' | 'not in' | 'not matches' | 'not contains' | 'none of';
export type PositiveOp = Exclude<ComparisonOp, NegatedOp>;

export interface OperatorSpec {
  /** The operator itself when positive, else the one it negates (`in` for `not in`). */
  readonly positive: PositiveOp;
  /** `!=` and the `not` forms: the negation of `positive` on present values, so an absent value satisfies them. */
  readonly negated: boolean;
  /** The operator of opposite meaning (`=` and `!=`); null for orderings: `not a < b` is not `a >= b` when a value is absent. */
  readonly negation: ComparisonOp | null;
  /** For each left kind, the right kinds it accepts; a left kind not listed accepts nothing. */
  readonly accepts: Readonly<Partial<Record<LeftKind, readonly OperandKind[]>>>;
  /** A date compared with a date constant (or a list of them) compares by UTC calendar day. */
  readonly byDay: boolean;
}

const EQUALITY: OperatorSpec['accepts'] = {
  boolean: ['boolean'],
  number: ['number'],
  string: ['string'],
  date: ['date'],
  duration: ['duration'],
  // A resource equals its name or its ARN.
  link: ['string'],
};

const ORDERING: OperatorSpec['accepts'] = { number: ['number'], date: ['date'], duration: ['duration'] };

// Any left kind takes an empty list (the checker has always accepted it). A list of names is `in`
// a list when every element is (subset).
const MEMBERSHIP: OperatorSpec['accepts'] = {
  boolean: ['list of boolean', 'empty list'],
  number: ['list of number', 'empty list'],
  string: ['list of string', 'empty list'],
  date: ['list of date', 'empty list'],
  duration: ['list of duration', 'empty list'],
  strings: ['list of string', 'empty list'],
  link: ['list of string', 'empty list'],
  links: ['empty list'],
  'policy-documents': ['empty list'],
};

// Globs over a text, a list of texts, or the names of resources.
const MATCHING: OperatorSpec['accepts'] = { string: ['string'], strings: ['string'], link: ['string'], links: ['string'] };

// A substring of a text; an element of a list of texts; a resource of a list, by name or ARN.
const CONTAINMENT: OperatorSpec['accepts'] = { string: ['string'], strings: ['string'], links: ['string'] };

// The list operators: a list of texts or resources (or one of them, for `any of` and `none of`)
// against a list constant. `any of` and `none of` ask about some element, `all of` whether every
// element of the right-hand list is there, `subset of` whether every element of the left is in it
// (what `in` means between lists). No element is any of anything: a NotAction-only statement's
// empty `actions` is `none of` every list.
const OVERLAP: OperatorSpec['accepts'] = {
  string: ['list of string', 'empty list'],
  strings: ['list of string', 'empty list'],
  link: ['list of string', 'empty list'],
  links: ['list of string', 'empty list'],
};
const LIST_OF_LISTS: OperatorSpec['accepts'] = { strings: ['list of string', 'empty list'], links: ['list of string', 'empty list'] };

const positive = (op: PositiveOp, accepts: OperatorSpec['accepts'], byDay: boolean, negation: ComparisonOp | null): OperatorSpec => ({
  positive: op,
  negated: false,
  negation,
  accepts,
  byDay,
});
const negative = (of: OperatorSpec): OperatorSpec => ({ ...of, negated: true, negation: of.positive });

const EQUALS = positive('=', EQUALITY, true, '!=');
const IN = positive('in', MEMBERSHIP, true, 'not in');
const MATCHES = positive('matches', MATCHING, false, 'not matches');
const CONTAINS = positive('contains', CONTAINMENT, false, 'not contains');
const ANY_OF = positive('any of', OVERLAP, false, 'none of');

export const OPERATORS: Readonly<Record<ComparisonOp, OperatorSpec>> = {
  '=': EQUALS,
  '!=': negative(EQUALS),
  '<': positive('<', ORDERING, true, null),
  '<=': positive('<=', ORDERING, true, null),
  '>': positive('>', ORDERING, true, null),
  '>=': positive('>=', ORDERING, true, null),
  in: IN,
  'not in': negative(IN),
  matches: MATCHES,
  'not matches': negative(MATCHES),
  contains: CONTAINS,
  'not contains': negative(CONTAINS),
  'any of': ANY_OF,
  'all of': positive('all of', LIST_OF_LISTS, false, null),
  'none of': negative(ANY_OF),
  'subset of': positive('subset of', LIST_OF_LISTS, false, null),
};

export const COMPARISON_OPS = Object.keys(OPERATORS) as readonly ComparisonOp[];

export function accepts(op: ComparisonOp, left: LeftKind, right: OperandKind): boolean {
  return OPERATORS[op].accepts[left]?.includes(right) ?? false;
}

/** Whether a comparison the checker accepted compares by day: a date against a date constant. */
export function comparesByDay(op: ComparisonOp, left: LeftKind, rightIsDateConstant: boolean): boolean {
  return OPERATORS[op].byDay && left === 'date' && rightIsDateConstant;
}

const isList = (kind: OperandKind): boolean => kind === 'empty list' || kind.startsWith('list of ');

/** Why a comparison the table refuses does not type, and what to write instead. */
export function mismatchHint(left: AttributeType, op: ComparisonOp, right: OperandKind): string {
  if (left.kind === 'duration' && right === 'number') return 'durations need a unit, such as `90d`, `12h` or `2w`';
  if (left.kind === 'date' && right === 'duration') return 'to compare an age, use a duration attribute such as `age` or `unused`';
  if (left.kind === 'date' && right === 'string') return 'write dates without quotes: `2027-01-01`';
  const positiveOp = OPERATORS[op].positive;
  if ((positiveOp === 'in' || positiveOp.endsWith(' of')) && !isList(right)) return 'write a list: `["a", "b"]`';
  if (positiveOp === 'all of' || positiveOp === 'subset of') return `\`${op}\` compares two lists; for one value use \`any of\` or \`in\``;
  if (left.kind === 'links' || left.kind === 'strings') return 'for lists use `contains`, `have at least N ...` or `have no ...`';
  if (left.kind === 'boolean') return `\`${op}\` on a boolean: write the attribute alone, or \`not\` it`;
  return `expected ${describeType(left)} on the right`;
}

// ---------------------------------------------------------------------------------------------
// meaning

function isEntity(v: Value): v is Entity {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'attrs' in v;
}

/** A resource is named by its name or its ARN. */
function namesOf(v: Value): readonly string[] {
  if (!isEntity(v)) return [];
  return v.arn ? [v.name, v.arn] : [v.name];
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/**
 * IAM's case folding (ASCII letters, as its matching does) of a text or of the texts of a list, for
 * comparisons on attributes the schema marks `caseInsensitive`; other values stay as they are.
 */
export function foldCase(v: Value, folding: CaseFolding = 'names'): Value {
  const fold = folding === 'names' ? foldText : foldConditionText;
  if (typeof v === 'string') return fold(v);
  if (Array.isArray(v)) return (v as readonly Value[]).map((x) => (typeof x === 'string' ? fold(x) : x)) as Value;
  return v;
}

const foldText = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** `...IgnoreCase` (with a set prefix or `IfExists`): the one family of operators that compares values ignoring case. */
const IGNORE_CASE_OPERATOR = /ignorecase(ifexists)?$/;

/**
 * A condition text, `Operator key=value`, folded as IAM compares it: the operator and the key
 * ignoring case, the value too only under an operator that ignores case. A text of another form
 * (only a rule's constant can be one) keeps its case, but for an operator before a first space.
 */
function foldConditionText(s: string): string {
  const space = s.indexOf(' ');
  const equals = space < 0 ? -1 : s.indexOf('=', space + 1);
  if (equals < 0) return space < 0 ? s : `${foldText(s.slice(0, space))}${s.slice(space)}`;
  const operator = foldText(s.slice(0, space));
  const value = s.slice(equals + 1);
  return `${operator}${foldText(s.slice(space, equals))}=${IGNORE_CASE_OPERATOR.test(operator) ? foldText(value) : value}`;
}

/**
 * Whether `left op right` holds on two present values (neither null nor unknown), comparing numbers
 * by day when `byDay` and texts ignoring case when `caseInsensitive`. A negated operator holds where
 * its positive one does not.
 */
export function holds(op: ComparisonOp, left: Value, right: Value, byDay: boolean, caseInsensitive?: CaseFolding): boolean {
  const spec = OPERATORS[op];
  const result = caseInsensitive === undefined ? holdsPositive(spec.positive, left, right, byDay) : holdsPositive(spec.positive, foldCase(left, caseInsensitive), foldCase(right, caseInsensitive), byDay);
  return spec.negated ? !result : result;
}

function holdsPositive(op: PositiveOp, l: Value, r: Value, byDay: boolean): boolean {
  const num = (v: Value): number | null => (typeof v === 'number' ? (byDay ? dayOf(v) : v) : null);
  switch (op) {
    case '=': {
      if (isEntity(l)) return typeof r === 'string' && namesOf(l).includes(r);
      if (typeof l === 'number') return num(l) === num(r);
      return l === r;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const a = num(l);
      const b = num(r);
      if (a === null || b === null) return false;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
    case 'in': {
      if (!Array.isArray(r)) return false;
      const items = r as readonly Value[];
      // A list on the left: every element is in the right-hand list (subset).
      if (Array.isArray(l)) return (l as readonly Value[]).every((x) => items.some((item) => holdsPositive('=', x, item, byDay)));
      return items.some((item) => holdsPositive('=', l, item, byDay));
    }
    case 'matches': {
      if (typeof r !== 'string') return false;
      const texts = typeof l === 'string' ? [l] : isEntity(l) ? [l.name] : Array.isArray(l) ? (l as readonly (string | Entity)[]).map((x) => (typeof x === 'string' ? x : x.name)) : [];
      return texts.some((t) => globMatches(r, t, true));
    }
    case 'contains': {
      if (typeof r !== 'string') return false;
      if (typeof l === 'string') return l.includes(r);
      if (Array.isArray(l)) return (l as readonly (string | Entity)[]).some((x) => (typeof x === 'string' ? x === r : namesOf(x).includes(r)));
      return false;
    }
    case 'any of':
    case 'all of':
    case 'subset of': {
      if (!Array.isArray(r)) return false;
      const items = r as readonly Value[];
      const elements: readonly Value[] = Array.isArray(l) ? (l as readonly Value[]) : [l];
      const listed = (x: Value): boolean => items.some((item) => holdsPositive('=', x, item, false));
      if (op === 'any of') return elements.some(listed);
      if (op === 'subset of') return elements.every(listed);
      return items.every((item) => elements.some((x) => holdsPositive('=', x, item, false)));
    }
  }
}

import type { Span } from '../diagnostics/index.ts';
import { DAY_MS, type Entity, formatInstant, type Model, UNKNOWN, type Value } from '../model/index.ts';
import { type Condition, type EntityDeclaration, type Literal, type NamePhrase, RESERVED_WORDS, type StringLiteral, TEST_RESERVED_WORDS } from '../syntax/index.ts';
import { attributeOf, type ExampleType, type SettingDefault } from './example-attributes.ts';

/**
 * A model's values as the settings of example lines (syntax trees, printed by the canonical
 * printer): literals in their shortest exact form, typed reads of model values, and the settings
 * read plainly through the one mapping of example-attributes.ts.
 */

export const NOWHERE: Span = { file: '<counterexample>', start: 0, end: 0 };
const HOUR_MS = 3_600_000;

const RESERVED: ReadonlySet<string> = new Set([...RESERVED_WORDS, ...TEST_RESERVED_WORDS]);
/** Keywords a name may also use (`trust statements`): the string after them tells the two apart. */
const ALSO_NAMES: ReadonlySet<string> = new Set(['trust', 'trusts', 'allow', 'allows']);

/** A name as words; joined with `_` when a word is a keyword (`not_actions`, `all_features`). */
export function phrase(text: string): NamePhrase {
  const words = text.split(' ');
  const parts = words.some((w) => RESERVED.has(w) && !ALSO_NAMES.has(w)) ? [words.join('_')] : words;
  return { kind: 'name', words: parts.map((w) => ({ text: w, span: NOWHERE })), span: NOWHERE };
}

export function str(value: string): StringLiteral {
  return { kind: 'string', value, span: NOWHERE };
}

/** An instant as the shortest exact form: `120d` (that long before now), `2026-01-01`, or an ISO string. */
export function instantLiteral(ms: number, now: number): Literal {
  const ago = now - ms;
  if (ago > 0 && ago % DAY_MS === 0) return { kind: 'duration', amount: ago / DAY_MS, unit: 'd', span: NOWHERE };
  if (ago > 0 && ago % HOUR_MS === 0) return { kind: 'duration', amount: ago / HOUR_MS, unit: 'h', span: NOWHERE };
  if (ms % DAY_MS === 0) return { kind: 'date', value: new Date(ms).toISOString().slice(0, 10), span: NOWHERE };
  return str(formatInstant(ms));
}

export function durationLiteral(ms: number): Literal | null {
  if (ms % DAY_MS === 0) return { kind: 'duration', amount: ms / DAY_MS, unit: 'd', span: NOWHERE };
  if (ms % HOUR_MS === 0) return { kind: 'duration', amount: ms / HOUR_MS, unit: 'h', span: NOWHERE };
  return null;
}

export function listLiteral(values: readonly string[]): Literal {
  return values.length === 1 && values[0] !== undefined ? str(values[0]) : { kind: 'list', items: values.map(str), span: NOWHERE };
}

export type Setting = Condition;

export function flag(name: string, value: boolean): Setting {
  const have: Condition = { kind: 'have', attribute: phrase(name), style: 'bare', span: NOWHERE };
  return value ? have : { kind: 'not', operand: have, span: NOWHERE };
}

export function set(name: string, value: Literal): Setting {
  return { kind: 'compare', left: phrase(name), op: '=', right: value, style: 'bare', span: NOWHERE };
}

export function absent(name: string): Setting {
  return { kind: 'not', operand: { kind: 'have', attribute: phrase(name), style: 'bare', span: NOWHERE }, span: NOWHERE };
}

export function declaration(type: string, name: string | null, settings: readonly Setting[]): EntityDeclaration {
  const [first, second, ...more] = settings;
  const condition: Condition | null = first === undefined ? null : second === undefined ? first : { kind: 'and', operands: [first, second, ...more], span: NOWHERE };
  return { kind: 'entity', type: phrase(type), name: name === null ? null : str(name), settings: condition, span: NOWHERE };
}

// Typed reads of model values; anything else (unknown, absent) is undefined.
export const asBool = (v: Value | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const asNum = (v: Value | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
export const asStr = (v: Value | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
export const asStrings = (v: Value | undefined): readonly string[] => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as readonly string[]) : []);
export const asEntity = (v: Value | undefined): Entity | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) && 'attrs' in v ? (v as Entity) : undefined);
export const asEntities = (v: Value | undefined): readonly Entity[] => (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && 'attrs' in x) ? (v as readonly Entity[]) : []);

export function entities(model: Model, collection: string): readonly Entity[] {
  const c = model.collections[collection];
  return c === undefined || !c.known ? [] : c.entities;
}

/** `alice/scratch` → `scratch`. */
export function inlineName(policy: Entity): string {
  return asStr(policy.attrs['name']) ?? policy.name.slice(policy.name.lastIndexOf('/') + 1);
}

export function instantSetting(into: Setting[], name: string, value: Value | undefined, now: number, fallback: number | null | undefined): void {
  if (value === UNKNOWN || value === undefined) return;
  if (value === null) {
    if (fallback !== null && fallback !== undefined) into.push(absent(name));
    return;
  }
  if (typeof value === 'number' && value !== fallback) into.push(set(name, instantLiteral(value, now)));
}

/** A key's rotation as `age = 120d` when that is exact, else as `last rotated = ...`. */
export function ageSetting(into: Setting[], rotated: Value | undefined, now: number): void {
  if (typeof rotated !== 'number') return instantSetting(into, 'last rotated', rotated, now, undefined);
  const age = durationLiteral(now - rotated);
  if (now - rotated >= 0 && age !== null) into.push(set('age', age));
  else instantSetting(into, 'last rotated', rotated, now, undefined);
}

/** `require_uppercase` → `require uppercase`. */
function spoken(name: string): string {
  return name.replace(/_/g, ' ');
}

function fallbackInstant(fallback: SettingDefault | undefined, now: number): number | null | undefined {
  if (fallback === null) return null;
  return typeof fallback === 'object' ? now - fallback.before : undefined;
}

/**
 * The settings of attributes read plainly (by their type in example-attributes.ts) where the
 * model's value differs from the example default, in the order given.
 */
export function plainSettings(type: ExampleType, a: Readonly<Record<string, Value>>, now: number, names: readonly string[], into: Setting[]): void {
  for (const name of names) {
    const attribute = attributeOf(type, name);
    if (attribute === undefined) throw new Error(`a ${type} has no setting ${name}`);
    const value = a[name];
    const fallback = attribute.default;
    switch (attribute.type) {
      case 'boolean':
        if (typeof value === 'boolean' && value !== fallback) into.push(flag(spoken(name), value));
        break;
      case 'number':
      case 'count':
        if (typeof value === 'number' && value !== fallback) into.push(set(spoken(name), { kind: 'number', value, span: NOWHERE }));
        break;
      case 'string':
        if (typeof value === 'string' && value !== fallback) into.push(set(spoken(name), str(value)));
        break;
      case 'instant':
        instantSetting(into, spoken(name), value, now, fallbackInstant(fallback, now));
        break;
      case 'duration': {
        const literal = typeof value === 'number' && value !== fallback ? durationLiteral(value) : null;
        if (literal !== null) into.push(set(spoken(name), literal));
        break;
      }
      case 'strings': {
        const values = asStrings(value);
        if (values.length > 0) into.push(set(spoken(name), listLiteral(values)));
        break;
      }
      case 'names':
        throw new Error(`${type}.${name} names entities: describe it by hand`);
    }
  }
}

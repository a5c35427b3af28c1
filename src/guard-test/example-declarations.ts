import type { Span } from '../diagnostics/index.ts';
import type { DateSpec, ReportDateSpec, TagSpec } from './account-spec.ts';
import { type AllowSetting, DEFAULT_ACCOUNT_ID, type SettingValue } from './example-account.ts';
import { booleanDefault, type ExampleType } from './example-attributes.ts';

/**
 * The declarations of an example account while it is turned into an account spec: every entity
 * the example declares or names, its settings merged over the lines that declare it, typed reads
 * of those settings, and the stable ids and dates the spec is written with.
 */

export interface BuildProblem {
  readonly message: string;
  readonly span: Span | null;
  readonly hint?: string;
}

/** A declaration being built: settings merged over every line that declared the entity. */
export interface Decl {
  readonly type: ExampleType;
  readonly name: string;
  readonly settings: Map<string, SettingValue>;
  readonly allows: AllowSetting[];
  readonly trusts: string[];
  readonly span: Span | null;
  /** Written in the example, not only named by another entity. */
  readonly declared: boolean;
}

export interface State {
  readonly now: number;
  readonly id: string;
  readonly partition: string;
  readonly decls: Map<ExampleType, Map<string, Decl>>;
  readonly problems: BuildProblem[];
}

export const SINGLETON_NAME = '';

export function table(s: State, type: ExampleType): Map<string, Decl> {
  let t = s.decls.get(type);
  if (t === undefined) {
    t = new Map();
    s.decls.set(type, t);
  }
  return t;
}

export function ensure(s: State, type: ExampleType, name: string, span: Span | null): Decl {
  const t = table(s, type);
  let d = t.get(name);
  if (d === undefined) {
    d = { type, name, settings: new Map(), allows: [], trusts: [], span, declared: false };
    t.set(name, d);
  }
  return d;
}

export function list(s: State, type: ExampleType): Decl[] {
  return [...table(s, type).values()];
}

export function singleton(s: State, type: ExampleType): Decl | undefined {
  return table(s, type).get(SINGLETON_NAME);
}

export function problem(s: State, message: string, span: Span | null, hint?: string): void {
  s.problems.push(hint === undefined ? { message, span } : { message, span, hint });
}

/** Splits `owner/part` at the last slash. */
export function splitOwner(name: string): { owner: string; part: string } | null {
  const at = name.lastIndexOf('/');
  if (at <= 0 || at === name.length - 1) return null;
  return { owner: name.slice(0, at), part: name.slice(at + 1) };
}

// ---------------------------------------------------------------------------------------------
// typed reads of settings

function setting(d: Decl | undefined, name: string): SettingValue | undefined {
  return d?.settings.get(name);
}

export function bool(d: Decl | undefined, name: string, fallback: boolean): boolean {
  const v = setting(d, name);
  return v?.kind === 'boolean' ? v.value : fallback;
}

/** A boolean setting of a kind of entity, or its default (example-attributes.ts). */
export function flagOf(d: Decl | undefined, type: ExampleType, name: string): boolean {
  return bool(d, name, booleanDefault(type, name));
}

export function num(d: Decl | undefined, name: string): number | null | undefined {
  const v = setting(d, name);
  if (v === undefined) return undefined;
  return v.kind === 'number' || v.kind === 'count' ? v.value : null;
}

export function str(d: Decl | undefined, name: string): string | null | undefined {
  const v = setting(d, name);
  if (v === undefined) return undefined;
  return v.kind === 'string' ? v.value : null;
}

/** An instant: epoch ms, null when set absent, undefined when not set. */
export function instant(s: State, d: Decl | undefined, name: string): number | null | undefined {
  const v = setting(d, name);
  if (v === undefined) return undefined;
  if (v.kind === 'instant') return v.value;
  if (v.kind === 'duration') return s.now - v.value;
  return null;
}

export function duration(d: Decl | undefined, name: string): number | undefined {
  const v = setting(d, name);
  return v?.kind === 'duration' ? v.value : undefined;
}

/** A list of strings (or of names of other entities): one string is a list of one. */
export function strings(d: Decl | undefined, name: string): readonly string[] {
  const v = setting(d, name);
  if (v?.kind === 'strings') return v.value;
  if (v?.kind === 'string') return [v.value];
  return [];
}

/** `tags = ["team=ci"]`: `Key=Value`, or a key alone with an empty value. */
export function tags(d: Decl): TagSpec[] {
  return strings(d, 'tags').map((t) => {
    const eq = t.indexOf('=');
    return eq === -1 ? { Key: t, Value: '' } : { Key: t.slice(0, eq), Value: t.slice(eq + 1) };
  });
}

export function isSet(d: Decl | undefined, name: string): boolean {
  return d?.settings.has(name) === true;
}

// ---------------------------------------------------------------------------------------------
// dates, names, ids

/** An instant of the example as a spec date: its age at the example's time, written exactly. */
export function dateOf(s: State, ms: number): DateSpec {
  return { ago: s.now - ms, form: 'exact' };
}

/** A credential-report date, or the report's word for none. */
export function reportDateOf(s: State, ms: number | null, absent: 'N/A' | 'no_information' = 'N/A'): ReportDateSpec {
  return ms === null ? absent : dateOf(s, ms);
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable id such as `AIDA...` from a name. */
export function iamId(prefix: string, name: string): string {
  let h = hash(name);
  let out = prefix;
  for (let i = 0; i < 17; i++) {
    out += ID_CHARS[h % 32];
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    if (h === 0) h = i + 1;
  }
  return out;
}

export function lowerId(name: string, length: number): string {
  let h = hash(name);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += 'abcdefghijklmnopqrstuvwxyz0123456789'[h % 36];
    h = Math.imul(h ^ (h >>> 13), 3266489917) >>> 0;
    if (h === 0) h = i + 7;
  }
  return out;
}

/** A 12-digit account id from a name (never the example account's default id). */
export function accountIdFor(name: string): string {
  const h = hash(name);
  const id = `2${String(h).padStart(11, '0').slice(-11)}`;
  return id === DEFAULT_ACCOUNT_ID ? '299999999999' : id;
}

export function isOrgRootName(name: string): boolean {
  return name.toLowerCase() === 'root';
}

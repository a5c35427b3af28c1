import { quoteInput } from './input-text.ts';

export type JsonPathSegment = string | number;

/** A key that its object already has; offsets are into the scanned text. */
export interface DuplicateKey {
  readonly key: string;
  /** The member's path, its key last. */
  readonly path: readonly JsonPathSegment[];
  readonly offset: number;
  readonly firstOffset: number;
}

export interface JsonScan {
  /** The first syntax error; scanning stops there. */
  readonly syntax: { readonly message: string; readonly offset: number } | null;
  /** Up to the requested number; `more` counts the rest. */
  readonly duplicates: readonly DuplicateKey[];
  readonly more: number;
}

interface ObjectFrame {
  readonly keys: Map<string, number>;
  key: string;
}
interface ArrayFrame {
  index: number;
}
type Frame = ObjectFrame | ArrayFrame;

const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_TAIL = /[\d.eE+-]/;
const WORD = /[\w$+.-]{1,24}/y;
const HEX4 = /^[\dA-Fa-f]{4}$/;

/**
 * Checks JSON text (RFC 8259) and finds duplicate keys, with the location of each: the slow path
 * of `parseJson`, run only when JSON.parse failed or a duplicate is known to exist. Iterative, so
 * deep nesting cannot overflow the stack; one Map per open object, so it stays linear.
 */
export function scanJson(text: string, maxDuplicates: number): JsonScan {
  const n = text.length;
  const stack: Frame[] = [];
  const duplicates: DuplicateKey[] = [];
  let more = 0;
  const fail = (message: string, offset: number): JsonScan => ({ syntax: { message, offset }, duplicates, more });

  /** Reads `"key":` at `at` into the object on top; the offset of the value that follows, or the error. */
  const readKey = (frame: ObjectFrame, at: number): number | JsonScan => {
    if (text.charCodeAt(at) !== 0x22) {
      const trailing = text.charCodeAt(at) === 0x7d && lastNonSpace(text, at) === 0x2c;
      return fail(trailing ? 'a comma before `}`' : `expected a key in double quotes, found ${describeAt(text, at)}`, at);
    }
    const end = skipString(text, at);
    if (typeof end !== 'number') return fail(end.message, end.offset);
    const raw = text.slice(at + 1, end - 1);
    // Escapes spell the same key differently (`"a"`, `"\u0061"`): compare decoded keys, as JSON.parse does.
    const key = raw.includes('\\') ? (JSON.parse(text.slice(at, end)) as string) : raw;
    const first = frame.keys.get(key);
    if (first === undefined) frame.keys.set(key, at);
    else if (duplicates.length < maxDuplicates) duplicates.push({ key, path: [...pathOf(stack.slice(0, -1)), key], offset: at, firstOffset: first });
    else more++;
    frame.key = key;
    const colon = skipSpace(text, end);
    if (text.charCodeAt(colon) !== 0x3a) return fail(`expected \`:\` after the key, found ${describeAt(text, colon)}`, colon);
    return skipSpace(text, colon + 1);
  };

  let i = skipSpace(text, 0);
  // Each turn reads the value at i, then closes finished containers and steps over one separator.
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === 0x7d) i++;
      else {
        const frame: ObjectFrame = { keys: new Map(), key: '' };
        stack.push(frame);
        const next = readKey(frame, i);
        if (typeof next !== 'number') return next;
        i = next;
        continue;
      }
    } else if (c === 0x5b) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === 0x5d) i++;
      else {
        stack.push({ index: 0 });
        continue;
      }
    } else if (c === 0x22) {
      const end = skipString(text, i);
      if (typeof end !== 'number') return fail(end.message, end.offset);
      i = end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null || NUMBER_TAIL.test(text.charAt(NUMBER.lastIndex))) return fail(`invalid number ${describeAt(text, i)}`, i);
      i = NUMBER.lastIndex;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if ((c === 0x5d || c === 0x7d) && lastNonSpace(text, i) === 0x2c) return fail(`a comma before ${quoteInput(text.charAt(i))}`, i);
    else return fail(i >= n ? 'unexpected end of the text' : `unexpected ${describeAt(text, i)}`, i);

    for (;;) {
      i = skipSpace(text, i);
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? fail(`unexpected ${describeAt(text, i)} after the JSON value`, i) : { syntax: null, duplicates, more };
      const d = text.charCodeAt(i);
      const isObject = 'keys' in top;
      if (d === 0x2c) {
        i = skipSpace(text, i + 1);
        if (!isObject) {
          top.index++;
          break;
        }
        const next = readKey(top, i);
        if (typeof next !== 'number') return next;
        i = next;
        break;
      }
      if (d === (isObject ? 0x7d : 0x5d)) {
        stack.pop();
        i++;
        continue;
      }
      return fail(i >= n ? 'unexpected end of the text' : `expected \`,\` or \`${isObject ? '}' : ']'}\`, found ${describeAt(text, i)}`, i);
    }
  }
}

function pathOf(frames: readonly Frame[]): JsonPathSegment[] {
  return frames.map((f) => ('keys' in f ? f.key : f.index));
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

function lastNonSpace(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  return text.charCodeAt(i);
}

/** The offset past the string that opens at `at`, or why it is not one. */
function skipString(text: string, at: number): number | { readonly message: string; readonly offset: number } {
  let j = at + 1;
  for (;;) {
    STRING_RUN.lastIndex = j;
    STRING_RUN.exec(text);
    j = STRING_RUN.lastIndex;
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (j >= text.length) return { message: 'unterminated string', offset: at };
    if (c !== 0x5c) return { message: `control character ${quoteInput(text.charAt(j))} in a string (write it as an escape)`, offset: j };
    const e = text.charAt(j + 1);
    if (e !== '' && '"\\/bfnrt'.includes(e)) j += 2;
    else if (e === 'u' && HEX4.test(text.slice(j + 2, j + 6))) j += 6;
    else return { message: `invalid escape ${quoteInput(text.slice(j, j + 2))} in a string`, offset: j };
  }
}

/** `` `yes` `` for a word, `` character `'` `` otherwise, safely quoted; or the end. */
function describeAt(text: string, at: number): string {
  if (at >= text.length) return 'end of the text';
  WORD.lastIndex = at;
  const word = WORD.exec(text);
  if (word !== null) return quoteInput(word[0]);
  const code = text.codePointAt(at) ?? 0;
  return `character ${quoteInput(String.fromCodePoint(code))}`;
}

/** Where a member or element sits in JSON text: its key (null for a list element) and its value. */
export interface JsonLocation {
  readonly key: number | null;
  readonly value: number;
}

/**
 * The offset of every value in valid JSON text (and of its key, for members), by path
 * (`formatJsonPath`'s spelling, the root ``), for messages that point inside a document. Run only
 * once a document is known to have a problem; text that is not valid JSON yields what was read.
 */
export function locateJsonValues(text: string, pathKey: (segments: readonly JsonPathSegment[]) => string): Map<string, JsonLocation> {
  const found = new Map<string, JsonLocation>();
  const segments: JsonPathSegment[] = [];
  // Each frame: the container's kind; `segments` holds the path of the value being read.
  const frames: ('object' | 'array')[] = [];
  let keyAt: number | null = null;
  let i = skipSpace(text, 0);
  const readKey = (): boolean => {
    if (text.charCodeAt(i) !== 0x22) return false;
    const end = skipString(text, i);
    if (typeof end !== 'number') return false;
    const raw = text.slice(i + 1, end - 1);
    keyAt = i;
    segments.push(raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 0x3a) return false;
    i = skipSpace(text, i + 1);
    return true;
  };
  for (;;) {
    found.set(pathKey(segments), { key: keyAt, value: i });
    keyAt = null;
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) i++;
      else {
        frames.push(c === 0x7b ? 'object' : 'array');
        if (c === 0x5b) segments.push(0);
        else if (!readKey()) return found;
        continue;
      }
    } else if (c === 0x22) {
      const end = skipString(text, i);
      if (typeof end !== 'number') return found;
      i = end;
    } else {
      // A number or a literal: up to the next separator.
      while (i < text.length && !',]} \t\r\n'.includes(text.charAt(i))) i++;
    }
    // Close finished containers, then step over one separator to the next value.
    for (;;) {
      i = skipSpace(text, i);
      const top = frames[frames.length - 1];
      if (top === undefined) return found;
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i = skipSpace(text, i + 1);
        if (top === 'array') segments.push((segments.pop() as number) + 1);
        else {
          segments.pop();
          if (!readKey()) return found;
        }
        break;
      }
      if (d !== (top === 'object' ? 0x7d : 0x5d)) return found;
      frames.pop();
      segments.pop();
      i++;
    }
  }
}

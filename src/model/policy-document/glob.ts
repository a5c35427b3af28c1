/**
 * IAM globs: `*` matches any sequence (also empty), `?` exactly one character, everything else
 * itself. There is no escape: IAM has none. Case-insensitive comparison folds ASCII letters only,
 * which is exact for IAM action names (service prefix and action are ASCII).
 *
 * Three questions are answered exactly over an unbounded alphabet:
 * - globMatches: does a pattern match a concrete string;
 * - globCovers: does a pattern match every string a query glob matches;
 * - globsIntersect: is there a string both globs match.
 *
 * These run tens of thousands of times per evaluation, so patterns are compiled once (bounded
 * cache) and the hot paths allocate nothing.
 */

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/** Compiled form of a pattern, folded to lower case when compiled case-insensitively. */
type CompiledGlob =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | {
      readonly kind: 'general';
      /** Maximal star-free pieces (may contain `?`), in order, never empty. */
      readonly segments: readonly string[];
      readonly hasStar: boolean;
      readonly anchoredStart: boolean;
      readonly anchoredEnd: boolean;
      /** Characters the pattern needs at least (its length without stars). */
      readonly minLength: number;
    };

const ANY: CompiledGlob = { kind: 'any' };
// All AWS managed policies together hold ~16,600 distinct action patterns; stay well above that.
const CACHE_LIMIT = 65_536;
const sensitiveCache = new Map<string, CompiledGlob>();
const insensitiveCache = new Map<string, CompiledGlob>();

function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function foldAscii(s: string): string {
  // Only when a pattern is compiled (then cached), so no pre-scan for the common all-lower case.
  return s.replace(/[A-Z]/g, (m) => m.toLowerCase());
}

function isWildcard(c: number): boolean {
  return c === STAR || c === QUESTION;
}

/** Does `s` contain `*` or `?`. */
export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

function compile(pattern: string, caseInsensitive: boolean): CompiledGlob {
  const text = caseInsensitive ? foldAscii(pattern) : pattern;
  const segments: string[] = [];
  let hasStar = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : STAR;
    if (c !== STAR) continue;
    if (i < text.length) hasStar = true;
    if (i > start) segments.push(text.slice(start, i));
    start = i + 1;
  }
  const first = segments[0];
  if (first === undefined) return hasStar ? ANY : { kind: 'exact', text: '' };
  const anchoredStart = text.charCodeAt(0) !== STAR;
  const anchoredEnd = text.charCodeAt(text.length - 1) !== STAR;
  if (segments.length === 1 && anchoredStart && !text.includes('?')) {
    if (!hasStar) return { kind: 'exact', text: first };
    // One piece at the start and a star: the stars all follow it, so the end is open.
    return { kind: 'prefix', text: first };
  }
  let minLength = 0;
  for (const s of segments) minLength += s.length;
  return { kind: 'general', segments, hasStar, anchoredStart, anchoredEnd, minLength };
}

function compiled(pattern: string, caseInsensitive: boolean): CompiledGlob {
  const cache = caseInsensitive ? insensitiveCache : sensitiveCache;
  let g = cache.get(pattern);
  if (g === undefined) {
    // Dropping everything is crude but bounded; real policy sets stay far below the limit.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    g = compile(pattern, caseInsensitive);
    cache.set(pattern, g);
  }
  return g;
}

/**
 * Does segment `seg` (already folded, may hold `?`) match `text` at `pos`. Past the end of `text`
 * charCodeAt is NaN, which no character of `seg` equals, so only a `?` there needs the caller's
 * bounds check.
 */
function segmentAt(seg: string, text: string, pos: number, ci: boolean): boolean {
  for (let i = 0; i < seg.length; i++) {
    const p = seg.charCodeAt(i);
    if (p === QUESTION) continue;
    const t = text.charCodeAt(pos + i);
    if (p !== (ci ? foldCode(t) : t)) return false;
  }
  return true;
}

/** `folded` (no wildcard) equals `text`; callers have already tried `===` on the unfolded pattern. */
function sameText(folded: string, text: string, ci: boolean): boolean {
  return folded.length === text.length && segmentAt(folded, text, 0, ci);
}

/** Plain glob match of a concrete string (`text`'s own `*`/`?` are ordinary characters here). */
export function globMatches(pattern: string, text: string, caseInsensitive: boolean): boolean {
  if (pattern === '*' || pattern === text) return true;
  const g = compiled(pattern, caseInsensitive);
  switch (g.kind) {
    case 'any':
      return true;
    case 'exact':
      return sameText(g.text, text, caseInsensitive);
    case 'prefix':
      return segmentAt(g.text, text, 0, caseInsensitive);
    case 'general':
      return matchGeneral(g.segments, g.hasStar, g.anchoredStart, g.anchoredEnd, g.minLength, text, caseInsensitive);
  }
}

function matchGeneral(segments: readonly string[], hasStar: boolean, anchoredStart: boolean, anchoredEnd: boolean, minLength: number, text: string, ci: boolean): boolean {
  const n = text.length;
  if (n < minLength) return false;
  // A general pattern has at least one segment (compile returns 'any' or 'exact' otherwise).
  const firstSegment = segments[0] ?? '';
  if (!hasStar) return n === minLength && segmentAt(firstSegment, text, 0, ci);
  let from = 0;
  let to = n;
  let first = 0;
  let last = segments.length;
  if (anchoredStart) {
    if (!segmentAt(firstSegment, text, 0, ci)) return false;
    from = firstSegment.length;
    first = 1;
  }
  if (anchoredEnd) {
    // No bounds check: n >= minLength leaves room for the last piece after the first.
    const seg = segments[last - 1] ?? '';
    if (!segmentAt(seg, text, to - seg.length, ci)) return false;
    to -= seg.length;
    last -= 1;
  }
  // Middle pieces sit between stars; the leftmost fit of each leaves the most room for the rest.
  for (let i = first; i < last; i++) {
    const seg = segments[i] ?? '';
    let pos = from;
    const limit = to - seg.length;
    while (pos <= limit && !segmentAt(seg, text, pos, ci)) pos++;
    if (pos > limit) return false;
    from = pos + seg.length;
  }
  return true;
}

// Scratch buffers for the dynamic programs, grown on demand and reused (no allocation per call).
// coversSymbolic and globsIntersect never run at the same time, so they share them.
let reachA = new Uint8Array(64);
let reachB = new Uint8Array(64);
let nonStarPrefix = new Int32Array(64);
let starPrefix = new Int32Array(64);

function ensureScratch(size: number): void {
  if (reachA.length >= size) return;
  // Twice the need: growing inputs reallocate a logarithmic number of times.
  const n = size * 2;
  reachA = new Uint8Array(n);
  reachB = new Uint8Array(n);
  nonStarPrefix = new Int32Array(n);
  starPrefix = new Int32Array(n);
}

/**
 * Does glob `pattern` match every string the glob `query` matches?
 *
 * The query's `*` and `?` are read as symbols: a query `?` (one unknown character) can be absorbed
 * by a pattern `?` or `*`, a query `*` (any run) only by a pattern `*`, and a query literal by the
 * same literal or a pattern wildcard. A maximal run of pattern wildcards with k `?` is order-free:
 * without a star it takes exactly k query symbols and no query star; with a star it takes any
 * stretch holding at least k non-star query symbols. This is exact over an unbounded alphabet
 * (checked against an automaton oracle in the tests).
 */
export function globCovers(pattern: string, query: string, caseInsensitive: boolean): boolean {
  if (pattern === '*' || pattern === query) return true;
  const g = compiled(pattern, caseInsensitive);
  switch (g.kind) {
    case 'any':
      return true;
    case 'exact':
      return !hasWildcard(query) && sameText(g.text, query, caseInsensitive);
    case 'prefix': {
      // A query shorter than the prefix fails at its end, where charCodeAt is NaN.
      const p = g.text;
      for (let i = 0; i < p.length; i++) {
        const c = query.charCodeAt(i);
        if (isWildcard(c) || p.charCodeAt(i) !== (caseInsensitive ? foldCode(c) : c)) return false;
      }
      return true;
    }
    case 'general':
      if (query === '*') return false; // only an all-star pattern (kind 'any') covers everything
      if (!hasWildcard(query)) {
        return matchGeneral(g.segments, g.hasStar, g.anchoredStart, g.anchoredEnd, g.minLength, query, caseInsensitive);
      }
      return coversSymbolic(pattern, query, caseInsensitive);
  }
}

function coversSymbolic(pattern: string, query: string, ci: boolean): boolean {
  const n = query.length;
  ensureScratch(n + 1);
  let reach = reachA;
  let next = reachB;
  nonStarPrefix[0] = 0;
  starPrefix[0] = 0;
  for (let j = 0; j < n; j++) {
    const star = query.charCodeAt(j) === STAR ? 1 : 0;
    starPrefix[j + 1] = (starPrefix[j] ?? 0) + star;
    nonStarPrefix[j + 1] = (nonStarPrefix[j] ?? 0) + 1 - star;
  }
  reach.fill(0, 0, n + 1);
  reach[0] = 1;
  let i = 0;
  while (i < pattern.length) {
    next.fill(0, 0, n + 1);
    let any = false;
    const raw = pattern.charCodeAt(i);
    const c = ci ? foldCode(raw) : raw;
    if (!isWildcard(c)) {
      for (let j = 0; j < n; j++) {
        if (reach[j] === 0) continue;
        const q = query.charCodeAt(j);
        if (!isWildcard(q) && (ci ? foldCode(q) : q) === c) {
          next[j + 1] = 1;
          any = true;
        }
      }
      i++;
    } else {
      let k = 0;
      let star = false;
      while (i < pattern.length) {
        const w = pattern.charCodeAt(i);
        if (w === QUESTION) k++;
        else if (w === STAR) star = true;
        else break;
        i++;
      }
      if (star) {
        let j0 = 0;
        // Some position up to n is reached: reach[0] at the start, else the step before set one.
        while (reach[j0] === 0) j0++;
        const base = nonStarPrefix[j0] ?? 0;
        for (let j = j0; j <= n; j++) {
          if ((nonStarPrefix[j] ?? 0) - base >= k) {
            next[j] = 1;
            any = true;
          }
        }
      } else {
        for (let j = 0; j + k <= n; j++) {
          if (reach[j] !== 0 && starPrefix[j + k] === starPrefix[j]) {
            next[j + k] = 1;
            any = true;
          }
        }
      }
    }
    if (!any) return false;
    const t = reach;
    reach = next;
    next = t;
  }
  return reach[n] === 1;
}

/**
 * Is there a string both globs match? Reachability in the product of the two glob automata: a
 * step consumes one character both sides accept (two literals must agree; a wildcard takes any,
 * and a fresh character always exists for two wildcards); a star may also be skipped. Used for
 * NotAction and NotResource only, which are rare: no fast paths.
 */
export function globsIntersect(a: string, b: string, caseInsensitive: boolean): boolean {
  const width = b.length + 1;
  const size = (a.length + 1) * width;
  ensureScratch(size);
  // State (i, j) is i * width + j. Each is pushed at most once, so `size` bounds the stack.
  const visited = reachA;
  const stack = starPrefix;
  visited.fill(0, 0, size);
  visited[0] = 1;
  stack[0] = 0;
  let top = 1;
  const goal = size - 1;
  while (top !== 0) {
    const state = stack[--top] ?? 0;
    if (state === goal) return true;
    const i = (state / width) | 0;
    const j = state - i * width;
    // Past the end charCodeAt is NaN: no star, no wildcard, equal to nothing.
    const ci = caseInsensitive ? foldCode(a.charCodeAt(i)) : a.charCodeAt(i);
    const cj = caseInsensitive ? foldCode(b.charCodeAt(j)) : b.charCodeAt(j);
    if (ci === STAR) top = push(visited, stack, top, state + width);
    if (cj === STAR) top = push(visited, stack, top, state + 1);
    if (i < a.length && j < b.length && (isWildcard(ci) || isWildcard(cj) || ci === cj)) {
      top = push(visited, stack, top, (ci === STAR ? i : i + 1) * width + (cj === STAR ? j : j + 1));
    }
  }
  return false;
}

/** Pushes an unvisited state and marks it; returns the new stack top. */
function push(visited: Uint8Array, stack: Int32Array, top: number, state: number): number {
  if (visited[state] !== 0) return top;
  visited[state] = 1;
  stack[top] = state;
  return top + 1;
}

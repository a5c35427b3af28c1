// Exact oracles, independent of the implementation: glob automata over the letters of the globs
// plus one fresh letter. Every letter outside the globs behaves like the fresh one, so inclusion
// and intersection over this finite alphabet are the same as over an unbounded one. (A plain
// alphabet {a, b} would not do: over it every string of `a*b` contains `ab`.)

const FRESH = '\u0000';

function closure(p: string, states: ReadonlySet<number>): Set<number> {
  const out = new Set(states);
  const todo = [...states];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    if (p[s] === '*' && !out.has(s + 1)) {
      out.add(s + 1);
      todo.push(s + 1);
    }
  }
  return out;
}

function step(p: string, states: ReadonlySet<number>, c: string): Set<number> {
  const next = new Set<number>();
  for (const s of states) {
    const x = p[s];
    if (x === '*') next.add(s);
    else if (x === '?' || x === c) next.add(s + 1);
  }
  return closure(p, next);
}

function alphabet(...globs: string[]): string[] {
  const letters = new Set<string>([FRESH]);
  for (const g of globs) for (const c of g) if (c !== '*' && c !== '?') letters.add(c);
  return [...letters];
}

const key = (a: ReadonlySet<number>, b: ReadonlySet<number>): string => `${[...a].sort((x, y) => x - y).join(',')}|${[...b].sort((x, y) => x - y).join(',')}`;

/** Subset construction on the pattern, product with the query: L(query) ⊆ L(pattern)? */
export function oracleCovers(pattern: string, query: string): boolean {
  const sigma = alphabet(pattern, query);
  const start: [Set<number>, Set<number>] = [closure(query, new Set([0])), closure(pattern, new Set([0]))];
  const seen = new Set([key(...start)]);
  const todo = [start];
  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    const [qs, ps] = item;
    if (qs.has(query.length) && !ps.has(pattern.length)) return false;
    for (const c of sigma) {
      const nq = step(query, qs, c);
      if (nq.size === 0) continue;
      const np = step(pattern, ps, c);
      const k = key(nq, np);
      if (!seen.has(k)) {
        seen.add(k);
        todo.push([nq, np]);
      }
    }
  }
  return true;
}

export function oracleIntersect(a: string, b: string): boolean {
  const sigma = alphabet(a, b);
  const start: [Set<number>, Set<number>] = [closure(a, new Set([0])), closure(b, new Set([0]))];
  const seen = new Set([key(...start)]);
  const todo = [start];
  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    const [as, bs] = item;
    if (as.has(a.length) && bs.has(b.length)) return true;
    for (const c of sigma) {
      const na = step(a, as, c);
      const nb = step(b, bs, c);
      if (na.size === 0 || nb.size === 0) continue;
      const k = key(na, nb);
      if (!seen.has(k)) {
        seen.add(k);
        todo.push([na, nb]);
      }
    }
  }
  return false;
}

/** Reference matcher: the glob as an anchored regular expression. */
export function regexMatches(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(text);
}

/** Every string over `letters` of length at most `max`. */
export function stringsUpTo(letters: readonly string[], max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => letters.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

/** Concrete strings of a query glob: `*` → up to `starMax` letters, `?` → one letter. */
export function instances(query: string, letters: readonly string[], starMax: number): string[] {
  let acc = [''];
  for (const c of query) {
    const choices = c === '*' ? stringsUpTo(letters, starMax) : c === '?' ? letters : [c];
    acc = acc.flatMap((prefix) => choices.map((x) => prefix + x));
  }
  return acc;
}

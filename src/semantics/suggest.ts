import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to what was written, if it is close enough to be a plausible typo:
 * an edit distance of at most a third of the longer word (at least 1), or a shared prefix of 4+.
 */
export function closest(written: string, candidates: Iterable<string>): string | null {
  const target = written.toLowerCase();
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === target) continue;
    const d = distance(target, c);
    const limit = target.length <= 3 ? 1 : Math.max(2, Math.floor(Math.max(target.length, c.length) / 3));
    const prefixHit = target.length >= 4 && (c.startsWith(target) || target.startsWith(c));
    if (d > limit && !prefixHit) continue;
    const score = prefixHit ? Math.min(d, 1.5) : d;
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

export function didYouMean(written: string, candidates: Iterable<string>): { hint?: string } {
  const found = closest(written, candidates);
  return found === null ? {} : { hint: `did you mean \`${found}\`?` };
}

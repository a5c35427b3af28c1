import type { Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { parseInstant } from '../instant.ts';
import { EMPTY } from '../lists.ts';
import type { NormalizeContext } from './context.ts';

// Values of the raw AWS shapes as the model holds them: dates, time since capture, tags.

/** Epoch ms of an ISO date; UNKNOWN when absent (or, in an unvalidated snapshot, bad). parseInstant is cheap: no memo. */
export function date(text: string | undefined): number | Unknown {
  if (text === undefined) return UNKNOWN;
  return parseInstant(text) ?? UNKNOWN;
}

/**
 * Time from `at` to now; null stays null, unknown stays unknown. A date after capturedAt is
 * inconsistent data (validation warns): its duration is unknown, not negative, since a negative
 * `unused` or `age` passes every `> limit` rule.
 */
export function since(ctx: NormalizeContext, at: number | null | Unknown): number | null | Unknown {
  if (at === null || at === UNKNOWN) return at;
  if (at > ctx.capturedAtLatest) return UNKNOWN;
  // A date within capturedAt's own second (or minute, or day) happened by then.
  return ctx.now - Math.min(at, ctx.capturedAt);
}

/** Tags as `key=value` strings; none when the snapshot has no Tags. */
export function tagStrings(tags: readonly { readonly Key: string; readonly Value: string }[] | undefined): readonly string[] {
  if (tags === undefined || tags.length === 0) return EMPTY;
  return tags.map((t) => `${t.Key}=${t.Value}`);
}

/** Write size for streamed reports: large enough that a write costs little, small enough that no report is held whole. */
export const CHUNK_CHARS = 1 << 16;

/**
 * Parts of a report joined into chunks of about `size` characters (none is empty). A part of `size`
 * or more goes by alone, after what is pending: joining it would copy it only to make it longer.
 */
export function* chunked(parts: Iterable<string>, size = CHUNK_CHARS): Generator<string, void, undefined> {
  let pending: string[] = [];
  let length = 0;
  for (const part of parts) {
    if (part.length >= size) {
      if (length > 0) yield pending.join('');
      pending = [];
      length = 0;
      yield part;
      continue;
    }
    pending.push(part);
    length += part.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}

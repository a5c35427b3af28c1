/** Write size for streamed reports: large enough that a write costs little, small enough that no report is held whole. */
export const CHUNK_CHARS = 1 << 16;

/** Parts in, chunks out to `emit`: what chunked does for a report pulled in parts, for one pushed part by part. */
export interface ChunkWriter {
  readonly write: (part: string) => void;
  /** Emits what is pending, if anything. */
  readonly flush: () => void;
}

/**
 * Parts joined into chunks of about `size` characters (none is empty). A part of `size` or more
 * goes by alone, after what is pending: joining it would copy it only to make it longer.
 */
export function chunkWriter(emit: (chunk: string) => void, size = CHUNK_CHARS): ChunkWriter {
  let pending: string[] = [];
  let length = 0;
  const flush = (): void => {
    if (length === 0) return;
    const chunk = pending.join('');
    pending = [];
    length = 0;
    emit(chunk);
  };
  return {
    write: (part) => {
      if (part.length >= size) {
        flush();
        emit(part);
        return;
      }
      pending.push(part);
      length += part.length;
      if (length >= size) flush();
    },
    flush,
  };
}

/** Parts of a report joined into chunks as chunkWriter joins them. */
export function* chunked(parts: Iterable<string>, size = CHUNK_CHARS): Generator<string, void, undefined> {
  const ready: string[] = [];
  const writer = chunkWriter((chunk) => ready.push(chunk), size);
  for (const part of parts) {
    writer.write(part);
    if (ready.length > 0) {
      yield* ready;
      ready.length = 0;
    }
  }
  writer.flush();
  yield* ready;
}

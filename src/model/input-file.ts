import { Buffer, constants, isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { DiagnosticCode, Outcome } from '../diagnostics/index.ts';
import { error, failure, success } from '../diagnostics/index.ts';
import { escapeInput } from './input-text.ts';

/**
 * The most an input file may hold, decompressed: what a string can hold (V8's limit, which
 * `Buffer.toString` shares, is 512 MiB), halved so that parsing and checking it fits the default
 * heap. A snapshot of 50,000 principals is 28 MB.
 */
export const MAX_INPUT_BYTES = Math.min(256 * 2 ** 20, constants.MAX_STRING_LENGTH);

/** What kind of file is read, for messages and codes. */
export interface InputKind {
  /** `snapshot`, `baseline`, `exceptions file`. */
  readonly noun: string;
  /** Cannot be read or decompressed, or is too large. */
  readonly unreadable: DiagnosticCode;
  /** Read, but not UTF-8 text. */
  readonly notText: DiagnosticCode;
  /** For a file that cannot be read at all, e.g. which flag named it. */
  readonly hint?: string;
  /** Whether gzip data is decompressed (default true); rule and test files are text people write. */
  readonly gzip?: boolean;
}

export interface InputLimits {
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: InputLimits = { maxBytes: MAX_INPUT_BYTES };

/**
 * Reads an input file as text, the one way guard reads every JSON or YAML input: gzip is detected
 * by its magic bytes, the size is bounded before and after decompression, UTF-8 is checked and a
 * byte-order mark dropped. `name` is how messages show the file.
 */
export async function readInputFile(path: string, name: string, kind: InputKind, limits: InputLimits = DEFAULT_LIMITS): Promise<Outcome<string>> {
  let bytes: Uint8Array;
  try {
    const read = await readBounded(path, limits.maxBytes);
    if (read === null) return failure([error(kind.unreadable, `${kind.noun} \`${escapeInput(name)}\` is larger than ${size(limits.maxBytes)}, the most guard reads`, null)]);
    bytes = read;
  } catch (caught) {
    return failure([error(kind.unreadable, `cannot read ${kind.noun} \`${escapeInput(name)}\`: ${reason(caught)}`, null, kind.hint === undefined ? {} : { hint: kind.hint })]);
  }
  return decodeInput(bytes, name, kind, limits);
}

/** The decoding half of {@link readInputFile}, for contents already in memory. */
export function decodeInput(data: Uint8Array | string, name: string, kind: InputKind, limits: InputLimits = DEFAULT_LIMITS): Outcome<string> {
  if (typeof data === 'string') return success(data.charCodeAt(0) === 0xfeff ? data.slice(1) : data);
  const shown = `${kind.noun} \`${escapeInput(name)}\``;
  let bytes = data;
  if (kind.gzip !== false && bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // zlib loads only for gzip input: rule files, read by every `guard check`, are never compressed.
      bytes = process.getBuiltinModule('node:zlib').gunzipSync(bytes, { maxOutputLength: limits.maxBytes });
    } catch (caught) {
      if ((caught as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return failure([error(kind.unreadable, `${shown} decompresses to more than ${size(limits.maxBytes)}, the most guard reads`, null, { hint: 'the file is damaged, or is not what guard wrote' })]);
      }
      return failure([error(kind.unreadable, `cannot decompress ${shown}: ${reason(caught)}`, null, { hint: 'the file starts like gzip data but is damaged or truncated' })]);
    }
  } else if (bytes.length > limits.maxBytes) {
    return failure([error(kind.unreadable, `${shown} is larger than ${size(limits.maxBytes)}, the most guard reads`, null)]);
  }
  // Validate, then decode: both run at memory speed, several times faster than a fatal TextDecoder.
  if (!isUtf8(bytes)) {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return failure([error(kind.notText, `${shown} is not UTF-8 text${utf16 ? ' (it is UTF-16)' : `: ${invalidByte(bytes)}`}`, null, { hint: 'save it as UTF-8' })]);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return success(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** The file's bytes, or null when there are more than `max`; reads at most max + 1 (a FIFO or device has no size). */
async function readBounded(path: string, max: number): Promise<Uint8Array | null> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.isFile() && info.size > max) return null;
    // A regular file is read into one buffer of its size (plus one byte, to notice growth).
    const chunks: Buffer[] = [];
    let chunk = Buffer.allocUnsafe(Math.min((info.isFile() ? info.size : 2 ** 16) + 1, max + 1));
    let filled = 0;
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, filled, chunk.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
      total += bytesRead;
      if (total > max) return null;
      if (filled === chunk.length) {
        chunks.push(chunk);
        chunk = Buffer.allocUnsafe(Math.min(2 ** 20, max + 1 - total));
        filled = 0;
      }
    }
    chunks.push(chunk.subarray(0, filled));
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Where the first invalid UTF-8 sequence is: `invalid byte 0xe9 at line 8, column 1`. */
function invalidByte(bytes: Uint8Array): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) {
      return `invalid byte 0x${b.toString(16).padStart(2, '0')} at line ${line}, column ${column}`;
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column += length === 4 ? 2 : 1;
    i += length;
  }
  return 'invalid UTF-8';
}

function size(bytes: number): string {
  return bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${bytes} bytes`;
}

function reason(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a directory';
    if (code === 'EACCES') return 'permission denied';
    return escapeInput(e.message.charAt(0).toLowerCase() + e.message.slice(1));
  }
  return escapeInput(String(e));
}

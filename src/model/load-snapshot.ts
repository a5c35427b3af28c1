import { Buffer, isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { error, failure, isNonEmpty, success } from '../diagnostics/index.ts';
import type { Diagnostic, Outcome } from '../diagnostics/index.ts';
import { SNAPSHOT_FORMAT } from './snapshot.ts';
import type { Snapshot } from './snapshot.ts';
import { describeValue, validateSnapshot } from './validate-snapshot.ts';

/** Decompressed snapshots larger than this are refused rather than exhausting memory (gzip bombs). */
const MAX_DECOMPRESSED_BYTES = 2 ** 31 - 1;

/**
 * Reads a snapshot file: gzip (detected by its magic bytes, whatever the file name) or plain
 * JSON, then validates it. An unreadable file is `snapshot/unreadable`.
 */
export async function loadSnapshotFile(path: string): Promise<Outcome<Snapshot>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return failure([error('snapshot/unreadable', `cannot read snapshot \`${path}\`: ${reason(e)}`, null, { hint: 'check the path given to --snapshot' })]);
  }
  return parseSnapshot(bytes, path);
}

/**
 * Parses and validates a snapshot (v1) from file contents. `source` names it in messages. Every
 * problem found is reported, each with the JSON path of the offending value.
 */
export function parseSnapshot(data: Uint8Array | string, source: string): Outcome<Snapshot> {
  const text = decode(data, source);
  if (typeof text !== 'string') return failure([text]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return failure([error('snapshot/invalid-json', `snapshot \`${source}\` is not valid JSON: ${lowerFirst(reason(e))}`, null)]);
  }
  const format = checkFormat(value, source);
  if (format !== null) return failure([format]);
  const { errors, warnings } = validateSnapshot(value);
  if (isNonEmpty(errors)) return failure(errors, warnings);
  // INVARIANT: validateSnapshot found no error, so the value has the Snapshot shape.
  return success(value as Snapshot, warnings);
}

function decode(data: Uint8Array | string, source: string): string | Diagnostic {
  if (typeof data === 'string') return data.charCodeAt(0) === 0xfeff ? data.slice(1) : data;
  let bytes = data;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
    } catch (e) {
      return error('snapshot/unreadable', `cannot decompress snapshot \`${source}\`: ${lowerFirst(reason(e))}`, null, { hint: 'the file starts like gzip data but is damaged or truncated' });
    }
  }
  // Validate, then decode: both run at memory speed, several times faster than a fatal TextDecoder.
  if (!isUtf8(bytes)) return error('snapshot/invalid-json', `snapshot \`${source}\` is not UTF-8 text`, null, { hint: 'snapshots are JSON files, optionally gzipped' });
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // Drop a leading byte-order mark, as a TextDecoder would.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const RAW_AWS_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

function checkFormat(value: unknown, source: string): Diagnostic | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return error('snapshot/invalid', `snapshot \`${source}\` must be a JSON object, found ${describeValue(value)}`, null);
  }
  const format = (value as Record<string, unknown>)['format'];
  if (format === SNAPSHOT_FORMAT) return null;
  if (format === undefined) {
    if (RAW_AWS_KEYS.some((k) => k in value)) {
      return error('snapshot/unsupported-format', `\`${source}\` looks like raw \`get-account-authorization-details\` output, not a guard snapshot`, null, {
        path: 'format',
        hint: `wrap it: {"format": "${SNAPSHOT_FORMAT}", "capturedAt": "...", "account": {...}, "iam": {"authorizationDetails": <this file>}} (see docs/snapshot-format.md)`,
      });
    }
    return error('snapshot/unsupported-format', `snapshot \`${source}\` has no \`format\` field`, null, { path: 'format', hint: `add "format": "${SNAPSHOT_FORMAT}"` });
  }
  return error('snapshot/unsupported-format', `unsupported snapshot format ${describeValue(format)}`, null, {
    path: 'format',
    hint: `this version of guard reads \`${SNAPSHOT_FORMAT}\``,
  });
}

function reason(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a directory';
    if (code === 'EACCES') return 'permission denied';
    return e.message;
  }
  return String(e);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

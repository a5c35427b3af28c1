import type { Diagnostic, Outcome } from '../diagnostics/index.ts';
import { error, failure, isNonEmpty, success } from '../diagnostics/index.ts';
import { decodeInput, type InputKind, readInputFile } from './input-file.ts';
import { describeJsonValue, escapeInput } from './input-text.ts';
import { describeJsonProblem, formatJsonPath, parseJson } from './json-text.ts';
import type { ParsedParts } from './parsed-parts.ts';
import type { Snapshot } from './snapshot.ts';
import { SNAPSHOT_FORMAT } from './snapshot.ts';
import { validateSnapshot } from './validate-snapshot.ts';

const SNAPSHOT_FILE: InputKind = { noun: 'snapshot', unreadable: 'snapshot/unreadable', notText: 'snapshot/invalid-json', hint: 'check the path given to --snapshot' };

/** A validated snapshot with what validation parsed of it, for `normalizeSnapshot(snapshot, { parsed })`. */
export interface ValidSnapshot {
  readonly snapshot: Snapshot;
  readonly parsed: ParsedParts;
}

/**
 * Reads a snapshot file: gzip (detected by its magic bytes, whatever the file name) or plain
 * JSON, then validates it. An unreadable file is `snapshot/unreadable`.
 */
export async function loadSnapshotFile(path: string): Promise<Outcome<Snapshot>> {
  return snapshotOnly(await loadValidSnapshot(path));
}

/** loadSnapshotFile, with the parsed documents and report handed on. */
export async function loadValidSnapshot(path: string): Promise<Outcome<ValidSnapshot>> {
  const value = await readSnapshotJson(path);
  return value.ok ? validateSnapshotValue(value.value, path) : value;
}

/**
 * The file's parsed JSON, in a frame of its own: the text (as large as the file) is garbage once this
 * returns, and does not stay alive beside the parsed value through validation and normalization.
 */
async function readSnapshotJson(path: string): Promise<Outcome<unknown>> {
  const text = await readInputFile(path, path, SNAPSHOT_FILE);
  return text.ok ? parseSnapshotJson(text.value, path) : text;
}

/**
 * Parses and validates a snapshot (v1) from file contents. `source` names it in messages. Every
 * problem found is reported, each with the JSON path of the offending value.
 */
export function parseSnapshot(data: Uint8Array | string, source: string): Outcome<Snapshot> {
  return snapshotOnly(parseValidSnapshot(data, source));
}

function snapshotOnly(outcome: Outcome<ValidSnapshot>): Outcome<Snapshot> {
  return outcome.ok ? success(outcome.value.snapshot, outcome.warnings) : outcome;
}

/** parseSnapshot, with the parsed documents and report handed on. */
export function parseValidSnapshot(data: Uint8Array | string, source: string): Outcome<ValidSnapshot> {
  const value = decodeSnapshotJson(data, source);
  return value.ok ? validateSnapshotValue(value.value, source) : value;
}

/** Decoding and parsing in a frame of their own, as readSnapshotJson: the decoded text does not outlive them. */
function decodeSnapshotJson(data: Uint8Array | string, source: string): Outcome<unknown> {
  const text = decodeInput(data, source, SNAPSHOT_FILE);
  return text.ok ? parseSnapshotJson(text.value, source) : text;
}

/** JSON.parse of a snapshot's text, refusing duplicate keys. */
function parseSnapshotJson(text: string, source: string): Outcome<unknown> {
  const parsed = parseJson(text);
  const name = `snapshot \`${escapeInput(source)}\``;
  if (!parsed.ok) {
    const errors = parsed.problems.map((p) =>
      p.kind === 'syntax'
        ? error('snapshot/invalid-json', `${name} is not valid JSON: ${describeJsonProblem(p)}`, null)
        : error('snapshot/invalid-json', `${name} has ${describeJsonProblem(p)}`, null, {
            path: formatJsonPath(p.path),
            hint: 'remove one: JSON readers keep only the last, and AWS rejects policies with duplicate keys',
          }),
    );
    if (parsed.more > 0) errors.push(error('snapshot/invalid-json', `and ${parsed.more} more duplicate keys in ${name}`, null));
    return failure([errors[0] as Diagnostic, ...errors.slice(1)]);
  }
  return success(parsed.value);
}

/** A parsed snapshot's format, then its shape and consistency. */
function validateSnapshotValue(value: unknown, source: string): Outcome<ValidSnapshot> {
  const format = checkFormat(value, source);
  if (format !== null) return failure([format]);
  const { errors, warnings, parsed: parts } = validateSnapshot(value);
  if (isNonEmpty(errors)) return failure(errors, warnings);
  // INVARIANT: validateSnapshot found no error, so the value has the schema's shape, which is Snapshot (test/model/snapshot-types.test.ts).
  return success({ snapshot: value as Snapshot, parsed: parts }, warnings);
}

const RAW_AWS_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

function checkFormat(value: unknown, file: string): Diagnostic | null {
  const source = escapeInput(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return error('snapshot/invalid', `snapshot \`${source}\` must be a JSON object, found ${describeJsonValue(value)}`, null);
  }
  const format = (value as Record<string, unknown>)['format'];
  if (format === SNAPSHOT_FORMAT) return null;
  if (format === undefined) {
    if (RAW_AWS_KEYS.some((k) => k in value)) {
      return error('snapshot/unsupported-format', `\`${source}\` looks like raw \`get-account-authorization-details\` output, not a guard snapshot`, null, {
        path: 'format',
        hint: `wrap it: {"format": "${SNAPSHOT_FORMAT}", "capturedAt": "...", "account": {...}, "iam": {"authorizationDetails": <this file>}}, adding "organizations": null when the account is in no organization (otherwise the SCPs that bound its principals are unknown; see docs/snapshot-format.md)`,
      });
    }
    return error('snapshot/unsupported-format', `snapshot \`${source}\` has no \`format\` field`, null, { path: 'format', hint: `add "format": "${SNAPSHOT_FORMAT}"` });
  }
  return error('snapshot/unsupported-format', `unsupported snapshot format ${describeJsonValue(format)}`, null, {
    path: 'format',
    hint: `this version of guard reads \`${SNAPSHOT_FORMAT}\``,
  });
}

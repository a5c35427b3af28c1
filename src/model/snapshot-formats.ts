import { parseInstant } from './instant.ts';

/**
 * The JSON Schema formats guard checks, by name, for the precompiled validator
 * (generated/snapshot-validator.ts): `date-time` is every ISO 8601 form parseInstant accepts,
 * the boto3 form `2026-11-27 10:00:00+00:00` included.
 */
export const SNAPSHOT_FORMATS: Readonly<Record<string, (text: string) => boolean>> = {
  'date-time': (text) => parseInstant(text) !== null,
};

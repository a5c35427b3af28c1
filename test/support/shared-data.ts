import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './run-guard.ts';

/**
 * The team's read-only real-world data (../shared/data beside the repository, as CI lays it out;
 * /work/shared/data on development machines), or null when neither is there: tests that need it
 * skip with a message.
 */
export const SHARED_DATA: string | null = [join(REPO, '..', 'shared', 'data'), '/work/shared/data'].find((p) => existsSync(p)) ?? null;

export function sharedData(...parts: string[]): string | null {
  if (SHARED_DATA === null) return null;
  const path = join(SHARED_DATA, ...parts);
  return existsSync(path) ? path : null;
}

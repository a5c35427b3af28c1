import { readFileSync } from 'node:fs';

/** guard's version, from package.json, read once at start-up: `--version` and SARIF's `tool.driver.version`. */
export const GUARD_VERSION: string = (() => {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  // The manifest ships with the sources; a missing version is a packaging bug, not bad input.
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
})();

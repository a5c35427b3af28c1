import { relative } from 'node:path';

/** A path as messages show it: relative to the working directory when it lies below it, absolute otherwise. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel.startsWith('..') || rel === '' ? absolute : rel;
}

/**
 * Issue 13's whole-process targets on the large benchmark account (about 15 MB): `guard eval` of the
 * built-in library with its effective-permissions theme against the library without it (target
 * ≤ 1.5x), and `guard who-can iam:PassRole` against `guard eval` of the library (target ≤ 2x). The
 * commands run interleaved round by round, so both ratios come from one run; each with its peak memory.
 */

import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSnapshot, LARGE_ACCOUNT } from './generate-snapshot.ts';
import { cpuRatio, mb, measure, memorySource, ms, type NodeCommand, ratio } from './processes.ts';

const ROUNDS = 5;
/** The library's effective-permissions theme (issue 13): its rules ask every principal's permissions. */
export const PERMISSIONS_THEME = 'effective-permissions.guard';

/** The library's rule files but the theme, copied to `into`: the library as it was before issue 13. */
async function libraryWithout(root: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  for (const name of await readdir(join(root, 'policies'))) {
    if (name.endsWith('.guard') && !name.endsWith('.test.guard') && name !== PERMISSIONS_THEME) await copyFile(join(root, 'policies', name), join(into, name));
  }
}

export async function benchPermissions(root: string, dir: string): Promise<void> {
  const file = join(dir, 'large-account.json');
  // The eval part writes the same account into the same directory: generated once when both run.
  if (!existsSync(file)) await writeFile(file, JSON.stringify(generateSnapshot(LARGE_ACCOUNT)));
  const bin = join(root, 'bin/guard.js');
  const withTheme = existsSync(join(root, 'policies', PERMISSIONS_THEME));
  const without = join(dir, 'library-without-permissions');
  await libraryWithout(root, without);

  const evalLibrary: NodeCommand = { args: [bin, 'eval', '--snapshot', file, '--format', 'json', '--fail-on', 'none'], cwd: dir };
  const evalWithout: NodeCommand = { args: [bin, 'eval', without, '--snapshot', file, '--format', 'json', '--fail-on', 'none'], cwd: dir };
  const whoCan: NodeCommand = { args: [bin, 'who-can', 'iam:PassRole', '--snapshot', file, '--format', 'json'], cwd: dir };
  const [library, who, before] = measure(withTheme ? [evalLibrary, whoCan, evalWithout] : [evalLibrary, whoCan], ROUNDS, { memory: true });
  if (library === undefined || who === undefined) return;
  const peak = (bytes: number | null): string => (bytes === null ? '' : ` (peak ${mb(bytes)})`);
  const lines = [
    `effective permissions, whole process from source, large account (${LARGE_ACCOUNT.users} users, ${LARGE_ACCOUNT.roles} roles, ${LARGE_ACCOUNT.policies} policies), medians of ${ROUNDS}; memory by ${memorySource()}`,
  ];
  if (before === undefined) lines.push(`  guard eval with against without ${PERMISSIONS_THEME}: skipped, policies/${PERMISSIONS_THEME} does not exist yet`);
  else
    lines.push(
      `  guard eval, library with ${PERMISSIONS_THEME} ${ms(library.ms)}${peak(library.maxRss)}  without ${ms(before.ms)}${peak(before.maxRss)}  ratio ${ratio(library.ms, before.ms)} (target ≤ 1.5x)${cpuRatio(library, before)}`,
    );
  lines.push(`  guard who-can iam:PassRole ${ms(who.ms)}${peak(who.maxRss)}  guard eval of the library ${ms(library.ms)}  ratio ${ratio(who.ms, library.ms)} (target ≤ 2x)${cpuRatio(who, library)}`);
  console.log(lines.join('\n'));
}

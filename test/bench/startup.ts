/**
 * `npm run bench -- startup`: how long `guard --version`, `guard --help` and `guard check` of a
 * one-rule file take as whole processes, against `node -e 0`, from the sources (`bin/guard.js` in the
 * clone, type-stripped) and installed (compiled `dist/`).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Installed } from './installed.ts';
import { measure, ms, type NodeCommand, ratio } from './processes.ts';

const ROUNDS = 15;

const CASES = [
  { name: '--version', args: ['--version'], target: 3 },
  { name: '--help', args: ['--help'], target: null },
  { name: 'check (one rule)', args: ['check', 'one.guard'], target: 5 },
] as const;

/** bin/guard.js turns on Node's compile cache; a first run, or one where the cache cannot be written, goes without. */
const NO_CACHE = { NODE_DISABLE_COMPILE_CACHE: '1' };

export async function benchStartup(root: string, installed: Installed, dir: string): Promise<void> {
  await writeFile(join(dir, 'one.guard'), 'users with console access must have mfa\n');
  const bins: { name: string; bin: string }[] = [{ name: 'from source', bin: join(root, 'bin/guard.js') }];
  if (installed.kind === 'installed') bins.push({ name: 'installed', bin: installed.bin });
  const layouts = bins.flatMap((b) => [
    { ...b, env: {} },
    { name: `${b.name}, no compile cache`, bin: b.bin, env: NO_CACHE },
  ]);
  const commands: NodeCommand[] = [{ args: ['-e', '0'] }];
  for (const layout of layouts) for (const c of CASES) commands.push({ args: [layout.bin, ...c.args], cwd: dir, env: layout.env });
  const [bare, ...runs] = measure(commands, ROUNDS);
  const node = bare?.ms ?? Number.NaN;
  const lines = [`start-up, medians of ${ROUNDS} spawned processes, against node -e 0 (${ms(node)})`];
  layouts.forEach((layout, l) => {
    const parts = CASES.map((c, i) => {
      const run = runs[l * CASES.length + i]?.ms ?? Number.NaN;
      return `${c.name} ${ms(run)} ${ratio(run, node)}${c.target === null ? '' : ` (target ≤ ${c.target}x)`}`;
    });
    lines.push(`  ${layout.name.padEnd(29)} ${parts.join('  ')}`);
  });
  if (installed.kind === 'skipped') lines.push(`  ${'installed'.padEnd(29)} skipped: ${installed.reason}`);
  console.log(lines.join('\n'));
}

/**
 * The installed package, as users run it: a temporary directory with `package.json`, `bin/`, `dist/`
 * (the sources compiled by tsc, as `npm run build` does), `data/` and `policies/`, and a `node_modules`
 * symlink to the project's. Built once per benchmark run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Installed = { readonly kind: 'installed'; readonly dir: string; readonly bin: string } | { readonly kind: 'skipped'; readonly reason: string };

export async function install(root: string): Promise<Installed> {
  // Until bin/guard.js runs dist/ when src/ is absent, an installed layout cannot start.
  if (!readFileSync(join(root, 'bin/guard.js'), 'utf8').includes('dist/cli/main.js')) {
    return { kind: 'skipped', reason: 'bin/guard.js does not run dist/ yet' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'guard-installed-'));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // tsc resolves `types` from the config's directory: the config sits in the layout, beside node_modules.
  const base = existsSync(join(root, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json';
  const config = join(dir, 'tsconfig.json');
  await writeFile(
    config,
    JSON.stringify({
      extends: join(root, base),
      compilerOptions: { noEmit: false, rootDir: join(root, 'src'), outDir: join(dir, 'dist'), rewriteRelativeImportExtensions: true, declaration: false, sourceMap: false },
      include: [join(root, 'src')],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc could not build dist/: ${tsc.stdout}${tsc.stderr}`);
  await rm(config);
  for (const entry of ['package.json', 'bin', 'data']) await cp(join(root, entry), join(dir, entry), { recursive: true });
  // As package.json `files` ships them: the library's rule files, not its test files.
  await cp(join(root, 'policies'), join(dir, 'policies'), { recursive: true, filter: (path) => !path.endsWith('.test.guard') });
  return { kind: 'installed', dir, bin: join(dir, 'bin/guard.js') };
}

export async function uninstall(installed: Installed): Promise<void> {
  if (installed.kind === 'installed') await rm(installed.dir, { recursive: true, force: true });
}

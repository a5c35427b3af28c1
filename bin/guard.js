#!/usr/bin/env node
// In the clone (src/ beside bin/) the CLI runs from its TypeScript sources through Node's type stripping,
// so a stale dist/ is never picked; started by an older Node (these machines ship 20), it hands over to the
// project's pinned Node. The installed package ships no src/, and runs the compiled dist/ (docs/architecture.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Kept equal to package.json "engines" (test/e2e/package.test.ts checks it).
const REQUIRED_NODE = '>=22.18';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 22 || (major === 22 && minor >= 18);
const fromSource = existsSync(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));

if (supported) {
  // V8's code cache, and from source the type-stripped text, kept on disk (os.tmpdir()): a later run
  // skips compiling, and from source skips loading the type stripper (docs/architecture.md, "What loads when").
  module.enableCompileCache();
  const { main } = fromSource ? await import('../src/cli/main.ts') : await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} else if (!fromSource) {
  console.error(`guard: needs Node.js ${REQUIRED_NODE} (this is ${process.version})`);
  process.exit(2);
} else {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    console.error(`guard: needs Node.js ${REQUIRED_NODE} (this is ${process.version}); run \`npm ci\` to install the pinned Node`);
    process.exit(2);
  }
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 2);
}

// `npm run mutate -- <stage>… [stryker flags…]`: StrykerJS over the core files of each named stage,
// each against its own stage's unit tests. Reports go to reports/mutation/<stage>.{html,json}
// (git-ignored). `npm run mutate` with no stage lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Stage {
  readonly files: readonly string[];
  readonly tests: readonly string[];
}

const STAGES: Readonly<Record<string, Stage>> = {
  policy: {
    files: ['src/model/policy-document/glob.ts', 'src/model/policy-document/match.ts'],
    // Not the corpus tests over every AWS managed policy (policy-match-corpus, policy-document-parse):
    // they take seconds per mutant, and what only they catch is what no unit test pins down.
    tests: ['test/model/policy-match.test.ts', 'test/model/policy-match-properties.test.ts', 'test/model/glob*.test.ts'],
  },
  engine: {
    files: ['src/engine/compile.ts', 'src/engine/tri.ts', 'src/engine/evaluate.ts'],
    tests: ['test/engine/**/*.test.ts'],
  },
  credentials: {
    files: ['src/model/credential-report.ts', 'src/model/normalize/credentials.ts'],
    tests: ['test/model/credential*.test.ts', 'test/model/normalize*.test.ts'],
  },
  checker: {
    files: [
      'src/semantics/check.ts',
      'src/semantics/check-params.ts',
      'src/semantics/check-rule.ts',
      'src/semantics/check-condition.ts',
      'src/semantics/check-comparison.ts',
      'src/semantics/check-metadata.ts',
      'src/semantics/check-context.ts',
      'src/semantics/check-permission.ts',
      'src/semantics/action-names.ts',
      'src/semantics/literal-constant.ts',
      'src/semantics/operators.ts',
      'src/semantics/condition-walk.ts',
    ],
    tests: ['test/semantics/**/*.test.ts'],
  },
};

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
// Stage names come first; everything from the first flag on is Stryker's (`--mutate a.ts,b.ts` too).
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const names = firstFlag === -1 ? args : args.slice(0, firstFlag);
const flags = firstFlag === -1 ? [] : args.slice(firstFlag);
const unknown = names.filter((a) => !(a in STAGES));
if (names.length === 0 || unknown.length > 0) {
  if (unknown.length > 0) console.error(`mutate: unknown stage ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  console.error(`usage: npm run mutate -- <stage>… [stryker flags, e.g. --concurrency 2]\nstages:`);
  for (const [name, stage] of Object.entries(STAGES)) console.error(`  ${name.padEnd(12)} ${stage.files.join(', ')}`);
  process.exit(2);
}

// Stryker runs the tests in a sandbox under .stryker-tmp/; tests find the team's data at
// <repository>/../shared, so the sandboxes get a `shared` link beside them.
const tmp = join(root, '.stryker-tmp');
mkdirSync(tmp, { recursive: true });
const shared = join(root, '..', 'shared');
const link = join(tmp, 'shared');
if (existsSync(shared) && !isLink(link)) symlinkSync(shared, link);

const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
let status = 0;
for (const name of names) {
  const stage = STAGES[name] as Stage;
  // GUARD_MUTATE_TESTS (comma-separated globs) narrows a run to some of the stage's tests.
  const tests = process.env['GUARD_MUTATE_TESTS'] ?? stage.tests.join(',');
  console.log(`mutate: ${name}: ${stage.files.join(', ')} against ${tests}`);
  const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...flags], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GUARD_MUTATE_STAGE: name, GUARD_MUTATE_FILES: stage.files.join(','), GUARD_MUTATE_TESTS: tests },
  });
  status ||= run.status ?? 2;
}
process.exit(status);

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// StrykerJS configuration; scripts/mutate.ts (`npm run mutate -- <stage>`) sets the files to mutate
// and the stage's tests through the environment. See docs/architecture.md, "Mutation testing".
const stage = process.env.GUARD_MUTATE_STAGE ?? 'all';
const mutate = (process.env.GUARD_MUTATE_FILES ?? '').split(',').filter((f) => f !== '');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  mutate,
  // Node strips the types and runs the sources as they are; removing `// @ts-*` comments buys nothing.
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  // The machine's 2 cores are shared; override with --concurrency.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${stage}.html` },
  jsonReporter: { fileName: `reports/mutation/${stage}.json` },
  // tempDirName's sandboxes see `../shared` through a link scripts/mutate.ts makes beside them.
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['reports', '.stryker-tmp', 'coverage'],
  // Added to 1.5x the covering tests' own time: enough on a loaded machine, and a mutant that loops
  // (glob.ts has several while loops) costs no more than that.
  timeoutMS: 5_000,
};

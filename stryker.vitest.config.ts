import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Mutation runs test each file against the unit tests of its own stage only (scripts/mutate.ts
// passes them in GUARD_MUTATE_TESTS): the whole suite, end-to-end tests included, would take hours
// per file on a 2-core machine, and a mutant killed only by an e2e test is logic no unit test pins.
// (Replaced, not merged: mergeConfig would concatenate the include lists.)
const tests = (process.env['GUARD_MUTATE_TESTS'] ?? '').split(',').filter((t) => t !== '');

export default defineConfig({ ...base, test: { ...base.test, ...(tests.length > 0 ? { include: tests } : {}) } });

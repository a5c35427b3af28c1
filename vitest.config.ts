import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'policies/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    setupFiles: ['test/support/fast-check-setup.ts'],
    // End-to-end and emulator tests spawn processes; keep room on 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

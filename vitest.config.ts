import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end runs over the real corpus take tens of seconds; unit tests are fast regardless.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

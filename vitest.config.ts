import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Native addons (better-sqlite3, sharp, onnxruntime) are safest in forked processes.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

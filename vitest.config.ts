import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Native addons (better-sqlite3, sharp, onnxruntime) are safest in forked processes.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Suites that need ../shared/datasets carry this tag: `npm run test:fast` runs everything else,
    // with the datasets hidden, and fails on any skip (scripts/test-tiers.js).
    tags: [{ name: 'datasets', description: 'needs the labelled face datasets in ../shared/datasets' }],
  },
});

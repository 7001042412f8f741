import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Engine and registry tests share one daemon; files run in parallel on 2 cores.
    maxWorkers: 2,
    // The JSON report feeds the summary line that .ci/run prints.
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});

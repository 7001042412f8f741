import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Engine and registry tests share one daemon; files run in parallel on 2 cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});

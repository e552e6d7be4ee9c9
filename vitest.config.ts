import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Tests never leave loopback: other hosts are refused before a packet is sent.
    setupFiles: ['test/setup/no-network.ts'],
    // CI reads a plain test count from the JSON report (.ci/run prints "N passed, N failed").
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]] : ['default'],
  },
});

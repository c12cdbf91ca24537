import { defineConfig } from 'vitest/config';

// One config for the UI (vite) and the tests (vitest).
export default defineConfig({
  root: '.',
  base: './',
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

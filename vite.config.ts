import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Chromium refuses module scripts from file://, so the built site uses one
 * classic deferred script: `npm run build` then works from any static host,
 * a sub-path, or a file share.
 */
const classicScripts = {
  name: 'classic-scripts',
  apply: 'build' as const,
  enforce: 'post' as const,
  transformIndexHtml: (html: string): string =>
    html
      .replace(/<script type="module" crossorigin/g, '<script defer')
      .replace(/<link rel="stylesheet" crossorigin/g, '<link rel="stylesheet"'),
};

// One config for the UI (vite) and the tests (vitest).
export default defineConfig({
  root: '.',
  base: './',
  plugins: [classicScripts],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    cssCodeSplit: false,
    rollupOptions: { output: { format: 'iife', inlineDynamicImports: true } },
  },
  worker: { format: 'iife' },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Tests import the package by name as a user would; here that means the
    // sources (the published exports point at lib/, tested from the packed
    // tarball in test/cli/package.test.ts).
    alias: [
      { find: /^swarmsim$/, replacement: fileURLToPath(new URL('./sim/index.ts', import.meta.url)) },
      { find: /^swarmsim\/testing$/, replacement: fileURLToPath(new URL('./sim/testing/index.ts', import.meta.url)) },
    ],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browser tests poll what is drawn; on two shared cores, an answer from the worker can take seconds.
    expect: { poll: { timeout: 10_000 } },
  },
});

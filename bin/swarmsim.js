#!/usr/bin/env node
// Launcher of the swarmsim CLI: the compiled JavaScript in lib/ (built by
// `npm run build:lib`, and by `npm pack` before the package is made). In a
// checkout, `npm run swarmsim -- ARGS` runs the TypeScript sources instead.
import { fileURLToPath } from 'node:url';

const main = new URL('../lib/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(fileURLToPath(main))) throw e;
  process.stderr.write('swarmsim: lib/ is not built: run "npm run build:lib" (or "npm run swarmsim -- ARGS" in a checkout)\n');
  process.exitCode = 70;
}

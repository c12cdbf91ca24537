#!/usr/bin/env node
// Launcher of the swarmsim CLI, which is TypeScript run through tsx (a
// runtime dependency). tsImport loads main.ts and its imports through tsx
// without registering a loader for the rest of the process, and with the
// package's own tsconfig (never the one of the directory the user is in).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
await tsImport('../sim/cli/main.ts', { parentURL: import.meta.url, tsconfig: existsSync(tsconfig) ? tsconfig : false });

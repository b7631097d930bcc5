#!/usr/bin/env node
// The `cellar` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/native/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error(`cellar: ${cli} is missing. Run "npm run build" first (or use "npm run cellar -- ...").`);
  process.exit(1);
}
await import(cli);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** The app's version: package.json is the one source of truth for app and engine. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** Bumped when the engine's API changes incompatibly. */
export const ENGINE_API_VERSION = '1';

// Tests that start the engine as a real child process need the bundles in
// dist/native; build them once before any test runs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.js', 'native'], { cwd: root, stdio: 'inherit' });
}

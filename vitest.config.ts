import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code they test (*.test.ts).
// Engine tests are real: SQLite files, node-llama-cpp on the tiny models.
// Renderer tests opt into a DOM with `// @vitest-environment happy-dom`.
export default defineConfig({
  test: {
    include: ['native/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}'],
    environment: 'node',
    globalSetup: ['./scripts/test-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: llama.cpp and the engine child processes need room.
    maxWorkers: 2,
    // theme.css is read as text by theme.test.ts (?raw); other CSS stays empty in tests.
    css: { include: [/styles\/theme\.css/] },
  },
});

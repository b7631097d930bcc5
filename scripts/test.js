#!/usr/bin/env node
// `npm test`: every check a change must pass, in order: lint, typecheck,
// build, unit + integration tests (vitest), end-to-end tests (Playwright in
// Chromium). Each step runs even when an earlier one failed, so one run shows
// everything; the last line is the plain total CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

const npx = (args) => ['npx', ['--no-install', ...args]];
const steps = [
  { name: 'lint', command: ['npm', ['run', '--silent', 'lint']] },
  { name: 'typecheck', command: ['npm', ['run', '--silent', 'typecheck']] },
  { name: 'build', command: ['node', ['scripts/build.js']] },
  {
    name: 'unit and integration tests',
    command: npx([
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/unit.json',
    ]),
    counts: () => {
      const r = JSON.parse(readFileSync('test-results/unit.json', 'utf8'));
      return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
    },
  },
  {
    name: 'end-to-end tests',
    command: npx(['playwright', 'test']),
    counts: () => {
      const { stats } = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
      return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
    },
  },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}`);
  const [cmd, args] = step.command;
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const counts = readCounts(step);
  if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  if (run.status !== 0) {
    failedSteps.push(step.name);
    // A failing check without per-test counts (lint, typecheck, build, a crashed runner) counts as one failure.
    if (!counts || counts.failed === 0) totals.failed += 1;
  } else if (!counts) {
    totals.passed += 1;
  }
}

/** A runner's per-test counts from its JSON report; null when it wrote none (it crashed, or the step has no tests). */
function readCounts(step) {
  try {
    return step.counts?.() ?? null;
  } catch {
    return null;
  }
}

console.log(failedSteps.length ? `\nFailed: ${failedSteps.join(', ')}` : '\nAll checks passed.');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);

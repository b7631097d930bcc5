#!/usr/bin/env node
// `npm start` runs `npm run build` and then this: open the desktop app in
// Electron. Where Electron cannot run (its binary was never downloaded, or
// Linux has no display), say why and run `cellar system` instead, so the
// command still shows something useful.
//
// better-sqlite3 is compiled for one Node ABI (Node 20 = 115, Electron 41 = 145).
// The engine under Electron needs its own build: this script makes one in
// build-electron/ the first time, and the app passes it to the engine
// (electron/paths.ts, CELLAR_SQLITE_BINDING). Not @electron/rebuild: run
// through npm here it silently built for Node's ABI (FACTS.md).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const SQLITE_BINDING = join(root, 'build-electron', 'better_sqlite3.node');

const binary = electronBinary();
if (!binary) {
  runCli(
    'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network during npm install). ' +
      'Run "npm install" with network access to fetch it.',
  );
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  runCli(
    'there is no display ($DISPLAY and $WAYLAND_DISPLAY are unset). Use a desktop session, or xvfb-run npm start.',
  );
} else {
  if (!existsSync(join(root, 'dist', 'electron', 'main.js'))) {
    console.error('cellar: dist/electron/main.js is missing; run "npm run build" first.');
    process.exit(1);
  }
  ensureSqliteForElectron();
  startElectron(binary);
}

/** The Electron executable's path (what require('electron') returns under Node), or null. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    // node_modules/electron throws when its binary download was skipped.
    return null;
  }
}

function runCli(reason) {
  console.error(`cellar: not opening the desktop app: ${reason}`);
  console.error('cellar: running the command-line tool instead: node bin/cellar.js system\n');
  const result = spawnSync(process.execPath, [join(root, 'bin', 'cellar.js'), 'system', ...args], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

function startElectron(executable) {
  const env = { ...process.env };
  // Set, it would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const flags = [];
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    // Chromium will not start as root with its sandbox on. Development only: do not run the app as root.
    console.warn("cellar: running as root, so Chromium's sandbox is off (--no-sandbox) for this session.");
    flags.push('--no-sandbox');
  }
  const child = spawn(executable, [...flags, root, ...args], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

/** Build better-sqlite3 for Electron's ABI into build-electron/ unless a good build is already there. */
function ensureSqliteForElectron() {
  const electron = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  const abiFile = join(root, 'node_modules', 'electron', 'abi_version');
  const wantedAbi = existsSync(abiFile) ? Number(readFileSync(abiFile, 'utf8').trim()) : null;

  if (existsSync(SQLITE_BINDING)) {
    const abi = moduleAbi(SQLITE_BINDING);
    if (abi !== null && abi !== Number(process.versions.modules) && (wantedAbi === null || abi === wantedAbi)) return;
    console.warn(`cellar: ${SQLITE_BINDING} is built for ABI ${abi}, not Electron's ${wantedAbi}; rebuilding it.`);
    rmSync(SQLITE_BINDING, { force: true });
  }

  console.log(`cellar: building better-sqlite3 for Electron ${electron.version} (once; about a minute)...`);
  const source = join(root, 'node_modules', 'better-sqlite3');
  const work = join(root, 'build-electron', 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  // A copy, so node_modules keeps its Node build for the CLI and the tests.
  cpSync(source, work, { recursive: true, filter: (path) => path !== join(source, 'build') });

  // npm hands scripts its config as npm_config_* variables; here that includes
  // nodedir=/usr, which makes node-gyp use Node's own headers. Drop them all.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const built = spawnSync(
    process.execPath,
    [
      gyp,
      'rebuild',
      '--release',
      `--target=${electron.version}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
      `--arch=${process.arch}`,
    ],
    { cwd: work, env, stdio: 'inherit' },
  );
  const output = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (built.status !== 0 || !existsSync(output)) {
    console.warn(
      "cellar: could not build better-sqlite3 for Electron (node-gyp needs network for Electron's headers). " +
        'The app will start, but its engine will report that it cannot open the database.',
    );
    return;
  }
  mkdirSync(join(root, 'build-electron'), { recursive: true });
  copyFileSync(output, SQLITE_BINDING);
  const abi = moduleAbi(SQLITE_BINDING);
  if (abi === Number(process.versions.modules) || (wantedAbi !== null && abi !== wantedAbi)) {
    rmSync(SQLITE_BINDING, { force: true });
    console.warn(
      `cellar: the build targets ABI ${abi}, not Electron's ${wantedAbi}; removed it. Check node-gyp's settings.`,
    );
    return;
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`cellar: built ${SQLITE_BINDING} (ABI ${abi})`);
}

/**
 * The ABI a native module was built for. Loading it under this Node either
 * works (it is Node's own ABI) or fails naming the module's NODE_MODULE_VERSION.
 */
function moduleAbi(file) {
  const probe = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)})`], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return Number(process.versions.modules);
  const match = /NODE_MODULE_VERSION (\d+)/.exec(probe.stderr);
  return match ? Number(match[1]) : null;
}

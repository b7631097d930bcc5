/**
 * The `cellar` command line: the same engine as the app, called in-process.
 * Every command takes --data-dir (default: the app's own library) and --json.
 * Errors go to stderr with a non-zero exit code.
 */
import { parseArgs } from 'node:util';
import { createDirectBridge } from '../api/direct.js';
import { ApiError, toWireError } from '../api/errors.js';
import { Engine } from '../engine/engine.js';
import { defaultDataDir } from '../storage/data-dir.js';
import { APP_VERSION } from '../version.js';
import { systemCommand } from './commands/system.js';
import type { CommandContext } from './command.js';

const COMMANDS = { system: systemCommand } as const;

const USAGE = `Usage: cellar <command> [options]

Commands:
  system            Show the hardware the engine will use (backend, GPU, RAM, cores)

Options:
  --data-dir DIR    Library folder (default: ${defaultDataDir()})
  --json            Print machine-readable JSON
  -h, --help        Show this help
  -v, --version     Show the version
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`cellar: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const [name, ...rest] = positionals;
  if (values.help || !name) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    process.stderr.write(`cellar: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }

  let engine: Engine;
  try {
    engine = Engine.open({ dataDir: values['data-dir'] ?? defaultDataDir() });
  } catch (error) {
    process.stderr.write(`cellar: ${toWireError(error).message}\n`);
    return 1;
  }
  const ctx: CommandContext = {
    api: createDirectBridge(engine.dispatch, engine.events.subscribe),
    args: rest,
    json: values.json,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  try {
    return await command(ctx);
  } catch (error) {
    const wire = error instanceof ApiError ? error.toWire() : toWireError(error);
    process.stderr.write(`cellar: ${wire.message}${wire.code === 'INTERNAL' ? '' : ` [${wire.code}]`}\n`);
    return 1;
  } finally {
    await engine.shutdown();
  }
}

const code = await main(process.argv.slice(2));
// llama.cpp may keep native handles alive; leave once stdout has drained.
process.stdout.write('', () => process.exit(code));

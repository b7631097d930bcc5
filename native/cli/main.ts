/**
 * The `cellar` command line: the same engine as the app, called in-process.
 * Every command takes --data-dir (default: the app's own library) and --json.
 * Results go to stdout; progress and errors go to stderr, with a non-zero
 * exit code on failure.
 */
import { parseArgs } from 'node:util';
import { createDirectBridge } from '../api/direct.js';
import { ApiError, toWireError } from '../api/errors.js';
import { EngineRuntime } from '../engine/runtime.js';
import { defaultDataDir } from '../storage/data-dir.js';
import { APP_VERSION } from '../version.js';
import { askCommand } from './commands/ask.js';
import { chatCommand } from './commands/chat.js';
import { ingestCommand } from './commands/ingest.js';
import { searchCommand } from './commands/search.js';
import { modelsCommand } from './commands/models.js';
import { systemCommand } from './commands/system.js';
import { UsageError, type CommandContext } from './command.js';
import { ModelDownloadNeeded } from './model-ref.js';

const COMMANDS = {
  system: systemCommand,
  models: modelsCommand,
  chat: chatCommand,
  ask: askCommand,
  ingest: ingestCommand,
  search: searchCommand,
} as const;

const USAGE = `Usage: cellar <command> [options]

Commands:
  system                     The hardware the engine will use (backend, GPU, RAM, cores)
  models list                The model library
  models import PATH         Validate, hash and add a GGUF (copied in; --reference uses it in place)
  models inspect PATH        Read a GGUF's metadata and estimate whether it fits, without adding it
  models download ID QUANT   Download a catalog model (what ask and chat suggest on an empty library)
  chat [--model PATH] [--collection NAME]
                             Chat in the terminal, streaming (saved in the library)
  ask "QUESTION" [--model PATH] [--collection NAME]
                             One answer; with --json: {answer, citations, model, stats}
  ingest PATH... [--collection NAME] [--embedding-model PATH]
                             Index files and folders (PDF, DOCX, Markdown, HTML, TXT, CSV) and wait
  search "QUERY" [--collection NAME] [--k 10] [--mode hybrid|keyword|vector]
  search --queries FILE.jsonl
                             Search the documents; one {"id","results"} line per query line

Options:
  --data-dir DIR    Library folder (default: ${defaultDataDir()})
  --model PATH      A GGUF to use (added to the library by reference if new); default: the library's default model
  --collection NAME Collection to ingest into (created if new; default "My documents") or to answer from
  --embedding-model PATH  A GGUF embedding model for a new collection (fixed for its life)
  --label NAME      Label for an imported model
  --reference       Import: use the file where it is instead of copying it
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
        model: { type: 'string' },
        label: { type: 'string' },
        reference: { type: 'boolean', default: false },
        collection: { type: 'string' },
        'embedding-model': { type: 'string' },
        k: { type: 'string' },
        mode: { type: 'string' },
        queries: { type: 'string' },
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

  let engine: EngineRuntime;
  try {
    engine = new EngineRuntime(values['data-dir'] ?? defaultDataDir());
  } catch (error) {
    process.stderr.write(`cellar: ${toWireError(error).message}\n`);
    return 1;
  }
  const ctx: CommandContext = {
    api: createDirectBridge(engine.dispatch, engine.events.subscribe),
    args: rest,
    options: {
      json: values.json,
      model: values.model,
      label: values.label,
      reference: values.reference,
      collection: values.collection,
      embeddingModel: values['embedding-model'],
      k: values.k,
      mode: values.mode,
      queries: values.queries,
      dataDir: values['data-dir'],
    },
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text),
  };
  try {
    return await command(ctx);
  } catch (error) {
    if (error instanceof ModelDownloadNeeded) {
      // Nothing was downloaded: say what to run. With --json, stdout gets the same as JSON.
      process.stderr.write(`cellar: ${error.message}\n`);
      if (values.json) {
        ctx.out(JSON.stringify({ error: { code: 'NO_MODEL', message: error.message, command: error.command } }));
      }
      return 1;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`cellar: usage: ${error.message}\n`);
      return 2;
    }
    const wire = error instanceof ApiError ? error.toWire() : toWireError(error);
    process.stderr.write(`cellar: ${wire.message}${wire.code === 'INTERNAL' ? '' : ` [${wire.code}]`}\n`);
    return 1;
  } finally {
    await engine.shutdown();
  }
}

// `cellar ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2));
// llama.cpp may keep native handles alive; leave once stdout has drained.
process.stdout.write('', () => process.exit(code));

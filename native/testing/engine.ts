import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDirectBridge } from '../api/direct.js';
import type { CellarBridge, EngineEvents, EventName } from '../api/contract.js';
import type { Engine } from '../engine/engine.js';
import { EngineRuntime } from '../engine/runtime.js';
import { modelPath, tempDataDir } from './fixtures.js';

export interface TestEngine {
  /** The engine now open (a new one after library.wipe). */
  readonly engine: Engine;
  runtime: EngineRuntime;
  api: CellarBridge;
  dataDir: string;
  /** Every event the engine emitted, in order. */
  events: Array<{ name: EventName; payload: unknown }>;
  eventsNamed<E extends EventName>(name: E): Array<EngineEvents[E]>;
  /** Close and open the engine again on the same data folder (what a restart does). */
  reopen(): Promise<TestEngine>;
  dispose(): Promise<void>;
}

/** A real engine on a temporary library, called in-process through the same dispatcher as the RPC. */
export function openTestEngine(dataDir?: string): TestEngine {
  const temp = dataDir ? null : tempDataDir();
  const dir = dataDir ?? temp!.dir;
  const runtime = new EngineRuntime(dir);
  const events: TestEngine['events'] = [];
  runtime.events.subscribe((name, payload) => events.push({ name, payload }));
  const api = createDirectBridge(runtime.dispatch, runtime.events.subscribe);
  const self: TestEngine = {
    get engine() {
      return runtime.engine;
    },
    runtime,
    api,
    dataDir: dir,
    events,
    eventsNamed: <E extends EventName>(name: E) =>
      events.filter((e) => e.name === name).map((e) => e.payload as EngineEvents[E]),
    async reopen() {
      await runtime.shutdown();
      const next = openTestEngine(dir);
      const dispose = next.dispose;
      next.dispose = async () => {
        await dispose();
        temp?.cleanup();
      };
      return next;
    },
    async dispose() {
      await runtime.shutdown();
      temp?.cleanup();
    },
  };
  return self;
}

/** Copies of the tiny models in a folder of the test's own, so imports by reference never touch ../shared. */
export function stageModel(dir: string, name: string): string {
  const target = join(dir, name);
  copyFileSync(modelPath(name), target);
  return target;
}

/** A GGUF whose header is fine but whose vocabulary repeats a token: llama.cpp aborts the process loading it. */
export function writeCrashingModel(dir: string): string {
  const buffer = readFileSync(modelPath('stories260K.gguf'));
  const at = buffer.indexOf(Buffer.from('<0x0B>'));
  if (at < 0) throw new Error('stories260K.gguf changed: cannot build the crashing fixture');
  buffer.write('<0x0A>', at, 'latin1');
  const path = join(dir, 'duplicate-vocab.gguf');
  writeFileSync(path, buffer);
  return path;
}

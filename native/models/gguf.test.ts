import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLlama, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../api/errors.js';
import { modelPath, tempDataDir } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';
import { buildParseWorker } from '../documents/parse/test-support.js';
import { inspectGguf } from './gguf.js';
import { checkGgufHeader } from './gguf-header.js';

/** Hostile GGUF headers, written byte by byte (the security review's files, and their cousins). */
class GgufWriter {
  private parts: Buffer[] = [Buffer.from('GGUF')];
  constructor(version = 3) {
    this.u32(version);
  }
  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.parts.push(b);
    return this;
  }
  u64(n: number | bigint) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.parts.push(b);
    return this;
  }
  str(s: string) {
    this.u64(Buffer.byteLength(s));
    this.parts.push(Buffer.from(s));
    return this;
  }
  bytes(n: number) {
    this.parts.push(Buffer.alloc(n));
    return this;
  }
  /** A string key/value. */
  kv(key: string, value: string) {
    return this.str(key).u32(8).str(value);
  }
  build() {
    return Buffer.concat(this.parts);
  }
}

let t: TestEngine;
let files: { dir: string; cleanup: () => void };

beforeAll(() => {
  t = openTestEngine();
  files = tempDataDir('cellar-gguf-');
});
afterAll(async () => {
  await t.dispose();
  files.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a failure');
}

function write(name: string, bytes: Buffer): string {
  const path = join(files.dir, name);
  writeFileSync(path, bytes);
  return path;
}

const hostile: Array<[string, () => Buffer, RegExp]> = [
  [
    // The review's 162-byte file: a V8 fatal error (out of memory) in the engine.
    'an array of 2^40 elements',
    () =>
      new GgufWriter()
        .u64(0)
        .u64(2)
        .kv('general.architecture', 'llama')
        .str('tokenizer.ggml.scores')
        .u32(9)
        .u32(6)
        .u64(2n ** 40n)
        .bytes(64)
        .build(),
    /1099511627776 array elements, more than its \d+ bytes could hold/,
  ],
  [
    // The review's 133-byte file: minutes of work and 1.3 GB.
    '2^63 metadata entries',
    () =>
      new GgufWriter()
        .u64(0)
        .u64(2n ** 63n)
        .kv('general.architecture', 'llama')
        .bytes(60)
        .build(),
    /9223372036854775808 metadata entries, more than its \d+ bytes could hold/,
  ],
  [
    '2^40 tensors',
    () =>
      new GgufWriter()
        .u64(2n ** 40n)
        .u64(1)
        .kv('general.architecture', 'llama')
        .bytes(64)
        .build(),
    /1099511627776 tensors, more than its \d+ bytes could hold/,
  ],
  [
    'a string of 2^62 bytes',
    () =>
      new GgufWriter()
        .u64(0)
        .u64(1)
        .str('general.architecture')
        .u32(8)
        .u64(2n ** 62n)
        .bytes(64)
        .build(),
    /4611686018427387904 bytes in a string value, more than its \d+ bytes could hold/,
  ],
  [
    'arrays nested 1,000 deep',
    () => {
      const w = new GgufWriter().u64(0).u64(1).str('general.nested').u32(9);
      for (let i = 0; i < 1000; i++) w.u32(9).u64(1);
      return w.u32(0).u64(0).build();
    },
    /nests arrays more than 4 deep/,
  ],
  [
    'a value of an unknown type',
    () => new GgufWriter().u64(0).u64(1).str('general.name').u32(77).bytes(64).build(),
    /unknown type 77/,
  ],
];

describe('GGUF headers: hostile counts are refused before they are believed', () => {
  for (const [what, build, reason] of hostile) {
    it(`refuses ${what} quickly, with a specific error, and keeps answering`, async () => {
      const path = write(`${what.replace(/\W+/g, '-')}.gguf`, build());
      const started = Date.now();
      const error = await failure(t.api.call('models.inspect', { path }));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error.code).toBe('INVALID_MODEL');
      expect(error.message).toMatch(/^This file is not a valid GGUF model: /);
      expect(error.message).toMatch(reason);
      expect((await t.api.call('system.ping', { echo: 'alive' })).echo).toBe('alive');
      // Import runs the same check, and nothing is recorded.
      const imported = await failure(t.api.call('models.import', { path, mode: 'copy' }));
      expect(imported.code).toBe('INVALID_MODEL');
      expect(await t.api.call('models.list')).toEqual([]);
    });
  }

  it('reads 300,000 tensor descriptions without spreading their offsets into one call', async () => {
    // Math.min(...offsets) overflowed the stack on a header this size; the file then is truncated (no tensor data).
    const w = new GgufWriter().u64(300_000).u64(1).kv('general.architecture', 'llama');
    for (let i = 0; i < 300_000; i++)
      w.str(`t${i}`)
        .u32(1)
        .u64(1)
        .u32(0)
        .u64(i * 32);
    const path = write('many-tensors.gguf', w.build());
    const error = await failure(t.api.call('models.inspect', { path }));
    expect(error.message).not.toMatch(/call stack/);
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/truncated/);
  });

  it('passes every real test model, agreeing with node-llama-cpp on the counts', async () => {
    for (const name of [
      'stories260K.gguf',
      'stories260K-chatml.gguf',
      'tiny-random-bert.gguf',
      'llama-2-tiny-random.gguf',
    ]) {
      const facts = await checkGgufHeader(modelPath(name));
      const info = await readGgufFileInfo(modelPath(name), { sourceType: 'filesystem', logWarnings: false });
      expect(facts.tensorCount).toBe(Number(info.tensorCount));
      expect(facts.version).toBe(info.version);
    }
    const { gguf } = await t.api.call('models.inspect', { path: modelPath('stories260K.gguf') });
    expect(gguf.architecture).toBe('llama');
  });
});

describe('GGUF headers are read in a thread with a heap and time limit', () => {
  let worker: Awaited<ReturnType<typeof buildParseWorker>>;
  let llama: Llama;
  beforeAll(async () => {
    worker = await buildParseWorker();
    llama = await getLlama({ gpu: false });
  });
  afterAll(() => worker?.cleanup());

  it('reads a real model in the thread exactly as in-process', async () => {
    for (const name of ['stories260K-chatml.gguf', 'tiny-random-bert.gguf']) {
      const threaded = await inspectGguf(modelPath(name), llama, { worker: worker.url });
      const inline = await inspectGguf(modelPath(name), llama, { worker: false });
      expect(threaded.summary).toEqual(inline.summary);
    }
  });

  it('refuses a hostile count from the thread, and survives a reader that runs out of memory or time', async () => {
    const path = write('thread-2-40.gguf', hostile[0]![1]());
    await expect(inspectGguf(path, llama, { worker: worker.url })).rejects.toMatchObject({
      code: 'INVALID_MODEL',
      message: expect.stringMatching(/^This file is not a valid GGUF model: it declares 1099511627776 array elements/),
    });
    // Whatever else a header does is the thread's problem: here a heap too small to read anything...
    await expect(
      inspectGguf(modelPath('llama-2-tiny-random.gguf'), llama, { worker: worker.url, heapMb: 4 }),
    ).rejects.toMatchObject({
      code: 'INVALID_MODEL',
      message: expect.stringMatching(/needed more than 4 MiB of memory/),
    });
    // ...and a time limit too short to finish.
    await expect(
      inspectGguf(modelPath('llama-2-tiny-random.gguf'), llama, { worker: worker.url, timeoutMs: 1 }),
    ).rejects.toMatchObject({ code: 'INVALID_MODEL', message: expect.stringMatching(/took longer than 0 s/) });
    // The engine's process is unharmed and reads the same file normally.
    const ok = await inspectGguf(modelPath('llama-2-tiny-random.gguf'), llama, { worker: worker.url });
    expect(ok.summary.architecture).toBe('llama');
  });
});

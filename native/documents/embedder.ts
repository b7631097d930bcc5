import { availableParallelism } from 'node:os';
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { ApiError } from '../api/errors.js';
import type { ModelRecord } from '../api/models.js';
import { defaultThreadCount } from '../system/threads.js';
import { embeddingPrefixes, type EmbedRole } from './prefixes.js';

interface Resident {
  modelId: string;
  model: LlamaModel;
  /** One context per worker: a pool of one-thread contexts, or one context with the model's threads. */
  contexts: LlamaEmbeddingContext[];
  contextSize: number;
}

/**
 * The largest embedding context: inputs are chunks of at most 256 tokens plus a
 * heading, and questions. A model's own 8,192 (BGE-M3) would only make each
 * context's buffers bigger, and the pool smaller.
 */
export const EMBEDDING_CONTEXT_CAP = 1024;

/** Memory the pool's extra contexts may take together (estimated by node-llama-cpp, CPU RAM and VRAM). */
export const EMBEDDING_POOL_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * How many one-thread contexts to run side by side. node-llama-cpp 3.21.1 has no batch
 * API for embeddings and one context evaluates one input at a time, so parallelism comes
 * from contexts: on 2 cores a pool of two one-thread contexts embedded real chunks 1.71x
 * faster than the app's one context (all-MiniLM-L6-v2; bench/README.md). One context with
 * two threads gained less (1.46x). One-thread contexts do not spin on each other's
 * barriers, so they share cores with the chat model without the collapse that
 * oversubscribed multi-thread contexts show. Bounded by the cores and by the memory budget:
 * each context holds its own compute buffers.
 */
export function embeddingPoolSize(options: {
  cores: number;
  mathCores: number;
  perContextBytes: number;
  budgetBytes?: number;
  /** Threads the user set for this model: then one context with them, as set. */
  threads?: number | null;
}): number {
  if (options.threads) return 1;
  const byCores = Math.max(1, Math.min(options.cores, options.mathCores));
  const budget = options.budgetBytes ?? EMBEDDING_POOL_BUDGET_BYTES;
  // The first context is needed anyway; the budget bounds the others.
  const byMemory = 1 + Math.floor(budget / Math.max(1, options.perContextBytes));
  return Math.max(1, Math.min(byCores, byMemory));
}

/**
 * The one embedding model kept in memory beside the chat model. Requests for
 * another collection's model swap it (unload first). Calls are serialised; within
 * a call, texts are shared out over a pool of contexts (`embeddingPoolSize`).
 */
export class EmbeddingHost {
  #resident: Resident | null = null;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly llama: () => Promise<Llama>) {}

  /** Token count with the model's own tokenizer (chunks are measured with it). */
  async tokenCounter(record: ModelRecord): Promise<{ count: (text: string) => number; contextSize: number }> {
    const resident = await this.#locked(() => this.#ensure(record));
    return { count: (text) => resident.model.tokenize(text).length, contextSize: resident.contextSize };
  }

  /**
   * Embed texts in order, as questions or as passages (models trained with a prefix
   * for each get it: see prefixes.ts); vectors are L2-normalised so cosine is a dot product.
   */
  embed(
    record: ModelRecord,
    texts: string[],
    role: EmbedRole,
    onProgress?: (done: number) => void,
    signal?: AbortSignal,
  ): Promise<Float32Array[]> {
    const prefix = embeddingPrefixes(record)[role];
    return this.#locked(async () => {
      const resident = await this.#ensure(record);
      const vectors = new Array<Float32Array>(texts.length);
      let next = 0;
      let done = 0;
      // Each context takes the next text when it is free; the vectors keep the texts' order.
      const worker = async (context: LlamaEmbeddingContext) => {
        while (next < texts.length) {
          if (signal?.aborted) throw new ApiError('BUSY', 'Indexing was cancelled.');
          const i = next++;
          const embedding = await context.getEmbeddingFor(this.#input(resident, prefix + texts[i]!));
          vectors[i] = normalize(embedding.vector);
          onProgress?.(++done);
        }
      };
      const workers = resident.contexts.slice(0, Math.max(1, texts.length)).map(worker);
      // Wait for every worker, even when one fails, so none still runs when the lock is released.
      const results = await Promise.allSettled(workers);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return vectors;
    });
  }

  /** Contexts the resident model embeds with (1 when not loaded yet). */
  get poolSize(): number {
    return this.#resident?.contexts.length ?? 1;
  }

  #input(resident: Resident, text: string) {
    const tokens = resident.model.tokenize(text);
    // Never exceed the context: a chunk was measured to fit, a query may not (2 left for <s> and </s>).
    const input = tokens.length > resident.contextSize - 2 ? tokens.slice(0, resident.contextSize - 2) : tokens;
    // node-llama-cpp adds </s> but not <s> for SentencePiece-unigram (XLM-R) encoders such as
    // multilingual-e5, which were trained with both: without it cosine to the reference fell
    // from 0.9999 to 0.9907 (scripts/models/README.md).
    const bos = resident.model.tokens.bos;
    if (resident.model.vocabularyType === 'ugm' && bos !== null && input[0] !== bos) input.unshift(bos);
    return input;
  }

  async unload(): Promise<void> {
    await this.#locked(async () => {
      const resident = this.#resident;
      this.#resident = null;
      if (!resident) return;
      await disposeResident(resident);
    });
  }

  async #ensure(record: ModelRecord): Promise<Resident> {
    if (this.#resident?.modelId === record.id) return this.#resident;
    if (record.status !== 'ready') {
      throw new ApiError(
        'MODEL_LOAD_FAILED',
        `The embedding model ${record.label} is ${record.status}: ${record.failure ?? ''}`.trim(),
      );
    }
    if (this.#resident) {
      const old = this.#resident;
      this.#resident = null;
      await disposeResident(old);
    }
    const llama = await this.llama();
    const model = await llama.loadModel({ modelPath: record.path, gpuLayers: record.settings.gpuLayers ?? 'auto' });
    const contexts: LlamaEmbeddingContext[] = [];
    try {
      const contextSize = Math.min(record.gguf.contextLength ?? 512, EMBEDDING_CONTEXT_CAP);
      const size = embeddingPoolSize({
        cores: availableParallelism(),
        mathCores: llama.cpuMathCores,
        perContextBytes: await contextBytes(model, contextSize),
        threads: record.settings.threads,
      });
      const threads = record.settings.threads ?? (size > 1 ? 1 : defaultThreadCount(llama.cpuMathCores));
      contexts.push(await model.createEmbeddingContext({ contextSize, threads }));
      // The extra contexts are a speed-up, not a need: stop at the first that cannot be had.
      while (contexts.length < size) {
        try {
          contexts.push(await model.createEmbeddingContext({ contextSize, threads }));
        } catch {
          break;
        }
      }
      this.#resident = { modelId: record.id, model, contexts, contextSize };
      return this.#resident;
    } catch (error) {
      for (const context of contexts) await context.dispose();
      await model.dispose();
      throw new ApiError(
        'MODEL_LOAD_FAILED',
        `Could not load the embedding model ${record.label}: ${(error as Error).message}`,
      );
    }
  }

  #locked<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => {});
    return run;
  }
}

async function disposeResident(resident: Resident): Promise<void> {
  for (const context of resident.contexts) await context.dispose();
  await resident.model.dispose();
}

/** node-llama-cpp's estimate of one embedding context's memory (RAM and VRAM together). */
async function contextBytes(model: LlamaModel, contextSize: number): Promise<number> {
  try {
    const estimate = await model.fileInsights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: model.gpuLayers,
      batchSize: contextSize,
      sequences: 1,
      isEmbeddingContext: true,
    });
    return estimate.cpuRam + estimate.gpuVram;
  } catch {
    return Number.POSITIVE_INFINITY; // unknown: no extra contexts
  }
}

function normalize(vector: readonly number[]): Float32Array {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

export function toBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function fromBlob(blob: Buffer): Float32Array {
  // Copy: the Buffer may share a pool and be unaligned for a Float32Array view.
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

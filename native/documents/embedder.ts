import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { ApiError } from '../api/errors.js';
import type { ModelRecord } from '../api/models.js';
import { defaultThreadCount } from '../system/threads.js';
import { embeddingPrefixes, type EmbedRole } from './prefixes.js';

interface Resident {
  modelId: string;
  model: LlamaModel;
  context: LlamaEmbeddingContext;
  contextSize: number;
}

/**
 * The one embedding model kept in memory beside the chat model. Requests for
 * another collection's model swap it (unload first). Calls are serialised:
 * one embedding context, one evaluation at a time.
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
      const vectors: Float32Array[] = [];
      for (const text of texts) {
        if (signal?.aborted) throw new ApiError('BUSY', 'Indexing was cancelled.');
        const tokens = resident.model.tokenize(prefix + text);
        // Never exceed the context: a chunk was measured to fit, a query may not (2 left for <s> and </s>).
        const input = tokens.length > resident.contextSize - 2 ? tokens.slice(0, resident.contextSize - 2) : tokens;
        // node-llama-cpp adds </s> but not <s> for SentencePiece-unigram (XLM-R) encoders such as
        // multilingual-e5, which were trained with both: without it cosine to the reference fell
        // from 0.9999 to 0.9907 (scripts/models/README.md).
        const bos = resident.model.tokens.bos;
        if (resident.model.vocabularyType === 'ugm' && bos !== null && input[0] !== bos) input.unshift(bos);
        const embedding = await resident.context.getEmbeddingFor(input);
        vectors.push(normalize(embedding.vector));
        onProgress?.(vectors.length);
      }
      return vectors;
    });
  }

  async unload(): Promise<void> {
    await this.#locked(async () => {
      const resident = this.#resident;
      this.#resident = null;
      if (!resident) return;
      await resident.context.dispose();
      await resident.model.dispose();
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
      await old.context.dispose();
      await old.model.dispose();
    }
    const llama = await this.llama();
    const model = await llama.loadModel({ modelPath: record.path, gpuLayers: record.settings.gpuLayers ?? 'auto' });
    try {
      const contextSize = Math.min(record.gguf.contextLength ?? 512, 8192);
      const context = await model.createEmbeddingContext({
        contextSize,
        threads: record.settings.threads ?? defaultThreadCount(llama.cpuMathCores),
      });
      this.#resident = { modelId: record.id, model, context, contextSize };
      return this.#resident;
    } catch (error) {
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

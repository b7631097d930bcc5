import { LlamaChatSession, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { ApiError } from '../api/errors.js';
import type { LoadedModel, ModelRecord, ModelState } from '../api/models.js';
import { defaultThreadCount } from '../system/threads.js';
import { defaultContextSize } from './fit.js';
import type { ModelLibrary } from './library.js';

export interface Resident {
  record: ModelRecord;
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
  info: LoadedModel;
}

/**
 * Keeps at most one chat model in memory. Loads and unloads run one at a
 * time under a lock; loading a model unloads the previous one first, so two
 * models never fight over memory. A load is marked in the database while it
 * runs: if llama.cpp aborts the process, the next engine start knows which
 * model did it.
 */
export class ModelHost {
  #state: ModelState = { state: 'idle' };
  #resident: Resident | null = null;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly library: ModelLibrary,
    private readonly llama: () => Promise<Llama>,
    private readonly onState: (state: ModelState) => void,
  ) {}

  get state(): ModelState {
    return this.#state;
  }

  get resident(): Resident | null {
    return this.#resident;
  }

  load(id: string, options: { force?: boolean } = {}): Promise<ModelState> {
    return this.#locked(async () => {
      const record = this.library.get(id);
      if (this.#resident?.record.id === id && this.#state.state === 'ready') return this.#state;
      if (record.status === 'missing')
        throw new ApiError('NOT_FOUND', record.failure ?? `The file of ${record.label} is missing.`);
      if (record.status === 'failed' && !options.force) {
        throw new ApiError('MODEL_LOAD_FAILED', `${record.label} failed before: ${record.failure ?? 'unknown reason'}`);
      }
      if (record.gguf.embeddingOnly) {
        throw new ApiError(
          'INVALID_MODEL',
          `${record.label} is an embedding model: it reads documents but cannot chat.`,
        );
      }
      await this.#unload();
      this.#set({ state: 'loading', modelId: id, progress: 0 });
      this.library.markLoading(id);
      const started = Date.now();
      let model: LlamaModel | null = null;
      try {
        const llama = await this.llama();
        model = await llama.loadModel({
          modelPath: record.path,
          gpuLayers: record.settings.gpuLayers ?? 'auto',
          onLoadProgress: (progress) => this.#set({ state: 'loading', modelId: id, progress }),
        });
        const threads = record.settings.threads ?? defaultThreadCount(llama.cpuMathCores);
        const context = await model.createContext({
          contextSize: { max: record.settings.contextSize ?? defaultContextSize(record.gguf) },
          threads,
          sequences: 1,
        });
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        // Warm up: evaluate a tiny prompt so the first answer does not pay for it.
        await session.preloadPrompt('Hello');
        session.resetChatHistory();
        const info: LoadedModel = {
          modelId: id,
          label: record.label,
          backend: llama.gpu === false ? 'cpu' : llama.gpu,
          contextSize: context.contextSize,
          gpuLayers: model.gpuLayers,
          threads,
          chatWrapper: session.chatWrapper.wrapperName,
          loadMs: Date.now() - started,
          note: gpuNote(llama, model),
        };
        this.#resident = { record, model, context, session, info };
        this.library.markLoadFinished(id);
        return this.#set({ state: 'ready', model: info });
      } catch (error) {
        await model?.dispose().catch(() => {});
        const message = `Could not load ${record.label}: ${(error as Error).message}`;
        this.library.markFailed(id, message);
        this.#set({ state: 'failed', modelId: id, message });
        throw new ApiError('MODEL_LOAD_FAILED', message);
      }
    });
  }

  unload(): Promise<ModelState> {
    return this.#locked(async () => {
      await this.#unload();
      return this.#set({ state: 'idle' });
    });
  }

  async #unload(): Promise<void> {
    const resident = this.#resident;
    this.#resident = null;
    if (!resident) return;
    resident.session.dispose();
    await resident.context.dispose();
    await resident.model.dispose();
  }

  #set(state: ModelState): ModelState {
    this.#state = state;
    this.onState(state);
    return state;
  }

  #locked<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => {});
    return run;
  }
}

function gpuNote(llama: Llama, model: LlamaModel): string | null {
  if (llama.gpu === false) return null;
  if (model.gpuLayers === 0)
    return `A ${llama.gpu} GPU is present but there is not enough free VRAM, so the model runs on the CPU.`;
  return null;
}

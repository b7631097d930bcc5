import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';

let instance: Promise<Llama> | undefined;

/**
 * The engine's single llama.cpp binding. `gpu: 'auto'` picks Metal, CUDA or
 * Vulkan when a device is usable and falls back to the CPU otherwise.
 * llama.cpp's own log goes through a logger that never sees prompts.
 */
export function sharedLlama(): Promise<Llama> {
  instance ??= getLlama({ gpu: 'auto', logLevel: LlamaLogLevel.error, build: 'never' }).catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

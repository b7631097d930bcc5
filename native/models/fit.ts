import type { GgufInsights, Llama } from 'node-llama-cpp';
import type { FitEstimate, GgufSummary, ModelSettings } from '../api/models.js';

/** Context size when the user has not chosen one: enough for long chats, capped for laptops. */
export const DEFAULT_CONTEXT_CAP = 8192;

export function defaultContextSize(summary: Pick<GgufSummary, 'contextLength'>): number {
  return Math.min(summary.contextLength ?? 4096, DEFAULT_CONTEXT_CAP);
}

const GIB = 1024 ** 3;
const gib = (bytes: number): string => `${(bytes / GIB).toFixed(bytes < GIB ? 2 : 1)} GiB`;

/**
 * Estimate where the model would run at the given settings, before loading
 * it, with node-llama-cpp's own resolver (the same one that picks the GPU
 * layers when it loads).
 */
export async function estimateFit(
  insights: GgufInsights,
  summary: GgufSummary,
  settings: Pick<ModelSettings, 'contextSize' | 'gpuLayers'>,
  llama: Llama,
): Promise<FitEstimate> {
  const contextSize = Math.min(settings.contextSize ?? defaultContextSize(summary), summary.contextLength ?? Infinity);
  const resolved = await insights.configurationResolver.resolveAndScoreConfig({
    targetContextSize: contextSize,
    targetGpuLayers: settings.gpuLayers ?? undefined,
    embeddingContext: summary.embeddingOnly,
  });
  const values = resolved.resolvedValues;
  const totalLayers = insights.totalLayers;
  const base = {
    contextSize: values.contextSize,
    gpuLayers: values.gpuLayers,
    totalLayers,
    ramBytes: values.totalRamUsage,
    vramBytes: values.totalVramUsage,
  };
  if (resolved.compatibilityScore === 0) {
    return {
      ...base,
      verdict: 'no-fit',
      summary: `Does not fit: needs about ${gib(values.totalRamUsage + values.totalVramUsage)} at a ${contextSize}-token context. Try a smaller context or a smaller quantization.`,
    };
  }
  if (llama.gpu === false || values.gpuLayers === 0) {
    return {
      ...base,
      verdict: 'cpu',
      summary: `Runs on the CPU, using about ${gib(values.totalRamUsage)} of RAM.`,
    };
  }
  if (values.gpuLayers >= totalLayers) {
    return { ...base, verdict: 'gpu', summary: `Fits on the GPU: about ${gib(values.totalVramUsage)} of VRAM.` };
  }
  return {
    ...base,
    verdict: 'partial',
    summary: `Partly offloaded: ${values.gpuLayers} of ${totalLayers} layers on the GPU (${gib(values.totalVramUsage)} VRAM), the rest in RAM (${gib(values.totalRamUsage)}).`,
  };
}

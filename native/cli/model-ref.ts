import { resolve } from 'node:path';
import type { CellarBridge, ModelRecord } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { formatBytes } from './format.js';

/**
 * The model a command should use: --model PATH (registered by reference if it
 * is not in the library yet), else the library's default model, else the
 * catalog's recommended model, downloaded with a progress bar unless offline.
 */
export async function resolveModel(
  api: CellarBridge,
  modelPath: string | undefined,
  err: (text: string) => void,
): Promise<ModelRecord> {
  if (modelPath) {
    const path = resolve(modelPath);
    const known = (await api.call('models.list')).find((m) => m.path === path);
    return known ?? api.call('models.import', { path, mode: 'reference' });
  }
  const models = (await api.call('models.list')).filter((m) => !m.gguf.embeddingOnly && m.status === 'ready');
  const chosen = models.find((m) => m.isDefault) ?? models[0];
  if (chosen) return chosen;
  return downloadRecommended(api, err);
}

async function downloadRecommended(api: CellarBridge, err: (text: string) => void): Promise<ModelRecord> {
  if ((await api.call('settings.get')).offline) {
    throw new ApiError(
      'OFFLINE',
      'Your library has no chat model and offline mode is on. Import one with: cellar models import PATH',
    );
  }
  const entry = (await api.call('catalog.list')).find((e) => e.recommended && e.kind === 'chat');
  const file = entry?.files.find((f) => f.quantization === 'Q4_K_M') ?? entry?.files[0];
  if (!entry || !file) throw new ApiError('NOT_FOUND', 'The catalog has no recommended chat model.');
  err(
    `Your library has no chat model yet. Downloading ${entry.name} ${file.quantization} (${formatBytes(file.sizeBytes)})…`,
  );
  const finished = new Promise<string>((resolveDone, reject) => {
    const off = api.on('downloads.progress', (d) => {
      if (d.catalogId !== entry.id) return;
      if (d.state === 'downloading' && d.totalBytes > 0)
        err(`\r${progressBar(d.doneBytes / d.totalBytes)} ${formatBytes(d.doneBytes)} of ${formatBytes(d.totalBytes)}`);
      if (d.state === 'verifying') err('\nVerifying the checksum…');
      if (d.state === 'done' && d.modelId) {
        off();
        resolveDone(d.modelId);
      }
      if (d.state === 'failed') {
        off();
        reject(new ApiError('DOWNLOAD_FAILED', d.error ?? 'The download failed.'));
      }
    });
  });
  await api.call('downloads.start', { catalogId: entry.id, quantization: file.quantization });
  const modelId = await finished;
  return (await api.call('models.list')).find((m) => m.id === modelId)!;
}

function progressBar(fraction: number, width = 30): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
}

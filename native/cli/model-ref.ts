import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { CellarBridge, ModelRecord } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { formatBytes } from './format.js';

/**
 * No chat model, and none was downloaded: either the user said no at the
 * prompt, or nobody could be asked (no terminal, or --json). `command` is what
 * to run to download the recommended model.
 */
export class ModelDownloadNeeded extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}

export interface ResolveModelOptions {
  /** --json: never prompt (stdout is for JSON); fail with the command to run instead. */
  json: boolean;
  /** The --data-dir given, repeated in the command printed. */
  dataDir?: string;
  /**
   * Ask a yes/no question; default: on a terminal (stdin and stderr both TTYs), a y/N
   * prompt on stderr; elsewhere null, meaning nobody can be asked.
   */
  ask?: ((question: string) => Promise<boolean>) | null;
}

/**
 * The model a command should use: --model PATH (registered by reference if it
 * is not in the library yet), else the library's default model, else the
 * catalog's recommended model, downloaded only if the user says yes at a
 * terminal prompt (never without asking: elsewhere it throws
 * ModelDownloadNeeded with the command to run).
 */
export async function resolveModel(
  api: CellarBridge,
  modelPath: string | undefined,
  err: (text: string) => void,
  options: ResolveModelOptions = { json: false },
): Promise<ModelRecord> {
  if (modelPath) {
    const path = resolve(modelPath);
    const known = (await api.call('models.list')).find((m) => m.path === path);
    return known ?? api.call('models.import', { path, mode: 'reference' });
  }
  const models = (await api.call('models.list')).filter((m) => !m.gguf.embeddingOnly && m.status === 'ready');
  const chosen = models.find((m) => m.isDefault) ?? models[0];
  if (chosen) return chosen;
  return offerRecommended(api, err, options);
}

/** Quote an argument for a POSIX shell when it needs it. */
function shellArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

async function offerRecommended(
  api: CellarBridge,
  err: (text: string) => void,
  options: ResolveModelOptions,
): Promise<ModelRecord> {
  if ((await api.call('settings.get')).offline) {
    throw new ApiError(
      'OFFLINE',
      'Your library has no chat model and offline mode is on. Import one with: cellar models import PATH',
    );
  }
  const entry = (await api.call('catalog.list')).find((e) => e.recommended && e.kind === 'chat');
  const file = entry?.files.find((f) => f.quantization === 'Q4_K_M') ?? entry?.files[0];
  if (!entry || !file) throw new ApiError('NOT_FOUND', 'The catalog has no recommended chat model.');
  const command = [
    'cellar models download',
    shellArg(entry.id),
    shellArg(file.quantization),
    ...(options.dataDir ? ['--data-dir', shellArg(options.dataDir)] : []),
  ].join(' ');
  const what = `${entry.name} ${file.quantization} (${formatBytes(file.sizeBytes)})`;
  const ask = options.json ? null : options.ask === undefined ? terminalQuestion() : options.ask;
  if (!ask) {
    throw new ModelDownloadNeeded(
      `Your library has no chat model, and Cellar downloads nothing without asking. To download ${what}, run:\n  ${command}\nor add a GGUF you have with: cellar models import PATH`,
      command,
    );
  }
  if (!(await ask(`Your library has no chat model yet. Download ${what} now? [y/N] `))) {
    throw new ModelDownloadNeeded(
      `Nothing was downloaded. To download ${what} later, run:\n  ${command}\nor add a GGUF you have with: cellar models import PATH`,
      command,
    );
  }
  return downloadModel(api, entry.id, file.quantization, err);
}

/** A y/N question on the terminal, or null where stdin or stderr is not one. */
function terminalQuestion(): ((question: string) => Promise<boolean>) | null {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return null;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^\s*y(es)?\s*$/i.test(await rl.question(question));
    } finally {
      rl.close();
    }
  };
}

/** Download a catalog model (what the user asked for), with a progress bar on stderr. */
export async function downloadModel(
  api: CellarBridge,
  catalogId: string,
  quantization: string,
  err: (text: string) => void,
): Promise<ModelRecord> {
  const entry = (await api.call('catalog.list')).find((e) => e.id === catalogId);
  const file = entry?.files.find((f) => f.quantization === quantization);
  if (!entry || !file) {
    throw new ApiError('NOT_FOUND', `The catalog has no model ${catalogId} ${quantization}.`);
  }
  if ((await api.call('settings.get')).offline) {
    throw new ApiError('OFFLINE', 'Offline mode is on: Cellar downloads nothing. Turn it off in Settings first.');
  }
  err(`Downloading ${entry.name} ${file.quantization} (${formatBytes(file.sizeBytes)})…\n`);
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

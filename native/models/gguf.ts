import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { GgmlType, type GgufFileInfo, GgufFileType, GgufInsights, type Llama } from 'node-llama-cpp';
import type { GgufSummary } from '../api/models.js';
import { ApiError } from '../api/errors.js';
import { bundleBeside } from '../bundle-beside.js';
import type { GgufHeaderReply, GgufHeaderRequest } from '../documents/parse/protocol.js';
import { GgufHeaderError, readGgufHeader } from './gguf-header.js';

const MAGIC = Buffer.from('GGUF');

export interface HeaderReadOptions {
  /**
   * The thread bundle that reads the header: default parse-worker.js beside this module
   * (dist/native/ in the built app); false, or none built (tests on the sources), reads it here.
   */
  worker?: URL | false;
  /** V8 heap limit of that thread, MiB (default 512: a 262k-token vocabulary needs well under 100). */
  heapMb?: number;
  /** Time limit, ms (default 30 s: real headers take well under a second). */
  timeoutMs?: number;
}

const notValid = (path: string, why: string) =>
  new ApiError('INVALID_MODEL', `This file is not a valid GGUF model: ${why} (${path}).`);
const damaged = (path: string, why: string) =>
  new ApiError('INVALID_MODEL', `${path} is damaged: its GGUF header cannot be read (${why}).`);

/** Read the GGUF header at `path` in a limited thread (or here, where no thread bundle is built). */
async function readHeaderContained(path: string, options: HeaderReadOptions): Promise<GgufFileInfo> {
  const url = options.worker === undefined ? bundleBeside(import.meta.url, 'parse-worker.js') : options.worker;
  if (!url) {
    try {
      return await readGgufHeader(path);
    } catch (error) {
      if (error instanceof GgufHeaderError) throw notValid(path, error.message);
      throw damaged(path, (error as Error).message);
    }
  }
  const heapMb = options.heapMb ?? 512;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const worker = new Worker(url, {
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, heapMb / 4) },
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  try {
    return await new Promise<GgufFileInfo>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(notValid(path, `reading its header took longer than ${Math.round(timeoutMs / 1000)} s`)),
        timeoutMs,
      );
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      worker.on('message', (reply: GgufHeaderReply) => {
        if (reply.type === 'gguf') settle(() => resolve(reply.info));
        else if (reply.type === 'gguf-error')
          settle(() => reject(reply.invalid ? notValid(path, reply.message) : damaged(path, reply.message)));
      });
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? notValid(path, `reading its header needed more than ${heapMb} MiB of memory`)
              : damaged(path, error.message),
          ),
        ),
      );
      worker.on('exit', (code) => settle(() => reject(damaged(path, `the reader stopped (exit code ${code})`))));
      worker.postMessage({ gguf: path } satisfies GgufHeaderRequest);
    });
  } finally {
    void worker.terminate().catch(() => undefined);
  }
}

export interface InspectedModel {
  summary: GgufSummary;
  insights: GgufInsights;
}

/**
 * Validate a GGUF file and read its header, without loading it: the file
 * exists, starts with the GGUF magic, its header parses, and it is long
 * enough to hold every tensor it declares (a truncated download is caught
 * here, not by llama.cpp aborting the process).
 */
export async function inspectGguf(
  path: string,
  llama: Llama,
  options: HeaderReadOptions = {},
): Promise<InspectedModel> {
  const size = await fileSize(path);
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (!head.equals(MAGIC)) {
    throw new ApiError('INVALID_MODEL', `${path} is not a GGUF model file (it does not start with "GGUF").`);
  }
  // The header is read in a thread of its own with a heap and time limit, after every count in it
  // was checked against the file's size (a hostile count crashed or stalled the engine).
  const info = await readHeaderContained(path, options);
  let insights: GgufInsights;
  try {
    insights = await GgufInsights.from(info, llama);
  } catch (error) {
    throw new ApiError(
      'INVALID_MODEL',
      `${path} is damaged: its GGUF header cannot be read (${(error as Error).message}).`,
    );
  }
  // A loop, not Math.min(...offsets): spreading a huge array into one call overflows the stack.
  let dataStart = Infinity;
  for (const tensor of info.tensorInfo ?? []) dataStart = Math.min(dataStart, Number(tensor.fileOffset));
  if (dataStart === Infinity) dataStart = size;
  const expected = dataStart + insights.modelSize;
  if (size < expected) {
    throw new ApiError(
      'INVALID_MODEL',
      `${path} is truncated: it holds ${size} bytes but its tensors need ${expected}. Download or copy it again.`,
    );
  }
  const metadata = info.metadata as unknown as {
    general?: { name?: string; file_type?: number; architecture?: string };
    tokenizer?: { chat_template?: string };
  };
  const fileType = metadata.general?.file_type;
  const quantization =
    (fileType !== undefined ? GgufFileType[fileType] : undefined)?.replace(/^(MOSTLY|ALL)_/, '') ??
    (insights.dominantTensorType !== undefined ? GgmlType[insights.dominantTensorType] : undefined) ??
    'unknown';
  return {
    insights,
    summary: {
      architecture: metadata.general?.architecture ?? 'unknown',
      name: metadata.general?.name ?? null,
      parameterCount: insights.totalParameters,
      quantization,
      contextLength: insights.trainContextSize ?? null,
      hasChatTemplate: typeof metadata.tokenizer?.chat_template === 'string',
      embeddingSize: insights.embeddingVectorSize ?? null,
      layers: insights.totalLayers,
      embeddingOnly: insights.hasEncoder && !insights.hasDecoder ? true : metadata.general?.architecture === 'bert',
      fileSizeBytes: size,
    },
  };
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ApiError('INVALID_MODEL', `${path} is a folder, not a model file.`);
    if (info.size < 32) throw new ApiError('INVALID_MODEL', `${path} is too small to be a model (${info.size} bytes).`);
    return info.size;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('NOT_FOUND', `No file at ${path}.`);
    if (code === 'EACCES' || code === 'EPERM') throw new ApiError('INVALID_MODEL', `Cellar may not read ${path}.`);
    throw new ApiError('INVALID_MODEL', `Cannot read ${path}: ${(error as Error).message}`);
  }
}

import { open, stat } from 'node:fs/promises';
import { GgmlType, GgufFileType, GgufInsights, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import type { GgufSummary } from '../api/models.js';
import { ApiError } from '../api/errors.js';
import { checkGgufHeader, GgufHeaderError } from './gguf-header.js';

const MAGIC = Buffer.from('GGUF');

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
export async function inspectGguf(path: string, llama: Llama): Promise<InspectedModel> {
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
  // Every count in the header is checked against the file's size before node-llama-cpp
  // believes it (a hostile count crashed or stalled the engine).
  try {
    await checkGgufHeader(path);
  } catch (error) {
    if (error instanceof GgufHeaderError) {
      throw new ApiError('INVALID_MODEL', `This file is not a valid GGUF model: ${error.message} (${path}).`);
    }
    throw new ApiError('INVALID_MODEL', `Cannot read ${path}: ${(error as Error).message}`);
  }
  let insights: GgufInsights;
  let info;
  try {
    // sourceType 'filesystem': never let a path that looks like a URL reach the network.
    info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
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

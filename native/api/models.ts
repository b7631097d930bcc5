/** Model library types, shared by engine and UI (types only). */

/** Where a model would run at its chosen settings, estimated before loading. */
export type FitVerdict = 'gpu' | 'partial' | 'cpu' | 'no-fit';

export interface FitEstimate {
  verdict: FitVerdict;
  /** One sentence for the UI, e.g. "Fits in RAM (1.2 GiB of 23.5 GiB), runs on the CPU". */
  summary: string;
  contextSize: number;
  gpuLayers: number;
  totalLayers: number;
  ramBytes: number;
  vramBytes: number;
}

/** What the GGUF header says about a model. */
export interface GgufSummary {
  architecture: string;
  /** general.name when the file sets it. */
  name: string | null;
  parameterCount: number;
  /** The dominant tensor type or file type, e.g. "Q4_K_M", "F32". */
  quantization: string;
  /** Context length the model was trained for. */
  contextLength: number | null;
  hasChatTemplate: boolean;
  embeddingSize: number | null;
  layers: number;
  /** An encoder-only model (BERT and kin): embeddings, no chat. */
  embeddingOnly: boolean;
  fileSizeBytes: number;
}

/** Per-model settings; null means "chosen automatically". */
export interface ModelSettings {
  contextSize: number | null;
  gpuLayers: number | null;
  threads: number | null;
}

export type ModelStatus = 'ready' | 'failed' | 'missing';

export interface ModelRecord {
  id: string;
  label: string;
  fileName: string;
  path: string;
  /** Copied into the data folder, or used where it lies. */
  storage: 'copied' | 'referenced';
  sha256: string;
  sizeBytes: number;
  /** "import", or "catalog:<entry id>" for downloads. */
  source: string;
  addedAt: string;
  gguf: GgufSummary;
  settings: ModelSettings;
  status: ModelStatus;
  /** Why the model failed (crashed the engine while loading, say). */
  failure: string | null;
  isDefault: boolean;
}

export interface LoadedModel {
  modelId: string;
  label: string;
  backend: string;
  contextSize: number;
  gpuLayers: number;
  threads: number;
  chatWrapper: string;
  loadMs: number;
  /** Why a GPU exists but is not used, if so. */
  note: string | null;
}

export type ModelState =
  | { state: 'idle' }
  | { state: 'loading'; modelId: string; progress: number }
  | { state: 'ready'; model: LoadedModel }
  | { state: 'failed'; modelId: string; message: string };

export interface ImportProgress {
  path: string;
  phase: 'validating' | 'hashing' | 'copying';
  doneBytes: number;
  totalBytes: number;
}

export interface CatalogFile {
  quantization: string;
  url: string;
  fileName: string;
  sizeBytes: number;
  /** Only where the publisher states it; else verified against the server's X-Linked-Etag. */
  sha256: string | null;
}

export interface CatalogEntry {
  id: string;
  name: string;
  publisher: string;
  kind: 'chat' | 'embedding';
  parameters: string;
  license: string;
  description: string;
  recommended: boolean;
  /**
   * Embedding models: the cosine similarity above which a passage counts as
   * relevant on meaning alone (no shared keyword). Only models with a known
   * calibration have one; for others, relevance needs a keyword match.
   */
  relevanceThreshold?: number;
  files: CatalogFile[];
}

export interface CatalogItem extends CatalogEntry {
  /** Fit of each file on this machine, in the order of files. */
  fits: FitEstimate[];
}

export type DownloadState = 'downloading' | 'paused' | 'verifying' | 'done' | 'failed';

export interface DownloadRecord {
  id: string;
  catalogId: string;
  quantization: string;
  url: string;
  fileName: string;
  state: DownloadState;
  doneBytes: number;
  totalBytes: number;
  error: string | null;
  /** Set once the verified file is registered in the library. */
  modelId: string | null;
}

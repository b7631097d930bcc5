import type {
  CatalogItem,
  Citation,
  Collection,
  DocumentRecord,
  FitEstimate,
  Message,
  ModelRecord,
  Thread,
  ThreadView,
} from '../api';

/** Plain data for UI tests, shaped like the engine's answers. */

export function fitEstimate(overrides: Partial<FitEstimate> = {}): FitEstimate {
  return {
    verdict: 'cpu',
    summary: 'Runs on the CPU, using about 1.4 GiB of RAM.',
    contextSize: 4096,
    gpuLayers: 0,
    totalLayers: 28,
    ramBytes: 1.4 * 1024 ** 3,
    vramBytes: 0,
    ...overrides,
  };
}

export function modelRecord(overrides: Partial<ModelRecord> = {}): ModelRecord {
  return {
    id: 'model-1',
    label: 'stories260K-chatml',
    fileName: 'stories260K-chatml.gguf',
    path: '/home/ana/.config/Cellar/models/stories260K-chatml.gguf',
    storage: 'copied',
    sha256: 'e91d5487a7ef51ef0c0b1b9e8a11f5a3c0d2d8b7c6a5f4e3d2c1b0a9f8e7d6c5',
    sizeBytes: 1_184_000,
    source: 'import',
    addedAt: '2025-03-12T09:30:00.000Z',
    gguf: {
      architecture: 'llama',
      name: 'stories260K',
      parameterCount: 292_352,
      quantization: 'F32',
      contextLength: 512,
      hasChatTemplate: true,
      embeddingSize: 64,
      layers: 5,
      embeddingOnly: false,
      fileSizeBytes: 1_184_000,
    },
    settings: { contextSize: null, gpuLayers: null, threads: null },
    status: 'ready',
    failure: null,
    isDefault: true,
    ...overrides,
  };
}

export function catalogItem(overrides: Partial<CatalogItem> = {}): CatalogItem {
  return {
    id: 'qwen2.5-1.5b-instruct',
    name: 'Qwen2.5 1.5B Instruct',
    publisher: 'Qwen (Alibaba Cloud)',
    kind: 'chat',
    parameters: '1.5B',
    license: 'apache-2.0',
    description: 'A small, capable all-round assistant.',
    recommended: true,
    files: [
      {
        quantization: 'Q8_0',
        url: 'https://example.invalid/q8.gguf',
        fileName: 'q8.gguf',
        sizeBytes: 1_890_000_000,
        sha256: null,
      },
      {
        quantization: 'Q4_K_M',
        url: 'https://example.invalid/q4.gguf',
        fileName: 'q4.gguf',
        sizeBytes: 1_120_000_000,
        sha256: null,
      },
    ],
    fits: [fitEstimate({ summary: 'Needs 2.1 GiB of RAM.' }), fitEstimate()],
    ...overrides,
  };
}

export function thread(overrides: Partial<Thread> = {}): Thread {
  return {
    id: 'thread-1',
    title: 'Tell me a story',
    modelId: 'model-1',
    updatedAt: '2025-03-12T10:00:00.000Z',
    messageCount: 0,
    systemPrompt: '',
    sampling: { temperature: 0.7, topP: 0.9, maxTokens: 1024 },
    createdAt: '2025-03-12T10:00:00.000Z',
    leafId: null,
    collectionIds: [],
    ...overrides,
  };
}

let seq = 0;

export function message(overrides: Partial<Message> = {}): Message {
  seq += 1;
  return {
    id: `message-${seq}`,
    threadId: 'thread-1',
    parentId: null,
    role: 'user',
    content: '',
    status: 'complete',
    modelId: null,
    modelLabel: null,
    stats: null,
    error: null,
    citations: [],
    notice: null,
    createdAt: '2025-03-12T10:00:00.000Z',
    branchIndex: 1,
    branchCount: 1,
    siblingIds: [],
    ...overrides,
  };
}

export function threadView(messages: Message[] = [], overrides: Partial<Thread> = {}): ThreadView {
  return {
    thread: thread({ messageCount: messages.length, leafId: messages.at(-1)?.id ?? null, ...overrides }),
    messages,
  };
}

export function collection(overrides: Partial<Collection> = {}): Collection {
  return {
    id: 'col-1',
    name: 'Contracts',
    embeddingModelId: 'embed-1',
    embeddingModelLabel: 'bge-small-en-v1.5',
    documentCount: 0,
    chunkCount: 0,
    createdAt: '2025-03-12T09:00:00.000Z',
    ...overrides,
  };
}

export function documentRecord(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: 'doc-1',
    collectionId: 'col-1',
    path: '/home/ana/Contracts/lease.pdf',
    name: 'lease.pdf',
    kind: 'pdf',
    sizeBytes: 120_000,
    sha256: 'a1b2c3',
    status: 'queued',
    errorCode: null,
    error: null,
    pages: 0,
    chunks: 0,
    ocrPages: 0,
    warnings: [],
    progress: null,
    addedAt: '2025-03-12T09:00:00.000Z',
    updatedAt: '2025-03-12T09:00:00.000Z',
    ...overrides,
  };
}

export function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    chunkId: 11,
    documentId: 'doc-1',
    document: '/home/ana/Contracts/lease.pdf',
    name: 'lease.pdf',
    pageStart: 3,
    pageEnd: 3,
    text: 'The tenant pays the rent on the first day of each month.',
    ...overrides,
  };
}

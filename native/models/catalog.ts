/**
 * The curated model catalog: resources/models.json, checked at load time.
 *
 * Every file is pinned: its URL is an exact Hugging Face
 * `https://huggingface.co/<owner>/<repo>/resolve/<commit>/<file>` address at a
 * full 40-hex commit (never `main` or another branch, whose bytes can change),
 * and `sha256` is required: the file's SHA-256 at that commit (the `oid` of the
 * repository's Git LFS pointer). A download is checked against it. A model whose
 * hash cannot be confirmed from the publisher's repository is left out of the
 * catalog rather than shipped unpinned. `sizeBytes` is the exact size of the
 * file at that commit (the LFS pointer's `size`).
 *
 * To add a model: one entry per model, one file per quantization, the file
 * name equal to the URL's last segment. Exactly one chat model and one
 * embedding model are `recommended` (the defaults the UI offers first).
 * `relevanceThreshold` is set only on embedding models the team has
 * calibrated; a new embedding model is added without one.
 */
import { readFileSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import type { Llama } from 'node-llama-cpp';
import { z } from 'zod';
import type { CatalogEntry, CatalogFile, CatalogItem, FitEstimate } from '../api/models.js';
import { resourcePath } from '../package-root.js';

/**
 * The only downloads Cellar makes: a file in a Hugging Face model repository,
 * pinned to a full commit hash so the bytes behind the URL cannot change.
 */
export const HF_PINNED_URL = /^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+\/resolve\/[0-9a-f]{40}\/[^/?#\s]+\.gguf$/;

const fileSchema = z
  .object({
    quantization: z.string().min(1).max(32),
    url: z
      .string()
      .regex(
        HF_PINNED_URL,
        'must be a https://huggingface.co/<owner>/<repo>/resolve/<40-hex commit>/<file>.gguf URL (pinned to a commit, not a branch)',
      ),
    fileName: z.string().regex(/^[\w.-]+\.gguf$/i, 'must be a plain .gguf file name'),
    sizeBytes: z.number().int().positive(),
    sha256: z
      .string({ error: 'is required: the SHA-256 of the file at the pinned commit' })
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters'),
  })
  .strict()
  .refine((file) => file.url.endsWith(`/${file.fileName}`), {
    message: 'fileName must be the last segment of url',
    path: ['fileName'],
  });

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lowercase letters, digits, dots and dashes'),
    name: z.string().min(1),
    publisher: z.string().min(1),
    kind: z.enum(['chat', 'embedding']),
    parameters: z.string().min(1),
    license: z.string().min(1),
    description: z.string().min(1),
    recommended: z.boolean(),
    relevanceThreshold: z.number().gt(0).lt(1).optional(),
    files: z.array(fileSchema).min(1),
  })
  .strict()
  .refine((entry) => new Set(entry.files.map((f) => f.quantization)).size === entry.files.length, {
    message: 'each quantization may appear only once',
    path: ['files'],
  });

export const CATALOG_FILE = 'models.json';

/**
 * Read and validate the catalog. A bad file is a packaging bug, so this
 * throws with the entry and field that are wrong rather than skipping it.
 */
export function loadCatalog(path: string = resourcePath(CATALOG_FILE)): CatalogEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`The model catalog ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return parseCatalog(raw, path);
}

/** Validate catalog data (already parsed from JSON). `source` names it in errors. */
export function parseCatalog(raw: unknown, source = 'the model catalog'): CatalogEntry[] {
  if (!Array.isArray(raw)) throw new Error(`${source} must be a JSON array of models.`);
  const entries: CatalogEntry[] = [];
  raw.forEach((item: unknown, index) => {
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      throw new Error(
        `${source}: entry ${index} (${describeEntry(item)}) is invalid: ${where}${issue?.message ?? 'unknown problem'}`,
      );
    }
    entries.push(parsed.data);
  });
  checkWholeCatalog(entries, source);
  return entries;
}

function describeEntry(item: unknown): string {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `"${id}"` : 'no id';
}

/** Rules that span entries: unique ids and URLs, one recommended model of each kind. */
function checkWholeCatalog(entries: CatalogEntry[], source: string): void {
  const ids = new Set<string>();
  const urls = new Set<string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new Error(`${source}: the id "${entry.id}" appears twice.`);
    ids.add(entry.id);
    for (const file of entry.files) {
      if (urls.has(file.url)) throw new Error(`${source}: entry "${entry.id}" repeats the URL ${file.url}.`);
      urls.add(file.url);
    }
  }
  for (const kind of ['chat', 'embedding'] as const) {
    const recommended = entries.filter((e) => e.kind === kind && e.recommended);
    if (entries.some((e) => e.kind === kind) && recommended.length !== 1) {
      throw new Error(
        `${source}: exactly one ${kind} model must be recommended, found ${recommended.length} (${recommended.map((e) => e.id).join(', ') || 'none'}).`,
      );
    }
  }
}

/** The catalog file for a model, or undefined. */
export function findCatalogFile(
  catalog: readonly CatalogEntry[],
  catalogId: string,
  quantization: string,
): { entry: CatalogEntry; file: CatalogFile } | undefined {
  const entry = catalog.find((e) => e.id === catalogId);
  const file = entry?.files.find((f) => f.quantization === quantization);
  return entry && file ? { entry, file } : undefined;
}

// ---------------------------------------------------------------------------
// Fit before download. The file is not on disk, so node-llama-cpp's resolver
// (fit.ts) cannot read its layers; this is a size-based estimate instead.

/** The context size the estimate assumes: what most chats start with. */
/**
 * The catalog entry a library model is, or is another quantisation of: the entry it
 * was downloaded from, one whose file it is, or one whose id its file name spells
 * ("all-MiniLM-L6-v2-F16.gguf" is all-minilm-l6-v2; "bge-m3-q4_k_m.gguf" is bge-m3).
 * Calibrations such as the relevance threshold belong to the model, not to one file.
 */
export function catalogEntryFor(
  catalog: readonly CatalogEntry[],
  model: { source: string; fileName: string },
): CatalogEntry | undefined {
  const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = squash(model.fileName);
  return (
    catalog.find((e) => model.source === `catalog:${e.id}` || e.files.some((f) => f.fileName === model.fileName)) ??
    catalog.find((e) => name.startsWith(squash(e.id)))
  );
}

export const CATALOG_FIT_CONTEXT = 4096;

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const gib = (bytes: number): string => `${(bytes / GIB).toFixed(bytes < GIB ? 2 : 1)} GiB`;

/** What the machine offers, measured once per catalog listing. */
export interface MachineMemory {
  /** False when llama.cpp runs on the CPU only. */
  gpu: boolean;
  vramFreeBytes: number;
  ramTotalBytes: number;
  ramFreeBytes: number;
}

export async function measureMachine(llama: Llama): Promise<MachineMemory> {
  const gpu = llama.gpu !== false;
  const vram = gpu ? await llama.getVramState() : { free: 0 };
  return { gpu, vramFreeBytes: vram.free, ramTotalBytes: totalmem(), ramFreeBytes: freemem() };
}

/**
 * Memory a model needs at a 4096-token context: the weights plus ~15% for
 * compute buffers, plus the KV cache. The cache grows with model width and
 * depth, which track file size; 128 MiB + 8% of the file matches real 0.5B-7B
 * models within a factor of two. Embedding models use short contexts.
 */
export function estimatedNeedBytes(sizeBytes: number, kind: CatalogEntry['kind']): number {
  const contextOverhead = kind === 'embedding' ? 32 * MIB : 128 * MIB + sizeBytes * 0.08;
  return Math.round(sizeBytes * 1.15 + contextOverhead);
}

/** Where a catalog file would run on this machine, in one sentence for the UI. */
export function estimateCatalogFit(sizeBytes: number, kind: CatalogEntry['kind'], machine: MachineMemory): FitEstimate {
  const need = estimatedNeedBytes(sizeBytes, kind);
  // Layer counts are unknown until the file is on disk; 0 says "not known".
  const base = { contextSize: CATALOG_FIT_CONTEXT, gpuLayers: 0, totalLayers: 0 };
  // The OS and other apps always keep some memory: never plan on more than 90% of it.
  const ramBudget = machine.ramTotalBytes * 0.9;

  if (machine.gpu && need <= machine.vramFreeBytes) {
    return {
      ...base,
      verdict: 'gpu',
      ramBytes: 0,
      vramBytes: need,
      summary: `Fits on the GPU: about ${gib(need)} of VRAM.`,
    };
  }
  // Offloading only pays when a real share of the model fits on the GPU.
  if (machine.gpu && machine.vramFreeBytes >= need * 0.25 && need - machine.vramFreeBytes <= ramBudget) {
    const vramBytes = machine.vramFreeBytes;
    const ramBytes = need - vramBytes;
    return {
      ...base,
      verdict: 'partial',
      ramBytes,
      vramBytes,
      summary: `Partly on the GPU: about ${gib(vramBytes)} in VRAM and ${gib(ramBytes)} in RAM.`,
    };
  }
  if (need <= ramBudget) {
    const tight = need > machine.ramFreeBytes ? ` (only ${gib(machine.ramFreeBytes)} is free right now)` : '';
    return {
      ...base,
      verdict: 'cpu',
      ramBytes: need,
      vramBytes: 0,
      summary: `Runs on the CPU, using about ${gib(need)} of RAM${tight}.`,
    };
  }
  return {
    ...base,
    verdict: 'no-fit',
    ramBytes: need,
    vramBytes: 0,
    summary: `Does not fit: needs about ${gib(need)} at a ${CATALOG_FIT_CONTEXT}-token context, more than this machine's ${gib(machine.ramTotalBytes)} of RAM. Choose a smaller model or quantization.`,
  };
}

/** The catalog with a fit estimate for every file, for `catalog.list`. */
export async function catalogItems(llama: Llama, catalog: readonly CatalogEntry[]): Promise<CatalogItem[]> {
  const machine = await measureMachine(llama);
  return catalog.map((entry) => ({
    ...entry,
    fits: entry.files.map((file) => estimateCatalogFit(file.sizeBytes, entry.kind, machine)),
  }));
}

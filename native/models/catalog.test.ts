import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../api/models.js';
import { sharedLlama } from '../system/llama.js';
import {
  catalogEntryFor,
  catalogItems,
  estimateCatalogFit,
  estimatedNeedBytes,
  HF_PINNED_URL,
  loadCatalog,
  parseCatalog,
  type MachineMemory,
} from './catalog.js';

const GIB = 1024 ** 3;

describe('resources/models.json', () => {
  const catalog = loadCatalog();

  it('parses and lists chat and embedding models', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(10);
    expect(catalog.some((e) => e.kind === 'chat')).toBe(true);
    expect(catalog.some((e) => e.kind === 'embedding')).toBe(true);
  });

  it('pins every file to a Hugging Face commit, with the file name as the last segment', () => {
    for (const entry of catalog) {
      for (const file of entry.files) {
        expect(file.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/[0-9a-f]{40}\/[^/?#]+\.gguf$/);
        expect(file.url).toMatch(HF_PINNED_URL);
        expect(file.url.endsWith(`/${file.fileName}`)).toBe(true);
      }
    }
  });

  it('has unique ids and unique quantizations per model', () => {
    expect(new Set(catalog.map((e) => e.id)).size).toBe(catalog.length);
    for (const entry of catalog) expect(new Set(entry.files.map((f) => f.quantization)).size).toBe(entry.files.length);
  });

  it('recommends exactly one chat model and one multilingual embedding model', () => {
    expect(catalog.filter((e) => e.kind === 'chat' && e.recommended).map((e) => e.id)).toEqual([
      'qwen3-4b-instruct-2507',
    ]);
    expect(catalog.filter((e) => e.kind === 'embedding' && e.recommended).map((e) => e.id)).toEqual(['bge-m3']);
  });

  it('gives every file its SHA-256 as 64 lowercase hex characters and an exact size', () => {
    for (const file of catalog.flatMap((e) => e.files)) {
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isInteger(file.sizeBytes) && file.sizeBytes > 0).toBe(true);
    }
  });

  it('keeps the calibrated thresholds and leaves uncalibrated embedding models without one', () => {
    const threshold = (id: string) => catalog.find((e) => e.id === id)?.relevanceThreshold;
    expect(threshold('bge-small-en-v1.5')).toBe(0.8);
    expect(threshold('nomic-embed-text-v1.5')).toBe(0.7);
    // Calibrated on the evaluation (bench/README.md, "Real models").
    expect(threshold('all-minilm-l6-v2')).toBe(0.69);
    for (const id of ['bge-m3', 'qwen3-embedding-0.6b', 'embeddinggemma-300m']) {
      expect(threshold(id)).toBeUndefined();
    }
    for (const entry of catalog.filter((e) => e.kind === 'chat')) expect(entry.relevanceThreshold).toBeUndefined();
  });

  it('a calibration belongs to the model: other quantisations and conversions of it find its entry', () => {
    const entry = (fileName: string, source = 'import') => catalogEntryFor(catalog, { source, fileName })?.id;
    expect(entry('all-MiniLM-L6-v2-Q8_0.gguf')).toBe('all-minilm-l6-v2');
    expect(entry('all-minilm-l6-v2-f16.gguf')).toBe('all-minilm-l6-v2');
    expect(entry('whatever.gguf', 'catalog:bge-m3')).toBe('bge-m3');
    expect(entry('bge-m3-q4_k_m.gguf')).toBe('bge-m3');
    expect(entry('my-own-model.gguf')).toBeUndefined();
  });

  it('includes the models the app promises', () => {
    const ids = catalog.map((e) => e.id);
    for (const id of [
      'qwen2.5-0.5b-instruct',
      'qwen2.5-1.5b-instruct',
      'qwen2.5-7b-instruct',
      'qwen3-1.7b',
      'qwen3-4b-instruct-2507',
      'qwen3-8b',
      'gemma-3-1b-it',
      'gemma-3-4b-it',
      'llama-3.2-1b-instruct',
      'llama-3.2-3b-instruct',
      'llama-3.1-8b-instruct',
      'phi-4-mini-instruct',
      'bge-m3',
      'qwen3-embedding-0.6b',
      'all-minilm-l6-v2',
      'bge-small-en-v1.5',
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe('catalog validation', () => {
  const COMMIT = '0123456789abcdef0123456789abcdef01234567';
  const good: CatalogEntry = {
    id: 'tiny',
    name: 'Tiny',
    publisher: 'Test',
    kind: 'chat',
    parameters: '1M',
    license: 'mit',
    description: 'A test model.',
    recommended: true,
    files: [
      {
        quantization: 'Q8_0',
        url: `https://huggingface.co/a/b/resolve/${COMMIT}/tiny.gguf`,
        fileName: 'tiny.gguf',
        sizeBytes: 10,
        sha256: 'a'.repeat(64),
      },
    ],
  };

  it('names the bad entry and field', () => {
    const bad = { ...good, id: 'broken', files: [{ ...good.files[0], url: 'https://example.com/tiny.gguf' }] };
    expect(() => parseCatalog([good, bad], 'test.json')).toThrow(
      /test\.json: entry 1 \("broken"\) is invalid: files\.0\.url/,
    );
  });

  it('rejects a file name that is not the end of the URL, a bad hash, and duplicate ids', () => {
    expect(() => parseCatalog([{ ...good, files: [{ ...good.files[0], fileName: 'other.gguf' }] }])).toThrow(
      /fileName/,
    );
    expect(() => parseCatalog([{ ...good, files: [{ ...good.files[0], sha256: 'ABC' }] }])).toThrow(/sha256/);
    expect(() =>
      parseCatalog([
        good,
        {
          ...good,
          recommended: false,
          files: [{ ...good.files[0], url: `https://huggingface.co/a/b/resolve/${COMMIT}/x.gguf`, fileName: 'x.gguf' }],
        },
      ]),
    ).toThrow(/appears twice/);
  });

  it('accepts a file pinned to a commit with its hash', () => {
    expect(parseCatalog([good])).toHaveLength(1);
  });

  it('rejects a URL that is not pinned to a full commit', () => {
    for (const revision of ['main', 'v1.0', '0123456', COMMIT.toUpperCase(), `${COMMIT}0`]) {
      const file = { ...good.files[0], url: `https://huggingface.co/a/b/resolve/${revision}/tiny.gguf` };
      expect(() => parseCatalog([{ ...good, files: [file] }], 'test.json')).toThrow(
        /entry 0 \("tiny"\) is invalid: files\.0\.url: must be a https:\/\/huggingface\.co\/<owner>\/<repo>\/resolve\/<40-hex commit>/,
      );
    }
    const blob = { ...good.files[0], url: `https://huggingface.co/a/b/blob/${COMMIT}/tiny.gguf` };
    expect(() => parseCatalog([{ ...good, files: [blob] }])).toThrow(/files\.0\.url/);
  });

  it('rejects a file without its SHA-256', () => {
    const { sha256: _omitted, ...withoutHash } = good.files[0]!;
    expect(() => parseCatalog([{ ...good, files: [withoutHash] }], 'test.json')).toThrow(
      /entry 0 \("tiny"\) is invalid: files\.0\.sha256: is required/,
    );
    expect(() => parseCatalog([{ ...good, files: [{ ...good.files[0], sha256: null }] }])).toThrow(
      /files\.0\.sha256: is required/,
    );
    expect(() => parseCatalog([{ ...good, files: [{ ...good.files[0], sha256: 'a'.repeat(63) }] }])).toThrow(
      /files\.0\.sha256: must be 64 lowercase hex/,
    );
  });

  it('requires exactly one recommended model per kind', () => {
    expect(() => parseCatalog([{ ...good, recommended: false }])).toThrow(
      /exactly one chat model must be recommended, found 0/,
    );
  });

  it('explains unreadable JSON with the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellar-catalog-'));
    try {
      writeFileSync(join(dir, 'models.json'), '{ not json');
      expect(() => loadCatalog(join(dir, 'models.json'))).toThrow(/models\.json cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fit before download', () => {
  const laptop: MachineMemory = { gpu: false, vramFreeBytes: 0, ramTotalBytes: 16 * GIB, ramFreeBytes: 8 * GIB };

  it('runs a small model on the CPU of a machine without a GPU', () => {
    const fit = estimateCatalogFit(1.12e9, 'chat', laptop);
    expect(fit.verdict).toBe('cpu');
    expect(fit.ramBytes).toBe(estimatedNeedBytes(1.12e9, 'chat'));
    expect(fit.summary).toMatch(/^Runs on the CPU, using about 1\.\d GiB of RAM\.$/);
  });

  it('says when free memory is short even though the model fits', () => {
    const fit = estimateCatalogFit(4.68e9, 'chat', { ...laptop, ramFreeBytes: 2 * GIB });
    expect(fit.verdict).toBe('cpu');
    expect(fit.summary).toContain('only 2.0 GiB is free right now');
  });

  it('refuses a model larger than the RAM', () => {
    const fit = estimateCatalogFit(9.99e9, 'chat', { ...laptop, ramTotalBytes: 8 * GIB });
    expect(fit.verdict).toBe('no-fit');
    expect(fit.summary).toMatch(/Does not fit: needs about 1\d\.\d GiB at a 4096-token context/);
  });

  it('puts a model on the GPU when VRAM is free, and splits it when only part fits', () => {
    expect(estimateCatalogFit(4.68e9, 'chat', { ...laptop, gpu: true, vramFreeBytes: 8 * GIB }).verdict).toBe('gpu');
    const partial = estimateCatalogFit(8.1e9, 'chat', { ...laptop, gpu: true, vramFreeBytes: 4 * GIB });
    expect(partial.verdict).toBe('partial');
    expect(partial.vramBytes + partial.ramBytes).toBe(estimatedNeedBytes(8.1e9, 'chat'));
  });

  it('adds one estimate per file using the real llama.cpp binding', async () => {
    const items = await catalogItems(await sharedLlama(), loadCatalog());
    for (const item of items) {
      expect(item.fits).toHaveLength(item.files.length);
      for (const fit of item.fits) expect(fit.summary.length).toBeGreaterThan(10);
    }
    expect(items.find((i) => i.id === 'bge-small-en-v1.5')?.fits[0]?.verdict).not.toBe('no-fit');
  });
});

/**
 * Loading pdf.js (legacy build: Node 20 has no DOMMatrix) with every
 * resource read from pdfjs-dist's own folders on disk. Paths, not file://
 * URLs: pdf.js's Node loader reads them with fs, and a URL fails silently.
 * Nothing here can touch the network: data is passed in, useWorkerFetch is
 * off, fonts are never installed, eval is off.
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfJs = typeof PdfJsModule;

let pdfjsPromise: Promise<PdfJs> | null = null;

export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

let root: string | null = null;

/** pdfjs-dist's package folder. */
export function pdfjsRoot(): string {
  if (!root) {
    const require = createRequire(import.meta.url);
    root = dirname(require.resolve('pdfjs-dist/package.json'));
  }
  return root;
}

function folder(name: string): string {
  const path = join(pdfjsRoot(), name);
  return path.endsWith(sep) ? path : path + sep;
}

export interface OpenPdfParams {
  data: Uint8Array;
  password?: string;
}

/** getDocument parameters: local resource folders, no fonts installed, no eval, no fetch. */
export function documentParams({ data, password }: OpenPdfParams) {
  return {
    data,
    password,
    cMapUrl: folder('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: folder('standard_fonts'),
    wasmUrl: folder('wasm'),
    iccUrl: folder('iccs'),
    useWorkerFetch: false,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    stopAtErrors: false,
    // Errors only: pdf.js warnings are noise, and nothing it prints may carry document text.
    verbosity: 0,
  };
}

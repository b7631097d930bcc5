/**
 * Offline OCR with tesseract.js. Every byte comes from disk:
 * - language data: the @tesseract.js-data/<lang> packages (or
 *   CELLAR_TESSDATA_DIR), copied into ONE folder, because tesseract.js reads
 *   all languages from a single langPath and falls back to a CDN when it has
 *   none. The folder is the library's own (<data dir>/cache/tessdata, 0700)
 *   or, without a library, a temporary folder proven to be this account's
 *   alone (privateStagingDir). A copy is reused only if its SHA-256 matches
 *   the installed file;
 * - the wasm core: tesseract.js-core, required from node_modules by
 *   tesseract.js's Node worker.
 * A missing traineddata file crashes tesseract.js past any try/catch, so the
 * files are checked before a worker is created. Parsing normally runs in a
 * worker thread, which contains such a crash anyway.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { privateDir, privateFile } from '../../storage/private.js';
import { ParseError } from './types.js';

import type { Worker as TesseractWorker } from 'tesseract.js';

/** LSTM-only integer models first (smaller, what tesseract.js itself uses with OEM.LSTM_ONLY), then the full 4.0.0 data. */
const VARIANTS = ['4.0.0_best_int', '4.0.0'];
const CJK_LANGS = new Set(['chi_sim', 'chi_tra', 'jpn', 'kor', 'chi_sim_vert', 'chi_tra_vert', 'jpn_vert', 'kor_vert']);

export interface TraineddataFile {
  lang: string;
  path: string;
  gzip: boolean;
}

/** Where each language's traineddata lives; throws OCR_FAILED naming what is missing. */
export function findTraineddata(langs: readonly string[]): TraineddataFile[] {
  const require = createRequire(import.meta.url);
  const found: TraineddataFile[] = [];
  const missing: string[] = [];
  for (const lang of langs) {
    if (!/^[a-z_]{3,20}$/.test(lang)) {
      throw new ParseError(
        'OCR_FAILED',
        `"${lang}" is not an OCR language code (expected a tesseract code such as eng or chi_sim).`,
      );
    }
    let file: TraineddataFile | null = null;
    const custom = process.env.CELLAR_TESSDATA_DIR;
    if (custom) {
      for (const [name, gzip] of [
        [`${lang}.traineddata.gz`, true],
        [`${lang}.traineddata`, false],
      ] as const) {
        if (existsSync(join(custom, name))) {
          file = { lang, path: join(custom, name), gzip };
          break;
        }
      }
    }
    if (!file) {
      try {
        const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
        for (const variant of VARIANTS) {
          const path = join(pkg, variant, `${lang}.traineddata.gz`);
          if (existsSync(path) && statSync(path).size > 1000) {
            file = { lang, path, gzip: true };
            break;
          }
        }
      } catch {
        // not installed
      }
    }
    if (file) found.push(file);
    else missing.push(lang);
  }
  if (missing.length) {
    throw new ParseError(
      'OCR_FAILED',
      `OCR language data is not installed for: ${missing.join(', ')}. Choose installed OCR languages in Settings (English: eng, Chinese: chi_sim).`,
    );
  }
  return found;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const temps = new Map<string, string>();

/**
 * A staging folder outside a library: `<tmp>/cellar-tessdata-u<uid>`, used
 * only if it is a real folder (not a link) owned by this account with no
 * group or other permissions; otherwise (someone else made it first, or
 * loosened it) a fresh mkdtemp folder of this process's own. What is inside
 * is trusted only by hash.
 */
export function privateStagingDir(root: string = tmpdir()): string {
  const known = temps.get(root);
  if (known && existsSync(known)) return known;
  let dir: string | null = null;
  const uid = process.getuid?.();
  if (uid !== undefined) {
    const candidate = join(root, `cellar-tessdata-u${uid}`);
    try {
      mkdirSync(candidate, { mode: 0o700 });
    } catch {
      // There already (ours from an earlier run, or someone else's): checked below.
    }
    try {
      const info = lstatSync(candidate);
      if (info.isDirectory() && info.uid === uid && (info.mode & 0o077) === 0) dir = candidate;
    } catch {
      // Gone meanwhile.
    }
  }
  if (!dir) {
    const made = mkdtempSync(join(root, 'cellar-tessdata-'));
    privateDir(made);
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  temps.set(root, dir);
  return dir;
}

/**
 * One folder holding every requested language's data, as tesseract.js wants
 * it: `cacheDir` (the library's, owner-only) or else a private temporary
 * folder. Copies (not links: Windows) are made once per data file and reused
 * only while their SHA-256 matches the installed file's; each copy is written
 * under a temporary name, checked, and renamed into place.
 */
export function prepareLangPath(
  files: readonly TraineddataFile[],
  cacheDir?: string,
): { langPath: string; gzip: boolean } {
  const gzip = files.every((f) => f.gzip);
  if (!files.every((f) => f.gzip === gzip)) {
    throw new ParseError(
      'OCR_FAILED',
      'OCR language data mixes compressed and uncompressed files; install them in one form.',
    );
  }
  const langPath = cacheDir ? privateDir(cacheDir) : privateStagingDir();
  for (const f of files) {
    const name = `${f.lang}.traineddata${gzip ? '.gz' : ''}`;
    const target = join(langPath, name);
    const expected = sha256(f.path);
    if (existsSync(target) && statSync(target).isFile() && sha256(target) === expected) continue;
    const partial = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    copyFileSync(f.path, partial);
    privateFile(partial);
    if (sha256(partial) !== expected) {
      rmSync(partial, { force: true });
      throw new ParseError('OCR_FAILED', `Could not prepare OCR language data for ${f.lang} in ${langPath}.`);
    }
    renameSync(partial, target);
  }
  return { langPath, gzip };
}

export interface OcrResult {
  text: string;
  /** tesseract's mean confidence, 0..100. */
  confidence: number;
}

/** Tesseract puts spaces between CJK characters; remove them where both sides are CJK. */
export function tidyCjkSpacing(text: string): string {
  return text.replace(
    /(?<=[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]) +(?=[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])/g,
    '',
  );
}

export class OcrEngine {
  private constructor(
    private worker: TesseractWorker | null,
    readonly langs: readonly string[],
  ) {}

  /** `cacheDir`: where the language data is staged (the library's cache folder); default a private temporary folder. */
  static async create(langs: readonly string[], cacheDir?: string): Promise<OcrEngine> {
    const files = findTraineddata(langs);
    const { langPath, gzip } = prepareLangPath(files, cacheDir);
    for (const f of files) {
      const expected = join(langPath, `${f.lang}.traineddata${gzip ? '.gz' : ''}`);
      if (!existsSync(expected))
        throw new ParseError('OCR_FAILED', `OCR language data for ${f.lang} is missing from ${langPath}.`);
    }
    const tesseract = (await import('tesseract.js')).default;
    let worker: TesseractWorker;
    try {
      worker = await tesseract.createWorker([...langs], tesseract.OEM.LSTM_ONLY, {
        langPath,
        gzip,
        cacheMethod: 'none',
        // Node: tesseract.js loads tesseract.js-core with require(); no corePath download happens.
      });
    } catch (error) {
      throw new ParseError('OCR_FAILED', `The OCR engine could not start (${String(error).slice(0, 200)}).`, {
        cause: error,
      });
    }
    const params: Record<string, string> = {};
    if (langs.some((l) => CJK_LANGS.has(l))) params.preserve_interword_spaces = '1';
    if (Object.keys(params).length) await worker.setParameters(params);
    return new OcrEngine(worker, langs);
  }

  async recognize(png: Uint8Array, dpi: number): Promise<OcrResult> {
    if (!this.worker) throw new ParseError('OCR_FAILED', 'The OCR engine was already stopped.');
    await this.worker.setParameters({ user_defined_dpi: String(Math.round(dpi)) });
    const result = await this.worker.recognize(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    let text = result.data.text ?? '';
    if (this.langs.some((l) => CJK_LANGS.has(l))) text = tidyCjkSpacing(text);
    return {
      text: text
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
      confidence: result.data.confidence ?? 0,
    };
  }

  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate().catch(() => undefined);
  }
}

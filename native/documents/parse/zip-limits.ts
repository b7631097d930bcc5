/**
 * Zip bombs are refused before anything is inflated into memory. A 0.9 MB
 * DOCX reached 4.7 GB of RSS inside mammoth (JSZip inflates each part to a
 * string, then the XML parser builds a tree of it). Here the central
 * directory is read first: the sizes it declares must stay within limits no
 * real document reaches (in total, and as a compression ratio on a large
 * part). A declared size may lie, so each deflated part is then inflated as a
 * stream, discarding the output and counting bytes, and stopped as soon as it
 * passes the size it declared.
 */
import { createInflateRaw } from 'node:zlib';
import { ParseError } from './types.js';

export const ZIP_LIMITS = {
  /** All parts together, uncompressed (the 872-page handbook in the corpus inflates to ~5 MB). */
  maxTotalBytes: 200 * 1024 * 1024,
  /** A part larger than this, uncompressed, may not be compressed more than `maxRatio` to 1. */
  ratioCheckedFromBytes: 10 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 20_000,
};

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

function corrupt(name: string, why: string): ParseError {
  return new ParseError('CORRUPT', `${name} is not a valid .docx file (${why}): open it in Word and save it again.`);
}

function tooLarge(name: string, why: string): ParseError {
  return new ParseError(
    'TOO_LARGE',
    `${name} was refused: ${why}. No real document is built like this (it looks like a zip bomb); if it is yours, open it in Word and save a new copy.`,
  );
}

function readU64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** The entries of a zip's central directory, with ZIP64 sizes resolved. */
export function readCentralDirectory(buffer: Buffer, name: string, limits = ZIP_LIMITS): ZipEntry[] {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 65_535); at--) {
    if (buffer.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw corrupt(name, 'its zip directory is missing');
  let count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === MAX32) {
    const locator = eocd - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_LOCATOR)
      throw corrupt(name, 'its ZIP64 directory is missing');
    const record = readU64(buffer, locator + 8);
    if (record + 56 > buffer.length || buffer.readUInt32LE(record) !== ZIP64_EOCD) {
      throw corrupt(name, 'its ZIP64 directory is damaged');
    }
    count = readU64(buffer, record + 32);
    offset = readU64(buffer, record + 48);
  }
  // Each directory entry takes at least 46 bytes: a count the file cannot hold is a lie.
  if (count * 46 > buffer.length)
    throw corrupt(name, `its zip directory declares ${count} parts, more than the file can hold`);
  if (count > limits.maxEntries) throw tooLarge(name, `it holds ${count} parts, more than ${limits.maxEntries}`);
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL)
      throw corrupt(name, 'its zip directory is damaged');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > buffer.length) throw corrupt(name, 'its zip directory is damaged');
    const entry: ZipEntry = {
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      uncompressedSize: buffer.readUInt32LE(at + 24),
      localHeaderOffset: buffer.readUInt32LE(at + 42),
    };
    // ZIP64 extra field (0x0001): the 8-byte values present are those whose 32-bit field is 0xFFFFFFFF, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = buffer.readUInt16LE(extra);
      const size = buffer.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        const next = () => {
          if (field + 8 > extra + 4 + size) throw corrupt(name, 'a ZIP64 size is missing');
          const value = readU64(buffer, field);
          field += 8;
          return value;
        };
        if (entry.uncompressedSize === MAX32) entry.uncompressedSize = next();
        if (entry.compressedSize === MAX32) entry.compressedSize = next();
        if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = next();
      }
      extra += 4 + size;
    }
    entries.push(entry);
    at = end;
  }
  return entries;
}

/**
 * Refuse a zip (a DOCX) whose parts would inflate past the limits, before any
 * part is inflated into memory. Throws ParseError TOO_LARGE (a bomb) or CORRUPT.
 */
export async function checkZipBomb(bytes: Uint8Array, name: string, limits = ZIP_LIMITS): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(buffer, name, limits);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw tooLarge(
        name,
        `its parts would take more than ${limits.maxTotalBytes / 1024 / 1024} MiB once uncompressed`,
      );
    }
    if (
      entry.uncompressedSize > limits.ratioCheckedFromBytes &&
      entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)
    ) {
      throw tooLarge(
        name,
        `its part ${entry.name.slice(0, 80)} is compressed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} to 1 (${Math.round(entry.uncompressedSize / 1024 / 1024)} MiB uncompressed)`,
      );
    }
  }
  // The declared sizes may lie: inflate each deflated part, keeping nothing, and stop at its declared size.
  for (const entry of entries) {
    if (entry.method !== 8) continue; // stored parts are their own size; other methods fail in the reader
    const local = entry.localHeaderOffset;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL)
      throw corrupt(name, 'a zip part is missing');
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const end = Math.min(buffer.length, start + entry.compressedSize);
    if (start > buffer.length) throw corrupt(name, 'a zip part is missing');
    await inflatedSizeAtMost(buffer.subarray(start, end), entry.uncompressedSize, () =>
      tooLarge(
        name,
        `its part ${entry.name.slice(0, 80)} inflates past the ${entry.uncompressedSize} bytes it declares`,
      ),
    );
  }
}

function inflatedSizeAtMost(data: Buffer, limit: number, error: () => ParseError): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let seen = 0;
    let done = false;
    const finish = (failure?: unknown) => {
      if (done) return;
      done = true;
      inflate.destroy();
      if (failure) reject(failure);
      else resolve();
    };
    inflate.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) finish(error());
    });
    // A damaged stream is the reader's to report; this check is only about size.
    inflate.on('error', () => finish());
    inflate.on('end', () => finish());
    inflate.end(data);
  });
}

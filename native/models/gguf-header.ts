import { open } from 'node:fs/promises';
import type { GgufFileInfo } from 'node-llama-cpp';

/**
 * A bounded walk over a GGUF header (versions 2 and 3), before anything builds
 * objects from it. node-llama-cpp's reader believes every count it reads: a
 * 162-byte file declaring an array of 2^40 elements killed the engine with a
 * V8 fatal error, and one declaring 2^63 key/value pairs ran for minutes at
 * 1.3 GB. Here every count is checked against the bytes left in the file (each
 * element needs at least one byte, a string at least its 8-byte length), and
 * against limits no real model reaches, before it is looped over. Fixed-size
 * arrays are skipped without reading; memory use is one read buffer.
 *
 * Layout: "GGUF", u32 version, u64 tensor count, u64 key/value count; each
 * key/value: string key, u32 type, value; each tensor: string name, u32 n_dims,
 * n_dims × u64, u32 ggml type, u64 offset. A string is a u64 length and bytes;
 * an array is a u32 element type, a u64 count and the elements.
 */

export class GgufHeaderError extends Error {
  override name = 'GgufHeaderError';
}

/** Limits no real model reaches (a 262k-token vocabulary with merges is ~1.3M elements, ~30 MB of header). */
export const GGUF_LIMITS = {
  /** Metadata key/value pairs (real models: tens to a few hundred). */
  maxKeyValues: 65_536,
  /** Tensors (real models: hundreds to a few tens of thousands). */
  maxTensors: 1_048_576,
  /** Elements over all arrays of the header. */
  maxArrayElements: 8_388_608,
  /** One string (chat templates are kilobytes). */
  maxStringBytes: 16 * 1024 * 1024,
  /** The whole header: metadata and tensor descriptions. */
  maxHeaderBytes: 256 * 1024 * 1024,
  /** Arrays of arrays, nested this deep at most. */
  maxNesting: 4,
  /** Dimensions of one tensor (ggml has 4). */
  maxDimensions: 8,
};

export interface GgufHeaderFacts {
  version: number;
  tensorCount: number;
  keyValueCount: number;
  /** Where the tensor descriptions end (before alignment). */
  headerBytes: number;
}

const TYPE_SIZES: Record<number, number> = {
  0: 1, // uint8
  1: 1, // int8
  2: 2, // uint16
  3: 2, // int16
  4: 4, // uint32
  5: 4, // int32
  6: 4, // float32
  7: 1, // bool
  10: 8, // uint64
  11: 8, // int64
  12: 8, // float64
};
const STRING = 8;
const ARRAY = 9;
const CHUNK = 1024 * 1024;

/** The fewest bytes one value of `type` takes (so a count × this must fit in what is left). */
function minimumSize(type: number): number {
  if (type === STRING) return 8;
  if (type === ARRAY) return 12;
  return TYPE_SIZES[type] ?? 1;
}

/** Walk the header of the GGUF file at `path`; throws GgufHeaderError saying what is wrong. */
export async function checkGgufHeader(path: string, limits = GGUF_LIMITS): Promise<GgufHeaderFacts> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    let buffer = Buffer.alloc(0);
    let bufferStart = 0;
    let pos = 0;
    let arrayElements = 0;

    const ensure = async (n: number, what: string) => {
      if (pos + n > size) {
        throw new GgufHeaderError(`the file ends inside its header (truncated while reading ${what})`);
      }
      if (pos + n > limits.maxHeaderBytes) {
        throw new GgufHeaderError(`its header is larger than ${limits.maxHeaderBytes / 1024 / 1024} MiB`);
      }
      if (pos >= bufferStart && pos + n <= bufferStart + buffer.length) return;
      const length = Math.min(Math.max(n, CHUNK), size - pos);
      buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, pos);
      if (bytesRead < n) throw new GgufHeaderError(`the file ends inside its header (truncated while reading ${what})`);
      bufferStart = pos;
    };
    const u32 = async (what: string) => {
      await ensure(4, what);
      const value = buffer.readUInt32LE(pos - bufferStart);
      pos += 4;
      return value;
    };
    const u64 = async (what: string) => {
      await ensure(8, what);
      const value = buffer.readBigUInt64LE(pos - bufferStart);
      pos += 8;
      return value;
    };
    const skip = (n: number, what: string) => {
      if (pos + n > size)
        throw new GgufHeaderError(`the file ends inside its header (truncated while reading ${what})`);
      if (pos + n > limits.maxHeaderBytes) {
        throw new GgufHeaderError(`its header is larger than ${limits.maxHeaderBytes / 1024 / 1024} MiB`);
      }
      pos += n;
    };
    /** A count of items of at least `each` bytes, checked against the file's remaining bytes and a limit. */
    const count = async (what: string, each: number, limit: number) => {
      const declared = await u64(what);
      const left = BigInt(Math.max(0, size - pos));
      if (declared * BigInt(each) > left) {
        throw new GgufHeaderError(
          `it declares ${declared} ${what}, more than its ${size} bytes could hold (each needs at least ${each} byte${each === 1 ? '' : 's'})`,
        );
      }
      if (declared > BigInt(limit)) throw new GgufHeaderError(`it declares ${declared} ${what}, more than ${limit}`);
      return Number(declared);
    };
    const string = async (what: string) => {
      const length = await count(`bytes in a ${what}`, 1, limits.maxStringBytes);
      skip(length, what);
    };
    const value = async (type: number, depth: number): Promise<void> => {
      if (type === STRING) return string('string value');
      if (type === ARRAY) {
        if (depth >= limits.maxNesting)
          throw new GgufHeaderError(`it nests arrays more than ${limits.maxNesting} deep`);
        const elementType = await u32('an array type');
        if (elementType !== STRING && elementType !== ARRAY && TYPE_SIZES[elementType] === undefined) {
          throw new GgufHeaderError(`an array holds values of unknown type ${elementType}`);
        }
        const n = await count('array elements', minimumSize(elementType), limits.maxArrayElements - arrayElements);
        arrayElements += n;
        const fixed = TYPE_SIZES[elementType];
        if (fixed !== undefined) return skip(n * fixed, 'an array');
        for (let i = 0; i < n; i++) await value(elementType, depth + 1);
        return;
      }
      const fixed = TYPE_SIZES[type];
      if (fixed === undefined) throw new GgufHeaderError(`a value has unknown type ${type}`);
      skip(fixed, 'a value');
    };

    await ensure(8, 'the magic number');
    if (buffer.toString('latin1', 0, 4) !== 'GGUF') throw new GgufHeaderError('it does not start with "GGUF"');
    pos = 4;
    const version = await u32('the version');
    if (version !== 2 && version !== 3) throw new GgufHeaderError(`GGUF version ${version} is not supported (2 or 3)`);
    // The smallest tensor description: name length, n_dims, type, offset; the smallest key/value: key length, type, one byte.
    const tensorCount = await count('tensors', 24, limits.maxTensors);
    const keyValueCount = await count('metadata entries', 13, limits.maxKeyValues);
    for (let i = 0; i < keyValueCount; i++) {
      await string('metadata key');
      await value(await u32('a metadata type'), 0);
    }
    for (let i = 0; i < tensorCount; i++) {
      await string('tensor name');
      const dimensions = await u32('tensor dimensions');
      if (dimensions > limits.maxDimensions) {
        throw new GgufHeaderError(`a tensor declares ${dimensions} dimensions, more than ${limits.maxDimensions}`);
      }
      skip(dimensions * 8 + 4 + 8, 'a tensor description');
    }
    return { version, tensorCount, keyValueCount, headerBytes: pos };
  } finally {
    await handle.close();
  }
}

/**
 * Check the header's counts, then let node-llama-cpp read it. In the app this
 * runs in a thread of its own with a heap and time limit (`inspectGguf`), so
 * whatever a hostile header still does costs that thread, not the engine.
 */
export async function readGgufHeader(path: string): Promise<GgufFileInfo> {
  await checkGgufHeader(path);
  // Imported here, not at the top: the parse thread that runs this loads node-llama-cpp only when asked.
  const { readGgufFileInfo } = await import('node-llama-cpp');
  // sourceType 'filesystem': never let a path that looks like a URL reach the network.
  return readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
}

// DOCX zip bombs: a small file whose parts inflate to hundreds of megabytes is refused from its
// zip directory (and, where the directory lies, by a counting inflate) before mammoth reads it.
// The bombs are built here with Node's zlib; nothing binary is committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, tempDataDir } from '../../testing/fixtures.js';
import { DEFAULT_WORKER_HEAP_MB, parseDocument, parseDocumentInProcess, type ParseError } from './index.js';
import { buildParseWorker } from './test-support.js';
import { checkZipBomb } from './zip-limits.js';

interface Part {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
  /** What the directory says the part inflates to (a lie when it differs from size). */
  declared?: number;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function smallPart(name: string, text: string): Part {
  const raw = Buffer.from(text);
  return { name, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
}

/** word/document.xml of about `bytes` bytes of paragraphs, deflated as a stream (never held whole). */
async function hugeDocument(bytes: number, declared?: number): Promise<Part> {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>`);
  const tail = Buffer.from('</w:body></w:document>');
  const paragraph = '<w:p><w:r><w:t>All work and no play makes a dull document.</w:t></w:r></w:p>';
  const chunk = Buffer.from(paragraph.repeat(Math.ceil(Math.min(bytes, 1024 * 1024) / paragraph.length)));
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(head);
  while (size < bytes) await write(chunk);
  await write(tail);
  deflate.end();
  await ended;
  return { name: 'word/document.xml', data: Buffer.concat(out), crc, size, declared };
}

/** A zip (a DOCX package) of deflated parts, with a central directory. */
function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const size = part.declared ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(part.crc >>> 0, 16);
    header.writeUInt32LE(part.data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    central.push(header, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const docx = (document: Part) =>
  zip([smallPart('[Content_Types].xml', CONTENT_TYPES), smallPart('_rels/.rels', RELS), document]);

let files: { dir: string; cleanup: () => void };
let worker: Awaited<ReturnType<typeof buildParseWorker>>;
beforeAll(async () => {
  files = tempDataDir('cellar-zip-bomb-');
  worker = await buildParseWorker();
});
afterAll(() => {
  files.cleanup();
  worker?.cleanup();
});

function write(name: string, bytes: Buffer): string {
  const path = join(files.dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<ParseError> {
  try {
    await promise;
  } catch (error) {
    return error as ParseError;
  }
  throw new Error('expected a failure');
}

describe('DOCX zip bombs', () => {
  it('a well-formed DOCX of this shape still reads (the builder makes real packages)', async () => {
    const path = write('small.docx', docx(await hugeDocument(200_000)));
    const doc = await parseDocumentInProcess(path, { ocr: false });
    expect(doc.kind).toBe('docx');
    expect(doc.pages.map((p) => p.text).join('\n')).toContain('All work and no play');
  });

  it('refuses a small DOCX whose document.xml declares 300 MB, from the zip directory, without inflating it', async () => {
    const bomb = docx(await hugeDocument(300 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const path = write('bomb.docx', bomb);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const error = await failure(parseDocumentInProcess(path, { ocr: false }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/bomb\.docx was refused: its parts would take more than 200 MiB once uncompressed/);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);

    // Through the parse thread the app uses: the same typed error crosses back.
    const threaded = await failure(parseDocument(path, { ocr: false, worker: worker.url }));
    expect(threaded.code).toBe('TOO_LARGE');
    expect(threaded.message).toMatch(/zip bomb/);
  });

  it('refuses a large part compressed more than 100 to 1, even when the total is under the limit', async () => {
    const path = write('dense.docx', docx(await hugeDocument(40 * 1024 * 1024)));
    const error = await failure(parseDocumentInProcess(path, { ocr: false }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/its part word\/document\.xml is compressed \d+ to 1 \(40 MiB uncompressed\)/);
  });

  it('refuses a part whose directory lies about its size, by inflating it without keeping anything', async () => {
    const path = write('liar.docx', docx(await hugeDocument(60 * 1024 * 1024, 20_000)));
    const rssBefore = process.memoryUsage().rss;
    const error = await failure(parseDocumentInProcess(path, { ocr: false }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/its part word\/document\.xml inflates past the 20000 bytes it declares/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('passes real Word documents, and parse threads get a heap limit a laptop can spare', async () => {
    for (const name of ['handbook-872p.docx', 'docx-tables.docx']) {
      await expect(checkZipBomb(readFileSync(join(CORPUS_DIR, 'docx', name)), name)).resolves.toBeUndefined();
    }
    expect(DEFAULT_WORKER_HEAP_MB).toBeLessThanOrEqual(1024);
  });
});

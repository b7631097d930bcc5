/**
 * DOCX through mammoth's HTML output, so Word headings (Heading 1-6, Title)
 * become h1-h6 and tables become rows; then the same HTML-to-text walk as
 * HTML files. Images are dropped without decoding; external files are never
 * read.
 */
import mammoth from 'mammoth';
import { htmlToText } from './html.js';
import { splitIntoSections } from './sections.js';
import { ParseError, type ParsedDocument } from './types.js';
import { checkZipBomb } from './zip-limits.js';

const STYLE_MAP = ["p[style-name='Title'] => h1.title:fresh", "p[style-name='Subtitle'] => h2:fresh"];

function isOleContainer(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export async function parseDocx(bytes: Uint8Array, name: string): Promise<ParsedDocument> {
  if (isOleContainer(bytes)) {
    // Word saves password-protected .docx files as an OLE container holding "EncryptedPackage".
    const encrypted = Buffer.from(bytes).includes(Buffer.from('EncryptedPackage', 'utf16le'));
    if (encrypted)
      throw new ParseError(
        'PASSWORD_REQUIRED',
        `${name} is a password-protected Word document: remove the password in Word (File > Info > Protect Document) and add it again.`,
      );
    throw new ParseError(
      'UNSUPPORTED',
      `${name} is an old-format Word document (.doc) renamed to .docx: save it as .docx or PDF in Word and add it again.`,
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new ParseError(
      'CORRUPT',
      `${name} is not a valid .docx file (it is not a ZIP package): open it in Word and save it again.`,
    );
  }
  // Sizes first: a zip bomb is refused before mammoth inflates any part into memory.
  await checkZipBomb(bytes, name);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        ignoreEmptyParagraphs: true,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new ParseError(
      'CORRUPT',
      `${name} could not be read as a Word document (${(error as Error).message.slice(0, 120)}): open it in Word and save it again.`,
      { cause: error },
    );
  }
  const { text, headings } = htmlToText(html);
  const titleMatch = /<h1 class="title">([\s\S]*?)<\/h1>/.exec(html);
  const title = titleMatch ? htmlToText(titleMatch[1]!).text.replace(/\s+/g, ' ').trim() : null;
  return {
    kind: 'docx',
    title: title || (headings.find((h) => h.level === 1)?.text ?? null),
    pages: splitIntoSections(text, headings),
    warnings: [],
  };
}

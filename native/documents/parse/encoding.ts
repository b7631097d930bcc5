/**
 * Bytes to text for the formats that carry no reliable encoding (TXT, CSV,
 * Markdown, HTML): BOM first, then a declared charset, then strict UTF-8,
 * then chardet's guess decoded by iconv-lite, with windows-1252 as the last
 * resort (it maps every byte, so nothing is lost silently).
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** Normalised lower-case label, e.g. 'utf-8', 'utf-16le', 'windows-1252'. */
  encoding: string;
  /** How many double-encoded sequences ("â€“" for "–") were repaired. */
  repaired: number;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase().replace(/_/g, '-');
  // As browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean windows-1252,
  // which also maps 0x80-0x9F (€, smart quotes, dashes).
  if (l === 'iso-8859-1' || l === 'latin1' || l === 'latin-1' || l === 'us-ascii' || l === 'ascii' || l === 'iso8859-1')
    return 'windows-1252';
  if (l === 'utf8') return 'utf-8';
  if (l === 'gb2312' || l === 'gbk') return 'gb18030';
  return l;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM shows up as a NUL in every other byte of mostly-ASCII text. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

function decodeWith(bytes: Uint8Array, encoding: string): string | null {
  if (encoding === 'utf-8') {
    try {
      return utf8Strict.decode(bytes);
    } catch {
      return null;
    }
  }
  if (!iconv.encodingExists(encoding)) return null;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/**
 * Decode bytes to text. `declared` is a charset named by the file itself
 * (an HTML meta tag); it is trusted unless the bytes contradict it.
 */
export function decodeBytes(bytes: Uint8Array, declared?: string | null): DecodedText {
  const done = (text: string, encoding: string): DecodedText => {
    const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const fixed = repairMojibake(stripped);
    return { text: fixed.text, encoding, repaired: fixed.repaired };
  };

  const bom = bomEncoding(bytes);
  if (bom) {
    const text =
      bom.encoding === 'utf-8'
        ? new TextDecoder('utf-8').decode(bytes.subarray(bom.length))
        : iconv.decode(Buffer.from(bytes.subarray(bom.length)), bom.encoding);
    return done(text, bom.encoding);
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) return done(iconv.decode(Buffer.from(bytes), utf16), utf16);

  if (declared) {
    const label = normaliseLabel(declared);
    // A page that says UTF-8 but is not valid UTF-8 lies: fall through to detection.
    const text = decodeWith(bytes, label);
    if (text !== null) return done(text, label);
  }

  const utf8 = decodeWith(bytes, 'utf-8');
  if (utf8 !== null) return done(utf8, 'utf-8');

  const guess = chardet.detect(bytes);
  if (guess) {
    const label = normaliseLabel(guess);
    if (!label.startsWith('utf-8')) {
      const text = decodeWith(bytes, label);
      if (text !== null) return done(text, label);
    }
  }
  return done(iconv.decode(Buffer.from(bytes), 'windows-1252'), 'windows-1252');
}

// --- Double-encoded UTF-8 ("mojibake") repair ------------------------------
// UTF-8 bytes once decoded as windows-1252 turn "–" into "â€“" and "é" into
// "Ã©". Real files (norwich-city.txt in the corpus) carry this; searching
// for "–" or "café" should still work. Only sequences that decode to Latin
// letters or common punctuation are repaired, so genuine "ß…" stays.

const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};
const CONT =
  '[\\u0080-\\u00BF\\u20AC\\u201A\\u0192\\u201E\\u2026\\u2020\\u2021\\u02C6\\u2030\\u0160\\u2039\\u0152\\u017D\\u2018\\u2019\\u201C\\u201D\\u2022\\u2013\\u2014\\u02DC\\u2122\\u0161\\u203A\\u0153\\u017E\\u0178]';
const MOJIBAKE = new RegExp(`[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}`, 'g');

function cp1252Byte(ch: number): number | null {
  if (ch <= 0xff) return ch;
  return CP1252_HIGH[ch] ?? null;
}

function plausibleRepair(cp: number): boolean {
  return (
    (cp >= 0xa0 && cp < 0x250) ||
    (cp >= 0x2000 && cp < 0x2070) ||
    (cp >= 0x20a0 && cp < 0x20c0) ||
    (cp >= 0x2100 && cp < 0x2200)
  );
}

export function repairMojibake(text: string): { text: string; repaired: number } {
  if (!/[\u00C2-\u00EF]/.test(text)) return { text, repaired: 0 };
  let repaired = 0;
  const out = text.replace(MOJIBAKE, (seq) => {
    const bytes: number[] = [];
    for (const ch of seq) {
      const b = cp1252Byte(ch.codePointAt(0) ?? 0);
      if (b === null) return seq;
      bytes.push(b);
    }
    let decoded: string;
    try {
      decoded = utf8Strict.decode(Uint8Array.from(bytes));
    } catch {
      return seq;
    }
    const cp = decoded.codePointAt(0) ?? 0;
    if (decoded.length !== 1 || !plausibleRepair(cp)) return seq;
    repaired++;
    return decoded;
  });
  return { text: out, repaired };
}

/** Share of characters that are control characters other than tab and newlines: high means binary, not text. */
export function controlCharRatio(text: string): number {
  if (!text) return 0;
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  return bad / sample.length;
}

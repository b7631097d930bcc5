/**
 * Is a PDF text layer worth indexing, or should the page be OCR'd? Broken
 * font mappings (TAMReview.pdf pages 2-22) yield control characters and
 * private-use glyphs; bad embedded OCR (pdf-with-ocr-text.pdf) yields
 * letter salad. Both are measured here without a dictionary.
 */

export type TextVerdict = 'empty' | 'good' | 'noisy' | 'garbage';

export interface TextQuality {
  verdict: TextVerdict;
  /** 0..1, higher is better: the share of characters that look like real words or CJK text. */
  score: number;
  /** Non-space characters. */
  chars: number;
  /** Characters that look like readable text: chars * score. */
  usefulChars: number;
  reasons: string[];
}

// Control characters (C0 except tab/newlines, C1), U+FFFD, private use areas, noncharacters.
const BAD =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff\u{f0000}-\u{10ffff}]/gu;
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/gu;
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/gu;
const LETTER = /\p{L}/gu;
const VOWEL = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœăâêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
const WORD = /^(?:\p{Lu}?\p{Ll}+|\p{Lu}+)(?:['’-](?:\p{Lu}?\p{Ll}+|\p{Lu}+))*$/u;
const SINGLE_OK = /^[aAiIoOeEyYuU&]$/;

function count(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

export function assessTextLayer(text: string): TextQuality {
  const reasons: string[] = [];
  // Dot leaders in tables of contents ("Diagnosis ........ 13") are layout, not noise.
  text = text.replace(/([.·_\-–—…•*=~])\1{2,}/g, ' ');
  const compact = text.replace(/\s+/g, '');
  const chars = compact.length;
  if (chars < 20)
    return {
      verdict: 'empty',
      score: chars === 0 ? 0 : 0.5,
      chars,
      usefulChars: 0,
      reasons: ['fewer than 20 characters'],
    };

  const bad = count(compact, BAD);
  const badRatio = bad / chars;
  const cjk = count(compact, CJK);
  const letters = count(compact, LETTER);
  const latin = count(compact, LATIN_LETTER);

  // Latin-script words: share of tokens that look like words.
  let tokens = 0;
  let wordChars = 0;
  let singles = 0;
  let longChars = 0;
  let tokenChars = 0;
  // "l e t t e r": letters spaced out by bad OCR. Runs of 3+ single letters are noise, not words.
  let singleRun = 0;
  const endRun = () => {
    if (singleRun >= 3) wordChars -= singleRun;
    singleRun = 0;
  };
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    if (/^\p{L}$/u.test(raw)) singleRun++;
    else endRun();
    const token = raw.replace(/^[("'“‘[{<«]+|[)"'”’\]}>»,.;:!?…*]+$/gu, '');
    if (!token || !/\p{L}/u.test(token)) continue;
    // URLs, e-mail addresses, domain names, paths.
    if (/^(?:https?:|www\.)|@|\/|\p{L}\.\p{L}/u.test(token)) continue;
    tokens++;
    tokenChars += token.length;
    if (token.length > 25) longChars += token.length;
    if (token.length === 1 && !SINGLE_OK.test(token) && /\p{L}/u.test(token)) singles++;
    if (WORD.test(token) && (token.length <= 3 || VOWEL.test(token)) && token.length <= 25) {
      wordChars += token.length;
    }
  }

  endRun();
  wordChars = Math.max(0, wordChars);

  const cjkShare = letters > 0 ? cjk / letters : 0;
  const latinShare = letters > 0 ? latin / letters : 0;
  let score: number;
  if (cjkShare > 0.3) {
    score = Math.max(0, 1 - badRatio * 5);
  } else if (latinShare > 0.6 && tokens > 0) {
    score = (tokenChars > 0 ? wordChars / tokenChars : 0) * (1 - Math.min(1, badRatio * 5));
  } else {
    // Other scripts (Cyrillic, Greek, Arabic, Hebrew, Indic...): judge by letters and bad characters only.
    score = Math.max(0, Math.min(1, letters / chars + 0.2) - badRatio * 5);
  }
  // Spaced-out letters and run-together words only mean something in space-separated Latin text.
  const latinText = latinShare > 0.6;
  const singleRatio = latinText && tokens > 0 ? singles / tokens : 0;
  const longRatio = latinText && tokenChars > 0 ? longChars / tokenChars : 0;

  let verdict: TextVerdict = 'good';
  if (badRatio > 0.1) {
    verdict = 'garbage';
    reasons.push(`${Math.round(badRatio * 100)}% control/private-use characters`);
  } else if (letters / chars < 0.3 && cjk === 0) {
    verdict = 'garbage';
    reasons.push('mostly symbols');
  } else if (longRatio > 0.5) {
    verdict = 'garbage';
    reasons.push('words run together without spaces');
  } else if (score < 0.5) {
    verdict = 'garbage';
    reasons.push(`few word-like tokens (${Math.round(score * 100)}%)`);
  } else if (score < 0.8 || singleRatio > 0.12 || badRatio > 0.02 || longRatio > 0.2) {
    verdict = 'noisy';
    reasons.push(`score ${Math.round(score * 100)}%, single letters ${Math.round(singleRatio * 100)}%`);
  }
  return { verdict, score, chars, usefulChars: Math.round(chars * score), reasons };
}

/** Drop characters that can only hurt search: control characters, U+FFFD, private-use glyphs. */
export function stripBadCharacters(text: string): string {
  return text
    .replace(BAD, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * HTML to readable text with htmlparser2: invisible content dropped, block
 * elements on their own lines, h1-h6 recorded as headings, table rows as
 * "cell | cell" lines, entities decoded. DOCX goes through here too (mammoth
 * turns it into HTML first).
 */
import { Parser } from 'htmlparser2';
import { decodeBytes } from './encoding.js';
import { splitIntoSections, TextBuilder } from './sections.js';
import type { ParsedDocument, ParsedHeading } from './types.js';

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'head',
  'object',
  'embed',
  'canvas',
  'select',
  'datalist',
  'audio',
  'video',
  'map',
]);
const PARAGRAPH = new Set([
  'p',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'figure',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'form',
  'fieldset',
  'address',
  'hr',
  'details',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);
const LINE = new Set([
  'div',
  'li',
  'dt',
  'dd',
  'tr',
  'caption',
  'figcaption',
  'center',
  'summary',
  'legend',
  'tbody',
  'thead',
  'tfoot',
  'option',
  'body',
  'html',
]);
const CELL = new Set(['td', 'th']);
/** Separates the rows of a table nested inside a cell until the outer row is written. */
const ROW_SEP = '\u001e';
const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'area',
  'base',
  'col',
  'embed',
  'param',
  'source',
  'track',
  'wbr',
]);

interface Frame {
  name: string;
  skip: boolean;
  heading: number;
  headingStart: number;
}

interface TableState {
  row: string[] | null;
  cell: string[] | null;
}

export interface HtmlText {
  text: string;
  headings: ParsedHeading[];
  title: string | null;
}

function isHidden(attribs: Record<string, string>): boolean {
  if ('hidden' in attribs) return true;
  const style = attribs.style;
  return !!style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const stack: Frame[] = [];
  const tables: TableState[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let skipDepth = 0;
  let preDepth = 0;
  let inTitle = false;
  let title = '';

  const cellBuffer = (): string[] | null => {
    const t = tables[tables.length - 1];
    return t?.cell ?? null;
  };

  const emitText = (text: string): void => {
    const cell = cellBuffer();
    if (cell) {
      cell.push(text);
      return;
    }
    out.append(text);
  };

  const breakLine = (paragraph: boolean): void => {
    const cell = cellBuffer();
    if (cell) {
      cell.push(paragraph ? '\n\n' : '\n');
      return;
    }
    if (tables.length > 0) return; // stray blocks between rows
    if (paragraph) out.paragraphBreak();
    else out.lineBreak();
  };

  const closeCell = (t: TableState): void => {
    if (!t.cell) return;
    // Keep line structure inside a cell for now: a one-cell "layout table" row is really page content.
    const text = t.cell
      .join('')
      .split('\n')
      .map((l) => l.replace(/[^\S\n]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    t.cell = null;
    (t.row ??= []).push(text);
  };

  const closeRow = (t: TableState): void => {
    closeCell(t);
    const cells = (t.row ?? []).filter((c) => c.length > 0);
    t.row = null;
    if (cells.length === 0) return;
    const outer = tables[tables.length - 2];
    if (cells.length === 1) {
      const body = cells[0]!;
      if (outer?.cell) {
        outer.cell.push(outer.cell.join('').trim() ? `${ROW_SEP}${body}` : body);
      } else {
        out.paragraphBreak();
        out.append(body.split(ROW_SEP).join('\n'));
        out.paragraphBreak();
      }
      return;
    }
    const line = cells
      .map((c) =>
        c
          .split(ROW_SEP)
          .map((part) => part.replace(/\s+/g, ' ').trim())
          .join(' ; '),
      )
      .join(' | ');
    if (outer?.cell) {
      // A table nested in a cell: its rows join the outer cell's text, separated by a marker.
      outer.cell.push(outer.cell.join('').trim() ? `${ROW_SEP}${line}` : line);
    } else {
      out.append(line);
      out.lineBreak();
    }
  };

  const parser = new Parser(
    {
      onopentag(rawName, attribs) {
        const name = rawName.toLowerCase();
        if (name === 'title' && skipDepth > 0 && stack.some((f) => f.name === 'head')) inTitle = true;
        const skip = skipDepth > 0 || SKIP.has(name) || isHidden(attribs);
        const frame: Frame = { name, skip, heading: 0, headingStart: 0 };
        if (VOID.has(name)) {
          if (!skip && name === 'br') breakLine(false);
          if (!skip && name === 'hr') breakLine(true);
          return; // htmlparser2 still calls onclosetag; handled there
        }
        stack.push(frame);
        if (skip) {
          skipDepth++;
          return;
        }
        if (name === 'pre') preDepth++;
        if (name === 'table') {
          breakLine(true);
          tables.push({ row: null, cell: null });
          return;
        }
        const t = tables[tables.length - 1];
        if (t && name === 'tr') {
          closeRow(t);
          t.row = [];
          return;
        }
        if (t && CELL.has(name)) {
          closeCell(t);
          t.cell = [];
          return;
        }
        if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', n: 0 });
        const level = /^h([1-6])$/.exec(name);
        if (level && tables.length === 0) {
          out.paragraphBreak();
          frame.heading = Number(level[1]);
          frame.headingStart = out.offset;
          return;
        }
        if (PARAGRAPH.has(name)) breakLine(true);
        else if (LINE.has(name)) breakLine(false);
        if (name === 'li' && !cellBuffer()) {
          const list = lists[lists.length - 1];
          if (list) out.append(list.ordered ? `${++list.n}. ` : '- ');
        }
      },
      ontext(data) {
        if (inTitle) {
          title += data;
          return;
        }
        if (skipDepth > 0) return;
        if (preDepth > 0 && !cellBuffer()) {
          emitText(data.replace(/\r\n?/g, '\n'));
          return;
        }
        emitText(data.replace(/\s+/g, ' '));
      },
      onclosetag(rawName) {
        const name = rawName.toLowerCase();
        if (name === 'title') inTitle = false;
        if (VOID.has(name)) return;
        // Pop to the matching frame (htmlparser2 closes implied tags itself).
        let index = -1;
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i]!.name === name) {
            index = i;
            break;
          }
        }
        if (index < 0) return;
        while (stack.length > index) {
          const frame = stack.pop()!;
          if (frame.skip) {
            skipDepth--;
            continue;
          }
          const n = frame.name;
          if (n === 'pre') preDepth--;
          if (n === 'table') {
            const t = tables[tables.length - 1];
            if (t) closeRow(t);
            tables.pop();
            breakLine(true);
            continue;
          }
          const t = tables[tables.length - 1];
          if (t && n === 'tr') {
            closeRow(t);
            continue;
          }
          if (t && CELL.has(n)) {
            closeCell(t);
            continue;
          }
          if (n === 'ul' || n === 'ol') lists.pop();
          if (frame.heading) {
            out.markHeading(frame.headingStart, frame.heading);
            out.paragraphBreak();
            continue;
          }
          if (PARAGRAPH.has(n)) breakLine(true);
          else if (LINE.has(n)) breakLine(false);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  while (tables.length) {
    closeRow(tables[tables.length - 1]!);
    tables.pop();
  }
  const text = out
    .toString()
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
  // Offsets stay valid only if the clean-up above changed nothing before them; recompute from headings' text.
  const headings = rebaseHeadings(out.toString(), text, out.headings);
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return { text: text.trimEnd(), headings, title: cleanTitle || null };
}

/** After whitespace clean-up, find each heading again at or before its old offset. */
function rebaseHeadings(before: string, after: string, headings: ParsedHeading[]): ParsedHeading[] {
  if (before === after) return headings;
  const result: ParsedHeading[] = [];
  let from = 0;
  for (const h of headings) {
    const probe = h.text.slice(0, 40);
    const at = after.indexOf(probe, from);
    if (at < 0) continue;
    result.push({ ...h, offset: at });
    from = at + 1;
  }
  return result;
}

/** The charset an HTML file declares for itself in its first bytes, if any. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return m?.[1] ?? null;
}

export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const decoded = decodeBytes(bytes, declaredCharset(bytes));
  const { text, headings, title } = htmlToText(decoded.text);
  const warnings: string[] = [];
  if (decoded.repaired > 0) warnings.push(`Repaired ${decoded.repaired} mis-encoded characters`);
  return {
    kind: 'html',
    title: title ?? headings.find((h) => h.level === 1)?.text ?? null,
    pages: splitIntoSections(text, headings),
    warnings,
    encoding: decoded.encoding,
  };
}

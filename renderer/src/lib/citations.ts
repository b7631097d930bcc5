/**
 * Citation markers in an answer: "[1]", "[2][3]" or "[1, 2]" refer to the
 * answer's citations by number. Markers are found in the Markdown's text
 * nodes after parsing (never by editing the Markdown or injecting HTML), and
 * only numbers the answer really cites become chips: "[99]" without a
 * citation 99, or brackets inside code, stay plain text.
 */

export type CitationPart = string | { n: number; raw: string };

const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** Split text into plain strings and citation numbers the answer knows. */
export function splitCitations(text: string, known: ReadonlySet<number>): CitationPart[] {
  const parts: CitationPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const numbers = match[1]!.split(',').map((s) => Number(s.trim()));
    if (!numbers.every((n) => known.has(n))) continue;
    // The chip sits against the word it cites, as a superscript would: one space before it goes.
    const before = text.slice(last, match.index).replace(/ $/, '');
    if (before) parts.push(before);
    for (const n of numbers) parts.push({ n, raw: `[${n}]` });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The parts of a hast node this plugin reads and writes. */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** hast elements that hold code: markers in them are text. */
const SKIP = new Set(['code', 'pre']);

/** The property that marks a citation element (data-citation="n"). */
export const CITATION_PROPERTY = 'dataCitation';

/**
 * A rehype plugin: each known marker in a text node becomes a
 * `<sup data-citation="n">` element holding the marker's own text, which the
 * Markdown component renders as a chip.
 */
export function rehypeCitations(known: ReadonlySet<number>) {
  const visit = (node: HastNode): void => {
    if (!node.children || (node.tagName && SKIP.has(node.tagName))) return;
    const children: HastNode[] = [];
    let changed = false;
    for (const child of node.children) {
      if (child.type !== 'text' || !child.value || !child.value.includes('[')) {
        visit(child);
        children.push(child);
        continue;
      }
      const parts = splitCitations(child.value, known);
      if (parts.length === 1 && typeof parts[0] === 'string') {
        children.push(child);
        continue;
      }
      changed = true;
      for (const part of parts) {
        children.push(
          typeof part === 'string'
            ? { type: 'text', value: part }
            : {
                type: 'element',
                tagName: 'sup',
                properties: { [CITATION_PROPERTY]: String(part.n) },
                children: [{ type: 'text', value: part.raw }],
              },
        );
      }
    }
    if (changed) node.children = children;
  };
  return () => (tree: HastNode) => visit(tree);
}

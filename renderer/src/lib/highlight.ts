export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * Split a search snippet whose matches are wrapped in [[ and ]] into plain
 * and matching parts, to render as text and <mark>: never as HTML. An
 * unclosed [[ highlights to the end; a stray ]] is kept as text.
 */
export function splitHighlight(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest) {
    const open = rest.indexOf('[[');
    if (open < 0) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), match: false });
    rest = rest.slice(open + 2);
    const close = rest.indexOf(']]');
    const matched = close < 0 ? rest : rest.slice(0, close);
    if (matched) parts.push({ text: matched, match: true });
    rest = close < 0 ? '' : rest.slice(close + 2);
  }
  return parts;
}

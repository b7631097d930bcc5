import type { Citation } from '../../api';
import { formatPages } from '../../lib/documents';
import './CitationChip.css';

/** A citation marker in an answer, as a small button that opens the source. */
export function CitationChip({ citation, onOpen }: { citation: Citation; onOpen?(citation: Citation): void }) {
  const pages = formatPages(citation.pageStart, citation.pageEnd);
  const label = `Source ${citation.n}: ${citation.name}${pages ? `, ${pages}` : ''}`;
  return (
    <button
      type="button"
      className="citation-chip"
      aria-label={label}
      title={label}
      onClick={() => onOpen?.(citation)}
      data-testid="citation-chip"
    >
      {citation.n}
    </button>
  );
}

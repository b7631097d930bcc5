import { useTranslation } from 'react-i18next';
import type { Citation } from '../../api';
import { formatPages } from '../../lib/documents';
import './CitationChip.css';

/** A citation marker in an answer, as a small button that opens the source. */
export function CitationChip({ citation, onOpen }: { citation: Citation; onOpen?(citation: Citation): void }) {
  const { t } = useTranslation();
  const pages = formatPages(citation.pageStart, citation.pageEnd);
  const label = pages
    ? t('sources.chipPages', { n: citation.n, name: citation.name, pages })
    : t('sources.chip', { n: citation.n, name: citation.name });
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

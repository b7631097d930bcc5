import { EmptyState } from '../EmptyState/EmptyState';
import { DocumentIcon } from '../Icons/Icons';
import { ViewHeader } from '../ViewHeader/ViewHeader';

export function DocumentsView() {
  return (
    <>
      <ViewHeader title="Documents" />
      <EmptyState icon={<DocumentIcon size={24} />} title="No documents yet">
        <p>
          Documents you add will be listed here with their status: PDF, Word, Markdown, HTML, plain text and CSV files.
        </p>
        <p>
          Cellar reads and indexes them on this computer, so you can ask questions and get answers that cite the page
          they came from.
        </p>
      </EmptyState>
    </>
  );
}

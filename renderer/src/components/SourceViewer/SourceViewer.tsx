import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { excerpt, formatPages } from '../../lib/documents';
import { closeSource, useSource, type SourceRef } from '../../store/source';
import { CloseIcon, DocumentIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';
import { PdfSource } from './PdfSource';
import { TextSource } from './TextSource';
import { useDocumentBytes } from './useDocumentBytes';
import './SourceViewer.css';

/**
 * The source of a citation or search result, beside the app: the PDF page
 * with the passage highlighted, or the text around it for other files.
 * Escape or the close button puts it away.
 */
export function SourceViewer() {
  const source = useSource((s) => s.source);
  const opened = useSource((s) => s.opened);
  const panel = useRef<HTMLElement>(null);
  const { t } = useTranslation();

  useEffect(() => {
    if (!source) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) closeSource();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [source]);

  // Focus moves to the panel when a source opens, so keyboard users land in it.
  useEffect(() => {
    if (opened) panel.current?.focus({ preventScroll: true });
  }, [opened]);

  if (!source) return null;
  const pages = formatPages(source.pageStart, source.pageEnd);

  return (
    <aside
      className="source-viewer"
      role="dialog"
      aria-label={t('source.label', { name: source.name })}
      tabIndex={-1}
      ref={panel}
      data-testid="source-viewer"
    >
      <header className="source-viewer__header">
        <div className="source-viewer__icon">
          <DocumentIcon size={16} />
        </div>
        <div className="source-viewer__heading">
          <h2 className="source-viewer__name" title={source.name}>
            {source.name}
          </h2>
          <p className="source-viewer__where">
            {[source.n !== null ? t('source.n', { n: source.n }) : null, pages || null].filter(Boolean).join(' · ') ||
              t('source.document')}
          </p>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={t('source.close')}
          title={t('source.closeTitle')}
          onClick={closeSource}
        >
          <CloseIcon size={15} />
        </button>
      </header>
      {source.text.trim() ? (
        <blockquote className="source-viewer__quote" title={source.text}>
          {excerpt(source.text, 260)}
        </blockquote>
      ) : null}
      <SourceBody key={source.documentId} source={source} opened={opened} />
    </aside>
  );
}

function SourceBody({ source, opened }: { source: SourceRef; opened: number }) {
  const { bytes, retry } = useDocumentBytes(source.documentId);
  const { t } = useTranslation();

  if (bytes.state === 'loading') {
    return (
      <div className="source-viewer__message" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
        {t('source.opening', { name: source.name })}
      </div>
    );
  }
  if (bytes.state === 'failed') {
    return (
      <div className="source-viewer__message">
        <Notice
          title={t('source.couldNotOpen', { name: source.name })}
          error={bytes.error}
          action={
            <button type="button" className="button button--small" onClick={retry}>
              {t('common.tryAgain')}
            </button>
          }
        >
          {source.text.trim() ? <p>{t('source.quotedAbove')}</p> : null}
        </Notice>
      </div>
    );
  }
  return bytes.bytes.kind === 'pdf' ? (
    <PdfSource source={source} base64={bytes.bytes.base64} opened={opened} />
  ) : (
    <TextSource source={source} bytes={bytes.bytes} opened={opened} />
  );
}

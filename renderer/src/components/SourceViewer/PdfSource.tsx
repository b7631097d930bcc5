import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { t as translate } from '../../i18n';
import { formatPercent } from '../../lib/format';
import type { Box, PDFDocumentProxy, PdfOpenError } from '../../lib/pdfjs';
import type { SourceRef } from '../../store/source';
import { ChevronLeftIcon, ChevronRightIcon, FitWidthIcon, LockIcon, MinusIcon, PlusIcon } from '../Icons/Icons';
import { Notice } from '../Notice/Notice';

type DocState =
  { state: 'loading' } | { state: 'ready'; doc: PDFDocumentProxy } | { state: 'failed'; error: PdfOpenError | Error };

interface Rendered {
  key: string;
  width: number;
  height: number;
  highlights: Box[];
  textItems: number;
  /** Whether the passage was looked for on this page. */
  searched: boolean;
}

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];
const PAGE_MARGIN = 20;

const loadPdfjs = () => import('../../lib/pdfjs');

/** A PDF page drawn with pdf.js, its text selectable, the cited passage highlighted. */
export function PdfSource({ source, base64, opened }: { source: SourceRef; base64: string; opened: number }) {
  const [password, setPassword] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<{ key: string; state: DocState } | null>(null);
  const key = `${attempt}:${password ?? ''}`;
  const docState: DocState = loaded?.key === key ? loaded.state : { state: 'loading' };

  useEffect(() => {
    let live = true;
    loadPdfjs()
      .catch((error: Error) => {
        throw new ViewerError(error.message);
      })
      .then((pdf) => pdf.openPdf(source.documentId, base64, password))
      .then(
        (doc) => live && setLoaded({ key, state: { state: 'ready', doc } }),
        (error: Error) => live && setLoaded({ key, state: { state: 'failed', error } }),
      );
    return () => {
      live = false;
    };
  }, [source.documentId, base64, password, key]);

  if (docState.state === 'loading') {
    return (
      <div className="source-viewer__message" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
        {t('pdf.reading')}
      </div>
    );
  }
  if (docState.state === 'failed') {
    const { error } = docState;
    const reason = 'reason' in error ? (error as PdfOpenError).reason : null;
    if (reason === 'password' || reason === 'wrong-password') {
      return <PasswordPrompt wrong={reason === 'wrong-password'} onSubmit={setPassword} />;
    }
    const viewer = error instanceof ViewerError;
    return (
      <div className="source-viewer__message">
        <Notice
          title={viewer ? t('pdf.viewerFailed') : t('pdf.unreadable')}
          error={{
            code: viewer ? 'VIEWER' : 'UNREADABLE_PDF',
            message: error.message,
            detail: error.message,
            summary: viewer ? t('pdf.viewerFailedHint') : t('pdf.unreadableHint'),
          }}
          action={
            <button type="button" className="button button--small" onClick={() => setAttempt((n) => n + 1)}>
              {t('common.tryAgain')}
            </button>
          }
        >
          {source.text.trim() ? <p>{t('source.quotedAbove')}</p> : null}
        </Notice>
      </div>
    );
  }
  return <PdfPages doc={docState.doc} source={source} opened={opened} />;
}

/** pdf.js itself (its code or worker) failed to load, as opposed to the file. */
class ViewerError extends Error {}

function PasswordPrompt({ wrong, onSubmit }: { wrong: boolean; onSubmit(password: string): void }) {
  const [value, setValue] = useState('');
  const ids = useId();
  const { t } = useTranslation();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (value) onSubmit(value);
  };
  return (
    <form className="source-viewer__message source-viewer__password" onSubmit={submit}>
      <LockIcon size={20} />
      <p>{wrong ? t('pdf.wrongPassword') : t('pdf.needsPassword')}</p>
      <div className="source-viewer__password-row">
        <label className="visually-hidden" htmlFor={`${ids}-pw`}>
          {t('pdf.password')}
        </label>
        <input
          id={`${ids}-pw`}
          className="input"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
        />
        <button type="submit" className="button button--primary" disabled={!value}>
          {t('pdf.open')}
        </button>
      </div>
    </form>
  );
}

function PdfPages({ doc, source, opened }: { doc: PDFDocumentProxy; source: SourceRef; opened: number }) {
  const count = doc.numPages;
  const first = Math.min(Math.max(1, source.pageStart || 1), count);
  const [page, setPage] = useState(first);
  const [seen, setSeen] = useState(opened);
  const [zoom, setZoom] = useState(1);
  const [width, setWidth] = useState(0);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const [pageInput, setPageInput] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const textLayer = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef('');
  const ids = useId();
  const { t } = useTranslation();

  // Another citation in the same document: go to its page.
  if (seen !== opened) {
    setSeen(opened);
    setPage(first);
  }

  const inRange = page >= (source.pageStart || 1) && page <= Math.max(source.pageStart, source.pageEnd);
  const passage = inRange ? source.text : '';
  const key = `${page}:${width}:${zoom}:${passage.length}`;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      // Steps of 16px: a scrollbar appearing does not re-render the page.
      setWidth(Math.max(200, Math.floor((el.clientWidth - PAGE_MARGIN * 2) / 16) * 16));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!width || !canvas.current || !textLayer.current) return;
    const controller = new AbortController();
    const target = { canvas: canvas.current, text: textLayer.current };
    loadPdfjs()
      .then(async (pdf) => {
        const base = (await doc.getPage(page)).getViewport({ scale: 1 });
        const scale = (width / base.width) * zoom;
        return pdf.renderPage(doc, page, scale, target.canvas, target.text, passage, controller.signal);
      })
      .then(
        (result) => {
          if (!result || controller.signal.aborted) return;
          setRendered({
            key,
            width: result.width,
            height: result.height,
            highlights: result.highlights,
            textItems: result.textItems,
            searched: passage.trim().length > 0,
          });
        },
        (error: Error) => {
          if (!controller.signal.aborted) setFailure({ key, message: error.message });
        },
      );
    return () => controller.abort();
  }, [doc, page, width, zoom, passage, key]);

  // Bring the passage into view once per opening and page.
  useEffect(() => {
    const el = scroller.current;
    const mark = rendered?.highlights[0];
    const scrollKey = `${opened}:${page}`;
    if (!el || !mark || rendered.key !== key || scrolledFor.current === scrollKey) return;
    scrolledFor.current = scrollKey;
    el.scrollTop = Math.max(0, mark.top + PAGE_MARGIN - el.clientHeight / 3);
  }, [rendered, key, opened, page]);

  const go = (next: number): void => {
    setPageInput(null);
    setPage(Math.min(count, Math.max(1, next)));
  };
  const zoomStep = (direction: 1 | -1): void => {
    const index = ZOOMS.findIndex((z) => z >= zoom - 0.001);
    const next = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (index < 0 ? ZOOMS.length - 1 : index) + direction))]!;
    setZoom(next);
  };

  const current = rendered?.key === key;
  const failed = failure?.key === key ? failure.message : null;

  return (
    <div className="pdf-source">
      <div className="pdf-source__toolbar" role="toolbar" aria-label={t('pdf.page')}>
        <button
          type="button"
          className="icon-button"
          aria-label={t('pdf.previous')}
          title={t('pdf.previous')}
          onClick={() => go(page - 1)}
          disabled={page <= 1}
        >
          <ChevronLeftIcon size={15} />
        </button>
        <form
          className="pdf-source__page-field"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(pageInput);
            if (Number.isInteger(n)) go(n);
          }}
        >
          <label htmlFor={`${ids}-page`}>{t('pdf.page')}</label>
          <input
            id={`${ids}-page`}
            className="input pdf-source__page-input"
            inputMode="numeric"
            value={pageInput ?? String(page)}
            onChange={(e) => setPageInput(e.target.value)}
            onBlur={() => setPageInput(null)}
            data-testid="pdf-page"
          />
          <span>{t('pdf.of', { count })}</span>
        </form>
        <button
          type="button"
          className="icon-button"
          aria-label={t('pdf.next')}
          title={t('pdf.next')}
          onClick={() => go(page + 1)}
          disabled={page >= count}
        >
          <ChevronRightIcon size={15} />
        </button>
        <span className="pdf-source__spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label={t('pdf.zoomOut')}
          title={t('pdf.zoomOut')}
          onClick={() => zoomStep(-1)}
          disabled={zoom <= ZOOMS[0]!}
        >
          <MinusIcon size={14} />
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => setZoom(1)}
          aria-pressed={zoom === 1}
          title={t('pdf.fitWidthTitle')}
        >
          <FitWidthIcon size={14} />
          {zoom === 1 ? t('pdf.fitWidth') : formatPercent(zoom)}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('pdf.zoomIn')}
          title={t('pdf.zoomIn')}
          onClick={() => zoomStep(1)}
          disabled={zoom >= ZOOMS.at(-1)!}
        >
          <PlusIcon size={14} />
        </button>
      </div>

      {/* Focusable, so the page can be scrolled with the arrow keys. */}
      <div
        className="pdf-source__scroll"
        ref={scroller}
        tabIndex={0}
        role="region"
        aria-label={t('pdf.pageArea')}
        data-testid="pdf-scroll"
      >
        <div
          className="pdf-source__page"
          style={rendered ? { width: rendered.width, height: rendered.height } : undefined}
          data-testid="pdf-page-view"
          aria-busy={!current}
        >
          <canvas ref={canvas} className="pdf-source__canvas" data-testid="pdf-canvas" />
          <div className="pdf-source__highlights" aria-hidden="true">
            {current
              ? rendered.highlights.map((box, i) => (
                  <div
                    key={i}
                    className="pdf-highlight"
                    data-testid="source-highlight"
                    style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
                  />
                ))
              : null}
          </div>
          <div ref={textLayer} className="textLayer" />
        </div>
        {!current && !failed ? (
          <div className="pdf-source__rendering" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('pdf.rendering', { page })}
          </div>
        ) : null}
      </div>

      <p className="pdf-source__status" role="status" data-testid="highlight-status">
        {failed
          ? t('pdf.drawFailed', { page, error: failed })
          : !current
            ? ''
            : !rendered.searched
              ? source.text.trim()
                ? t('pdf.citedOn', { pages: formatRange(source) })
                : ''
              : rendered.highlights.length
                ? source.n !== null
                  ? t('pdf.citedHighlighted')
                  : t('pdf.highlighted')
                : rendered.textItems === 0
                  ? t('pdf.scan')
                  : t('pdf.notPinpointed')}
      </p>
    </div>
  );
}

function formatRange(source: SourceRef): string {
  return source.pageEnd > source.pageStart
    ? translate('pdf.rangePages', { start: source.pageStart, end: source.pageEnd })
    : translate('pdf.rangePage', { n: source.pageStart });
}

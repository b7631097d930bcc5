import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentBytes } from '../../api';
import { decodeText, isPlainTextKind, kindLabel } from '../../lib/documents';
import { findPassage } from '../../lib/passage';
import type { SourceRef } from '../../store/source';

/** How much text around the passage is shown (characters each side). */
const AROUND = 4000;
const WHOLE = 200_000;

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A file without pages: plain text, Markdown and CSV are shown as their text
 * around the passage; Word and HTML files, whose layout is not reproduced
 * here, as the passage Cellar indexed.
 */
export function TextSource({ source, bytes, opened }: { source: SourceRef; bytes: DocumentBytes; opened: number }) {
  const mark = useRef<HTMLElement>(null);
  const { t } = useTranslation();
  const plain = isPlainTextKind(bytes.kind);
  const text = useMemo(() => (plain ? decodeText(fromBase64(bytes.base64)) : null), [plain, bytes.base64]);
  const range = useMemo(
    () => (text !== null && source.text.trim() ? findPassage(text, source.text) : null),
    [text, source.text],
  );

  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [opened, range]);

  if (text !== null) {
    const from = range ? Math.max(0, range.start - AROUND) : 0;
    const to = range ? Math.min(text.length, range.end + AROUND) : Math.min(text.length, WHOLE);
    return (
      <div className="text-source">
        <p className="text-source__note">
          {range
            ? t('source.textHighlighted', { kind: kindLabel(bytes.kind) })
            : source.text.trim()
              ? t('source.textNotFound')
              : t('source.textFile', { kind: kindLabel(bytes.kind) })}
        </p>
        <div className="text-source__scroll">
          <pre className="text-source__text" data-testid="source-text">
            {from > 0 ? '…' : ''}
            {range ? (
              <>
                {text.slice(from, range.start)}
                <mark ref={mark} className="text-source__mark" data-testid="source-highlight">
                  {text.slice(range.start, range.end)}
                </mark>
                {text.slice(range.end, to)}
              </>
            ) : (
              text.slice(from, to)
            )}
            {to < text.length ? '…' : ''}
          </pre>
        </div>
      </div>
    );
  }

  return (
    <div className="text-source">
      <p className="text-source__note">{t('source.asIndexed', { kind: kindLabel(bytes.kind) })}</p>
      <div className="text-source__scroll">
        {source.text.trim() ? (
          <p className="text-source__text text-source__text--prose" data-testid="source-text">
            <mark ref={mark} className="text-source__mark" data-testid="source-highlight">
              {source.text}
            </mark>
          </p>
        ) : (
          <p className="text-source__note">{t('source.searchToSee')}</p>
        )}
      </div>
    </div>
  );
}

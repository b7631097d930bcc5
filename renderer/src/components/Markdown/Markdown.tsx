import { createContext, memo, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Citation } from '../../api';
import { CITATION_PROPERTY, rehypeCitations } from '../../lib/citations';
import { CitationChip } from '../CitationChip/CitationChip';
import { CopyButton } from '../CopyButton/CopyButton';
import './Markdown.css';

/** The answer's citations, for the chips its [n] markers become. */
interface CitationContextValue {
  citations: Citation[];
  onCite?(citation: Citation): void;
}

const CitationContext = createContext<CitationContextValue>({ citations: [] });

/** The parts of a hast node this file reads. */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

function languageOf(pre: HastNode | undefined): string | null {
  const code = pre?.children?.find((c) => c.tagName === 'code');
  const classes = code?.properties?.className;
  const first = Array.isArray(classes) ? classes.find((c) => String(c).startsWith('language-')) : undefined;
  return first ? String(first).slice('language-'.length) : null;
}

/**
 * Model output is untrusted text. Links are shown, never followed: the
 * label and the address as plain text, no href. Images are never fetched:
 * their description is shown instead. Raw HTML stays text (react-markdown
 * turns it into text unless rehype-raw is added, which it must not be).
 */
const components: Components = {
  a: ({ children, href }) => {
    const label = typeof children === 'string' ? children : null;
    const showUrl = href && !href.startsWith('#') && label !== href;
    return (
      <span className="md-link" data-testid="md-link">
        {children}
        {showUrl ? <span className="md-link__url"> ({href})</span> : null}
      </span>
    );
  },
  img: ({ alt }) => <MarkdownImage alt={alt} />,
  pre: ({ children, node }) => (
    <CodeBlock
      text={textOf(node as HastNode | undefined).replace(/\n$/, '')}
      language={languageOf(node as HastNode | undefined)}
    >
      {children}
    </CodeBlock>
  ),
  table: ({ children }) => (
    <div className="md-table">
      <table>{children}</table>
    </div>
  ),
  // A citation marker (see lib/citations.ts) becomes a chip; any other <sup> stays one.
  sup: ({ children, node }) => {
    const n = Number((node as HastNode | undefined)?.properties?.[CITATION_PROPERTY]);
    return Number.isInteger(n) && n > 0 ? <Cite n={n} /> : <sup>{children}</sup>;
  },
};

function MarkdownImage({ alt }: { alt?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <span className="md-image" title={t('markdown.imageTitle')}>
      [{alt ? t('markdown.imageAlt', { alt }) : t('markdown.image')}]
    </span>
  );
}

function CodeBlock({ text, language, children }: { text: string; language: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="md-code">
      <div className="md-code__bar">
        <span className="md-code__lang">{language ?? t('markdown.code')}</span>
        <CopyButton text={text} label={t('markdown.copyCode')} />
      </div>
      <pre>{children}</pre>
    </div>
  );
}

function Cite({ n }: { n: number }) {
  const { citations, onCite } = useContext(CitationContext);
  const citation = citations.find((c) => c.n === n);
  if (!citation) return <>[{n}]</>;
  return <CitationChip citation={citation} onOpen={onCite} />;
}

/** Keep every address as written: it is only ever shown as text. */
const keepUrl = (url: string): string => url;

const remarkPlugins = [remarkGfm];

/**
 * Model output as Markdown. With `citations`, its [n] markers that match a
 * citation become clickable chips (found in the parsed text, never by
 * inserting HTML); markers without a citation stay plain text.
 */
export const Markdown = memo(function Markdown({
  text,
  citations,
  onCite,
}: {
  text: string;
  citations?: Citation[];
  onCite?(citation: Citation): void;
}) {
  const rehypePlugins = useMemo(
    () => (citations?.length ? [rehypeCitations(new Set(citations.map((c) => c.n)))] : []),
    [citations],
  );
  const context = useMemo(() => ({ citations: citations ?? [], onCite }), [citations, onCite]);
  return (
    <div className="md">
      <CitationContext value={context}>
        <ReactMarkdown
          remarkPlugins={remarkPlugins}
          rehypePlugins={rehypePlugins}
          components={components}
          urlTransform={keepUrl}
        >
          {text}
        </ReactMarkdown>
      </CitationContext>
    </div>
  );
});

import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '../CopyButton/CopyButton';
import './Markdown.css';

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
  img: ({ alt }) => (
    <span className="md-image" title="Images in answers are not loaded, so nothing is fetched.">
      [Image{alt ? `: ${alt}` : ''}]
    </span>
  ),
  pre: ({ children, node }) => {
    const text = textOf(node as HastNode | undefined).replace(/\n$/, '');
    const language = languageOf(node as HastNode | undefined);
    return (
      <div className="md-code">
        <div className="md-code__bar">
          <span className="md-code__lang">{language ?? 'code'}</span>
          <CopyButton text={text} label="Copy code" />
        </div>
        <pre>{children}</pre>
      </div>
    );
  },
  table: ({ children }) => (
    <div className="md-table">
      <table>{children}</table>
    </div>
  ),
};

/** Keep every address as written: it is only ever shown as text. */
const keepUrl = (url: string): string => url;

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="md">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} urlTransform={keepUrl}>
        {text}
      </ReactMarkdown>
    </div>
  );
});

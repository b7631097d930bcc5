// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

afterEach(cleanup);

const HOSTILE = [
  'Here is some text.',
  '',
  '<script>alert(1)</script>',
  '',
  '<img src="http://evil.example/x.png">',
  '',
  '![pixel](http://evil.example/p.gif)',
  '',
  '[click](javascript:alert(1)) and [docs](https://example.com/docs) and <https://auto.example/link>',
  '',
  '<a href="http://evil.example/">raw link</a>',
].join('\n');

describe('Markdown', () => {
  it('renders model output without scripts, images or live links', () => {
    const { container } = render(<Markdown text={HOSTILE} />);

    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('iframe, object, embed')).toBeNull();
    for (const el of container.querySelectorAll('[href], [src]')) {
      const url = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
      expect(url).not.toMatch(/^(javascript:|https?:)/i);
    }
    expect(container.querySelectorAll('a')).toHaveLength(0);
    expect(container.querySelectorAll('[href]')).toHaveLength(0);
  });

  it('shows raw HTML as text, image descriptions instead of images, and link addresses as text', () => {
    const { container } = render(<Markdown text={HOSTILE} />);
    const text = container.textContent ?? '';

    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src="http://evil.example/x.png">');
    expect(text).toContain('[Image: pixel]');
    expect(text).toContain('click (javascript:alert(1))');
    expect(text).toContain('docs (https://example.com/docs)');
    expect(text).toContain('https://auto.example/link');
    expect(text).not.toContain('(https://auto.example/link)'); // an autolink is shown once
  });

  it('renders tables and code blocks with a Copy button', () => {
    const md = [
      '| Drug | Dose |',
      '| --- | --- |',
      '| A | 5 mg |',
      '',
      '```python',
      'print("hi")',
      '```',
      '',
      'Use `x` here.',
    ].join('\n');
    const { container } = render(<Markdown text={md} />);

    expect(container.querySelectorAll('table th')).toHaveLength(2);
    expect(container.querySelector('table td')?.textContent).toBe('A');
    expect(container.querySelector('pre code')?.textContent).toBe('print("hi")\n');
    expect(screen.getByText('python')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
    expect(container.querySelector('p code')?.textContent).toBe('x');
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BridgeProvider } from '../../bridge';
import { useSource } from '../../store/source';
import { citation, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { Markdown } from '../Markdown/Markdown';
import { MessageItem } from './MessageItem';

beforeEach(resetStores);
afterEach(cleanup);

const rent = citation({ n: 1, name: 'lease.pdf', pageStart: 3, pageEnd: 3 });
const fees = citation({
  n: 2,
  chunkId: 12,
  documentId: 'doc-2',
  name: 'fees.docx',
  pageStart: 5,
  pageEnd: 6,
  text: 'A late fee of 5% applies after ten days.',
});

function renderAnswer(content: string, citations = [rent, fees], notice: string | null = null) {
  const answer = message({ role: 'assistant', content, citations, notice, status: 'complete' });
  return render(
    <BridgeProvider bridge={createTestBridge().bridge}>
      <MessageItem message={answer} />
    </BridgeProvider>,
  );
}

describe('citations in answers', () => {
  it('turns [n] markers into chips, and leaves [99] without a citation as plain text', () => {
    renderAnswer('Rent is due on the first [1]. A late fee applies [2]. See also [99].');
    const chips = screen.getAllByTestId('citation-chip');
    expect(chips.map((c) => c.textContent)).toEqual(['1', '2']);
    expect(chips[0]!.tagName).toBe('BUTTON');
    expect(chips[0]!.getAttribute('aria-label')).toBe('Source 1: lease.pdf, p. 3');
    expect(chips[1]!.getAttribute('aria-label')).toBe('Source 2: fees.docx, pp. 5–6');
    const text = screen.getByTestId('message-assistant').querySelector('.md')!.textContent;
    expect(text).toContain('See also [99].');
    expect(text).not.toContain('[1]');
  });

  it('renders chips from text only: markup around or inside markers stays text, code is left alone', () => {
    const { container } = render(
      <Markdown
        text={'<b>[1]</b> and <img src=x onerror=alert(1)>[2]\n\n`[1]` in code\n\n```\nlist[1]\n```'}
        citations={[rent, fees]}
      />,
    );
    expect(container.querySelector('b, img, script')).toBeNull();
    expect(container.textContent).toContain('<b>');
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    // The markers in raw HTML text become chips, never elements from the text.
    expect(screen.getAllByTestId('citation-chip').map((c) => c.textContent)).toEqual(['1', '2']);
    expect(container.querySelector('code')!.textContent).toBe('[1]');
    expect(container.querySelector('pre')!.textContent).toContain('list[1]');
  });

  it('without citations, [1] stays plain text', () => {
    renderAnswer('As noted [1].', []);
    expect(screen.queryAllByTestId('citation-chip')).toHaveLength(0);
    expect(screen.queryByTestId('sources')).toBeNull();
    expect(screen.getByTestId('message-assistant').textContent).toContain('As noted [1].');
  });

  it('lists the sources under the answer, and opens the cited page from a chip or a source', () => {
    renderAnswer('Rent is due on the first [1].');
    const sources = screen.getByTestId('sources');
    const items = within(sources).getAllByTestId('source-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('lease.pdf');
    expect(items[0]!.textContent).toContain('p. 3');
    expect(items[0]!.textContent).toContain('The tenant pays the rent');
    expect(items[1]!.textContent).toContain('pp. 5–6');

    fireEvent.click(screen.getByTestId('citation-chip'));
    expect(useSource.getState().source).toEqual({
      documentId: 'doc-1',
      name: 'lease.pdf',
      kind: null,
      pageStart: 3,
      pageEnd: 3,
      text: rent.text,
      n: 1,
    });
    fireEvent.click(items[1]!);
    expect(useSource.getState().source).toMatchObject({ documentId: 'doc-2', pageStart: 5, pageEnd: 6, n: 2 });
  });

  it('shows the answer’s notice as a calm note', () => {
    renderAnswer('Answer [1].', [rent], '2 documents are still being indexed, so this answer cannot draw on them yet.');
    const note = screen.getByTestId('message-notice');
    expect(note.textContent).toBe('2 documents are still being indexed, so this answer cannot draw on them yet.');
    expect(note.getAttribute('role')).toBeNull();
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { closeSource, openSource, useSource, type SourceRef } from './source';

const ref: SourceRef = { documentId: 'd1', name: 'a.pdf', kind: 'pdf', pageStart: 2, pageEnd: 2, text: 'x', n: 1 };

afterEach(() => {
  closeSource();
  document.body.innerHTML = '';
});

describe('the source viewer focus', () => {
  it('goes back to where it was when the viewer closes', () => {
    document.body.innerHTML = '<button id="cite">1</button><div id="panel" tabindex="-1"></div>';
    const cite = document.getElementById('cite')!;
    cite.focus();
    openSource(ref);
    document.getElementById('panel')!.focus();
    // Opening another source from inside the viewer keeps the first place to return to.
    openSource({ ...ref, pageStart: 3, pageEnd: 3 });
    expect(useSource.getState().source?.pageStart).toBe(3);
    closeSource();
    expect(useSource.getState().source).toBeNull();
    expect(document.activeElement).toBe(cite);
  });

  it('stays put when the element it came from is gone', () => {
    document.body.innerHTML = '<button id="cite">1</button><button id="other">2</button>';
    document.getElementById('cite')!.focus();
    openSource(ref);
    document.getElementById('cite')!.remove();
    document.getElementById('other')!.focus();
    closeSource();
    expect(document.activeElement?.id).toBe('other');
  });
});

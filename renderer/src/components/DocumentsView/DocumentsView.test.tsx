// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentRecord, IngestBatch } from '../../api';
import { collection, documentRecord, modelRecord } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { useNavigation } from '../../store/navigation';
import { useSource } from '../../store/source';
import { App } from '../App/App';

beforeEach(resetStores);
afterEach(cleanup);

const embedder = modelRecord({
  id: 'embed-1',
  label: 'bge-small-en-v1.5',
  gguf: { ...modelRecord().gguf, embeddingOnly: true },
});

function batch(overrides: Partial<IngestBatch> = {}): IngestBatch {
  return {
    id: 'batch-1',
    collectionId: 'col-1',
    total: 3,
    done: 0,
    failed: 0,
    skipped: 0,
    state: 'running',
    ...overrides,
  };
}

function documentsBridge(documents: DocumentRecord[] = [], overrides: Parameters<typeof createTestBridge>[0] = {}) {
  return createTestBridge({
    'models.list': () => [embedder],
    'collections.list': () => [collection()],
    'documents.list': () => documents,
    ...overrides,
  });
}

async function openDocuments(test: ReturnType<typeof createTestBridge>) {
  render(<App bridge={test.bridge} />);
  act(() => useNavigation.getState().go('documents'));
  return screen.findByTestId('collection-detail');
}

const row = (name: string) => screen.getAllByTestId('document-row').find((r) => r.dataset.name === name)!;

describe('Documents', () => {
  it('merges progress events into the table, by id, as files are read and embedded', async () => {
    const lease = documentRecord({ id: 'd1', name: 'lease.pdf' });
    const notes = documentRecord({ id: 'd2', name: 'notes.txt', kind: 'text', path: '/home/ana/notes.txt' });
    const test = documentsBridge([lease, notes]);
    await openDocuments(test);
    await waitFor(() => expect(screen.getAllByTestId('document-row')).toHaveLength(2));
    expect(within(row('lease.pdf')).getByTestId('status-badge').textContent).toBe('Queued');

    act(() => test.emit('documents.progress', { ...lease, status: 'parsing', progress: { done: 3, total: 76 } }));
    let status = within(row('lease.pdf')).getByTestId('document-status');
    expect(status.dataset.status).toBe('parsing');
    expect(status.textContent).toContain('Reading');
    expect(status.textContent).toContain('Page 3 of 76');
    expect((status.querySelector('progress') as HTMLProgressElement).value).toBeCloseTo(3 / 76);

    act(() => test.emit('documents.progress', { ...lease, status: 'ocr', progress: { done: 1, total: 2 } }));
    expect(within(row('lease.pdf')).getByTestId('document-status').textContent).toContain('OCR');

    act(() => test.emit('documents.progress', { ...lease, status: 'embedding', progress: { done: 40, total: 120 } }));
    status = within(row('lease.pdf')).getByTestId('document-status');
    expect(status.textContent).toContain('Embedding');
    expect(status.textContent).toContain('Passage 40 of 120');

    act(() =>
      test.emit('documents.progress', {
        ...lease,
        status: 'ready',
        pages: 76,
        chunks: 276,
        ocrPages: 2,
        progress: null,
        warnings: ['Truncated PDF: recovered 10 of ? pages'],
      }),
    );
    const ready = row('lease.pdf');
    expect(within(ready).getByTestId('status-badge').textContent).toBe('Ready');
    expect(within(ready).getByTestId('document-pages').textContent).toBe('76');
    expect(within(ready).getByTestId('document-chunks').textContent).toBe('276');
    expect(ready.textContent).toContain('Truncated PDF: recovered 10 of ? pages');
    // The other row was not touched, and no row was added.
    expect(within(row('notes.txt')).getByTestId('status-badge').textContent).toBe('Queued');
    expect(screen.getAllByTestId('document-row')).toHaveLength(2);

    // A document the window had not seen yet is added at the end.
    act(() => test.emit('documents.progress', documentRecord({ id: 'd3', name: 'letter.docx', kind: 'docx' })));
    expect(screen.getAllByTestId('document-row').map((r) => r.dataset.name)).toEqual([
      'lease.pdf',
      'notes.txt',
      'letter.docx',
    ]);
  });

  it('shows a failed file’s own error with Retry', async () => {
    const broken = documentRecord({
      id: 'd1',
      name: 'scan.pdf',
      status: 'failed',
      errorCode: 'CORRUPT',
      error: 'scan.pdf is damaged: its cross-reference table cannot be read.',
    });
    const test = documentsBridge([broken], { 'documents.retry': () => ({ ...broken, status: 'queued' }) });
    await openDocuments(test);
    const failed = await waitFor(() => row('scan.pdf'));
    expect(within(failed).getByTestId('status-badge').textContent).toBe('Failed');
    expect(within(failed).getByTestId('document-error').textContent).toContain(
      'scan.pdf is damaged: its cross-reference table cannot be read.',
    );
    expect(within(failed).getByTestId('document-error').textContent).toContain('CORRUPT');
    expect(within(failed).queryByTestId('document-password')).toBeNull();

    fireEvent.click(within(failed).getByTestId('document-retry'));
    await waitFor(() => expect(test.callsTo('documents.retry')).toHaveLength(1));
    expect(test.callsTo('documents.retry')[0]!.params).toEqual([{ id: 'd1' }]);
    await waitFor(() => expect(within(row('scan.pdf')).getByTestId('status-badge').textContent).toBe('Queued'));
  });

  it('asks for the password of a locked PDF and retries with it', async () => {
    const locked = documentRecord({
      id: 'd1',
      name: 'letter.pdf',
      status: 'failed',
      errorCode: 'PASSWORD_REQUIRED',
      error: 'letter.pdf needs a password: enter it to index this file.',
    });
    const test = documentsBridge([locked], { 'documents.retry': () => ({ ...locked, status: 'queued' }) });
    await openDocuments(test);
    const item = await waitFor(() => row('letter.pdf'));
    expect(within(item).getByTestId('status-badge').textContent).toBe('Needs password');
    expect(within(item).getByTestId('document-error').textContent).toContain('needs a password');
    expect(within(item).queryByTestId('document-retry')).toBeNull();

    const unlock = within(item).getByRole('button', { name: 'Unlock' }) as HTMLButtonElement;
    expect(unlock.disabled).toBe(true);
    fireEvent.change(within(item).getByLabelText('Password for letter.pdf'), { target: { value: 'openpassword' } });
    fireEvent.click(unlock);
    await waitFor(() => expect(test.callsTo('documents.retry')).toHaveLength(1));
    expect(test.callsTo('documents.retry')[0]!.params).toEqual([{ id: 'd1', password: 'openpassword' }]);

    // A wrong password says so, and asks again.
    act(() =>
      test.emit('documents.progress', {
        ...locked,
        errorCode: 'WRONG_PASSWORD',
        error: 'That password did not open letter.pdf.',
        updatedAt: '2025-03-12T09:05:00.000Z',
      }),
    );
    const again = row('letter.pdf');
    expect(within(again).getByTestId('status-badge').textContent).toBe('Wrong password');
    expect(within(again).getByTestId('document-error').textContent).toContain('That password did not open');
    expect(within(again).getByLabelText('Password for letter.pdf')).toBeTruthy();
  });

  it('adds pasted paths and lists the ones that were skipped, with why', async () => {
    const added = documentRecord({ id: 'd1', name: 'lease.pdf' });
    const test = documentsBridge([], {
      'documents.add': ({ paths }) => ({
        batch: batch({ total: 1 }),
        documents: [added],
        skipped: [
          { path: paths[1]!, reason: 'no such file or folder' },
          { path: paths[2]!, reason: '.exe is not a supported type (PDF, DOCX, Markdown, HTML, TXT, CSV)' },
        ],
      }),
    });
    await openDocuments(test);
    expect(screen.getByText(/Dropping files onto the window works in the desktop app/)).toBeTruthy();

    const input = screen.getByTestId('paths-input');
    fireEvent.change(input, { target: { value: 'relative/lease.pdf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Paste full paths');
    expect(test.callsTo('documents.add')).toHaveLength(0);

    fireEvent.change(input, {
      target: { value: '/home/ana/lease.pdf\n"/home/ana/missing.pdf"\n\n/home/ana/setup.exe\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(test.callsTo('documents.add')).toHaveLength(1));
    expect(test.callsTo('documents.add')[0]!.params).toEqual([
      { paths: ['/home/ana/lease.pdf', '/home/ana/missing.pdf', '/home/ana/setup.exe'], collectionId: 'col-1' },
    ]);

    const skipped = await screen.findByTestId('skipped-list');
    expect(skipped.textContent).toContain('2 paths were not added');
    const items = within(skipped).getAllByTestId('skipped-item');
    expect(items[0]!.textContent).toContain('/home/ana/missing.pdf');
    expect(items[0]!.textContent).toContain('no such file or folder');
    expect(items[1]!.textContent).toContain('.exe is not a supported type');
    expect(screen.getAllByTestId('document-row').map((r) => r.dataset.name)).toEqual(['lease.pdf']);
    expect((input as HTMLTextAreaElement).value).toBe('');

    // The batch: done + failed + skipped of total, with Cancel while it runs.
    act(() => test.emit('documents.batch', batch({ total: 4, done: 1, failed: 1, skipped: 0 })));
    const progress = screen.getByTestId('batch-progress');
    expect(progress.textContent).toContain('Indexing 4 files: 2 of 4 done');
    expect((progress.querySelector('progress') as HTMLProgressElement).value).toBe(0.5);
    test.handlers['documents.cancel'] = () => undefined;
    fireEvent.click(within(progress).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(test.callsTo('documents.cancel')[0]!.params).toEqual([{ collectionId: 'col-1' }]));

    fireEvent.click(within(skipped).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('skipped-list')).toBeNull();
  });

  it('says what deleting a collection removes, and removes it only when confirmed', async () => {
    const test = documentsBridge([documentRecord({ id: 'd1' }), documentRecord({ id: 'd2', name: 'b.pdf' })], {
      'collections.delete': () => undefined,
    });
    await openDocuments(test);
    await waitFor(() => expect(screen.getAllByTestId('document-row')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete collection' });
    expect(confirm.textContent).toContain(
      'Its 2 documents, their indexed text and search index, and Cellar’s copies of the files are removed.',
    );
    expect(confirm.textContent).toContain('Your original files are not touched');
    expect(test.callsTo('collections.delete')).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete collection' }));
    await waitFor(() => expect(test.callsTo('collections.delete')[0]!.params).toEqual([{ id: 'col-1' }]));
    expect(await screen.findByRole('heading', { name: 'No documents yet' })).toBeTruthy();
  });

  it('without an embedding model, shows the engine’s reason and the way to Models', async () => {
    const test = createTestBridge({
      'collections.create': () => {
        throw { code: 'NOT_FOUND', message: 'There is no embedding model in your library.' };
      },
    });
    render(<App bridge={test.bridge} />);
    act(() => useNavigation.getState().go('documents'));
    expect((await screen.findByTestId('no-embedding')).textContent).toContain('An embedding model is needed first');

    fireEvent.change(screen.getByLabelText('Collection name'), { target: { value: 'Contracts' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create collection' }));
    const error = await screen.findByTestId('create-error');
    expect(error.textContent).toContain('There is no embedding model in your library.');
    fireEvent.click(within(error).getByRole('button', { name: 'Open Models' }));
    expect(useNavigation.getState().view).toBe('models');
  });

  it('creates a collection with the chosen embedding model', async () => {
    const created = collection({ id: 'col-2', name: 'Patients' });
    const test = createTestBridge({ 'models.list': () => [embedder], 'collections.create': () => created });
    render(<App bridge={test.bridge} />);
    act(() => useNavigation.getState().go('documents'));
    fireEvent.change(await screen.findByLabelText('Collection name'), { target: { value: ' Patients ' } });
    expect((screen.getByLabelText('Embedding model') as HTMLSelectElement).value).toBe('embed-1');
    fireEvent.click(screen.getByRole('button', { name: 'Create collection' }));
    await waitFor(() =>
      expect(test.callsTo('collections.create')[0]!.params).toEqual([
        { name: 'Patients', embeddingModelId: 'embed-1' },
      ]),
    );
    expect(await screen.findByRole('heading', { name: 'Patients' })).toBeTruthy();
  });

  it('searches the collection and opens a result in the source viewer', async () => {
    const ready = documentRecord({ id: 'd1', status: 'ready', pages: 9, chunks: 12 });
    const test = documentsBridge([ready], {
      'search.query': () => [
        {
          chunkId: 7,
          documentId: 'd1',
          collectionId: 'col-1',
          document: ready.path,
          name: 'lease.pdf',
          pageStart: 4,
          pageEnd: 4,
          heading: 'Rent',
          text: 'The tenant pays the rent on the first day of each month.',
          score: 0.9,
        },
      ],
      'documents.bytes': () => new Promise(() => {}),
    });
    await openDocuments(test);
    fireEvent.change(await screen.findByPlaceholderText('Search in Contracts'), { target: { value: 'rent' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const hit = await screen.findByTestId('search-result');
    expect(test.callsTo('search.query')[0]!.params).toEqual([{ query: 'rent', collectionIds: ['col-1'], k: 8 }]);
    expect(hit.textContent).toContain('lease.pdf');
    expect(hit.textContent).toContain('p. 4');
    expect(hit.querySelector('mark')?.textContent).toBe('rent');

    fireEvent.click(hit);
    expect(useSource.getState().source).toMatchObject({ documentId: 'd1', pageStart: 4, kind: 'pdf', n: null });
    const viewer = await screen.findByTestId('source-viewer');
    expect(viewer.textContent).toContain('lease.pdf');
    expect(viewer.textContent).toContain('Opening lease.pdf…');
  });

  it('renders only a window of a long table', async () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      documentRecord({ id: `d${i}`, name: `note-${i}.txt`, kind: 'text', status: 'ready' }),
    );
    await openDocuments(documentsBridge(many));
    await waitFor(() => expect(screen.getAllByTestId('document-row').length).toBeGreaterThan(0));
    const rendered = screen.getAllByTestId('document-row').length;
    expect(rendered).toBeLessThan(100);
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('1001');
  });
});

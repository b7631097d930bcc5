// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRecord } from '../../api';
import { BridgeProvider } from '../../bridge';
import { followCatalog } from '../../store/catalog';
import { followModels } from '../../store/models';
import { catalogItem, fitEstimate, modelRecord } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { ModelsView } from './ModelsView';

beforeEach(resetStores);
afterEach(cleanup);

function renderModels(models: ModelRecord[], overrides: Parameters<typeof createTestBridge>[0] = {}) {
  const test = createTestBridge({
    'models.list': () => models,
    'models.fit': () => fitEstimate({ verdict: 'gpu', summary: 'Fits in video memory (0.1 GiB of 8.0 GiB).' }),
    ...overrides,
  });
  const offs = [followModels(test.bridge), followCatalog(test.bridge)];
  render(
    <BridgeProvider bridge={test.bridge}>
      <ModelsView />
    </BridgeProvider>,
  );
  return { test, stop: () => offs.forEach((off) => off()) };
}

describe('ModelsView', () => {
  it('shows each model with its facts and fit badge', async () => {
    renderModels([modelRecord()]);
    const card = await screen.findByTestId('model-card');
    expect(within(card).getByRole('heading', { name: 'stories260K-chatml' })).toBeTruthy();
    expect(await within(card).findByTestId('fit-badge')).toHaveProperty('textContent', 'Fits on GPU');
    expect(within(card).getByTestId('fit-summary').textContent).toBe('Fits in video memory (0.1 GiB of 8.0 GiB).');
    const text = card.textContent ?? '';
    for (const fact of [
      'stories260K-chatml.gguf',
      '1.13 MiB',
      'llama',
      '292K',
      'F32',
      '512',
      'Copied into the library',
      'Imported',
      'Default',
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).toContain('e91d5487a7ef51ef…');
  });

  it('shows a failed model with its reason and retries with force', async () => {
    const { test } = renderModels([modelRecord({ status: 'failed', failure: 'Could not load: out of memory' })], {
      'models.load': () => ({ state: 'idle' }),
    });
    const failed = await screen.findByTestId('model-failed');
    expect(failed.textContent).toContain('Could not load: out of memory');
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(test.callsTo('models.load')[0]!.params).toEqual([{ id: 'model-1', force: true }]));
  });

  it('follows loading progress and shows the loaded model’s details', async () => {
    const { test } = renderModels([modelRecord()]);
    await screen.findByTestId('model-card');
    act(() => test.emit('models.state', { state: 'loading', modelId: 'model-1', progress: 0.5 }));
    expect(screen.getByTestId('model-load').textContent).toContain('Loading stories260K-chatml…');
    act(() =>
      test.emit('models.state', {
        state: 'ready',
        model: {
          modelId: 'model-1',
          label: 'stories260K-chatml',
          backend: 'cpu',
          contextSize: 512,
          gpuLayers: 0,
          threads: 4,
          chatWrapper: 'ChatML',
          loadMs: 180,
          note: null,
        },
      }),
    );
    const details = screen.getByTestId('loaded-details').textContent;
    expect(details).toContain('CPU');
    expect(details).toContain('context 512');
    expect(details).toContain('4 threads');
    expect(details).toContain('ChatML');
    expect(details).toContain('180 ms');
    expect(screen.getByRole('button', { name: 'Unload' })).toBeTruthy();
  });

  it('removes a model only after confirmation', async () => {
    const { test } = renderModels([modelRecord()], { 'models.remove': () => undefined });
    fireEvent.click(await screen.findByRole('button', { name: 'Remove…' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Its copy in Cellar’s library');
    expect(test.callsTo('models.remove')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(test.callsTo('models.remove')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('model-card')).toBeNull());
  });

  it('saves advanced settings, re-estimating the fit as they change', async () => {
    const { test } = renderModels([modelRecord()], {
      'models.update': ({ settings }) =>
        modelRecord({ settings: { contextSize: null, gpuLayers: null, threads: null, ...settings } }),
    });
    await screen.findByTestId('model-card');
    fireEvent.change(screen.getByLabelText('Context size'), { target: { value: '8192' } });
    await waitFor(
      () => expect(test.callsTo('models.fit').some((c) => JSON.stringify(c.params).includes('8192'))).toBe(true),
      {
        timeout: 2000,
      },
    );
    fireEvent.submit(screen.getByRole('button', { name: 'Save settings' }).closest('form')!);
    await waitFor(() => expect(test.callsTo('models.update')).toHaveLength(1));
    expect(test.callsTo('models.update')[0]!.params).toEqual([
      { id: 'model-1', settings: { contextSize: 8192, gpuLayers: null, threads: null } },
    ]);
  });

  it('lists the catalog with fit badges and switches offline mode', async () => {
    const { test } = renderModels([], {
      'catalog.list': () => [catalogItem()],
      'downloads.list': () => [],
      'settings.update': ({ offline }) => ({ offline: offline ?? false }),
    });
    const item = await screen.findByTestId('catalog-item');
    expect(item.textContent).toContain('apache-2.0');
    expect(within(item).getAllByTestId('fit-badge')).toHaveLength(2);
    expect(screen.getByText('Blocks every download; nothing leaves this computer.')).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: /Offline mode/ }));
    await waitFor(() => expect(test.callsTo('settings.update')[0]!.params).toEqual([{ offline: true }]));
    await waitFor(() =>
      expect(within(item).getAllByRole('button', { name: 'Download' })[0]).toHaveProperty('disabled', true),
    );
  });
});

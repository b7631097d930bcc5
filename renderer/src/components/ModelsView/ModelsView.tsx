import { useEffect, type ReactNode } from 'react';
import { useBridge } from '../../bridge';
import { refreshCatalog, useCatalog } from '../../store/catalog';
import { refreshModels, useModels } from '../../store/models';
import { Catalog } from '../Catalog/Catalog';
import { ImportPanel } from '../ImportPanel/ImportPanel';
import { ModelCard } from '../ModelCard/ModelCard';
import { Notice } from '../Notice/Notice';
import { OfflineSwitch } from '../OfflineSwitch/OfflineSwitch';
import { ViewHeader } from '../ViewHeader/ViewHeader';
import './ModelsView.css';

export function ModelsView() {
  const bridge = useBridge();
  const models = useModels((s) => s.models);
  const listError = useModels((s) => s.listError);

  // The catalog may have been missing or failed before: look again on every visit.
  useEffect(() => {
    if (useCatalog.getState().status !== 'ready') void refreshCatalog(bridge);
  }, [bridge]);

  return (
    <>
      <ViewHeader
        title="Models"
        description="GGUF models that run on this computer. Each is checked against this computer’s memory before it loads."
      />
      <div className="models-view">
        <Section title="Library" testId="library">
          {listError ? (
            <Notice
              title="Could not read the model library"
              error={listError}
              action={
                <button type="button" className="button button--small" onClick={() => void refreshModels(bridge)}>
                  Retry
                </button>
              }
            />
          ) : null}
          {models === null && !listError ? <p className="models-view__muted">Reading the library…</p> : null}
          {models?.length === 0 ? (
            <p className="models-view__empty">
              No models yet. Import a GGUF file you already have, or download one from the catalog below.
            </p>
          ) : null}
          {models?.map((model) => (
            <ModelCard key={model.id} model={model} />
          ))}
        </Section>

        <Section title="Import a GGUF file">
          <div className="models-view__card">
            <ImportPanel />
          </div>
        </Section>

        <Section title="Catalog" testId="catalog-section">
          <div className="models-view__card">
            <OfflineSwitch />
          </div>
          <Catalog />
        </Section>
      </div>
    </>
  );
}

function Section({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  const id = `models-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="models-view__section" aria-labelledby={id} data-testid={testId}>
      <h2 className="models-view__title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const models = useModels((s) => s.models);
  const listError = useModels((s) => s.listError);

  // The catalog may have been missing or failed before: look again on every visit.
  useEffect(() => {
    if (useCatalog.getState().status !== 'ready') void refreshCatalog(bridge);
  }, [bridge]);

  return (
    <>
      <ViewHeader title={t('models.title')} description={t('models.description')} />
      <div className="models-view">
        <Section id="library" title={t('models.library')} testId="library">
          {listError ? (
            <Notice
              title={t('models.couldNotRead')}
              error={listError}
              action={
                <button type="button" className="button button--small" onClick={() => void refreshModels(bridge)}>
                  {t('common.retry')}
                </button>
              }
            />
          ) : null}
          {models === null && !listError ? <p className="models-view__muted">{t('models.reading')}</p> : null}
          {models?.length === 0 ? <p className="models-view__empty">{t('models.empty')}</p> : null}
          {models?.map((model) => (
            <ModelCard key={model.id} model={model} />
          ))}
        </Section>

        <Section id="import" title={t('models.importTitle')}>
          <div className="models-view__card">
            <ImportPanel />
          </div>
        </Section>

        <Section id="catalog" title={t('models.catalog')} testId="catalog-section">
          <div className="models-view__card">
            <OfflineSwitch />
          </div>
          <Catalog />
        </Section>
      </div>
    </>
  );
}

function Section({
  id: name,
  title,
  testId,
  children,
}: {
  id: string;
  title: string;
  testId?: string;
  children: ReactNode;
}) {
  const id = `models-${name}`;
  return (
    <section className="models-view__section" aria-labelledby={id} data-testid={testId}>
      <h2 className="models-view__title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

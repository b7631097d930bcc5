import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useBridge } from '../../bridge';
import { setOffline, useCatalog } from '../../store/catalog';
import { Notice } from '../Notice/Notice';
import './OfflineSwitch.css';

/** Offline mode: one switch that blocks every download. */
export function OfflineSwitch() {
  const bridge = useBridge();
  const offline = useCatalog((s) => s.offline);
  const error = useCatalog((s) => s.actionErrors.settings);
  const id = useId();
  const { t } = useTranslation();
  return (
    <div className="offline-switch">
      <div className="offline-switch__row">
        <input
          id={id}
          type="checkbox"
          role="switch"
          className="switch"
          checked={offline === true}
          disabled={offline === null}
          onChange={(e) => void setOffline(bridge, e.target.checked)}
        />
        <label htmlFor={id} className="offline-switch__text">
          <span className="offline-switch__label">{t('trust.setting.offline')}</span>
          <span className="offline-switch__hint">{t('offline.hint')}</span>
        </label>
      </div>
      {error ? <Notice title={t('offline.couldNotChange')} error={error} /> : null}
    </div>
  );
}

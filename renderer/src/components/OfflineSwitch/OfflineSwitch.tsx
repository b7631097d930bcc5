import { useId } from 'react';
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
          <span className="offline-switch__label">Offline mode</span>
          <span className="offline-switch__hint">Blocks every download; nothing leaves this computer.</span>
        </label>
      </div>
      {error ? <Notice title="Could not change offline mode" error={error} /> : null}
    </div>
  );
}

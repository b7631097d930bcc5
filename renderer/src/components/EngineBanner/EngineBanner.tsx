import { useTranslation } from 'react-i18next';
import { useEngineStatus } from '../../store/engineStatus';
import { AlertIcon } from '../Icons/Icons';
import './EngineBanner.css';

/**
 * Tells the user, calmly, when the engine is down. A crash is routine (the
 * shell restarts the engine), so it reads as a notice, not an alarm; only a
 * failure to come back asks the user to act.
 */
export function EngineBanner() {
  const state = useEngineStatus((s) => s.state);
  const message = useEngineStatus((s) => s.message);
  const { t } = useTranslation();

  if (state === 'crashed' || state === 'restarting') {
    return (
      <div className="engine-banner engine-banner--restarting" role="status" data-testid="engine-banner">
        <span className="spinner engine-banner__icon" aria-hidden="true" />
        <div className="engine-banner__text">
          <p>
            <strong>{t('banner.restarting')}</strong> {t('banner.restartingBody')}
          </p>
          {message ? <p className="engine-banner__detail">{message}</p> : null}
        </div>
      </div>
    );
  }

  if (state === 'failed') {
    return (
      <div className="engine-banner engine-banner--failed" role="alert" data-testid="engine-banner">
        <AlertIcon size={18} className="engine-banner__icon" />
        <div className="engine-banner__text">
          <p>
            <strong>{t('banner.failed')}</strong> {t('banner.failedBody')}
          </p>
          {message ? <p className="engine-banner__detail">{message}</p> : null}
          <p className="engine-banner__hint">{t('banner.reopen')}</p>
        </div>
      </div>
    );
  }

  return null;
}

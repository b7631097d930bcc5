import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage, setLanguage, useLanguage } from '../../i18n';
import { ViewHeader } from '../ViewHeader/ViewHeader';
import './SettingsView.css';

/** Choices that belong to this window rather than the engine: for now, the language. */
export function SettingsView() {
  const { t } = useTranslation();
  const language = useLanguage();

  return (
    <>
      <ViewHeader title={t('settings.title')} description={t('settings.description')} />
      <div className="settings-view">
        <section className="settings-section" aria-labelledby="settings-language">
          <h2 className="settings-section__title" id="settings-language">
            {t('settings.language.title')}
          </h2>
          <div className="settings-card">
            <label className="settings-row" htmlFor="settings-language-select">
              <span className="settings-row__text">
                <span className="settings-row__label">{t('settings.language.label')}</span>
                <span className="settings-row__hint">{t('settings.language.hint')}</span>
              </span>
              <select
                id="settings-language-select"
                className="settings-select"
                value={language}
                onChange={(event) => {
                  if (isLanguage(event.target.value)) void setLanguage(event.target.value);
                }}
              >
                {LANGUAGES.map((lng) => (
                  <option key={lng} value={lng} lang={lng}>
                    {LANGUAGE_NAMES[lng]}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </section>
      </div>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage, setLanguage, useLanguage } from '../../i18n';
import { THEMES, isTheme, setTheme, useTheme } from '../../lib/theme';
import { ViewHeader } from '../ViewHeader/ViewHeader';
import './SettingsView.css';

/** Choices that belong to this window rather than the engine: the language and the theme. */
export function SettingsView() {
  const { t } = useTranslation();
  const language = useLanguage();
  const theme = useTheme((s) => s.theme);

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
        <section className="settings-section" aria-labelledby="settings-theme">
          <h2 className="settings-section__title" id="settings-theme">
            {t('settings.theme.title')}
          </h2>
          <div className="settings-card">
            <label className="settings-row" htmlFor="settings-theme-select">
              <span className="settings-row__text">
                <span className="settings-row__label">{t('settings.theme.label')}</span>
                <span className="settings-row__hint">{t('settings.theme.hint')}</span>
              </span>
              <select
                id="settings-theme-select"
                className="settings-select"
                value={theme}
                onChange={(event) => {
                  if (isTheme(event.target.value)) setTheme(event.target.value);
                }}
              >
                {THEMES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`settings.theme.${choice}`)}
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

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
        <SettingsChoice
          id="settings-language"
          title={t('settings.language.title')}
          label={t('settings.language.label')}
          hint={t('settings.language.hint')}
          value={language}
          options={LANGUAGES.map((lng) => ({ value: lng, label: LANGUAGE_NAMES[lng], lang: lng }))}
          onChange={(value) => {
            if (isLanguage(value)) void setLanguage(value);
          }}
        />
        <SettingsChoice
          id="settings-theme"
          title={t('settings.theme.title')}
          label={t('settings.theme.label')}
          hint={t('settings.theme.hint')}
          value={theme}
          options={THEMES.map((choice) => ({ value: choice, label: t(`settings.theme.${choice}`) }))}
          onChange={(value) => {
            if (isTheme(value)) setTheme(value);
          }}
        />
      </div>
    </>
  );
}

/** One setting: a titled card with a labelled select. */
function SettingsChoice(props: {
  id: string;
  title: string;
  label: string;
  hint: string;
  value: string;
  options: Array<{ value: string; label: string; lang?: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <section className="settings-section" aria-labelledby={props.id}>
      <h2 className="settings-section__title" id={props.id}>
        {props.title}
      </h2>
      <div className="settings-card">
        <label className="settings-row" htmlFor={`${props.id}-select`}>
          <span className="settings-row__text">
            <span className="settings-row__label">{props.label}</span>
            <span className="settings-row__hint">{props.hint}</span>
          </span>
          <select
            id={`${props.id}-select`}
            className="settings-select"
            value={props.value}
            onChange={(event) => props.onChange(event.target.value)}
          >
            {props.options.map((option) => (
              <option key={option.value} value={option.value} lang={option.lang}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}

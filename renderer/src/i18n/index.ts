import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './locales/en.json';
import vi from './locales/vi.json';
import zhCN from './locales/zh-CN.json';

/** The languages the interface is written in; English is the source and the fallback. */
export const LANGUAGES = ['en', 'vi', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, shown in the picker as a native speaker would look for it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  vi: 'Tiếng Việt',
  'zh-CN': '简体中文',
};

/**
 * The locale Intl formats with. English keeps the day-month-year house style
 * ("12 Mar 2025"); the others use their own conventions (vi: "12 thg 3, 2025",
 * 1.234,5; zh-CN: "2025年3月12日").
 */
const INTL_LOCALES: Record<Language, string> = { en: 'en-GB', vi: 'vi-VN', 'zh-CN': 'zh-CN' };

/** Where the choice is kept: the window's own storage, beside the engine's data but not in it. */
export const LANGUAGE_STORAGE_KEY = 'cellar.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language to start in: the one chosen in Settings, else the first of the
 * system's languages that Cellar speaks (any Chinese maps to Simplified), else English.
 */
export function pickLanguage(stored: string | null, systemLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of systemLanguages) {
    const lower = tag.toLowerCase();
    if (lower === 'vi' || lower.startsWith('vi-')) return 'vi';
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** Tests run in English, whatever the machine speaks; the app follows the stored choice or the OS. */
const initial: Language = import.meta.env?.MODE === 'test' ? 'en' : pickLanguage(readStored(), systemLanguages());

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  resources: { en: { translation: en }, vi: { translation: vi }, 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false }, // React escapes; text is never set as HTML
  returnNull: false,
  initAsync: false,
});

function applyToDocument(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
applyToDocument(initial);
i18n.on('languageChanged', (lng) => applyToDocument(isLanguage(lng) ? lng : 'en'));

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/** The Intl locale for the current language. */
export function intlLocale(): string {
  return INTL_LOCALES[currentLanguage()];
}

/** Switch now (every translated component re-renders) and remember the choice. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode); the switch still applies for this session.
  }
  await i18n.changeLanguage(language);
}

/** The current language, re-rendering when it changes. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return isLanguage(instance.language) ? instance.language : 'en';
}

export const t = i18n.t.bind(i18n);

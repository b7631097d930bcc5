import type en from './locales/en.json';

// Keys are checked at compile time against the English messages, the source of every locale.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

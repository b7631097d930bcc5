import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import vi from './locales/vi.json';
import zhCN from './locales/zh-CN.json';

type Messages = { [key: string]: string | Messages };

const LOCALES: Record<string, Messages> = { en, vi, 'zh-CN': zhCN };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf as "a.b.c" → text. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** Keys without their plural suffix, each with the plural forms the locale gives it. */
function byBaseKey(flat: Map<string, string>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, text] of flat) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const forms = out.get(base) ?? new Map<string, string>();
    forms.set(match ? match[1]! : '', text);
    out.set(base, forms);
  }
  return out;
}

/** `{{name}}` placeholders and `<tag>` components, the parts a translation must keep. */
function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const tags = [...text.matchAll(/<\/?([a-z][\w-]*)>/g)].map((m) => m[0]);
  return [...new Set([...names, ...tags])].sort();
}

const english = byBaseKey(flatten(en));

describe.each(Object.keys(LOCALES).filter((l) => l !== 'en'))('messages in %s', (locale) => {
  const messages = byBaseKey(flatten(LOCALES[locale]!));

  it('has every English key, and no key English lacks', () => {
    expect([...messages.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !messages.has(k))).toEqual([]);
  });

  it('gives a plural key exactly the forms the language needs', () => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.slice().sort();
    for (const [key, forms] of messages) {
      const plural = english.get(key)!.has('') ? [''] : categories;
      expect([key, [...forms.keys()].sort()]).toEqual([key, [...plural].sort()]);
    }
  });

  it('keeps the placeholders and tags of the English text', () => {
    for (const [key, forms] of messages) {
      const source = [...english.get(key)!.values()].flatMap(placeholders);
      const wanted = [...new Set(source)].filter((p) => p !== '{{count}}').sort();
      for (const text of forms.values()) {
        const got = placeholders(text).filter((p) => p !== '{{count}}');
        expect([key, got]).toEqual([key, wanted]);
      }
    }
  });

  it('is not English left untranslated', () => {
    const same = [...messages].filter(([key, forms]) => {
      const source = english.get(key)!;
      const words = (text: string): boolean => /[a-z]{4}/.test(text.replace(/\{\{[^}]*\}\}|<[^>]*>/g, ''));
      return [...forms.values()].every((text) => [...source.values()].includes(text) && words(text));
    });
    // Names and codes read the same in every language.
    const allowed = new Set([
      'sampling.topP.label',
      'format.bytes', // "byte" is the Vietnamese word too
      'addDocs.placeholder', // example paths
      'importPanel.placeholder',
    ]);
    expect(same.map(([key]) => key).filter((key) => !allowed.has(key))).toEqual([]);
  });
});

describe('English messages', () => {
  it('give every plural key the forms English needs', () => {
    for (const [key, forms] of english) {
      if (forms.has('')) continue;
      expect([key, [...forms.keys()].sort()]).toEqual([key, ['one', 'other']]);
    }
  });
});

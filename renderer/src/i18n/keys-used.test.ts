import { describe, expect, it } from 'vitest';
import en from './locales/en.json';

/**
 * Every message is used: a translator never works on words nobody sees. A key counts as used
 * when the code names it in quotes, or builds it from a template whose fixed start it has
 * (`nav.${view}` uses every nav.* key).
 */
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

type Messages = { [key: string]: string | Messages };

function keysOf(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [(prefix + key).replace(/_(zero|one|two|few|many|other)$/, '')]
      : keysOf(value, `${prefix}${key}.`),
  );
}

describe('the English messages', () => {
  it('are each used by the code', () => {
    const code = Object.values(sources).join('\n');
    const named = new Set([...code.matchAll(/['"]([a-zA-Z]+(?:\.[\w]+)+)['"]/g)].map((m) => m[1]!));
    const built = [...code.matchAll(/`([a-zA-Z]+(?:\.[\w]+)*\.)\$\{/g)].map((m) => m[1]!);
    const unused = [...new Set(keysOf(en))].filter(
      (key) => !named.has(key) && !built.some((start) => key.startsWith(start)),
    );
    expect(unused).toEqual([]);
  });
});

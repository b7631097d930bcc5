import { describe, expect, it } from 'vitest';

/**
 * Every icon-only button has a name a screen reader can say: a <button> styled as an icon button
 * carries an aria-label (its title is only a tooltip).
 */
const sources = import.meta.glob<string>(['../**/*.tsx', '!../**/*.test.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('icon buttons', () => {
  it('each have an aria-label', () => {
    const unnamed: string[] = [];
    let seen = 0;
    for (const [file, code] of Object.entries(sources)) {
      // The opening tag of each <button …>, up to the first > that ends it (JSX values are in braces).
      for (const match of code.matchAll(/<button\b((?:[^>{]|\{[^}]*\})*)>/g)) {
        const tag = match[1]!;
        if (!/className=["{`][^"}`]*\bicon-button\b/.test(tag)) continue;
        seen += 1;
        if (!/\baria-label(ledby)?=/.test(tag)) unnamed.push(`${file}: ${tag.replace(/\s+/g, ' ').slice(0, 120)}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(unnamed).toEqual([]);
  });
});

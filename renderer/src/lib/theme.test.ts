// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import css from '../styles/theme.css?raw';
import { THEME_STORAGE_KEY, isTheme, setTheme, useTheme } from './theme';

afterEach(() => setTheme('system'));

describe('the theme choice', () => {
  it('marks <html> for light or dark, and nothing for the system setting', () => {
    setTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(useTheme.getState().theme).toBe('dark');
    setTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    setTheme('system');
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(useTheme.getState().theme).toBe('system');
  });

  it('is remembered in the window storage, beside the language', () => {
    setTheme('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    setTheme('system');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('system');
  });

  it('accepts only its three values', () => {
    expect(['system', 'light', 'dark'].every(isTheme)).toBe(true);
    expect(isTheme('sepia')).toBe(false);
    expect(isTheme(null)).toBe(false);
  });
});

describe('theme.css', () => {
  it('gives a dark system and a chosen dark the same tokens', () => {
    expect(css.length).toBeGreaterThan(1000);
    const block = (selector: string): string[] => {
      const start = css.indexOf(`${selector} {`);
      expect(start, selector).toBeGreaterThan(-1);
      const body = css.slice(start + selector.length + 2, css.indexOf('}', start));
      return body
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d.startsWith('--'));
    };
    const system = block(":root:not([data-theme='light'])");
    expect(system.length).toBeGreaterThan(20);
    expect(block(":root[data-theme='dark']")).toEqual(system);
  });
});

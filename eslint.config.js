import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The folder boundaries of DESIGN.md, enforced: only electron/ imports
// electron; the renderer imports neither Node nor the engine's code.
const noElectron = { name: 'electron', message: 'Only electron/ may import electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: ['**/renderer/**', '**/electron/**'] }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['node:*'], message: 'The renderer is a sandboxed web page: no Node modules.' },
            {
              regex: '(^|/)native/(?!api/contract(\\.js)?$)',
              message: 'The renderer reaches the engine only through window.cellar.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every word a user sees goes through t(): JSX text, the attributes people
    // see or hear (titles, labels, placeholders), and strings in JSX expressions.
    files: ['renderer/src/**/*.tsx'],
    ignores: ['renderer/src/**/*.test.tsx', 'renderer/src/test/**'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: [
              'title',
              'label',
              'placeholder',
              'alt',
              'aria-label',
              'aria-description',
              'aria-valuetext',
              'aria-roledescription',
              'description',
              'message',
              'summary',
              'hint',
              'text',
              'heading',
              'confirmLabel',
              'children',
            ],
            exclude: ['.*'],
          },
          callees: {
            exclude: ['t', 'translate', 'i18n(ext)?', 'require', 'addEventListener', 'removeEventListener', 'includes'],
          },
          // Numbers, punctuation, codes in capitals, and names that are never translated.
          words: {
            exclude: [
              '[0-9!-/:-@[-`{-~]+',
              '[A-Z_-]+',
              '^\\p{Emoji}+$',
              '^[·•–—…→←×%/\\s]+$',
              '^(Cellar|llama\\.cpp|Node\\.js|GGUF|SHA-256)$',
            ],
          },
        },
      ],
    },
  },
  {
    files: ['native/harness/browser-bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);

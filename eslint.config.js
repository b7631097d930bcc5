import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
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
    files: ['native/harness/browser-bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);

/** Steps through the UI that several end-to-end tests take. */
import type { Page } from '@playwright/test';
import { modelPath } from '../native/testing/fixtures.js';
import { expect } from './harness.js';

/** Import one of the tiny test models by pasting its path (Models view or first-run screen). */
export async function importModel(page: Page, file: string): Promise<void> {
  await page.getByLabel('Full path of a .gguf file').fill(modelPath(file));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-done')).toContainText('to the library', { timeout: 30_000 });
}

/** Set the open chat's max tokens through its Sampling panel. */
export async function setMaxTokens(page: Page, value: number): Promise<void> {
  await page.getByRole('button', { name: 'Sampling' }).click();
  await page.getByLabel('Max tokens').fill(String(value));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Close', exact: true }).click();
}

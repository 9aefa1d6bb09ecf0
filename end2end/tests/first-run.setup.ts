import { expect, test } from '@playwright/test';
import { OWNER_STATE, PASSWORD, SETUP_TOKEN, hydrated, watchForErrors } from './owner';

test('on first run the owner sets the console password and is logged in', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/agents');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set the console password' })).toBeVisible();
  await hydrated(page);

  // Without the token the console printed at start, nobody else can take the console first.
  await page.getByLabel('Setup token', { exact: true }).fill('a-guessed-setup-token');
  await page.getByLabel('Console password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText(/is not the setup token the console printed/)).toBeVisible();

  await page.getByLabel('Setup token', { exact: true }).fill(SETUP_TOKEN);
  await page.getByLabel('Console password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('The password must be at least 10 characters long.')).toBeVisible();

  await page.getByLabel('Console password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  await page.context().storageState({ path: OWNER_STATE });
  expect(errors).toEqual([]);
});

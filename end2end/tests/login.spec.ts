import { expect, test } from '@playwright/test';
import { PASSWORD, hydrated } from './owner';

// A browser of its own, so that logging out here leaves the other tests' session alone.
test.use({ storageState: { cookies: [], origins: [] } });

test('a wrong password is refused next to the field; the right one logs in and logging out ends it', async ({
  page,
}) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);

  await page.getByLabel('Console password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('That is not the console password.')).toBeVisible();

  await page.getByLabel('Console password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Console password', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login$/);
});

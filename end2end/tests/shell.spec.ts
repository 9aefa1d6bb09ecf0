import { expect, test } from '@playwright/test';
import { OWNER_STATE, hydrated, watchForErrors } from './owner';

test('testing the connections calls every sandbox platform and shows how fast it answered', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.locator('.mode-badge')).toHaveText('Sandbox');
  await hydrated(page);

  const button = page.getByRole('button', { name: 'Test connections' });
  await button.click();
  for (const platform of ['clawgram', 'clawtter', 'threads']) {
    await expect(page.locator(`.connection[data-platform="${platform}"] .status-ok`)).toHaveText(
      /^✓ Answered in \d+ ms$/,
    );
  }
  await expect(button).toBeEnabled();
  await page.screenshot({ path: 'test-results/screenshots/settings.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('every section is rendered on the server, before any script runs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: OWNER_STATE });
  const page = await context.newPage();
  const sections = ['Agents', 'Compose', 'Schedule', 'Feeds', 'Notifications', 'Settings'];
  for (const section of sections) {
    const response = await page.goto(`/${section.toLowerCase()}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
    await expect(page).toHaveTitle(`${section} · Clawdesk`);
    await expect(page.locator('.mode-badge')).toHaveText('Sandbox');
    await expect(page.getByRole('link', { name: section, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  await context.close();
});

test('every section comes alive in the browser without an error in the console', async ({ page }) => {
  const errors = watchForErrors(page);
  for (const section of ['Agents', 'Compose', 'Schedule', 'Feeds', 'Notifications', 'Settings']) {
    await page.goto(`/${section.toLowerCase()}`);
    await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
    await hydrated(page);
  }
  expect(errors).toEqual([]);
});

test('the navigation moves between sections without reloading, by mouse and by keyboard', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/agents');
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));

  await page.getByRole('link', { name: 'Compose', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compose' })).toBeVisible();
  await expect(page).toHaveURL(/\/compose$/);

  await page.getByRole('link', { name: 'Schedule', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same document');
  expect(errors).toEqual([]);
});

test('an unknown address answers 404 with a page that leads back', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your agents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
});

test('at phone width the navigation stays reachable and nothing overflows sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/settings');
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Agents', exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/settings-phone.png', fullPage: true });
});

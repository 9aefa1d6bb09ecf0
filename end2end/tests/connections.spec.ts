import { expect, test, type Page } from '@playwright/test';
import { OWNER_STATE, PASSWORD, hydrated, watchForErrors } from './owner';

// The tests change the connections that every later spec file uses: in order, and put back afterwards.
test.describe.configure({ mode: 'serial' });

/** Port 9 (discard) on loopback is closed on these machines: the connection is refused at once. */
const UNREACHABLE = 'http://127.0.0.1:9/api/v1';
const QUEUE_SECRET = 'e2e-queue-secret-7f3a9c51';
const ADDRESS_LABELS = ['Clawgram API address', 'Clawtter API address', 'Threads backend address'];

/** The connections as this file found them. */
let original: { addresses: string[]; tenantId: string };

function connections(page: Page) {
  return page.getByRole('form', { name: 'Platform connections' });
}

async function openSettings(page: Page) {
  await page.goto('/settings');
  await hydrated(page);
  return connections(page);
}

async function save(page: Page, outcome: string | RegExp) {
  await connections(page).getByRole('button', { name: 'Save connections' }).click();
  await expect(connections(page).getByRole('status').filter({ hasText: outcome })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: OWNER_STATE });
  const form = await openSettings(page);
  const addresses = [];
  for (const label of ADDRESS_LABELS) addresses.push(await form.getByLabel(label, { exact: true }).inputValue());
  original = { addresses, tenantId: await form.getByLabel('Tenant id', { exact: true }).inputValue() };
  await page.close();
});

// Whatever a test left behind (also when it failed half-way), the later spec files get the sandbox back.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: OWNER_STATE });
  const form = await openSettings(page);
  for (const [i, label] of ADDRESS_LABELS.entries()) {
    await form.getByLabel(label, { exact: true }).fill(original.addresses[i]);
  }
  await form.getByLabel('Tenant id', { exact: true }).fill(original.tenantId);
  // Asked for only when an address differs from the one in use.
  const password = form.getByLabel('Console password (optional)');
  if (await password.isVisible()) await password.fill(PASSWORD);
  const forget = form.getByLabel('Forget the stored queue secret');
  if (await forget.count()) await forget.check();
  await save(page, /^(Changed: .*|Nothing to change: these are the settings in use)\.$/);
  await page.close();
});

test('the Threads tenant id and queue secret are kept after a reload, the secret shown only as set', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  let form = await openSettings(page);
  await expect(form.getByLabel('Tenant id', { exact: true })).toHaveValue('agency_paris');
  await expect(form.getByText("No queue secret is saved: the sandbox backend's own is used.")).toBeVisible();

  await form.getByLabel('Tenant id', { exact: true }).fill('agency_lyon');
  await form.getByLabel('Queue secret (optional)').fill(QUEUE_SECRET);
  await save(page, 'Changed: Threads tenant id, Threads queue secret.');

  await page.reload();
  await hydrated(page);
  form = connections(page);
  await expect(form.getByLabel('Tenant id', { exact: true })).toHaveValue('agency_lyon');
  await expect(form.getByText(/^A queue secret is stored \(…[0-9a-f]{6}, set just now\)\.$/)).toBeVisible();
  await expect(form.getByLabel('Queue secret (optional)')).toHaveValue('');
  await expect(form.getByLabel('Queue secret (optional)')).toHaveAttribute('placeholder', 'Stored; leave empty to keep it');
  await expect(page.locator('.audit-list')).toContainText('Changed the Threads queue secret');
  expect(await page.content()).not.toContain(QUEUE_SECRET);

  // An empty secret field keeps the stored secret.
  await form.getByLabel('Tenant id', { exact: true }).fill('agency_nice');
  await save(page, 'Changed: Threads tenant id.');
  await expect(form.getByText(/^A queue secret is stored/)).toBeVisible();

  await form.getByLabel('Tenant id', { exact: true }).fill(original.tenantId);
  await form.getByLabel('Forget the stored queue secret').check();
  await save(page, 'Changed: Threads tenant id, Threads queue secret.');
  await expect(form.getByText("No queue secret is saved: the sandbox backend's own is used.")).toBeVisible();
  expect(errors).toEqual([]);
});

test('an address that is not http(s) is refused next to its field, and the typed value stays', async ({ page }) => {
  const form = await openSettings(page);
  const clawgram = form.getByLabel('Clawgram API address', { exact: true });
  await clawgram.fill('ftp://x');
  await clawgram.press('Enter');
  const field = form.locator('.field').filter({ has: page.getByLabel('Clawgram API address', { exact: true }) });
  await expect(field.getByRole('alert')).toHaveText(
    'This Clawgram address cannot be used: it must start with http:// or https://.',
  );
  await expect(clawgram).toHaveAttribute('aria-invalid', 'true');
  await expect(clawgram).toHaveValue('ftp://x');

  await page.reload();
  await expect(connections(page).getByLabel('Clawgram API address', { exact: true })).toHaveValue(
    original.addresses[0],
  );
});

test('pointing Clawgram at a closed port fails its test; the original address passes it again', async ({ page }) => {
  const errors = watchForErrors(page);
  const form = await openSettings(page);
  const row = page.locator('.connection[data-platform="clawgram"]');
  await form.getByLabel('Clawgram API address', { exact: true }).fill(UNREACHABLE);
  await form.getByLabel('Console password (optional)').fill(PASSWORD);
  await save(page, 'Changed: Clawgram address.');
  await expect(row).toContainText('Changed here, until the console stops');

  await row.getByRole('button', { name: 'Test Clawgram' }).click();
  await expect(row.locator('.status-error')).toHaveText(/^✕ could not reach Clawgram: .*refused/i);
  await page.screenshot({ path: 'test-results/screenshots/settings-connection-failed.png', fullPage: true });

  await form.getByLabel('Clawgram API address', { exact: true }).fill(original.addresses[0]);
  await form.getByLabel('Console password (optional)').fill(PASSWORD);
  await save(page, 'Changed: Clawgram address.');
  await expect(row).toContainText("The sandbox's address");
  await row.getByRole('button', { name: 'Test Clawgram' }).focus();
  await page.keyboard.press('Enter');
  await expect(row.locator('.status-ok')).toHaveText(/^✓ Answered in \d+ ms$/);
  expect(errors).toEqual([]);
});

test('changing an address without the console password is refused next to the password field', async ({ page }) => {
  const form = await openSettings(page);
  const password = form.getByLabel('Console password (optional)');
  await expect(password, 'no password is asked for while the addresses are the ones in use').toBeHidden();
  await form.getByLabel('Clawgram API address', { exact: true }).fill(UNREACHABLE);
  await password.fill('not the console password');
  await form.getByRole('button', { name: 'Save connections' }).click();
  await expect(form.getByText('That is not the console password.')).toBeVisible();

  await page.reload();
  await hydrated(page);
  await expect(connections(page).getByLabel('Clawgram API address', { exact: true })).toHaveValue(
    original.addresses[0],
  );
});

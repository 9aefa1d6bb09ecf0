import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { png } from './images';
import { hydrated, watchForErrors } from './owner';

// The tests build on each other's agents, in order.
test.describe.configure({ mode: 'serial' });

/** The sandbox Clawgram's API base, as the Settings page shows it. */
async function clawgramBase(page: Page): Promise<string> {
  await page.goto('/settings');
  return (await page.getByLabel('Clawgram API address', { exact: true }).inputValue()).trim();
}

/** Registers an agent straight on the sandbox Clawgram, as an agent run elsewhere would; returns its key. */
async function registerElsewhere(request: APIRequestContext, base: string, name: string): Promise<string> {
  const registered = await request.post(`${base}/agents/register`, { data: { name, description: 'Run elsewhere' } });
  expect(registered.status()).toBe(201);
  return (await registered.json()).data.agent.api_key;
}

function agentRow(page: Page, handle: string) {
  return page.locator(`.agent-row[data-handle="${handle}"]`);
}

test('registering on Clawgram keeps the key in the console and shows the agent waiting to be claimed', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  const base = await clawgramBase(page);
  await page.goto('/agents');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Register on Clawgram' });

  // The name is checked as it is typed, before anything is sent.
  const name = form.getByLabel('Name', { exact: true });
  await name.pressSequentially('ab');
  await expect(form.getByText('The name must be at least 3 characters (it has 2).')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await registerElsewhere(page.request, base, 'taken_by_another');
  await name.fill('');
  await name.pressSequentially('Taken_By_Another');
  await expect(form.getByText('“taken_by_another” is taken on Clawgram; choose another name.')).toBeVisible();
  await name.fill('');
  await name.pressSequentially('Tide_Painter');
  await expect(form.getByRole('status')).toHaveText('✓ “tide_painter” is free on Clawgram.');
  await expect(name).toHaveAttribute('aria-invalid', 'false');

  await form.getByLabel('Description', { exact: true }).fill('Paints tide pools at dawn');
  await name.press('Enter');
  const outcome = page.getByRole('status').filter({ hasText: 'tide_painter is in the console on Clawgram' });
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText(/verification code crab-/);
  await expect(outcome.locator('code')).toHaveText(/^claw_/);

  const row = agentRow(page, 'tide_painter');
  await expect(row).toContainText('Waiting to be claimed');
  await expect(row).toContainText('No avatar: writes blocked');
  await expect(row).toContainText('✓ Key works');
  await expect(row.locator('code')).toHaveText(/^claw_/);

  await form.getByRole('button', { name: 'Register' }).click();
  await expect(form.getByText(/already has an agent "tide_painter"/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('registering on Clawtter shows the new identity with its hourly quota', async ({ page }) => {
  await page.goto('/agents');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Register on Clawtter' });
  await form.getByLabel('Identity id', { exact: true }).fill('night_scribe');
  await form.getByLabel('Nickname', { exact: true }).fill('Night Scribe');
  await form.getByLabel('Bio (optional)').fill('Writes after midnight.');
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'night_scribe is in the console on Clawtter' })).toBeVisible();
  const row = agentRow(page, 'night_scribe');
  await expect(row).toContainText('Night Scribe');
  await expect(row).toContainText('20 posts left this hour');
});

test('importing by key refuses a key the platform does not know and takes a good one with its profile', async ({
  page,
  request,
}) => {
  const base = await clawgramBase(page);
  const apiKey = await registerElsewhere(request, base, 'harbour_seal');

  await page.goto('/agents');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Import with a key' });
  await form.getByLabel('Platform').selectOption('clawgram');
  await form.getByLabel('API key').fill('claw_test_not_a_real_key');
  await form.getByRole('button', { name: 'Check and import' }).click();
  await expect(form.getByText('Clawgram does not accept this key.')).toBeVisible();
  await expect(agentRow(page, 'harbour_seal')).toHaveCount(0);

  await form.getByLabel('API key').fill(apiKey);
  await form.getByRole('button', { name: 'Check and import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'harbour_seal is in the console on Clawgram' })).toBeVisible();
  await expect(agentRow(page, 'harbour_seal')).toContainText('✓ Key works');
  // The key itself never reaches the page.
  expect(await page.content()).not.toContain(apiKey);
});

/** tide_painter's row with its claim panel open and the owner's email typed in, ready to send. */
async function claimFormFilled(page: Page) {
  await page.goto('/agents');
  await hydrated(page);
  const row = agentRow(page, 'tide_painter');
  await row.getByText('Claim by email').click();
  const send = row.getByRole('form', { name: 'Send the claim email' });
  await send.getByLabel('Owner email').fill('owner@example.test');
  return { row, send };
}

test('a platform failure on the claim form shows what the platform said: its status and code', async ({ page }) => {
  const origin = (await clawgramBase(page)).replace(/\/api\/v1$/, '');
  const { send } = await claimFormFilled(page);
  // Every Clawgram answer is a 503 until the faults are put back.
  expect((await page.request.put(`${origin}/_sandbox/faults`, { data: { server_error_share: 1.0 } })).status()).toBe(200);
  try {
    await send.getByRole('button', { name: 'Send the claim email' }).click();
    await expect(send.getByRole('alert')).toHaveText(
      /^Clawgram answered 503: The service is temporarily unavailable.*\(Clawgram 503: code internal_error( · request [^)]+)?\)$/,
    );
  } finally {
    expect((await page.request.put(`${origin}/_sandbox/faults`, { data: {} })).status()).toBe(200);
  }
});

test('claiming by email sends the token, refuses a wrong one and completes with the claim link', async ({
  page,
  request,
}) => {
  const { row, send } = await claimFormFilled(page);
  await send.getByRole('button', { name: 'Send the claim email' }).click();
  await expect(row.getByRole('status')).toContainText('Clawgram sent the claim email to owner@example.test');
  await expect(row.locator('.countdown')).toHaveText(/^The token works for 1[45]:\d\d more\.$/);
  await row.screenshot({ path: 'test-results/screenshots/claim.png' });

  const mailbox = await row.getByRole('link', { name: 'sandbox mailbox' }).getAttribute('href');
  const emails = await (await request.get(`${mailbox}.json?to=owner@example.test`)).json();
  const complete = row.getByRole('form', { name: 'Complete the claim' });
  await complete.getByLabel('Token or claim link').fill('claw_owner_email_wrong');
  await complete.getByRole('button', { name: 'Complete the claim' }).click();
  await expect(complete.getByText(/Clawgram does not know this token/)).toBeVisible();

  await complete.getByLabel('Token or claim link').fill(emails[0].link);
  await complete.getByRole('button', { name: 'Complete the claim' }).click();
  await expect(row.locator('.pill', { hasText: 'Claimed' })).toBeVisible();
  await expect(row.getByText('Claim by email')).toHaveCount(0);
});

test('editing profiles: a Clawgram bio and https website, a Clawtter nickname', async ({ page }) => {
  await page.goto('/agents');
  await hydrated(page);
  const painter = agentRow(page, 'tide_painter');
  await painter.getByText('Edit profile').click();
  const form = painter.getByRole('form', { name: 'Edit profile' });
  await form.getByLabel('Bio (optional)').fill('Paints the harbour at noon.');
  await form.getByLabel('Website (optional)').fill('http://tide.example');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByText('The website must be an https:// address.')).toBeVisible();
  await form.getByLabel('Website (optional)').fill('https://tide.example');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(agentRow(page, 'tide_painter').locator('.agent-bio')).toHaveText('Paints the harbour at noon.');

  const scribe = agentRow(page, 'night_scribe');
  await scribe.getByText('Edit profile').click();
  await scribe.getByLabel('Nickname').fill('Midnight Scribe');
  await scribe.getByRole('button', { name: 'Save profile' }).click();
  await expect(agentRow(page, 'night_scribe').locator('.agent-name')).toContainText('Midnight Scribe');
});

test('an avatar is refused when the file is not an image, dropped with a preview, uploaded with progress, and removed after a warning', async ({
  page,
}) => {
  test.slow(); // The upload crosses a throttled uplink on purpose.
  const errors = watchForErrors(page);
  await page.goto('/agents');
  await hydrated(page);
  const painter = agentRow(page, 'tide_painter');
  await painter.getByText('Avatar', { exact: true }).click();
  const form = painter.getByRole('form', { name: 'Set the avatar' });

  await form.getByLabel('Image').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just notes') });
  await expect(form).toContainText('Chosen: notes.png');
  await form.getByRole('button', { name: 'Upload avatar' }).click();
  await expect(form.getByRole('alert')).toHaveText(/This file is not an image/);
  await expect(agentRow(page, 'tide_painter')).toContainText('No avatar: writes blocked');

  // Dropped, as from a file manager: the picker previews the file itself before anything is sent.
  const photo = png(900, 900, true);
  const dropped = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'harbour.png', { type: 'image/png' }));
    return transfer;
  }, [...photo]);
  await form.locator('.avatar-picker').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(form.getByAltText('The chosen avatar')).toHaveAttribute('src', /^blob:/);
  await expect(form).toContainText('Chosen: harbour.png, 2.4 MB');
  await expect(form.getByRole('alert')).toHaveCount(0);

  // A slow uplink, so that the upload's progress can be seen.
  const network = await page.context().newCDPSession(page);
  await network.send('Network.enable');
  await network.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 600 * 1024,
  });
  await form.getByRole('button', { name: 'Upload avatar' }).click();
  await expect(form.getByRole('status')).toContainText(/Uploading… \d+%/);
  await expect(form.getByRole('progressbar', { name: 'Upload progress' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'tide_painter has a new avatar on Clawgram' })).toContainText(
    /900 × 900 PNG, \d+ KB, sent as uploaded/,
    { timeout: 20_000 },
  );
  await network.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
  });
  const row = agentRow(page, 'tide_painter');
  await expect(row).toContainText('Avatar set');
  await expect(row.locator('img.avatar')).toHaveJSProperty('complete', true);
  expect(await row.locator('img.avatar').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(900);

  // The panel stays open and shows the avatar the agent now has, as Clawgram serves it.
  const avatarUrl = await row.locator('img.avatar').getAttribute('src');
  expect(avatarUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  await expect(form.getByAltText('The chosen avatar')).toHaveAttribute('src', avatarUrl!);
  await expect(form).not.toContainText('Chosen:');

  await row.getByRole('button', { name: 'Remove avatar…' }).click();
  await expect(row.getByRole('group', { name: 'Remove the avatar?' })).toContainText(
    "Clawgram refuses this agent's posts, comments, likes and follows until a new one is set.",
  );
  await row.getByRole('button', { name: 'Keep it' }).click();
  await row.getByRole('button', { name: 'Remove avatar…' }).click();
  await row.getByRole('button', { name: 'Remove avatar', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: "tide_painter's avatar is removed" })).toBeVisible();
  await expect(agentRow(page, 'tide_painter')).toContainText('No avatar: writes blocked');
  expect(errors).toEqual([]);
});

test('registering on Clawtter with an avatar sets it once the identity exists', async ({ page }) => {
  await page.goto('/agents');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Register on Clawtter' });
  await form.getByLabel('Identity id', { exact: true }).fill('portrait_scribe');
  await form.getByLabel('Nickname', { exact: true }).fill('Portrait Scribe');
  await form.getByLabel('Image').setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: png(1600, 1200) });
  await expect(form.getByAltText('The chosen avatar')).toHaveAttribute('src', /^blob:/);
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'portrait_scribe has its avatar' })).toContainText(
    /1024 × 768 JPEG, \d+ KB, converted for Clawtter/,
  );
  const row = agentRow(page, 'portrait_scribe');
  await expect(row.locator('img.avatar')).toHaveJSProperty('complete', true);
  expect(await row.locator('img.avatar').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1024);
});

test('rotating a key writes the new one into the delivery file and the old one stops working', async ({
  page,
  request,
}) => {
  const base = await clawgramBase(page);
  const oldKey = await registerElsewhere(request, base, 'key_turner');
  const envFile = join(mkdtempSync(join(tmpdir(), 'clawdesk-e2e-')), '.env');
  writeFileSync(envFile, `MODEL=small\nCLAWGRAM_API_KEY=${oldKey}\n`);

  await page.goto('/agents');
  await hydrated(page);
  const importForm = page.getByRole('form', { name: 'Import with a key' });
  await importForm.getByLabel('API key').fill(oldKey);
  await importForm.getByRole('button', { name: 'Check and import' }).click();
  const row = agentRow(page, 'key_turner');
  await expect(row).toContainText('✓ Key works');
  const oldFingerprint = await row.locator('.agent-key code').innerText();

  await row.getByText('Rotate key').click();
  const form = row.getByRole('form', { name: 'Rotate the key' });
  await expect(form).toContainText('The current key stops working');
  await form.getByLabel('Delivery file (optional)').fill(envFile);
  await form.getByRole('button', { name: 'Rotate the key now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'key_turner has a new key' })).toContainText(
    `It was written into ${envFile} (CLAWGRAM_API_KEY).`,
  );
  await expect(agentRow(page, 'key_turner').locator('.agent-key code')).not.toHaveText(oldFingerprint);

  const written = readFileSync(envFile, 'utf8');
  const newKey = written.match(/^CLAWGRAM_API_KEY=(.+)$/m)?.[1] ?? '';
  expect(written.startsWith('MODEL=small\n')).toBe(true);
  expect(newKey).not.toBe(oldKey);
  expect(statSync(envFile).mode & 0o777).toBe(0o600);
  const withOld = await request.get(`${base}/agents/me`, { headers: { Authorization: `Bearer ${oldKey}` } });
  expect(withOld.status()).toBe(401);
  const withNew = await request.get(`${base}/agents/me`, { headers: { Authorization: `Bearer ${newKey}` } });
  expect(withNew.status()).toBe(200);
  expect(await page.content()).not.toContain(newKey);
});

test('an owner signs in, sees which of their agents the console holds and imports another with a new key', async ({
  page,
  request,
}) => {
  const base = await clawgramBase(page);
  const theirKey = await registerElsewhere(request, base, 'owned_elsewhere');
  const linked = await request.post(`${base}/agents/me/setup-owner-email`, {
    headers: { Authorization: `Bearer ${theirKey}` },
    data: { email: 'owner@example.test' },
  });
  expect(linked.status()).toBe(200);

  await page.goto('/agents');
  await hydrated(page);
  const start = page.getByRole('form', { name: 'Send the sign-in email' });
  await start.getByLabel('Owner email').fill('owner@example.test');
  await start.getByRole('button', { name: 'Send the sign-in email' }).click();
  await expect(start.getByRole('status')).toContainText('Clawgram sent a sign-in token to owner@example.test');
  const mailbox = await start.getByRole('link', { name: 'sandbox mailbox' }).getAttribute('href');
  const emails = await (await request.get(`${mailbox}.json?to=owner@example.test`)).json();

  const signIn = page.getByRole('form', { name: 'Sign in as the owner' });
  await signIn.getByLabel('Sign-in token or link').fill(emails[0].token);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('status')).toContainText('Signed in as owner@example.test');

  const owned = page.getByRole('list', { name: "The owner's agents" });
  await expect(owned.locator('[data-owned="tide_painter"]')).toContainText('In Clawdesk');
  const elsewhere = owned.locator('[data-owned="owned_elsewhere"]');
  await expect(elsewhere).toContainText('Not in Clawdesk');
  await expect(elsewhere).toContainText('the key the agent uses now stops working at once');
  await elsewhere.getByRole('button', { name: 'Import with a new key' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'owned_elsewhere is in the console with a new key' })).toBeVisible();
  await expect(agentRow(page, 'owned_elsewhere')).toContainText('✓ Key works');
  await expect(owned.locator('[data-owned="owned_elsewhere"]')).toContainText('In Clawdesk');
  const withOld = await request.get(`${base}/agents/me`, { headers: { Authorization: `Bearer ${theirKey}` } });
  expect(withOld.status()).toBe(401);
});

test("an agent's page shows its status, its actions and what the console did with it", async ({ page }) => {
  await page.goto('/agents');
  await hydrated(page);
  await agentRow(page, 'key_turner').getByRole('link', { name: 'key_turner' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'key_turner' })).toBeVisible();
  await expect(page).toHaveTitle('key_turner · Clawdesk');
  const activity = page.locator('section', { has: page.getByRole('heading', { name: 'Recent activity' }) });
  await expect(activity).toContainText('Clawgram API key rotated');
  await expect(activity).toContainText('Clawgram API key written to a file');
  await expect(activity).toContainText('Clawgram API key imported');
  await expect(agentRow(page, 'key_turner').getByText('Rotate key')).toBeVisible();

  await page.goto('/agents/999999');
  await expect(page.getByText('No such agent')).toBeVisible();
});

test('the list filters by platform and checks every key on request', async ({ page }) => {
  await page.goto('/agents');
  await hydrated(page);
  await expect(page.locator('.agent-row')).not.toHaveCount(0);
  const show = page.getByRole('group', { name: 'Show' });
  await show.getByLabel('Platform').selectOption('clawtter');
  await expect(page.locator('.agent-row[data-platform="clawgram"]')).toHaveCount(0);
  await expect(agentRow(page, 'night_scribe')).toBeVisible();
  await show.getByLabel('Platform').selectOption('');

  await page.getByRole('button', { name: 'Check keys' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^All \d+ keys work\.$/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/agents.png', fullPage: true });
});

/** The crowd: 30 Clawtter agents run elsewhere, more than one page of the list (25), imported by key. */
const CROWD = Array.from({ length: 30 }, (_, n) => `crowd_${String(n + 1).padStart(2, '0')}`);

test('an agency pages through its agents, finds one by name and keeps the order it chose over a reload', async ({
  page,
  request,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/settings');
  const clawtter = (await page.getByLabel('Clawtter API address', { exact: true }).inputValue()).trim();
  const origin = new URL(page.url()).origin;
  const keys: string[] = [];
  for (const identity of CROWD) {
    const registered = await request.post(`${clawtter}/auth/register`, { data: { identity_id: identity, nickname: identity } });
    expect(registered.ok()).toBeTruthy();
    keys.push((await registered.json()).api_key);
  }
  // crowd_30 has two followers, the others none.
  for (const fan of keys.slice(0, 2)) {
    const followed = await request.post(`${clawtter}/clawtters/crowd_30/follow`, { headers: { Authorization: `Bearer ${fan}` } });
    expect(followed.status()).toBe(204);
  }
  for (const [index, identity] of CROWD.entries()) {
    const form = { platform: 'clawtter', identity_id: identity, api_key: keys[index] };
    const imported = await page.request.post('/api/agents/import', { form, headers: { Origin: origin } });
    expect(imported.ok(), await imported.text()).toBeTruthy();
  }

  // One page at a time, in name order, with where it lies in the whole list.
  await page.goto('/agents?q=crowd');
  await hydrated(page);
  const rows = page.getByRole('region', { name: 'Your agents' }).locator('.agent-row');
  const pager = page.getByRole('navigation', { name: 'Pages of agents' });
  await expect(pager).toContainText('1–25 of 30 agents · page 1 of 2');
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_01');
  await expect(rows.last()).toHaveAttribute('data-handle', 'crowd_25');
  await pager.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/\/agents\?q=crowd&page=2$/);
  await expect(pager).toContainText('26–30 of 30 agents · page 2 of 2');
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_26');
  await expect(pager.getByRole('link', { name: 'Next →' })).toHaveCount(0);

  // Typing a name finds that agent among all of them, once typing pauses.
  await page.goto('/agents');
  await hydrated(page);
  const show = page.getByRole('group', { name: 'Show' });
  await show.getByLabel('Name', { exact: true }).pressSequentially('CROWD_17');
  await expect(page).toHaveURL(/\/agents\?q=CROWD_17$/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_17');

  // The most followed first, and still so after a reload.
  await page.goto('/agents?q=crowd');
  await hydrated(page);
  await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_01');
  await show.getByLabel('Sort by').selectOption('followers');
  await expect(page).toHaveURL(/\/agents\?q=crowd&sort=followers$/);
  await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_30');
  await expect(rows.first()).toContainText('2 followers');
  await page.reload();
  await hydrated(page);
  await expect(show.getByLabel('Sort by')).toHaveValue('followers');
  await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_30');
  await expect(rows).toHaveCount(25);
  expect(errors).toEqual([]);
});

test.describe('before the wasm arrives', () => {
  test.use({ javaScriptEnabled: false });

  test('the list sorts with the plain form and pages with plain links', async ({ page }) => {
    await page.goto('/agents?q=crowd');
    const show = page.getByRole('group', { name: 'Show' });
    await show.getByLabel('Sort by').selectOption('followers');
    await show.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/sort=followers/);
    const rows = page.getByRole('region', { name: 'Your agents' }).locator('.agent-row');
    await expect(rows.first()).toHaveAttribute('data-handle', 'crowd_30');
    await page.getByRole('navigation', { name: 'Pages of agents' }).getByRole('link', { name: 'Next →' }).click();
    await expect(page).toHaveURL(/\/agents\?q=crowd&sort=followers&page=2$/);
    await expect(rows).toHaveCount(5);
    await expect(page.getByRole('navigation', { name: 'Pages of agents' })).toContainText('26–30 of 30 agents');
  });
});

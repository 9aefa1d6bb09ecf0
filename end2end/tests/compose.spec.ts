import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { png } from './images';
import { hydrated, watchForErrors } from './owner';

// The tests share the agents the first one brings in, in order.
test.describe.configure({ mode: 'serial' });

const GULL = 'compose_gull'; // Clawgram, with an avatar: it may post once the post has an image
const HERON = 'compose-heron'; // Clawtter
const WREN = 'compose-wren'; // Clawtter

/** Calls one of the console's server functions as its pages do: a form from the console's own origin. */
async function serverFn(request: APIRequestContext, baseURL: string, path: string, form: Record<string, string>) {
  const response = await request.post(`/api/${path}`, { form, headers: { Origin: baseURL } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
  return response.json();
}

/** Three agents on two platforms, brought in as the Agents page does: registered, and the Clawgram one given a face. */
async function bringInAgents(request: APIRequestContext, baseURL: string) {
  const gull = await serverFn(request, baseURL, 'agents/register-clawgram', {
    name: GULL,
    description: 'Photographs the harbour',
  });
  const avatar = await request.post('/api/agents/avatar', {
    headers: { Origin: baseURL },
    multipart: {
      agent_id: String(gull.agent_id),
      avatar: { name: 'gull.png', mimeType: 'image/png', buffer: png(256, 256) },
    },
  });
  expect(avatar.ok(), await avatar.text()).toBeTruthy();
  for (const identity of [HERON, WREN]) {
    await serverFn(request, baseURL, 'agents/register-clawtter', { identity_id: identity, nickname: identity });
  }
}

function target(page: Page, handle: string) {
  return page.locator(`.target[data-handle="${handle}"]`);
}

/** A wall-clock time `minutes` from now in the browser's own zone, as a datetime-local input takes it. */
async function localTimeAhead(page: Page, minutes: number): Promise<string> {
  return page.evaluate((minutes) => {
    const at = new Date(Date.now() + minutes * 60_000);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
  }, minutes);
}

test('one post to three agents on two platforms: a broken rule is named and fixed in the form, then it goes out', async ({
  page,
  baseURL,
}) => {
  const errors = watchForErrors(page);
  await bringInAgents(page.request, baseURL!);
  await page.goto('/compose');
  await hydrated(page);

  // Every agent is offered with its platform and whether it can post now.
  await expect(target(page, GULL)).toContainText('Clawgram');
  await expect(target(page, GULL)).toContainText('✓ Can post now');
  await expect(target(page, HERON)).toContainText('Clawtter');

  // Chosen from the keyboard: Tab reaches each checkbox, Space ticks it.
  for (const handle of [GULL, HERON, WREN]) {
    const box = target(page, handle).getByRole('checkbox');
    await box.focus();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await expect(page.getByText('3 agents chosen')).toBeVisible();

  // A caption too long for Clawgram, and no image: both named under their fields and on the Clawgram target only.
  const text = page.getByLabel('Text', { exact: true });
  await text.fill('Low tide at the harbour. '.repeat(12));
  const textProblems = page.locator('#compose-text-error');
  await expect(textProblems).toContainText(`${GULL} (Clawgram): The caption can be at most 280 characters`);
  await expect(page.locator('#compose-images-error')).toContainText(`${GULL} (Clawgram): A post needs 1 to 10 images`);
  await expect(target(page, GULL)).toHaveClass(/target-refused/);
  await expect(target(page, HERON)).not.toHaveClass(/target-refused/);
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  const send = page.getByRole('button', { name: 'Post now' });
  await expect(send).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByText('Fix 2 problems above before sending')).toBeVisible();
  // Still reachable from the keyboard (it says why it waits), but pressing it sends nothing.
  await send.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Post created' })).toHaveCount(0);

  // Fixed in the form: a shorter caption, an image uploaded with its progress, a hashtag chip.
  await text.fill('Low tide at the harbour: the gulls are back.');
  await page.getByLabel('Add images').setInputFiles({ name: 'harbour.png', mimeType: 'image/png', buffer: png(900, 600) });
  await expect(page.getByRole('list', { name: 'Attached images' }).getByRole('img')).toHaveCount(1);
  const hashtag = page.getByRole('textbox', { name: 'Hashtags (optional)' });
  await hashtag.fill('harbour');
  await hashtag.press('Enter');
  await expect(page.getByRole('list', { name: 'Hashtags added' })).toContainText('#harbour');
  await expect(textProblems).toHaveCount(0);
  await expect(target(page, GULL)).not.toHaveClass(/target-refused/);
  await expect(send).toHaveAttribute('aria-disabled', 'false');

  // Each target's preview looks like its platform.
  await expect(page.getByRole('article', { name: `Preview on Clawgram as ${GULL}` }).getByRole('img', { name: 'Image 1 of 1' })).toBeVisible();
  await expect(page.getByRole('article', { name: `Preview on Clawtter as ${HERON}` })).toContainText('the gulls are back');

  await send.click();
  const created = page.getByRole('status', { name: 'Post created' });
  await expect(created).toContainText('is on its way to 3 agents');
  // The dispatcher sends it at once: Clawgram publishes, Clawtter holds it for review (or has approved it).
  await expect(created.locator(`li[data-handle="${GULL}"]`)).toContainText(': sent');
  await expect(created.locator(`li[data-handle="${HERON}"]`)).toContainText(/: (pending review|sent)/);
  await expect(created.getByRole('link', { name: 'See it in the schedule' })).toHaveAttribute('href', '/schedule');
  // The form starts afresh, and the image stays in the library for later posts.
  await expect(text).toHaveValue('');
  await page.getByText('Choose from your library').click();
  await expect(page.getByRole('list', { name: 'Library' }).getByRole('button')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a post scheduled a few minutes ahead in the owner zone is listed as scheduled, with the pace warned of', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/compose');
  await hydrated(page);
  await target(page, HERON).getByRole('checkbox').check();
  await page.getByLabel('Text', { exact: true }).fill('Evening tide report, scheduled.');
  await page.getByRole('radio', { name: /At a time/ }).check();
  const at = page.getByLabel('Date and time', { exact: true });
  await at.fill(await localTimeAhead(page, 4));
  // The zone is the browser's (none saved in Settings), and the UTC instant is shown and on hover.
  await expect(page.locator('#compose-at-zone')).toContainText("your browser's zone");
  await expect(page.locator('#compose-at-reading')).toContainText(/That is \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
  await expect(at).toHaveAttribute('title', /UTC$/);
  // The heron posted a moment ago, and its pace is one post per 10 minutes.
  await expect(page.getByRole('status').filter({ hasText: "Some agents' pace cannot keep this time" })).toContainText(
    `${HERON} goes out at`,
  );

  await page.getByRole('button', { name: 'Schedule' }).click();
  const created = page.getByRole('status', { name: 'Post created' });
  await expect(created.locator(`li[data-handle="${HERON}"]`)).toContainText(': scheduled');
  expect(errors).toEqual([]);
});

test('the assistant writes through the Threads backend; its reply and queued job are shown and can become the text', async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/compose');
  await hydrated(page);
  await page.getByText('Write with the assistant').click();
  const form = page.getByRole('group', { name: 'Ask the assistant' });
  await form.getByLabel('Prompt').fill('a calm harbour at dawn');
  await form.getByRole('button', { name: 'Ask the assistant' }).click();
  const reply = page.getByRole('status', { name: "The assistant's reply" });
  await expect(reply).toContainText('It queued job');
  const replyText = (await reply.locator('.preview-text').textContent())!.trim();
  expect(replyText.length).toBeGreaterThan(0);
  await reply.getByRole('button', { name: 'Use as the text' }).click();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue(replyText);
  expect(errors).toEqual([]);
});

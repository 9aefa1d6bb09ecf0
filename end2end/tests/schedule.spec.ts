import { expect, test, type Page } from '@playwright/test';
import { png } from './images';
import { hydrated, watchForErrors } from './owner';

// The tests build on each other's agents and posts, in order.
test.describe.configure({ mode: 'serial' });

const ZONE = 'Europe/Paris';

/** Calls one of the console's own routes as its pages do: with the session and from its own origin. */
async function api(page: Page, path: string, form: Record<string, string | number>) {
  const origin = new URL(page.url()).origin;
  const answer = await page.request.post(`/api/${path}`, { form, headers: { Origin: origin } });
  expect(answer.ok(), `${path}: ${answer.status()} ${await answer.text()}`).toBeTruthy();
  return answer.json();
}

/** Registers a Clawtter identity in the console and turns its pace off, so its posts go out when due. */
async function clawtterAgent(page: Page, identity: string): Promise<number> {
  const enrolled = await api(page, 'agents/register-clawtter', { identity_id: identity, nickname: identity });
  await api(page, 'schedule/pace', { agent_id: enrolled.agent_id, minutes: 0 });
  return enrolled.agent_id;
}

type When = 'now' | { at: { local: string; zone: string; fold: null } };

/** Creates a post for `agents` through the composer's server function, as the composer does. */
async function createPost(page: Page, text: string, agents: number[], when: When, mediaIds: number[] = []) {
  const origin = new URL(page.url()).origin;
  const draft = { text, hashtags: [], alt_text: null, sensitive: false, owner_influenced: false, media_ids: mediaIds };
  const answer = await page.request.post('/api/compose/create', {
    data: { draft, agent_ids: agents, when },
    headers: { Origin: origin },
  });
  expect(answer.ok(), `compose/create: ${answer.status()} ${await answer.text()}`).toBeTruthy();
  return answer.json();
}

/** The wall clock in `zone` `minutes` from now, as a datetime-local input holds it. */
function localIn(zone: string, minutes: number): { input: string; shown: string } {
  const at = new Date(Date.now() + minutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(at).map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { input: `${date}T${parts.hour}:${parts.minute}`, shown: `${date} ${parts.hour}:${parts.minute}` };
}

function targetRow(page: Page, handle: string, text: string) {
  return page.locator('.target-row').filter({ hasText: `@${handle}` }).filter({ hasText: text });
}

test("the owner's time zone is chosen in Settings, checked as it is typed", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/settings');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Time zone' });
  const field = form.getByLabel('IANA time zone');
  // None is saved yet: the browser's own zone is suggested.
  await expect(field).not.toHaveValue('');
  await field.fill('Mars/Olympus');
  await expect(form.getByRole('alert')).toContainText('is not an IANA time zone');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill(ZONE);
  await expect(form.getByText(`✓ ${ZONE}: it is`)).toBeVisible();
  await form.getByRole('button', { name: 'Save time zone' }).click();
  await expect(form.getByRole('status').filter({ hasText: `Saved: times are now in ${ZONE}.` })).toBeVisible();
  expect(errors).toEqual([]);
});

test("an agent's page sets its posting slots and its pace", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/agents');
  const agentId = await clawtterAgent(page, 'slot_keeper');
  await page.goto(`/agents/${agentId}`);
  await hydrated(page);
  const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Posting slots and pace' }) });
  await expect(card).toContainText('No slots yet');
  const add = card.getByRole('form', { name: 'Add a posting slot' });
  await add.getByLabel('Days').selectOption('weekdays');
  await add.getByLabel('Time').fill('09:00');
  await add.getByRole('button', { name: 'Add slot' }).click();
  await expect(card.locator('.slot')).toHaveText(['Monday 09:00Remove', 'Tuesday 09:00Remove', 'Wednesday 09:00Remove', 'Thursday 09:00Remove', 'Friday 09:00Remove']);
  await add.getByLabel('Days').selectOption('weekdays');
  await add.getByLabel('Time').fill('17:00');
  await add.getByRole('button', { name: 'Add slot' }).click();
  await expect(card.locator('.slot')).toHaveCount(10);
  await card.getByRole('button', { name: 'Remove Friday 17:00' }).click();
  await expect(card.locator('.slot')).toHaveCount(9);
  await expect(card.getByRole('button', { name: 'Remove Friday 17:00' })).toHaveCount(0);
  await expect(card).toContainText(`at that time in ${ZONE}`);

  const pace = card.getByRole('form', { name: 'Pace' });
  await expect(pace.getByLabel('Minutes between posts (optional)')).toHaveValue('0');
  await expect(pace).toContainText('Clawgram documents no posting limit, so the console defaults to a modest 10 minutes');
  await pace.getByLabel('Minutes between posts (optional)').fill('-3');
  await pace.getByRole('button', { name: 'Save pace' }).click();
  await expect(pace.getByRole('alert')).toContainText('whole number of minutes');
  await pace.getByLabel('Minutes between posts (optional)').fill('');
  await pace.getByRole('button', { name: 'Save pace' }).click();
  await expect(pace.getByRole('status')).toHaveText('Pace saved.');
  await page.reload();
  await expect(pace.getByLabel('Minutes between posts (optional)')).toHaveValue('10');
  await expect(card.locator('.slot')).toHaveCount(9);
  expect(errors).toEqual([]);
});

test('a post scheduled two minutes ahead shows as scheduled in the owner zone, goes out, passes review and links to the post', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = watchForErrors(page);
  await page.goto('/schedule');
  const heron = await clawtterAgent(page, 'sched_heron');
  const due = localIn(ZONE, 2);
  const text = `Low tide at the estuary ${Date.now()}`;
  await createPost(page, text, [heron], { at: { local: due.input, zone: ZONE, fold: null } });

  await page.goto('/schedule');
  await hydrated(page);
  const row = targetRow(page, 'sched_heron', text);
  await expect(row.locator('.pill')).toHaveText('Scheduled');
  const time = row.locator('time.target-time');
  await expect(time).toHaveText(due.shown);
  await expect(time).toHaveAttribute('title', /UTC \(local offset \+0[12]:00\)/);
  await expect(page.getByText(`Times are in ${ZONE}.`)).toBeVisible();
  // The calendar has it on its day, at its local time.
  const entry = page.locator(`.calendar-day[data-date="${due.input.slice(0, 10)}"] .calendar-entry`).filter({ hasText: text.slice(0, 30) });
  await expect(entry).toContainText(due.input.slice(11));

  // The page follows the dispatcher: Clawtter takes it for review, then its moderators approve it.
  await expect(row.locator('.pill')).toHaveText('Pending review', { timeout: 200_000 });
  await expect(row.locator('.pill')).toHaveText('Sent', { timeout: 90_000 });
  // Its link opens the post as Clawtter holds it, read with the agent's key: approved by its moderators.
  await row.getByRole('link', { name: 'Open on Clawtter' }).click();
  await expect(page).toHaveURL(/\/schedule\/posts\/\d+$/);
  const post = page.getByRole('article', { name: 'The post' });
  await expect(post).toContainText(text);
  await expect(post).toContainText('Moderation: approved');
  expect(errors).toEqual([]);
});

test('the queue filters by agent, platform and state; a copy is cancelled after one question', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/schedule');
  const egret = await clawtterAgent(page, 'sched_egret');
  const plover = await clawtterAgent(page, 'sched_plover');
  const text = `Summer solstice walk ${Date.now()}`;
  await createPost(page, text, [egret, plover], { at: { local: '2030-06-21T09:30', zone: ZONE, fold: null } });

  await page.goto('/schedule');
  await hydrated(page);
  await expect(targetRow(page, 'sched_egret', text)).toHaveCount(1);
  await expect(targetRow(page, 'sched_plover', text)).toHaveCount(1);
  // 09:30 in Paris in June is 07:30 UTC.
  await expect(targetRow(page, 'sched_egret', text).locator('time.target-time')).toHaveAttribute('title', /^2030-06-21 07:30:00 UTC/);

  const filters = page.getByRole('region', { name: 'Filters' });
  await filters.getByLabel('Agent').selectOption({ label: 'sched_egret (Clawtter)' });
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/agent=\d+/);
  await expect(targetRow(page, 'sched_egret', text)).toHaveCount(1);
  await expect(targetRow(page, 'sched_plover', text)).toHaveCount(0);
  await expect(page.locator('.target-row')).toHaveCount(1);

  // A Clawtter agent has nothing on Clawgram (other tests' Clawgram posts may be in the queue).
  await filters.getByLabel('Platform').selectOption('clawgram');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No post matches these filters.')).toBeVisible();

  // Cancelling one agent's copy asks once, names what is lost, and leaves the other copy as it was.
  await page.goto('/schedule');
  await hydrated(page);
  const egretRow = targetRow(page, 'sched_egret', text);
  await egretRow.getByText('Cancel…').click();
  await expect(egretRow).toContainText('@sched_egret will not post this on Clawtter.');
  await egretRow.getByRole('button', { name: 'Cancel this post' }).click();
  await expect(egretRow.locator('.pill')).toHaveText('Cancelled');
  await expect(targetRow(page, 'sched_plover', text).locator('.pill')).toHaveText('Scheduled');

  await filters.getByLabel('State').selectOption('cancelled');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/state=cancelled/);
  await expect(targetRow(page, 'sched_egret', text)).toHaveCount(1);
  await expect(targetRow(page, 'sched_plover', text)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a time the clocks skip is refused and a repeated one asks which is meant', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/schedule');
  await hydrated(page);
  const text = 'Summer solstice walk';
  const row = page.locator('.target-row').filter({ hasText: '@sched_plover' }).filter({ hasText: text }).first();
  await row.getByText('Reschedule').click();
  const form = row.getByRole('form', { name: 'Reschedule' });
  // Paris skips 02:00–03:00 on 31 March 2030 and repeats 02:00–03:00 on 27 October 2030.
  await form.getByLabel('New date and time').fill('2030-03-31T02:30');
  await form.getByRole('button', { name: 'Reschedule' }).click();
  await expect(form.getByRole('alert')).toContainText('does not exist in Europe/Paris');
  await form.getByLabel('New date and time').fill('2030-10-27T02:30');
  await form.getByRole('button', { name: 'Reschedule' }).click();
  await expect(form.getByRole('alert').first()).toContainText('happens twice in Europe/Paris');
  await form.getByLabel('The second time (after the clocks go back)').check();
  await form.getByRole('button', { name: 'Reschedule' }).click();
  const moved = page.locator('.target-row').filter({ hasText: '@sched_plover' }).filter({ hasText: text }).first();
  await expect(moved.locator('time.target-time')).toHaveText('2030-10-27 02:30');
  await expect(moved.locator('time.target-time')).toHaveAttribute('title', /^2030-10-27 01:30:00 UTC \(local offset \+01:00\)/);

  // The calendar's month of the change shows the 25-hour day.
  await page.goto('/schedule?view=month&from=2030-10-01');
  await expect(page.locator('.calendar-day[data-date="2030-10-27"]')).toContainText('25 h day');
  await expect(page.locator('.calendar-day[data-date="2030-10-27"] .calendar-entry')).toContainText('02:30');
  expect(errors).toEqual([]);
});

test('a post Clawgram refuses shows its reason and the count in the navigation, and goes out when retried', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  await page.goto('/settings');
  const base = (await page.getByLabel('Clawgram API address', { exact: true }).inputValue()).trim();
  const registered = await page.request.post(`${base}/agents/register`, { data: { name: 'sched_gull', description: 'Flies at noon' } });
  const apiKey: string = (await registered.json()).data.agent.api_key;
  const gull = (await api(page, 'agents/import', { platform: 'clawgram', api_key: apiKey })).agent_id;
  const origin = new URL(page.url()).origin;
  const image = { name: 'gull.png', mimeType: 'image/png', buffer: png(64, 64) };
  const avatar = await page.request.post('/api/agents/avatar', { multipart: { agent_id: String(gull), avatar: image }, headers: { Origin: origin } });
  expect(avatar.ok()).toBeTruthy();
  await api(page, 'schedule/pace', { agent_id: gull, minutes: 0 });
  const media = await page.request.post('/api/media', { multipart: { image }, headers: { Origin: origin } });
  const mediaId = (await media.json()).id;

  // The agent's avatar is removed on Clawgram behind the console's back: Clawgram will refuse its post.
  const removed = await page.request.delete(`${base}/agents/me/avatar`, { headers: { Authorization: `Bearer ${apiKey}` } });
  expect(removed.ok()).toBeTruthy();
  const text = `Noon over the harbour ${Date.now()}`;
  // The page is open when the post goes out: it follows the failure, and so does the navigation's count.
  await page.goto('/schedule');
  await hydrated(page);
  await createPost(page, text, [gull], 'now', [mediaId]);
  const row = targetRow(page, 'sched_gull', text);
  await expect(row.locator('.pill')).toHaveText('Failed', { timeout: 30_000 });
  await expect(row.locator('.target-error')).toContainText('avatar');
  await expect(row.locator('.target-error')).toContainText('code avatar_required');
  const badge = page.getByRole('navigation', { name: 'Sections' }).locator('.nav-badge');
  await expect(badge).toHaveText(/^1/);
  await expect(badge).toHaveAttribute('title', 'Needs you: 1 failed');

  // The owner sets the avatar again through the console, then retries.
  const again = await page.request.post('/api/agents/avatar', { multipart: { agent_id: String(gull), avatar: image }, headers: { Origin: origin } });
  expect(again.ok()).toBeTruthy();
  await row.getByRole('button', { name: 'Retry now' }).click();
  await expect(row.locator('.pill')).toHaveText('Sent', { timeout: 30_000 });
  await expect(badge).toHaveCount(0);
  await row.getByRole('link', { name: 'Open on Clawgram' }).click();
  const post = page.getByRole('article', { name: 'The post' });
  await expect(post).toContainText(text);
  await expect(post.getByRole('link', { name: 'Its address on Clawgram' })).toHaveAttribute('href', new RegExp(`^${base}/posts/`));
  expect(errors).toEqual([]);
});

test('a scheduled post is dragged to another day on the calendar, keeping its local time', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/schedule?view=month&from=2030-10-01');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'October 2030' })).toBeVisible();
  const entry = page.locator('.calendar-day[data-date="2030-10-27"] .calendar-entry').filter({ hasText: '@sched_plover' });
  await entry.dragTo(page.locator('.calendar-day[data-date="2030-10-24"]'));
  const moved = page.locator('.calendar-day[data-date="2030-10-24"] .calendar-entry').filter({ hasText: '@sched_plover' });
  await expect(moved).toContainText('02:30');
  await expect(page.locator('.calendar-day[data-date="2030-10-27"] .calendar-entry')).toHaveCount(0);
  const row = page.locator('.target-row').filter({ hasText: '@sched_plover' }).filter({ hasText: 'Summer solstice walk' }).first();
  await expect(row.locator('time.target-time')).toHaveText('2030-10-24 02:30');

  // Dropped on the day 02:30 happens twice, it is not guessed: the calendar says so, and the post stays.
  await moved.dragTo(page.locator('.calendar-day[data-date="2030-10-27"]'));
  await expect(page.getByRole('alert').filter({ hasText: 'happens twice in Europe/Paris' })).toBeVisible();
  await expect(row.locator('time.target-time')).toHaveText('2030-10-24 02:30');

  // With the keyboard, the entry leads to its row in the queue, where the Reschedule form is.
  await moved.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#target-\d+$/);
  await expect(row).toBeInViewport();
  expect(errors).toEqual([]);
});

test('a post whose answer was lost is "outcome unknown", counted in the navigation, until the owner says it is there', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = watchForErrors(page);
  await page.goto('/settings');
  const clawtter = new URL((await page.getByLabel('Clawtter API address', { exact: true }).inputValue()).trim()).origin;
  const wren = await clawtterAgent(page, 'sched_wren');
  const faults = (share: number) =>
    page.request.put(`${clawtter}/_sandbox/faults`, { data: { drop_after_processing_share: share } });
  await page.goto('/schedule');
  await hydrated(page);
  expect((await faults(1)).ok()).toBeTruthy();
  try {
    const text = `Dusk chorus ${Date.now()}`;
    await createPost(page, text, [wren], 'now');
    const row = targetRow(page, 'sched_wren', text);
    await expect(row.locator('.pill')).toHaveText('Outcome unknown', { timeout: 30_000 });
    const badge = page.getByRole('navigation', { name: 'Sections' }).locator('.nav-badge');
    await expect(badge).toHaveAttribute('title', 'Needs you: 1 outcome unknown', { timeout: 30_000 });
    // Nothing that may be on the platform can be sent again from here.
    await expect(row.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
    await row.getByText('Mark resolved').click();
    await row.getByRole('button', { name: 'It is on Clawtter' }).click();
    await expect(row.locator('.pill')).toHaveText('Sent');
    await expect(badge).toHaveCount(0);
  } finally {
    await faults(0);
  }
  expect(errors).toEqual([]);
});

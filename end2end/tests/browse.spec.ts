import { expect, test, type Page } from '@playwright/test';
import { hydrated, watchForErrors } from './owner';
import { apiBase, clawtterAgent, importAgent } from './platform_agents';

// Browsing each platform on the seeded sandbox world. Other specs' agents and posts may be there too, so each
// test brings the agents it reads as and asserts only what holds whatever else the world holds.
test.describe.configure({ mode: 'serial' });

const cards = (page: Page) => page.locator('.post-timeline > .post-card');

/** A Clawgram agent run elsewhere (registered, no posts), brought into the console; returns its name. */
async function clawgramReader(page: Page, name: string): Promise<void> {
  const base = await apiBase(page, 'Clawgram API address');
  const registered = await page.request.post(`${base}/agents/register`, { data: { name, description: 'Reads' } });
  expect(registered.status()).toBe(201);
  await importAgent(page, 'clawgram', (await registered.json()).data.agent.api_key);
}

test('Clawgram: explore loads more in place, a hashtag, an agent, and the following feed as a chosen agent', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = watchForErrors(page);
  await clawgramReader(page, 'browse_reader');

  // The tabs lead from the review board to each platform.
  await page.goto('/feeds');
  await page.getByRole('navigation', { name: 'Feeds' }).getByRole('link', { name: 'Clawgram' }).click();
  await expect(page).toHaveURL(/\/feeds\/clawgram$/);
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Explore' })).toHaveAttribute('aria-current', 'page');
  // A page of the seeded world's hot posts, as image-first cards; "Load more" adds below and keeps the first.
  await expect(cards(page)).toHaveCount(24);
  const first = await cards(page).first().getAttribute('data-post-id');
  await expect(cards(page).first().locator('img.post-image')).toBeVisible();
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => cards(page).count()).toBeGreaterThan(24);
  expect(await cards(page).first().getAttribute('data-post-id')).toBe(first);

  // A hashtag, typed in a plain GET form: the URL keeps it, so a reload shows the same feed.
  await page.getByRole('link', { name: 'Hashtag' }).click();
  await page.getByLabel('Hashtag', { exact: true }).fill('Sunset');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/view=tag/);
  await expect(page).toHaveURL(/tag=Sunset/);
  await expect(cards(page).first()).toBeVisible();
  for (const card of await cards(page).all()) await expect(card.locator('.post-tags')).toContainText('#sunset');
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Hashtag', { exact: true })).toHaveValue('Sunset');
  await expect(cards(page).first()).toContainText('#sunset');
  // A tag Clawgram cannot store is refused next to the field.
  await page.getByLabel('Hashtag', { exact: true }).fill('not a tag');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('#tag-error')).toBeVisible();
  await expect(page.getByLabel('Hashtag', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // An author's name opens its profile and posts.
  await page.goto('/feeds/clawgram');
  await hydrated(page);
  const byOthers = cards(page).filter({ has: page.locator('a.agent-link[href*="view=agent"]') }).first();
  const author = (await byOthers.getAttribute('data-agent'))!;
  await byOthers.locator('.agent-link').click();
  await expect(page).toHaveURL(new RegExp(`view=agent&name=${author}`));
  await expect(page.getByRole('heading', { name: `@${author}` })).toBeVisible();
  await expect(page.getByText(/\d+ followers · \d+ following/)).toBeVisible();
  for (const card of await cards(page).all()) expect(await card.getAttribute('data-agent')).toBe(author);

  // The following feed is read as the chosen agent, named with its face in the picker.
  await page.getByRole('link', { name: 'Following' }).click();
  const picker = page.getByRole('group', { name: 'Read as' });
  await picker.getByRole('link', { name: 'browse_reader' }).click();
  await expect(picker.getByRole('link', { name: 'browse_reader' })).toHaveAttribute('aria-current', 'true');
  await expect(page).toHaveURL(/view=following/);
  await expect(cards(page).first()).toBeVisible();
  // A card opens the post whole, read as that agent.
  const reader = new URL(page.url()).searchParams.get('as');
  await expect(cards(page).first().locator('a.post-open')).toHaveAttribute('href', new RegExp(`^/feeds/${reader}/`));
  expect(errors).toEqual([]);
});

test('Clawgram search: "all" shows each bucket, and "More" opens one bucket alone', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/feeds/clawgram?view=search');
  await hydrated(page);
  await expect(page.getByText('Type what to search for')).toBeVisible();
  await page.getByLabel('Search Clawgram').fill('er');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=er/);
  const agents = page.getByRole('region', { name: 'Agents' });
  await expect(agents.locator('.match')).toHaveCount(6);
  await expect(page.getByRole('region', { name: 'Hashtags' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Posts' }).locator('.post-card')).toHaveCount(6);

  await agents.getByRole('link', { name: 'More agents' }).click();
  await expect(page).toHaveURL(/type=agents/);
  await expect(page.getByLabel('In', { exact: true })).toHaveValue('agents');
  await expect(page.getByRole('region', { name: 'Posts' })).toHaveCount(0);
  await expect.poll(() => page.getByRole('region', { name: 'Agents' }).locator('.match').count()).toBeGreaterThan(6);
  await expect(page.getByRole('link', { name: 'More agents' })).toHaveCount(0);
  // A result opens the agent's profile.
  const name = (await page.locator('.match a').first().textContent())!.replace('@', '');
  await page.locator('.match a').first().click();
  await expect(page.getByRole('heading', { name: `@${name}` })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the leaderboard's date picker shows a provisional day, then a final one, and keeps the day on reload", async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/feeds/clawgram?view=leaderboard');
  await hydrated(page);
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Day (UTC)').fill(today);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`date=${today}`));
  await expect(page.getByRole('heading', { name: `Leaderboard of ${today} (UTC)` })).toBeVisible();
  await expect(page.getByTestId('leaderboard-status')).toContainText('Provisional: final after');

  const longAgo = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Day (UTC)').fill(longAgo);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { name: `Leaderboard of ${longAgo} (UTC)` })).toBeVisible();
  await expect(page.getByTestId('leaderboard-status')).toHaveText('Final');
  await expect(page.getByText('No ranked posts that day.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Day (UTC)')).toHaveValue(longAgo);
  expect(errors).toEqual([]);
});

test('Clawtter: the public feed loads more in place, trending posts and topics, and search', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  const clawtter = await apiBase(page, 'Clawtter API address');
  await importAgent(page, 'clawtter', await clawtterAgent(page.request, clawtter, 'browse_scribe', []), 'browse_scribe');

  await page.goto('/feeds/clawtter?view=public');
  await hydrated(page);
  const picker = page.getByRole('group', { name: 'Read as' });
  await picker.getByRole('link', { name: 'browse_scribe' }).click();
  await expect(picker.getByRole('link', { name: 'browse_scribe' })).toHaveAttribute('aria-current', 'true');
  await hydrated(page);
  // The seeded world's public posts as text cards, twenty at a time.
  await expect(cards(page)).toHaveCount(20);
  await expect(cards(page).first()).toHaveAttribute('data-platform', 'clawtter');
  const first = await cards(page).first().getAttribute('data-post-id');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => cards(page).count()).toBeGreaterThan(20);
  expect(await cards(page).first().getAttribute('data-post-id')).toBe(first);
  const ids = await cards(page).evaluateAll((all) => all.map((card) => card.getAttribute('data-post-id')));
  expect(new Set(ids).size).toBe(ids.length);

  await page.getByRole('navigation', { name: 'Clawtter' }).getByRole('link', { name: 'Trending' }).click();
  await expect(page).toHaveURL(/view=trending/);
  await expect(cards(page).first()).toBeVisible();
  const topics = page.getByRole('list', { name: 'Trending topics' });
  await expect(topics.locator('li').first()).toContainText(/#\w+\s*\d+ posts/);

  // A trending topic opens a search for it, with the form filled in.
  const topic = (await topics.locator('a').first().textContent())!.replace('#', '');
  await topics.locator('a').first().click();
  await expect(page).toHaveURL(/view=search/);
  await expect(page.getByLabel('Search Clawtter')).toHaveValue(topic);
  await expect(cards(page).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("Clawtter: after an agent follows another from its post, the following feed read as it shows the other's approved posts", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  const clawtter = await apiBase(page, 'Clawtter API address');
  const readerKey = await clawtterAgent(page.request, clawtter, 'follow_reader', [], 'Follow Reader');
  await importAgent(page, 'clawtter', readerKey, 'follow_reader');
  // The author runs elsewhere: its moderator approves one post and rejects the other.
  const authorKey = await clawtterAgent(
    page.request,
    clawtter,
    'follow_author',
    ['Tide tables for the week', 'Cheap spam for followers'],
    'Follow Author',
  );
  const moderated = Date.now() + 5_000;

  // Read as the reader, the following feed has nothing of the author yet.
  await page.goto('/feeds/clawtter?view=following');
  await hydrated(page);
  const picker = page.getByRole('group', { name: 'Read as' });
  await picker.getByRole('link', { name: 'follow_reader' }).click();
  await expect(picker.getByRole('link', { name: 'follow_reader' })).toHaveAttribute('aria-current', 'true');
  await hydrated(page);
  const followingUrl = page.url();
  const reader = new URL(followingUrl).searchParams.get('as');
  await expect(page.locator('.post-timeline, .empty-state').first()).toBeVisible();
  await expect(cards(page).filter({ hasText: 'Tide tables for the week' })).toHaveCount(0);

  // The reader follows the author from the author's post, opened as the reader.
  await page.waitForTimeout(Math.max(0, moderated - Date.now()));
  const own = await page.request.get(`${clawtter}/clawtters/follow_author/posts`, {
    headers: { Authorization: `Bearer ${authorKey}` },
  });
  const approved = (await own.json()).items.find((post: { content_preview: string }) =>
    post.content_preview.startsWith('Tide'),
  );
  await page.goto(`/feeds/${reader}/${approved.post_id}`);
  await hydrated(page);
  await page.getByRole('button', { name: /^Follow as / }).click();
  await expect(page.getByRole('status').filter({ hasText: /now follows follow_author\.$/ })).toBeVisible();

  // At once, not after the console's short cache: the author's approved post, not the rejected one.
  await page.goto(followingUrl);
  await hydrated(page);
  await expect(cards(page).filter({ hasText: 'Tide tables for the week' })).toHaveCount(1);
  await expect(cards(page).filter({ hasText: 'Tide tables for the week' })).toHaveAttribute('data-agent', 'follow_author');
  await expect(cards(page).filter({ hasText: 'Cheap spam for followers' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('Threads: the job queue shows its counts and a job sent to the backend', async ({ page }) => {
  const errors = watchForErrors(page);
  const threads = await apiBase(page, 'Threads backend address');
  await page.goto('/feeds/threads');
  await hydrated(page);
  const tenant = (await page.getByText(/^Tenant /).textContent())!.replace('Tenant ', '');
  const message = `Queued from the browse test ${Date.now()}`;
  const queued = await page.request.post(`${threads}/api/v1/threads/publish`, {
    headers: { 'X-Queue-Secret': 'sandbox-queue-secret' },
    data: { message, meta: { tenant_id: tenant } },
  });
  expect(queued.status()).toBe(202);

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Threads job queue' })).toBeVisible();
  const stats = page.getByLabel('Jobs by status');
  await expect(stats).toContainText('Queued');
  await expect(stats).toContainText('Failed');
  await expect(page.locator('.queue-table tr').filter({ hasText: message })).toBeVisible();
  expect(errors).toEqual([]);
});

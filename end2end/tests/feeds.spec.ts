import { expect, test, type Page } from '@playwright/test';
import { hydrated, watchForErrors } from './owner';
import { png } from './images';
import { apiBase, clawgramAgent, clawtterAgent, importAgent, upload } from './platform_agents';

// The tests share the agents the first one brings into the console.
test.describe.configure({ mode: 'serial' });

let clawgram = '';
let clawtter = '';
let sketcherKey = '';

const cards = (page: Page) => page.locator('.post-timeline > .post-card');
const cardsOf = (page: Page, agent: string) => page.locator(`.post-card[data-agent="${agent}"]`);

/** Clawtter's sandbox moderator decides five seconds after a post; the banned word makes it reject. */
const MODERATION_DELAY_MS = 5_000;
/** The painter's posts: more than one page of the board. */
const PAINTER_POSTS = 26;

test('the review board shows three agents on two platforms newest first, filtered by agent, platform and state', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  clawgram = await apiBase(page, 'Clawgram API address');
  clawtter = await apiBase(page, 'Clawtter API address');
  const scribeKey = await clawtterAgent(request, clawtter, 'feed_scribe', ['Notes on #rust at dawn', 'Cheap spam here']);
  const moderated = Date.now() + MODERATION_DELAY_MS;
  const painterCaptions = Array.from({ length: PAINTER_POSTS }, (_, i) => `Horizon ${i + 1}`);
  painterCaptions[PAINTER_POSTS - 1] = 'A sensitive dusk';
  const painterKey = await clawgramAgent(request, clawgram, 'feed_painter', painterCaptions);
  sketcherKey = await clawgramAgent(request, clawgram, 'feed_sketcher', ['Noon sketch']);
  await importAgent(page, 'clawgram', painterKey);
  await importAgent(page, 'clawgram', sketcherKey);
  await importAgent(page, 'clawtter', scribeKey, 'feed_scribe');
  await page.waitForTimeout(Math.max(0, moderated - Date.now()));

  await page.goto('/feeds');
  await hydrated(page);
  // Newest first across platforms: the sketcher posted last, the scribe first.
  await expect(cardsOf(page, 'feed_sketcher')).toHaveCount(1);
  const order = await cards(page).evaluateAll((all) => all.map((card) => card.getAttribute('data-agent')));
  const ours = order.filter((agent) => agent?.startsWith('feed_'));
  expect(ours.slice(0, 3)).toEqual(['feed_sketcher', 'feed_painter', 'feed_painter']);

  const sketch = cardsOf(page, 'feed_sketcher');
  await expect(sketch).toContainText('Noon sketch');
  await expect(sketch).toContainText('#sky');
  await expect(sketch).toContainText('♥ 0 likes');
  await expect(sketch.locator('.platform-badge')).toHaveText('Clawgram');
  await expect(sketch.locator('img.post-image')).toHaveJSProperty('complete', true);
  expect(await sketch.locator('img.post-image').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(49);
  await expect(sketch.locator('time')).toHaveText(/^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);

  // A sensitive post stays blurred until the owner asks to see it.
  const sensitive = cardsOf(page, 'feed_painter').filter({ hasText: 'A sensitive dusk' });
  await expect(sensitive.locator('.post-blurred')).toHaveCount(1);
  await sensitive.getByRole('button', { name: 'Sensitive: show' }).click();
  await expect(sensitive.locator('.post-blurred')).toHaveCount(0);

  // One agent.
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'feed_scribe (Clawtter)' });
  await expect(cards(page)).toHaveCount(2);
  await expect(cardsOf(page, 'feed_scribe').first()).toContainText('Cheap spam here');
  await expect(cardsOf(page, 'feed_scribe').nth(1)).toContainText('#rust');
  await expect(cardsOf(page, 'feed_scribe').first().locator('.platform-badge')).toHaveText('Clawtter');
  // One state: the moderator rejected the spam and let the other through.
  await page.getByLabel('State', { exact: true }).selectOption('rejected');
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toContainText('Cheap spam here');
  await expect(cards(page).first()).toContainText('Rejected');
  await page.getByLabel('State', { exact: true }).selectOption('live');
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toContainText('Notes on #rust at dawn');
  // One platform, any agent, a state Clawgram never has.
  await page.getByLabel('Agent', { exact: true }).selectOption('');
  await page.getByLabel('Platform', { exact: true }).selectOption('clawgram');
  await page.getByLabel('State', { exact: true }).selectOption('pending_review');
  await expect(page.getByText('No posts match these filters')).toBeVisible();
  await page.getByLabel('State', { exact: true }).selectOption('');
  await expect(cardsOf(page, 'feed_scribe')).toHaveCount(0);
  await expect(cardsOf(page, 'feed_sketcher')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('load more appends the next page below the cards already shown and keeps the place', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/feeds');
  await hydrated(page);
  // With no filter chosen as well as with one.
  await expect(cards(page)).toHaveCount(24);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => cards(page).count()).toBeGreaterThan(24);
  await expect(page.locator('.load-more .form-error')).toHaveCount(0);
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'feed_painter (Clawgram)' });
  await expect(cards(page)).toHaveCount(24);
  await expect(cards(page).first()).toContainText('A sensitive dusk');
  const first = await cards(page).first().elementHandle();
  await page.getByRole('button', { name: 'Load more' }).scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(cards(page)).toHaveCount(PAINTER_POSTS);
  await expect(cards(page).last()).toContainText('Horizon 1');
  // The cards already shown are the same elements, and the page did not jump back to the top.
  expect(await first!.evaluate((card) => card.isConnected)).toBe(true);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThanOrEqual(scrolled);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a card's hashtags and topics are links to their feeds on the platform's page, followed with the keyboard", async ({
  page,
}) => {
  const errors = watchForErrors(page);
  await page.goto('/feeds');
  await hydrated(page);
  // Clawgram: the sketch's #sky opens that hashtag's feed.
  const sky = cardsOf(page, 'feed_sketcher').getByRole('link', { name: '#sky', exact: true });
  await expect(sky).toHaveAttribute('href', '/feeds/clawgram?view=tag&tag=sky');
  await sky.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/feeds\/clawgram\?view=tag&tag=sky$/);
  await hydrated(page);
  await expect(page.getByLabel('Hashtag', { exact: true })).toHaveValue('sky');
  await expect(cards(page).first()).toBeVisible();
  for (const card of await cards(page).all()) await expect(card.locator('.post-tags')).toContainText('#sky');

  // Clawtter: the scribe's #rust opens a search for the topic, read as the scribe.
  await page.goto('/feeds');
  await hydrated(page);
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'feed_scribe (Clawtter)' });
  const rust = cardsOf(page, 'feed_scribe').getByRole('link', { name: '#rust', exact: true });
  await expect(rust).toHaveAttribute('href', /^\/feeds\/clawtter\?view=search&q=rust&as=\d+$/);
  await rust.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/feeds\/clawtter\?view=search&q=rust&as=\d+$/);
  await hydrated(page);
  await expect(page.getByLabel('Search Clawtter')).toHaveValue('rust');
  const picker = page.getByRole('group', { name: 'Read as' });
  await expect(picker.getByRole('link', { name: 'feed_scribe' })).toHaveAttribute('aria-current', 'true');
  await expect(cards(page).filter({ hasText: 'Notes on #rust at dawn' })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a post opens whole; its author hides and shows a comment, reports another post and deletes its own after a warning', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  // A visitor from elsewhere comments on the sketch, replies to its own comment, and posts two images.
  const visitorKey = await clawgramAgent(request, clawgram, 'feed_visitor', []);
  const visitor = { Authorization: `Bearer ${visitorKey}` };
  const sketch = (await (await request.get(`${clawgram}/agents/feed_sketcher/posts`)).json()).data.items[0].id;
  const comment = async (content: string, parent_id?: string) =>
    (await (await request.post(`${clawgram}/posts/${sketch}/comments`, { headers: visitor, data: { content, parent_id } })).json())
      .data.id;
  const rude = await comment('Rude words');
  await comment('Lovely');
  await comment('A reply', rude);
  const images = [{ media_id: await upload(request, clawgram, visitorKey, 10) }, { media_id: await upload(request, clawgram, visitorKey, 20) }];
  const visitorsPost = (await (await request.post(`${clawgram}/posts`, { headers: visitor, data: { images, caption: 'Two views' } })).json())
    .data.id;

  await page.goto('/feeds');
  await hydrated(page);
  await cardsOf(page, 'feed_sketcher').getByRole('link', { name: /^Open the post of/ }).click();
  await expect(page.getByRole('heading', { name: 'Post by feed_sketcher' })).toBeVisible();
  await hydrated(page);
  const sketcherId = page.url().split('/').at(-2);
  // Comments threaded: newest first at the top level, the reply under its comment.
  const comments = page.locator('.comment-list').first().locator(':scope > .comment');
  await expect(comments).toHaveCount(2);
  await expect(comments.nth(0)).toContainText('Lovely');
  const rudeComment = page.locator(`.comment[data-comment-id="${rude}"]`);
  await expect(rudeComment.locator('.comment-list .comment')).toContainText('A reply');

  // Hide: collapsed with a reveal; then shown again.
  await rudeComment.getByRole('button', { name: 'Hide', exact: true }).first().click();
  await expect(rudeComment.locator('.comment-head .pill')).toHaveText('Hidden');
  await expect(rudeComment).toContainText("Hidden by the post's author.");
  await rudeComment.getByRole('button', { name: 'Show it' }).click();
  await expect(rudeComment.locator('> .comment-text')).toHaveText('Rude words');
  await rudeComment.getByRole('button', { name: 'Unhide' }).click();
  await expect(rudeComment.locator('.comment-head .pill')).toHaveCount(0);
  await expect(rudeComment.locator('> .comment-text')).toHaveText('Rude words');

  // Another agent's post: its images in a carousel with a lightbox, and a report as the sketcher.
  await page.goto(`/feeds/${sketcherId}/${visitorsPost}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Post by feed_visitor' })).toBeVisible();
  await expect(page.locator('.carousel-position')).toHaveText('1 / 2');
  await page.getByRole('button', { name: 'Next image' }).click();
  await expect(page.locator('.carousel-position')).toHaveText('2 / 2');
  await page.getByRole('button', { name: 'Open the image whole' }).click();
  const lightbox = page.getByRole('dialog', { name: 'The image whole' });
  await expect(lightbox.locator('img')).toHaveJSProperty('naturalWidth', 68);
  await page.keyboard.press('Escape');
  await expect(lightbox).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Delete post/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Follow as feed_sketcher', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'feed_sketcher now follows feed_visitor.' })).toBeVisible();
  const visitorProfile = await (await request.get(`${clawgram}/agents/feed_visitor`)).json();
  expect(visitorProfile.data.follower_count).toBe(1);
  await page.getByText('Report…').click();
  const report = page.getByRole('form', { name: 'Report this post' });
  await report.getByLabel('Reason').selectOption('impersonation');
  await report.getByLabel('Details').fill('Copies my style');
  await report.getByRole('button', { name: 'Report as feed_sketcher' }).click();
  await expect(report.getByRole('status')).toHaveText('Reported as impersonation.');

  // The sketcher's own post: deleted after one warning that names what is lost.
  await page.goto(`/feeds/${sketcherId}/${sketch}`);
  await hydrated(page);
  await expect(page.getByText('Report…')).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete post…' }).click();
  const warning = page.getByRole('alertdialog', { name: 'Delete the post?' });
  await expect(warning).toContainText('Delete this post by feed_sketcher? Its images, caption, 0 likes and 3 comments leave Clawgram for good');
  await warning.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The post was deleted from Clawgram.' })).toBeVisible();
  expect((await request.get(`${clawgram}/posts/${sketch}`)).status()).toBe(404);

  // The board keeps it in its place (newer than the painter's posts) as a tombstone; the "deleted" state shows it.
  await page.goto('/feeds');
  await hydrated(page);
  await expect(cardsOf(page, 'feed_painter').first()).toBeVisible();
  const gone = cardsOf(page, 'feed_sketcher');
  await expect(gone).toHaveCount(1);
  await expect(gone).toHaveAttribute('data-state', 'deleted');
  await expect(gone).toHaveAttribute('data-post-id', sketch);
  await expect(gone).toContainText('This post was deleted');
  await expect(gone).not.toContainText('Noon sketch');
  const order = await cards(page).evaluateAll((all) => all.map((card) => card.getAttribute('data-agent')));
  expect(order.indexOf('feed_sketcher')).toBeLessThan(order.indexOf('feed_painter'));
  await page.getByLabel('State', { exact: true }).selectOption('deleted');
  await expect(cardsOf(page, 'feed_painter')).toHaveCount(0);
  await expect(cardsOf(page, 'feed_sketcher')).toHaveAttribute('data-state', 'deleted');
  for (const card of await cards(page).all()) await expect(card).toHaveAttribute('data-state', 'deleted');
  // Every action is in the agent's activity.
  await page.goto(`/agents/${sketcherId}`);
  const activity = page.getByRole('region', { name: 'Recent activity' });
  for (const line of [
    'Clawgram agent followed an agent',
    'Clawgram agent deleted its post',
    'Clawgram agent reported a post',
    'Clawgram agent showed a hidden comment again',
    'Clawgram agent hid a comment on its post',
  ]) {
    await expect(activity).toContainText(line);
  }
  expect(errors).toEqual([]);
});

test('notifications arrive after another agent follows and likes, stay after a reload, and are marked read', async ({
  page,
  request,
}) => {
  const errors = watchForErrors(page);
  const fan = await request.post(`${clawtter}/auth/register`, { data: { identity_id: 'feed_fan', nickname: 'Feed Fan' } });
  const fanHeaders = { Authorization: `Bearer ${(await fan.json()).api_key}` };
  // The fan has a face, shown beside what it did.
  const face = `image/png;base64,${png(30, 30).toString('base64')}`;
  expect((await request.patch(`${clawtter}/me`, { headers: fanHeaders, data: { avatar_base64: face } })).ok()).toBeTruthy();
  expect((await request.post(`${clawtter}/clawtters/feed_scribe/follow`, { headers: fanHeaders })).status()).toBe(204);
  // Others see only the scribe's approved post; the fan likes it.
  const listed = await (await request.get(`${clawtter}/clawtters/feed_scribe/posts`, { headers: fanHeaders })).json();
  expect(listed.items).toHaveLength(1);
  const approved = listed.items[0].post_id;
  expect((await request.post(`${clawtter}/posts/${approved}/like`, { headers: fanHeaders })).status()).toBe(204);

  await page.goto('/notifications');
  await hydrated(page);
  const mine = page.locator('.notification').filter({ hasText: 'feed_scribe' });
  await expect(mine).toHaveCount(2);
  await expect(mine.filter({ hasText: 'Feed Fan followed this agent' })).toHaveCount(1);
  const like = mine.filter({ hasText: 'Feed Fan liked a post' });
  await expect(like).toContainText('Unread');
  // The agent by its face and name, linking to its page; the fan's avatar loaded beside the summary.
  await expect(like.getByRole('link', { name: 'feed_scribe', exact: true })).toHaveAttribute('href', /^\/agents\/\d+$/);
  await expect(like.locator('.avatar')).toBeVisible();
  const fanFace = like.locator('.notification-summary img');
  await expect(fanFace).toHaveJSProperty('complete', true);
  expect(await fanFace.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(30);
  await expect(page.locator('.bell-count')).toHaveText(/^\d+$/);
  const before = Number(await page.locator('.bell-count').textContent());
  expect(before).toBeGreaterThanOrEqual(2);

  // Reading them on Clawtter emptied its queue: the console kept them.
  await page.reload();
  await hydrated(page);
  await expect(mine).toHaveCount(2);
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Likes' });
  await expect(page.locator('.notification')).toHaveCount(1);
  await like.getByRole('button', { name: 'Mark read' }).click();
  await expect(like).not.toContainText('Unread');
  await expect(page.locator('.bell-count')).toHaveText(String(before - 1));
  await like.getByRole('link', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { name: 'Post by feed_scribe' })).toBeVisible();
  await page.goto('/notifications');
  await hydrated(page);
  await page.getByRole('button', { name: 'Mark all read' }).click();
  // Other tests' posts may go out meanwhile and bring new notifications; these two stay read.
  await expect(mine).toHaveCount(2);
  await expect(mine.filter({ hasText: 'Unread' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("an agent's page shows its counts and a grid of its recent posts that open whole", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/feeds');
  await hydrated(page);
  await cardsOf(page, 'feed_painter').first().getByRole('link', { name: 'feed_painter' }).click();
  const posts = page.getByRole('region', { name: 'Recent posts' });
  await expect(posts).toContainText('0 followers · 0 following');
  await expect(posts.locator('.post-tile')).toHaveCount(24);
  await expect(posts.locator('.post-tile img').first()).toHaveJSProperty('complete', true);
  await posts.getByRole('link', { name: /^Open the post of/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Post by feed_painter' })).toBeVisible();
  await expect(page.locator('.post-text')).toContainText('A sensitive dusk');
  expect(errors).toEqual([]);
});

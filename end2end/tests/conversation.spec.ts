import { expect, test, type Page } from '@playwright/test';
import { hydrated, watchForErrors } from './owner';
import { apiBase, clawgramAgent, clawtterAgent, importAgent } from './platform_agents';

// The tests share the agents the first one brings into the console.
test.describe.configure({ mode: 'serial' });

/** Clawtter's sandbox moderator decides five seconds after a post. */
const MODERATION_DELAY_MS = 5_000;

let clawgram = '';
let clawtter = '';
let critic = '';
let postId = '';

/** Opens the newest post of `agent` from the review board, filtered to that agent. */
async function openNewestPost(page: Page, agent: string, option: string) {
  await page.goto('/feeds');
  await hydrated(page);
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: option });
  await page.locator(`.post-card[data-agent="${agent}"]`).first().getByRole('link', { name: /^Open the post of/ }).click();
  await expect(page.getByRole('heading', { name: /^Post by / })).toBeVisible();
  await hydrated(page);
}

test('an agent comments on a post and another replies to it, once each, threaded after a reload', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const errors = watchForErrors(page);
  clawgram = await apiBase(page, 'Clawgram API address');
  clawtter = await apiBase(page, 'Clawtter API address');
  await importAgent(page, 'clawgram', await clawgramAgent(request, clawgram, 'talk_painter', ['Harbour at dusk']));
  critic = await clawgramAgent(request, clawgram, 'talk_critic', []);
  await importAgent(page, 'clawgram', critic);

  await openNewestPost(page, 'talk_painter', 'talk_painter (Clawgram)');
  postId = page.url().split('/').at(-1)!;
  await expect(page.getByText('No comments yet.')).toBeVisible();
  await page.getByLabel('Act as').selectOption({ label: 'talk_critic (Clawgram)' });
  await page.getByLabel('Comment', { exact: true }).fill('Bold colours');
  // A double click is one request: one comment on Clawgram.
  await page.getByRole('button', { name: 'Comment as talk_critic' }).dblclick();
  // It appears in the thread without a reload, and the owner still acts as the critic.
  const comment = page.locator('.comment').filter({ hasText: 'Bold colours' });
  await expect(comment).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Comment as talk_critic' })).toBeVisible();
  await expect(comment.locator('.comment-head')).toContainText('talk_critic');
  const listed = await (await request.get(`${clawgram}/posts/${postId}/comments`)).json();
  expect(listed.data.items.map((c: { content: string }) => c.content)).toEqual(['Bold colours']);

  // The post's author answers it, under the comment, without a reload.
  await page.getByLabel('Act as').selectOption({ label: 'talk_painter (Clawgram)' });
  await comment.getByRole('button', { name: 'Reply…' }).click();
  await comment.getByLabel('Reply', { exact: true }).fill('Thank you');
  await comment.getByRole('button', { name: 'Reply as talk_painter' }).click();
  await expect(comment.locator('.comment-list .comment')).toContainText('Thank you');

  // A comment longer than Clawgram allows is refused under the text box (the box itself stops at the limit).
  await page.getByLabel('Comment', { exact: true }).evaluate((box: HTMLTextAreaElement) => box.removeAttribute('maxlength'));
  await page.getByLabel('Comment', { exact: true }).fill('x'.repeat(141));
  await page.getByRole('button', { name: 'Comment as talk_painter' }).click();
  await expect(page.locator('.write-form .field-error')).toContainText('140');

  await page.reload();
  await hydrated(page);
  const threaded = page.locator(`.comment[data-comment-id="${listed.data.items[0].id}"]`);
  await expect(threaded.locator('> .comment-text')).toHaveText('Bold colours');
  await expect(threaded.locator('.comment-list .comment .comment-head')).toContainText('talk_painter');
  await expect(threaded.locator('.comment-list .comment .comment-text')).toHaveText('Thank you');
  expect(errors).toEqual([]);
});

test("a deleted comment keeps its place as a tombstone with its replies, and a deleted post opens as one", async ({
  page,
  request,
}) => {
  const errors = watchForErrors(page);
  const comments = await (await request.get(`${clawgram}/posts/${postId}/comments`)).json();
  const commentId = comments.data.items[0].id;
  const deleted = await request.delete(`${clawgram}/comments/${commentId}`, { headers: { Authorization: `Bearer ${critic}` } });
  expect(deleted.ok()).toBeTruthy();

  await openNewestPost(page, 'talk_painter', 'talk_painter (Clawgram)');
  const tombstone = page.locator(`.comment[data-comment-id="${commentId}"]`);
  await expect(tombstone.locator('> .comment-text')).toHaveText('[deleted]');
  await expect(tombstone.locator('> .comment-head .pill')).toHaveText('Deleted');
  await expect(tombstone.getByRole('button', { name: 'Reply…' })).toHaveCount(1); // the reply's own button
  await expect(tombstone.locator('.comment-list .comment-text')).toHaveText('Thank you');

  // The post itself, deleted on Clawgram, opens as a deleted card rather than an error.
  const url = page.url();
  const posts = await (await request.get(`${clawgram}/agents/talk_painter/posts`)).json();
  expect(posts.data.items[0].id).toBe(postId);
  await page.getByRole('button', { name: 'Delete post…' }).click();
  await page.getByRole('alertdialog', { name: 'Delete the post?' }).getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The post was deleted from Clawgram.' })).toBeVisible();
  await page.goto(url);
  await hydrated(page);
  await expect(page.getByText('This post was deleted')).toBeVisible();
  await expect(page.locator('.post-tombstone')).toContainText('talk_painter');
  expect(errors).toEqual([]);
});

test('a Clawtter agent reposts with words of its own and replies; both wait for moderation, then count', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const errors = watchForErrors(page);
  const scribe = await clawtterAgent(request, clawtter, 'talk_scribe', ['Tides at #dawn'], 'Talk Scribe');
  const echo = await clawtterAgent(request, clawtter, 'talk_echo', [], 'Talk Echo');
  const moderated = Date.now() + MODERATION_DELAY_MS;
  await importAgent(page, 'clawtter', scribe, 'talk_scribe');
  await importAgent(page, 'clawtter', echo, 'talk_echo');
  await page.waitForTimeout(Math.max(0, moderated - Date.now()));

  await openNewestPost(page, 'talk_scribe', 'talk_scribe (Clawtter)');
  const acting = page.getByLabel('Act as');
  const echoOption = await acting.locator('option', { hasText: /Talk Echo|talk_echo/ }).getAttribute('value');
  await acting.selectOption(echoOption!);
  await page.getByText('Repost…').click();
  await page.getByLabel('Words of its own').fill('Worth a read');
  await page.getByRole('button', { name: /^Repost as / }).click();
  await page.getByLabel('Reply', { exact: true }).fill('Agreed, the tides are early');
  await page.getByRole('button', { name: /^Reply as / }).click();
  const waiting = page.getByRole('region', { name: 'Written by your agents, not shown here yet' });
  await expect(waiting.locator('.agent-write')).toHaveCount(2);
  await expect(waiting).toContainText('Worth a read');
  await expect(waiting.locator('.agent-write').filter({ hasText: 'Agreed' })).toContainText('Waiting for moderation');

  // Approved: the repost is counted on the card (once the console's short read cache has passed), the reply is
  // in the tree and is the hot thread.
  await page.waitForTimeout(MODERATION_DELAY_MS);
  await expect(async () => {
    await page.reload();
    await hydrated(page);
    await expect(page.locator('.post-card').first()).toContainText('↻ 1 reposts', { timeout: 2_000 });
  }).toPass({ timeout: 30_000, intervals: [3_000] });
  await expect(page.locator('.comment[data-comment-id] .comment-text')).toHaveText('Agreed, the tides are early');
  await expect(page.getByRole('region', { name: 'Hot threads' })).toContainText('Agreed, the tides are early');
  await expect(waiting.locator('.agent-write')).toHaveCount(1);
  expect(errors).toEqual([]);
});

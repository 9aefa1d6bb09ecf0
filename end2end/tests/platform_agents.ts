// Agents run elsewhere, made on the sandbox platforms over their own APIs, and brought into the console with
// their keys: what the feed and conversation tests start from.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { png } from './images';
import { hydrated } from './owner';

/** A platform's API base, as the Settings page shows it. */
export async function apiBase(page: Page, label: string): Promise<string> {
  await page.goto('/settings');
  return (await page.getByLabel(label, { exact: true }).inputValue()).trim();
}

/** Uploads a PNG (48 + `seed` pixels wide) for a Clawgram agent in the contract's three steps; returns its media id. */
export async function upload(request: APIRequestContext, base: string, key: string, seed: number): Promise<string> {
  const headers = { Authorization: `Bearer ${key}` };
  const bytes = png(48 + seed, 40);
  const ticket = await request.post(`${base}/media/uploads`, {
    headers,
    data: { filename: 'picture.png', content_type: 'image/png', size_bytes: bytes.length },
  });
  expect(ticket.status()).toBe(201);
  const { upload_id, upload_url } = (await ticket.json()).data;
  const put = await request.put(new URL(upload_url, base).toString(), {
    headers: { 'Content-Type': 'image/png' },
    data: bytes,
  });
  expect(put.ok()).toBeTruthy();
  const done = await request.post(`${base}/media/uploads/${upload_id}/complete`, { headers });
  return (await done.json()).data.media_id;
}

/** A Clawgram agent, run elsewhere, with an avatar and `captions` posted oldest first; returns its key. */
export async function clawgramAgent(request: APIRequestContext, base: string, name: string, captions: string[]) {
  const registered = await request.post(`${base}/agents/register`, { data: { name, description: 'Paints skies' } });
  const key: string = (await registered.json()).data.agent.api_key;
  const headers = { Authorization: `Bearer ${key}` };
  await request.post(`${base}/agents/me/avatar`, { headers, data: { media_id: await upload(request, base, key, 0) } });
  for (const [index, caption] of captions.entries()) {
    const media_id = await upload(request, base, key, index + 1);
    const sensitive = caption.includes('sensitive');
    const posted = await request.post(`${base}/posts`, {
      headers,
      data: { images: [{ media_id }], caption, hashtags: ['sky'], sensitive },
    });
    expect(posted.status()).toBe(201);
  }
  return key;
}

/** A Clawtter identity, run elsewhere, that has posted `contents` oldest first; returns its key. */
export async function clawtterAgent(
  request: APIRequestContext,
  base: string,
  identity: string,
  contents: string[],
  nickname = 'Feed Scribe',
) {
  const registered = await request.post(`${base}/auth/register`, { data: { identity_id: identity, nickname } });
  const key: string = (await registered.json()).api_key;
  for (const content of contents) {
    const posted = await request.post(`${base}/posts`, {
      headers: { Authorization: `Bearer ${key}` },
      data: { content, visibility: 'public', post_kind: 'original' },
    });
    expect(posted.status()).toBe(202);
  }
  return key;
}

export async function importAgent(page: Page, platform: string, key: string, identity?: string) {
  await page.goto('/agents');
  await hydrated(page);
  const form = page.getByRole('form', { name: 'Import with a key' });
  await form.getByLabel('Platform').selectOption(platform);
  if (identity) await form.getByLabel('Clawtter identity id').fill(identity);
  await form.getByLabel('API key').fill(key);
  await form.getByRole('button', { name: 'Check and import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is in the console on' })).toBeVisible();
}

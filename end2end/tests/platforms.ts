import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { hydrated } from './owner';

// The platforms as a test drives them from outside the console: their addresses, agents run elsewhere, and
// bringing such an agent into the console.

/** A platform's API base, as the Settings page shows it. */
export async function apiBase(page: Page, label: string): Promise<string> {
  await page.goto('/settings');
  return (await page.getByLabel(label, { exact: true }).inputValue()).trim();
}

/** A Clawtter identity, run elsewhere, that has posted `contents` oldest first; returns its key. */
export async function clawtterAgent(request: APIRequestContext, base: string, identity: string, contents: string[]) {
  const registered = await request.post(`${base}/auth/register`, {
    data: { identity_id: identity, nickname: 'Feed Scribe' },
  });
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

/** Imports an agent run elsewhere into the console through the Agents page. */
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

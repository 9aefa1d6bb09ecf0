import { expect, type Page } from '@playwright/test';

/** The console password the first-run test sets; every other test starts logged in with it. */
export const PASSWORD = 'tide pools at dawn';

/**
 * The first-run setup token. The console prints a random one at start; for automation it takes this one from
 * CLAWDESK_SETUP_TOKEN, which playwright.config.ts passes to the server it starts.
 */
export const SETUP_TOKEN = process.env.CLAWDESK_SETUP_TOKEN ?? 'end-to-end-setup-token-2026';

/** Where the first-run test keeps the owner's logged-in browser state for the other tests. */
export const OWNER_STATE = 'test-results/.auth/owner.json';

/** A refused form answers 4xx by design; the browser logs that as an error, which is not one. */
const REFUSED_INPUT = /^Failed to load resource: the server responded with a status of 4\d\d/;

/** Collects console errors and uncaught exceptions (a hydration mismatch, a failed call), for the test to check. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !REFUSED_INPUT.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

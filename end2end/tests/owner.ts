import { expect, type Page } from '@playwright/test';

/** The console password the first-run test sets; every other test starts logged in with it. */
export const PASSWORD = 'tide pools at dawn';

/** Where the first-run test keeps the owner's logged-in browser state for the other tests. */
export const OWNER_STATE = 'test-results/.auth/owner.json';

/** Fails the test on any console error or uncaught exception, such as a hydration mismatch. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

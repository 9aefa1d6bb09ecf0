// What the benchmarks' browser halves share: headless Chromium (Debian's) with the owner's session cookie, and
// the moment the page is hydrated (body[data-hydrated] set) kept on the page's own clock as window.__hydratedAt
// (milliseconds since navigation start).
import { chromium } from 'playwright-core';

/** Opens a browser and a page logged in with `cookie` (`name=value`) for `url`'s host. */
export async function ownerPage(url, cookie) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext();
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url }]);
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated) {
        window.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
  });
  return { browser, page: await context.newPage() };
}

/** Navigates to `url` and waits for hydration; returns when it happened, in milliseconds since navigation. */
export async function hydratedAfterNavigation(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => window.__hydratedAt);
}

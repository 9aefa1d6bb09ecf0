// The browser half of the agency benchmark (server/benches/agency.rs runs it): opens the Agents page in
// headless Chromium with the owner's session and prints, as JSON, the time from navigation to hydration and
// how long a change of the sort order takes to reach the page. Usage: node agents-page.mjs <url> <cookie> <runs>
import { chromium } from 'playwright-core';

const [url, cookie, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 10);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const context = await browser.newContext();
const [name, value] = cookie.split('=');
await context.addCookies([{ name, value, url }]);
// The moment body[data-hydrated] appears, on the page's own clock (milliseconds since navigation start).
await context.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (document.body?.dataset.hydrated) {
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
});

const hydrated = [];
const sorted = [];
const page = await context.newPage();
for (let run = 0; run < runs; run++) {
  await page.goto(url);
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
  hydrated.push(await page.evaluate(() => window.__hydratedAt));
  // Sorted by followers (the bench's world makes them differ), timed from the change until the list has
  // changed and the next frame is drawn.
  const order = 'followers';
  sorted.push(
    await page.getByLabel('Sort by').evaluate(
      (select, order) =>
        new Promise((resolve) => {
          const started = performance.now();
          const observer = new MutationObserver(() => {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - started));
          });
          observer.observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
          // An order that changes nothing on the page is not a measurement.
          setTimeout(() => resolve(null), 10_000);
          select.value = order;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        }),
      order,
    ),
  );
}
await browser.close();
console.log(JSON.stringify({ hydrated, sorted }));

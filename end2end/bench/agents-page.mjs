// The browser half of the agency benchmark (server/benches/agency.rs runs it): opens the Agents page in
// headless Chromium with the owner's session and prints, as JSON, the time from navigation to hydration and
// how long a change of the sort order takes to reach the page, and the wasm the first visit downloaded.
// Usage: node agents-page.mjs <url> <cookie> <runs>
import { hydratedAfterNavigation, ownerPage } from './browser.mjs';

const [url, cookie, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 10);
const { browser, page } = await ownerPage(url, cookie);

const hydrated = [];
const sorted = [];
let firstVisitWasm;
for (let run = 0; run < runs; run++) {
  hydrated.push(await hydratedAfterNavigation(page, url));
  // The wasm a first visit downloads, in bytes on the wire (compressed as the server sent it); later visits
  // take it from the cache.
  firstVisitWasm ??= await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => /\.(wasm|bin)$/.test(new URL(entry.name).pathname))
      .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
  );
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
console.log(JSON.stringify({ hydrated, sorted, firstVisitWasm }));

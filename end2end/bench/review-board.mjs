// The browser half of the feeds benchmark (server/benches/feeds.rs runs it): opens the review board in headless
// Chromium with the owner's session and prints, as JSON, the time from navigation to the hydrated board with its
// first page of cards, and to the board showing 100 cards. The board shows a page at a time, so, as an owner
// would, "Load more" is clicked as soon as it can be until 100 cards are drawn; every time is on the page's own
// clock, in milliseconds since navigation. Usage: node review-board.mjs <url> <cookie> <runs>
import { hydratedAfterNavigation, ownerPage } from './browser.mjs';

const WANTED = 100;
const [url, cookie, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 10);
const { browser, page } = await ownerPage(url, cookie);

const hydrated = [];
const firstPage = [];
const hundred = [];
for (let run = 0; run < runs; run++) {
  hydrated.push(await hydratedAfterNavigation(page, url));
  firstPage.push(await page.locator('.post-timeline > .post-card').count());
  hundred.push(
    await page.evaluate(async (wanted) => {
      const cards = () => document.querySelectorAll('.post-timeline > .post-card').length;
      // The next change under <main> (a page appended, the button busy or back), or a second without one.
      const changed = () =>
        new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            observer.disconnect();
            resolve();
          });
          observer.observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
          setTimeout(() => {
            observer.disconnect();
            resolve();
          }, 1_000);
        });
      const gives_up = performance.now() + 60_000;
      while (cards() < wanted) {
        // Fewer posts than wanted, or a page that never came: not a measurement.
        if (performance.now() > gives_up) return null;
        const more = [...document.querySelectorAll('.load-more button')].find((b) => !b.disabled);
        const waiting = changed();
        more?.click();
        await waiting;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now();
    }, WANTED),
  );
}
await browser.close();
console.log(JSON.stringify({ hydrated, first_page: firstPage, hundred }));

import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { OWNER_STATE, hydrated, watchForErrors } from './owner';

const build = process.env.CLAWDESK_E2E_BUILD ?? 'debug';

/** What the page downloaded, from Chromium's own timing entries: the document and each bundle, in bytes on the wire. */
async function transferred(page: Page) {
  return page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[];
    const bundles = entries.filter((entry) => new URL(entry.name).pathname.startsWith('/pkg/'));
    return {
      document: entries[0].transferSize,
      bundles: bundles.reduce((sum, entry) => sum + entry.transferSize, 0),
      decoded: bundles.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
      names: bundles.map((entry) => new URL(entry.name).pathname),
    };
  });
}

/** Whether a bundle is wasm: the main module, or a pack of a page's parts (build-tools/split-packs.mjs). */
const isWasm = (name: string) => /\.(wasm|bin)$/.test(name);

/** What the named bundles weigh in gzip, the encoding a browser that does not take brotli gets. */
async function gzipBytes(page: Page, names: string[]) {
  let sum = 0;
  for (const name of names) {
    const response = await page.request.get(name, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers()['content-encoding']).toBe(build === 'release' ? 'gzip' : undefined);
    sum += Number(response.headers()['content-length']);
  }
  return sum;
}

test('bundles are named by their content, sent compressed, and not downloaded again on a second visit', async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: OWNER_STATE });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  const encodings = new Map<string, string | undefined>();
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/pkg/')) encodings.set(path, response.headers()['content-encoding']);
  });

  await page.goto('/agents');
  await hydrated(page);
  const first = await transferred(page);
  // The wasm, its JS glue and the stylesheet, each named with a hash of what it holds.
  for (const extension of ['wasm', 'js', 'css']) {
    expect(first.names).toContainEqual(expect.stringMatching(new RegExp(`^/pkg/clawdesk\\.[\\w-]+\\.${extension}$`)));
  }
  const wasm = first.names.find((name) => name.endsWith('.wasm'))!;
  const response = await page.request.get(wasm);
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  if (build === 'release') {
    // Precompressed at build time: brotli where the browser accepts it, gzip otherwise.
    expect(['br', 'gzip']).toContain(encodings.get(wasm));
    expect(first.bundles).toBeLessThan(first.decoded / 2);
  }

  // A second visit in the same browser: the page itself is never cached (it holds the owner's data), the bundles are.
  const again = await context.newPage();
  await again.goto('/agents');
  await hydrated(again);
  const second = await transferred(again);
  expect(second.names.length).toBeGreaterThanOrEqual(3);
  // The debug wasm (14 MB) is larger than a private context's memory cache keeps; the release one is not.
  if (build === 'release') expect(second.bundles).toBe(0);

  mkdirSync(`test-results/${build}`, { recursive: true });
  const figures = {
    build,
    first_visit: first,
    first_visit_wasm_gzip: await gzipBytes(page, first.names.filter(isWasm)),
    second_visit: second,
    wasm_encoding: encodings.get(wasm) ?? 'identity',
  };
  writeFileSync(`test-results/${build}/transfer.json`, JSON.stringify(figures, null, 2));
  console.log(`bytes transferred on /agents (${build}): ${JSON.stringify(figures)}`);
  expect(errors).toEqual([]);
  await context.close();
});

test.describe('the release wasm is split by page', () => {
  test.skip(
    build !== 'release' || process.env.CLAWDESK_SPLIT_WASM === '0',
    'only the release build is split (scripts/build-release.sh; CLAWDESK_SPLIT_WASM=0 makes one wasm)',
  );

  test('a first visit loads the shell and that page only; another page loads its own part when opened', async ({
    browser,
  }) => {
    const context = await browser.newContext({ storageState: OWNER_STATE });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto('/agents');
    await hydrated(page);
    const pages = (names: string[]) =>
      names.flatMap((name) => name.match(/^\/pkg\/pack___(\w+)_route_view\.[\w-]+\.bin$/)?.[1] ?? []);
    const first = await transferred(page);
    expect(pages(first.names)).toEqual(['agents']);
    // The page works once its part is in: checking the keys answers in the page.
    await page.getByRole('button', { name: 'Check keys' }).click();
    await expect(page.getByText(/^(All \d+ keys work\.|\d+ of \d+ keys need attention:)$/)).toBeVisible();

    await page.getByRole('link', { name: 'Compose', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Compose' })).toBeVisible();
    await expect.poll(async () => pages((await transferred(page)).names)).toEqual(['agents', 'compose']);
    const all = await transferred(page);
    const wasmNames = all.names.filter(isWasm);
    const firstWasm = first.names.filter(isWasm);
    console.log(
      `wasm on a first visit to /agents: ${firstWasm.length} files, ${await gzipBytes(page, firstWasm)} B gzip; ` +
        `after opening Compose: ${wasmNames.length} files`,
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});

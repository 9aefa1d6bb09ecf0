// What the split build's loader (`__wasm_split.<hash>.js`, written by wasm-split 0.2) says, for the scripts that
// repair and pack the split build (split-fixes.mjs, split-packs.mjs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest file in `dir` whose name matches `pattern` (cargo-leptos leaves earlier builds' bundles beside it). */
export function newestFile(dir, pattern) {
  const found = readdirSync(dir)
    .filter((name) => pattern.test(name))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (found.length === 0) throw new Error(`no file matching ${pattern} in ${dir}`);
  return found[0];
}

/**
 * Each lazy page in the loader: its name (`__agents_route_view_<n>`), its own part's file, and the files of the
 * shared parts it needs first. The loader names each part with its `.wasm` suffix, which keeps the names whole.
 */
export function pagesOf(loader) {
  const chunks = new Map(
    [...loader.matchAll(/const (__chunk_\d+) = makeLoad\(new URL\("\.\/([^"]+\.wasm)"/g)].map(([, name, file]) => [
      name,
      file,
    ]),
  );
  const pages = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\), \[([^\]]*)\]/g;
  const found = [...loader.matchAll(pages)].map(([, name, file, deps]) => ({
    name,
    file,
    shared: deps
      .split(',')
      .map((dep) => dep.trim())
      .filter(Boolean)
      .map((dep) => {
        if (!chunks.has(dep)) throw new Error(`the split loader names ${dep} without defining it`);
        return chunks.get(dep);
      }),
  }));
  if (found.length === 0) throw new Error('the split loader names no lazy parts');
  return found;
}

// Two repairs of cargo-leptos 0.3.5's split release build (`cargo leptos build --release --split`), run by
// scripts/build-release.sh after it. Usage: node build-tools/split-fixes.mjs <site pkg dir>
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const pkg = process.argv[2];
const files = readdirSync(pkg);
const newest = (pattern) => {
  const found = files.filter((name) => pattern.test(name));
  if (found.length === 0) throw new Error(`no file matching ${pattern} in ${pkg}`);
  return found.map((name) => join(pkg, name)).sort((a, b) => mtime(b) - mtime(a))[0];
};
const mtime = (path) => statSync(path).mtimeMs;
import { statSync } from 'node:fs';

/** Writes a bundle and its brotli copy again (build-release.sh makes the gzip copies afterwards). */
function rewrite(path, text) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

// 1. The manifest of each page's parts, which the server reads for its preload links, is written again from the
// split loader. cargo-leptos renames each part with its content hash and replaces the old names in the manifest
// as plain substrings, so `chunk_1` is also replaced inside `chunk_12` and the manifest names parts that do not
// exist. The loader is rewritten with the `.wasm` suffix, which keeps each name whole, so it is right.
const loader = readFileSync(newest(/^__wasm_split\.[\w-]+\.js$/), 'utf8');
const chunks = new Map(
  [...loader.matchAll(/const (__chunk_\d+) = makeLoad\(new URL\("\.\/([^"]+)\.wasm"/g)].map(([, name, file]) => [name, file]),
);
const manifest = {};
const splits = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(new URL\("\.\/([^"]+)\.wasm", import\.meta\.url\), \[([^\]]*)\]/g;
for (const [, name, file, deps] of loader.matchAll(splits)) {
  const parts = deps
    .split(',')
    .map((dep) => dep.trim())
    .filter(Boolean)
    .map((dep) => chunks.get(dep) ?? fail(`the split loader names ${dep} without defining it`));
  manifest[name] = [...parts, file];
}
if (Object.keys(manifest).length === 0) fail('the split loader names no lazy parts');
writeFileSync(newest(/^__wasm_split_manifest\.[\w-]+\.json$/), JSON.stringify(manifest, null, 2));

// 2. The main wasm still imports wasm-bindgen's two descriptor functions: the split keeps the `__wbindgen_describe_*`
// exports that call them, so wasm-bindgen 0.2.130 neither runs nor removes them. Only wasm-bindgen's own
// interpreter calls a descriptor, never the page, so the glue gives the import stand-ins that do nothing; without
// them the browser refuses to instantiate the wasm at all.
const gluePath = newest(/^clawdesk\.[\w-]+\.js$/);
const glue = readFileSync(gluePath, 'utf8');
const imports = '{__proto__:null,"./clawdesk_bg.js":';
if (!glue.includes('__wbindgen_placeholder__')) {
  if (glue.split(imports).length !== 2) fail(`expected the wasm's import object (${imports}) once in ${gluePath}`);
  const standIns = '__wbindgen_placeholder__:{__wbindgen_describe(){},__wbindgen_describe_generic_import(){return 0}},';
  rewrite(gluePath, glue.replace(imports, `{__proto__:null,${standIns}"./clawdesk_bg.js":`));
}
console.log(`split fixes: ${Object.keys(manifest).length} pages' parts named again; the wasm's descriptor imports given stand-ins`);

function fail(message) {
  throw new Error(message);
}

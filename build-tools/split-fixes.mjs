// Two repairs of cargo-leptos 0.3.5's split release build (`cargo leptos build --release --split`), run by
// scripts/build-release.sh after it. Usage: node build-tools/split-fixes.mjs <site pkg dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { newestFile, pagesOf } from './split/loader.mjs';

const pkg = process.argv[2];
const newest = (pattern) => newestFile(pkg, pattern);

/** Writes a bundle and its brotli copy again (build-release.sh makes the gzip copies afterwards). */
function rewrite(path, text) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

// 1. The manifest of each page's parts, from which Leptos' server writes preload links when its routes are lazy, is
// written again from the split loader. cargo-leptos renames each part with its content hash and replaces the old
// names in the manifest as plain substrings, so `chunk_1` is also replaced inside `chunk_12` and the manifest names
// parts that do not exist. The loader is rewritten with the `.wasm` suffix, which keeps each name whole, so it is
// right.
const loader = readFileSync(newest(/^__wasm_split\.[\w-]+\.js$/), 'utf8');
const manifest = Object.fromEntries(
  pagesOf(loader).map(({ name, file, shared }) => [name, [...shared, file].map((part) => part.replace(/\.wasm$/, ''))]),
);
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

// One file per page for the split release build, run by scripts/build-release.sh after split-fixes.mjs.
// Usage: node build-tools/split-packs.mjs <site pkg dir>
//
// wasm-split makes a part of every set of functions that a different set of pages shares, so a first visit to
// /agents needs some 170 parts. Fetched one by one, over the browser's six connections to one host, they kept the
// page from hydrating for half a second. Here each page's parts (its own and every shared one it needs) are joined
// into one pack, `pack___<page>.<hash>.bin`, and the loader fetches a page's pack instead: one request, then each
// part instantiated from it. A part already instantiated for another page is not instantiated again.
//
// A pack: a little-endian u32, the length of its index; the index, JSON `[[file, length], …]`; the parts' bytes in
// the index's order.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { newestFile, pagesOf } from './split/loader.mjs';

const pkg = process.argv[2];
const loaderPath = newestFile(pkg, /^__wasm_split\.[\w-]+\.js$/);
const loader = readFileSync(loaderPath, 'utf8');

const packs = {};
for (const { name, file, shared } of pagesOf(loader)) {
  const members = [...shared, file].map((part) => [part, readFileSync(join(pkg, part))]);
  const index = Buffer.from(JSON.stringify(members.map(([part, bytes]) => [part, bytes.length])));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(index.length);
  const pack = Buffer.concat([length, index, ...members.map(([, bytes]) => bytes)]);
  const hash = createHash('sha256').update(pack).digest('base64url').slice(0, 22);
  const packName = `pack_${name.replace(/_\d+$/, '')}.${hash}.bin`;
  writeFileSync(join(pkg, packName), pack);
  writeFileSync(`${join(pkg, packName)}.br`, brotli(pack));
  packs[file] = packName;
}

// The loader's makeLoad, as wasm-split 0.2 writes it, and what replaces it.
const makeLoad = `function makeLoad(url, deps) {
    const loader = async () => {
        const parallelStuff = deps.map(d => d());
        const fetchSelf = fetch(url);
        parallelStuff.push(fetchSelf);
        await Promise.all(parallelStuff);
        const response = await fetchSelf;
        const imports = getSharedImports();
        return await WebAssembly.instantiateStreaming(response, imports);
    };`;
const packedLoad = `const packs = ${JSON.stringify(packs)};
const packed = new Map();
const fileOf = (url) => url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
async function unpack(pack) {
    const bytes = new Uint8Array(await (await fetch(new URL("./" + pack, import.meta.url))).arrayBuffer());
    const indexLength = new DataView(bytes.buffer).getUint32(0, true);
    let offset = 4 + indexLength;
    for (const [file, length] of JSON.parse(new TextDecoder().decode(bytes.subarray(4, offset)))) {
        packed.set(file, bytes.subarray(offset, offset + length));
        offset += length;
    }
}
function makeLoad(url, deps) {
    const loader = async () => {
        const pack = packs[fileOf(url)];
        if (pack) await unpack(pack);
        await Promise.all(deps.map(d => d()));
        const imports = getSharedImports();
        const bytes = packed.get(fileOf(url));
        packed.delete(fileOf(url));
        return bytes
            ? await WebAssembly.instantiate(bytes, imports)
            : await WebAssembly.instantiateStreaming(fetch(url), imports);
    };`;
// A loader already given packs (cargo-leptos left it as it was, the wasm being unchanged) gets this build's names.
const packsLine = /^const packs = .*;$/m;
let packedLoader;
if (packsLine.test(loader)) {
  packedLoader = loader.replace(packsLine, () => packedLoad.split('\n')[0]);
} else {
  if (loader.split(makeLoad).length !== 2) fail(`expected wasm-split's makeLoad once in ${loaderPath}`);
  packedLoader = loader.replace(makeLoad, packedLoad);
}
writeFileSync(loaderPath, packedLoader);
writeFileSync(`${loaderPath}.br`, brotli(Buffer.from(packedLoader)));
console.log(`split packs: ${Object.keys(packs).length} pages, each one file`);

function brotli(bytes) {
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
}

function fail(message) {
  throw new Error(message);
}
